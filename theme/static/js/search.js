// Search boxes: the header's dropdown (every page), the contact page's "Describe your
// problem" list and the full page /<lang>/search/?q=. Every page loads this file, so it
// only draws; the engine (search-worker.js) starts on first focus, in a Web Worker. The
// search page runs the engine on its own thread instead: its head loads search-page.js
// async with the engine and meta.json, and a question in its URL is asked from there, before
// this file runs (search-page.js), waiting for no worker to start.
// Results are built with textContent and <mark> elements: queries are hostile input.

const root = document.documentElement;
const BASE = root.dataset.base || "/";
const LANG = root.lang || "en";
const waiting = new Map();
let engine = null;
let nextId = 1;

function inline(url) {
  const mod = import(url);
  return async (msg) => {
    try { return { id: msg.id, ...(await (await mod).answer(msg)) }; } catch (e) { return { id: msg.id, error: String(e) }; }
  };
}

const HERE = document.querySelector("[data-search=page]") !== null;

function connect(url) {
  if (engine) return engine;
  if (HERE) return (engine = inline(url));
  let send;
  const pendingMsgs = new Map();
  try {
    const worker = new Worker(url, { type: "module" });
    worker.onmessage = ({ data }) => { waiting.get(data.id)?.(data); waiting.delete(data.id); };
    worker.onerror = () => { // no module workers here: run the engine on this thread
      send = inline(url);
      for (const [id, [msg, done]] of pendingMsgs) { pendingMsgs.delete(id); send(msg).then(done); }
    };
    send = (msg) => new Promise((done) => {
      pendingMsgs.set(msg.id, [msg, done]);
      waiting.set(msg.id, (reply) => { pendingMsgs.delete(msg.id); done(reply); });
      worker.postMessage(msg); // copied, meta.json's bytes too: the fallback below may send it again
    });
  } catch {
    send = inline(url);
  }
  engine = (msg) => send(msg);
  return engine;
}

// meta.json, fetched by this thread while the worker starts, and handed to it with the
// first message for its language: the worker's start and the first request overlap.
const metas = new Map();
function meta(lang) {
  if (!metas.has(lang)) {
    metas.set(lang, fetch(`${BASE}search/${lang}/meta.json`).then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null));
  }
  return metas.get(lang);
}

async function post(url, msg) {
  const send = connect(url);
  if (HERE) return send(msg); // the engine on this thread fetches meta.json itself (preloaded)
  const held = meta(msg.lang);
  const first = !held.handed;
  held.handed = true;
  const bytes = await held; // every message waits for it, so they keep their order
  if (first && bytes) msg.meta = bytes; // only the first message carries it
  return send(msg);
}

// Start the worker and let it load its language's meta.json (on focus, or when idle on the
// search page), so the visitor's first keystroke waits for no start-up.
function prepare(box) {
  if (box.prepared) return;
  box.prepared = true;
  post(box.worker, { id: nextId++, base: BASE, lang: LANG, warm: true });
}

let boxes = 0;
function ask(box, q, offset, limit, lang = LANG) {
  const id = nextId++;
  const msg = { id, base: BASE, lang, q, offset, limit };
  if (lang === LANG && !offset) {
    box.latest = id;
    msg.chan = box.chan ??= boxes++; // the worker drops this box's older questions
  }
  return post(box.worker, msg).then((r) => ({ ...r, stale: lang === LANG && !offset && box.latest !== id }));
}

// The site's other languages (the page's hreflang alternates): where a query with no
// result here may have some, so a reader is never left at a dead end.
const OTHER_LANGS = [...new Set([...document.querySelectorAll("link[rel=alternate][hreflang]")]
  .map((l) => l.hreflang).filter((l) => l !== LANG && l !== "x-default"))];

function languageName(lang) {
  try { return new Intl.DisplayNames([LANG], { type: "language" }).of(lang) || lang; } catch { return lang; }
}

// The first other language with results for q: {lang, reply}, or null
async function elsewhere(box, q, limit) {
  for (const lang of OTHER_LANGS) {
    const reply = await ask(box, q, 0, limit, lang);
    if (!reply.error && reply.total > 0) return { lang, reply };
  }
  return null;
}

const make = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text) node.textContent = text;
  return node;
};

function marked(tag, cls, segments) {
  const node = make(tag, cls);
  for (const [text, hit] of segments) node.append(hit ? make("mark", "", text) : text);
  return node;
}

function resultLink(card) {
  const a = make("a", "result");
  a.href = card.url;
  a.tabIndex = -1;
  a.append(marked("span", "result-title", card.title), make("span", "result-category", card.category),
    marked("span", "result-excerpt", card.excerpt));
  return a;
}

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

