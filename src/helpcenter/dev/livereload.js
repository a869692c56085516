// The preview server's live reload (helpcenter serve). It is served at /__helpcenter/live.js
// and added to HTML responses by the server only: built sites never carry it.
// It reloads after a good build and shows the problems of a bad one in an overlay.
const box = document.createElement("div");
box.id = "helpcenter-errors";
box.setAttribute("role", "alert");
box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
  "background:rgba(20,0,0,.93);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
function show(errors) {
  if (!errors.length) { box.remove(); return; }
  box.textContent = "Build failed — fix and save:\n\n" + errors.map(e =>
    `${e.path}:${e.line}: ${e.message}` + (e.source_line ? `\n    ${e.source_line.trim()}` : "")).join("\n\n");
  document.body.append(box);
}
let seen = null;
// the stream starts from the version the status named: a build finished in between is not missed
fetch("/__helpcenter/status").then(r => r.json()).then(s => {
  seen = s.version;
  show(s.errors);
  const events = new EventSource(`/__helpcenter/events?since=${s.version}`);
  events.onmessage = (event) => {
    const s = JSON.parse(event.data);
    // keep: pages the build left as the quick page showed them (no second reload)
    const current = (s.keep || []).some(path => location.pathname.endsWith(path));
    if (s.errors.length) { show(s.errors); } else if (s.version !== seen && !current) { location.reload(); }
    seen = s.version;
  };
});
