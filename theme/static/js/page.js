// Every page's small tools: the colour-scheme switch, remembering the language the visitor
// picks, the article's current section in its table of contents, copyable heading links,
// and the service worker for offline reading.
const root = document.documentElement;
const BASE = root.dataset.base || "/";
const $ = (s) => document.querySelector(s);
const fill = (text, v) => text.replace(/\{(\w+)\}/g, (m, k) => v[k] ?? m);
function keep(key, value) {
  try { localStorage.setItem(`helpcenter-${key}:${BASE}`, value); } catch { /* storage blocked */ }
}

// system -> light -> dark -> system; scheme.js applies the choice before the next paint
const button = $(".scheme-switch");
if (button) {
  const s = JSON.parse(button.dataset.strings), order = ["system", "light", "dark"];
  let now = root.dataset.scheme || "system";
  const show = () => {
    button.textContent = s[now];
    button.setAttribute("aria-label", fill(s.label, { scheme: s[now] }));
  };
  show();
  button.hidden = false;
  button.onclick = () => {
    now = order[(order.indexOf(now) + 1) % 3];
    if (now === "system") delete root.dataset.scheme;
    else root.dataset.scheme = now;
    keep("scheme", now);
    show();
  };
}

// the language picked in the switcher or the chooser is where "/" goes next time
addEventListener("click", (e) => {
  const a = e.target.closest?.(".lang-switch a[hreflang], .chooser a[hreflang]");
  if (a) keep("language", a.hreflang);
});

// the section being read: the last heading above a line a third down the window. The
// observer only says when a heading crosses that line; positions say which is current.
const toc = $(".article-toc");
const links = toc ? [...toc.querySelectorAll("a[href^='#']")] : [];
const heads = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
if (links.length && !heads.includes(null) && window.IntersectionObserver) {
  const mark = () => {
    let i = 0;
    heads.forEach((h, j) => { if (h.getBoundingClientRect().top <= innerHeight / 3) i = j; });
    links.forEach((a, j) => a.toggleAttribute("aria-current", i === j));
    links[i].setAttribute("aria-current", "location");
  };
  const observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -66% 0px" });
  heads.forEach((h) => observer.observe(h));
}

// a link after each heading: following it puts the heading in the address bar, and the
// address is copied too, the result said in a status region
const prose = $(".prose[data-copy]");
if (prose) {
  const s = JSON.parse(prose.dataset.copy), status = document.createElement("p");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  prose.after(status);
  for (const h of prose.querySelectorAll("h2[id], h3[id]")) {
    const a = document.createElement("a");
    a.className = "heading-link";
    a.href = `#${encodeURIComponent(h.id)}`;
    a.textContent = "#";
    a.setAttribute("aria-label", fill(s.copy, { title: h.textContent.trim() }));
    a.onclick = () => navigator.clipboard?.writeText(a.href).then(() => {
      status.textContent = s.copied;
      setTimeout(() => { status.textContent = ""; }, 4000);
    }, () => {});
    h.append(" ", a);
  }
}

// offline reading (the worker also keeps the page that registered it: see offline/sw.js).
// A search page opened with ?q= registers it once its first results are drawn: the worker's
// start, and each request it would then take over, must not delay them.
if (root.dataset.sw && navigator.serviceWorker) {
  let asked = false;
  const register = () => {
    if (!asked) navigator.serviceWorker.register(root.dataset.sw, { scope: BASE }).catch(() => {});
    asked = true;
  };
  const searching = $("[data-search=page]") && new URLSearchParams(location.search).get("q");
  if (searching) {
    document.addEventListener("helpcenter:results", register, { once: true });
    setTimeout(register, 5000); // no answer (the data unreachable): register anyway
  } else register();
}
