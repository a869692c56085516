// The search page /<lang>/search/?q=: loaded by search.js on that page only, which hands it
// its functions (one engine, one worker). Results are built with textContent: queries are
// hostile input.

const PAGE = 10; // results a page shows, then "more"

// The question in the URL goes to the engine as soon as this module runs: the page's head
// loads it async, so the question's requests start while the page is parsed and its other
// modules load and run; when searchPage asks it again, the engine answers it once.
{
  const root = document.documentElement, tag = document.querySelector("script[data-engine]");
  const q = new URLSearchParams(window.location.search).get("q");
  if (tag && q && q.trim()) {
    import(tag.dataset.engine)
      .then((engine) => engine.answer({ base: root.dataset.base || "/", lang: root.lang || "en", q, offset: 0, limit: PAGE }))
      .catch(() => {}); // said by the page's own question, which gets the same answer
  }
}

// A search that found nothing, for the writers' report (helpcenter feedback): sent only when
// site.toml names a [feedback] endpoint, once per query, after the visitor stopped typing.
let lastEmpty = "";
let emptyTimer = 0;
function reportEmpty(q) {
  const endpoint = document.documentElement.dataset.feedback;
  if (!endpoint || !navigator.sendBeacon) return;
  clearTimeout(emptyTimer);
  emptyTimer = setTimeout(() => {
    const box = document.querySelector("input[type=search]");
    if (q === lastEmpty || (box && box.value.trim() !== q)) return;
    lastEmpty = q;
    const event = { type: "search-none", lang: document.documentElement.lang, q: q.slice(0, 200) };
    navigator.sendBeacon(endpoint, new Blob([JSON.stringify(event)], { type: "text/plain" }));
  }, 1500);
}

// The full page: ?q= runs on load, the URL follows the box, results are links in rank order.
export function searchPage(box, { ask, prepare, make, resultLink, count, elsewhere, fill, languageName }) {
  const input = box.querySelector("input[type=search]");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  const empty = document.getElementById("search-empty");
  const other = document.getElementById("search-other");
  const strings = JSON.parse(box.dataset.strings || "{}");
  let shown = 0;
  box.worker = box.dataset.worker;

  let drawn = ""; // the cards on display, so that a keystroke that changes none redraws nothing
  const append = (reply) => {
    const items = document.createDocumentFragment(); // built apart, inserted at once
    for (const card of reply.cards) {
      const li = make("li");
      const link = resultLink(card);
      link.tabIndex = 0;
      li.append(link);
      items.append(li);
    }
    results.append(items);
    shown = reply.offset + reply.cards.length;
    more.hidden = shown >= reply.total;
  };
  const run = async () => {
    const q = input.value;
    const url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!q.trim()) { results.replaceChildren(); drawn = ""; status.textContent = ""; more.hidden = true; empty.hidden = true; results.dataset.query = q; return; }
    const reply = await ask(box, q, 0, PAGE);
    if (reply.stale) return;
    if (reply.error) { results.replaceChildren(); drawn = ""; status.textContent = strings.error || ""; return; }
    status.textContent = count(strings, reply.total, q.trim());
    empty.hidden = reply.total > 0;
    const cards = JSON.stringify(reply.cards);
    if (cards !== drawn || shown !== reply.cards.length) {
      results.replaceChildren();
      append(reply);
      drawn = cards;
    }
    results.dataset.query = q; // the results shown answer q (tests and bench/search.py wait for it)
    document.dispatchEvent(new Event("helpcenter:results")); // page.js: the offline worker may start
    if (!reply.total) reportEmpty(q.trim());
    if (other) {
      other.hidden = true;
      const found = reply.total ? null : await elsewhere(box, q, 5);
      if (found && input.value === q) {
        other.querySelector("p").textContent = fill(strings.other || "", { n: found.reply.total, q: q.trim(), language: languageName(found.lang) });
        const ol = other.querySelector("ol");
        ol.replaceChildren();
        for (const card of found.reply.cards) {
          const li = make("li");
          const link = resultLink(card);
          link.tabIndex = 0;
          li.append(link);
          ol.append(li);
        }
        other.hidden = false;
      }
    }
  };
  input.addEventListener("input", run);
  box.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  more.addEventListener("click", async () => {
    const reply = await ask(box, input.value, shown, PAGE);
    if (!reply.error) append(reply);
  });
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  if (input.value) run();
  else if (window.requestIdleCallback) requestIdleCallback(() => prepare(box), { timeout: 1000 });
  else prepare(box);
  return input;
}