function count(strings, n, q) {
  return fill(n === 0 ? strings.none : n === 1 ? strings.one : strings.many, { n, q });
}

// A combobox: the header dropdown ("dropdown") or the contact page list ("inline").
function combobox(box) {
  const input = box.querySelector("input[role=combobox]");
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const live = box.querySelector("[role=status]");
  const strings = JSON.parse(box.dataset.strings || "{}");
  const limit = Number(box.dataset.limit || 8);
  let active = -1;

  const options = () => [...list.querySelectorAll("[role=option]")];
  const setActive = (i) => {
    const all = options();
    active = all.length ? (i + all.length) % all.length : -1;
    all.forEach((o, k) => o.setAttribute("aria-selected", String(k === active)));
    if (active >= 0) { input.setAttribute("aria-activedescendant", all[active].id); all[active].scrollIntoView({ block: "nearest" }); }
    else input.removeAttribute("aria-activedescendant");
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  };
  const show = (reply) => {
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    const q = reply.q.trim();
    reply.cards.forEach((card, i) => {
      const li = make("li");
      const a = resultLink(card); // the link is the option: no control nested inside another
      a.id = `${list.id}-${i}`;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      li.setAttribute("role", "none");
      li.append(a);
      list.append(li);
    });
    const extra = (key, text, href) => {
      const li = make("li", "result-all");
      li.setAttribute("role", "none");
      const a = make("a", "", text);
      a.id = `${list.id}-${key}`;
      a.setAttribute("role", "option");
      a.href = href;
      a.tabIndex = -1;
      li.append(a);
      list.append(li);
    };
    const page = `${BASE}${LANG}/search/?q=${encodeURIComponent(q)}`;
    if (box.dataset.search === "dropdown" && q && (reply.total || reply.other)) extra("all", fill(strings.all || "", { n: reply.total, q }), page);
    if (box.dataset.search === "dropdown" && q && !reply.total && !reply.other) {
      // never a dead end: the search page's "nothing matched" offers, in the dropdown too
      if (box.dataset.contact) extra("contact", strings.contact, box.dataset.contact);
      extra("verify", strings.verify, box.dataset.verify);
      extra("top", strings.top, page);
    }
    if (reply.other && strings.other) { // nothing here, something in another language
      const { lang, reply: r } = reply.other;
      extra("other", fill(strings.other, { n: r.total, q, language: languageName(lang) }), `${BASE}${lang}/search/?q=${encodeURIComponent(q)}`);
    }
    if (live) live.textContent = q ? count(strings, reply.total, q) : "";
    const open = list.children.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
  };
  const run = async () => {
    const q = input.value;
    if (!q.trim()) { close(); if (live) live.textContent = ""; return; }
    const reply = await ask(box, q, 0, limit);
    if (reply.stale) return;
    if (reply.error) { if (live) live.textContent = strings.error || ""; return; }
    if (!reply.total && q.trim()) reply.other = await elsewhere(box, q, 3);
    if (input.value === q) show(reply);
  };

  box.worker = box.dataset.worker;
  input.addEventListener("focus", () => { prepare(box); if (input.value.trim() && list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } }, { passive: true });
  input.addEventListener("input", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (list.hidden) { if (input.value.trim()) run(); return; }
      e.preventDefault();
      setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
      e.preventDefault();
      window.location.assign(options()[active].href);
    } else if (e.key === "Escape") {
      if (!list.hidden) { e.preventDefault(); close(); } else if (input.value) { e.preventDefault(); input.value = ""; }
    }
  });
  input.addEventListener("blur", () => setTimeout(() => { if (!box.contains(document.activeElement)) close(); }, 150));
  list.addEventListener("mousedown", (e) => e.preventDefault()); // keep focus while clicking a result
  list.addEventListener("click", (e) => { const a = e.target.closest("a"); if (a) window.location.assign(a.href); });
  return input;
}

let slashTarget = null;
// The search page's own code (search-page.js) loads only there: other pages carry the
// dropdown alone. It gets this module's functions, so that one engine serves the page.
const shared = { ask, prepare, make, resultLink, count, elsewhere, fill, languageName };
for (const box of document.querySelectorAll("[data-search]")) {
  let input;
  if (box.dataset.search === "page") {
    input = box.querySelector("input[type=search]");
    import(box.dataset.page).then((mod) => mod.searchPage(box, shared));
  } else input = combobox(box);
  if (box.dataset.search !== "inline" && !slashTarget) slashTarget = input;
}
document.addEventListener("keydown", (e) => {
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !slashTarget) return;
  const t = e.target;
  if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
  e.preventDefault();
  slashTarget.focus();
  slashTarget.select();
});
