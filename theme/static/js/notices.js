// Notices of known problems: reads {base}notices.json (every notice the writers published)
// and shows, inside the support banner, those active now by the visitor's clock — the ones
// for the category being read first. A notice appears at `starts` and disappears at `ends`
// without a rebuild; the file is revalidated on every page view and when the tab returns.

const MAX_TIMEOUT = 2147483647;

// The notices to show at `now` (ms), those of `category` first, then by severity.
export function activeAt(notices, now, category) {
  const rank = { critical: 0, warning: 1, info: 2 };
  return notices
    .filter((n) => Date.parse(n.starts) <= now && now < Date.parse(n.ends))
    .sort((a, b) =>
      Number(!a.categories.includes(category)) - Number(!b.categories.includes(category))
      || rank[a.severity] - rank[b.severity]
      || Date.parse(a.starts) - Date.parse(b.starts));
}

// The next instant at which the set of active notices changes, after `now`.
export function nextChange(notices, now) {
  const points = notices.flatMap((n) => [Date.parse(n.starts), Date.parse(n.ends)]).filter((t) => t > now);
  return points.length ? Math.min(...points) : null;
}

function pick(table, lang) {
  const subtags = lang.split("-");
  for (let n = subtags.length; n > 0; n--) {
    const tag = subtags.slice(0, n).join("-");
    if (table[tag]) return table[tag];
    if (n > 1 && /^[A-Za-z]{4}$/.test(subtags[n - 1])) break;
  }
  return table.en || Object.values(table)[0] || "";
}

function render(box, shown, s, lang) {
  box.replaceChildren();
  for (const n of shown) {
    // one line each (badge and title); the details open on demand, so the banner stays compact
    const item = document.createElement("details");
    item.className = "notice";
    item.dataset.severity = n.severity;
    item.dataset.id = n.id;
    const head = document.createElement("summary");
    head.className = "notice-head";
    const badge = document.createElement("span");
    badge.className = "notice-severity";
    badge.textContent = s[n.severity] || n.severity;
    const title = document.createElement("strong");
    title.textContent = pick(n.title, lang);
    head.append(badge, " ", title);
    const body = document.createElement("div");
    body.className = "notice-body";
    // written by the site's writers and sanitised by the build like an article's body
    body.innerHTML = pick(n.html, lang);
    item.append(head, body);
    if (n.replies_delayed_hours) {
      const delayed = document.createElement("p");
      delayed.className = "notice-delayed";
      delayed.textContent = s.delayed.replace("{n}", new Intl.NumberFormat(lang).format(n.replies_delayed_hours));
      item.append(delayed);
    }
    box.append(item);
  }
  box.hidden = shown.length === 0;
}

async function start(box) {
  const s = JSON.parse(box.dataset.strings);
  const lang = document.documentElement.lang || "en";
  const category = document.documentElement.dataset.category || "";
  let notices = [];
  let timer = 0;
  const update = () => {
    clearTimeout(timer);
    const now = Date.now();
    render(box, activeAt(notices, now, category), s, lang);
    box.closest(".support-banner")?.setAttribute("data-notices", String(box.childElementCount));
    const next = nextChange(notices, now);
    if (next !== null) timer = setTimeout(update, Math.min(next - now + 5, MAX_TIMEOUT));
  };
  const load = async () => {
    try {
      const response = await fetch(box.dataset.src, { cache: "no-cache" });
      if (response.ok) notices = (await response.json()).notices || [];
    } catch {
      // offline: keep what was shown; the notices page link stays
    }
    update();
  };
  await load();
  document.addEventListener("visibilitychange", () => { if (!document.hidden) load(); });
}

const box = document.querySelector(".support-notices");
if (box) start(box);
