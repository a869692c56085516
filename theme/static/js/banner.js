// "Is support online?" — reads {base}support.json (UTC intervals the build expanded
// from roster.toml) and keeps #support-status right at every instant: it flips by
// itself at the next change and re-checks when the tab becomes visible again.
// Without JS, or past valid_until, the server-rendered weekly hours stay and the
// state is "unknown": this never claims "online" on a guess.

const MINUTE = 60000;
const DAY = 1440 * MINUTE;
const MAX_TIMEOUT = 2147483647; // setTimeout's limit (~24.8 days)

export function prepare(raw) {
  const ms = (text) => Date.parse(text);
  const ids = (raw.order || Object.keys(raw.channels || {})).filter((id) => raw.channels[id]);
  return {
    from: ms(raw.generated_at),
    until: ms(raw.valid_until),
    channels: ids.map((id) => ({
      id,
      title: raw.channels[id].title || {},
      reply: raw.channels[id].reply || {},
      accepts: raw.channels[id].accepts === "always", // messages taken at any hour: never "online"
      spans: (raw.channels[id].intervals || []).map(([s, e]) => [ms(s), ms(e)]),
    })),
    holidays: (raw.holidays || []).map((h) => ({ name: h.name || {}, start: ms(h.start), end: ms(h.end) })),
  };
}

// The page state at `now` (ms): the same rules as helpcenter.schedule.status_at.
export function stateAt(data, now) {
  const points = [data.until];
  for (const c of data.channels) for (const [s, e] of c.spans) points.push(s, e);
  for (const h of data.holidays) points.push(h.start, h.end);
  const later = points.filter((p) => p > now);
  const next = later.length ? Math.min(...later) : null;
  if (!(now >= data.from && now < data.until)) {
    return { state: "unknown", online: [], holiday: null, back: null, next: now < data.from ? data.from : null };
  }
  const online = data.channels.filter((c) => c.spans.some(([s, e]) => s <= now && now < e));
  const holiday = data.holidays.find((h) => h.start <= now && now < h.end) || null;
  if (online.length) return { state: "online", online, holiday, back: null, next };
  const starts = data.channels.flatMap((c) => c.spans.map(([s]) => s)).filter((s) => s > now);
  const back = starts.length ? Math.min(...starts) : null;
  return { state: holiday ? "closed" : "offline", online: [], holiday, back, next };
}

// When each staffed channel comes back after `now` (channels that take messages at any
// hour are left out: they are open now), earliest first; [] when none is scheduled.
export function returns(data, now) {
  return data.channels
    .filter((c) => !c.accepts)
    .map((c) => ({ channel: c, at: Math.min(...c.spans.map(([s]) => s).filter((s) => s > now)) }))
    .filter((r) => Number.isFinite(r.at))
    .sort((a, b) => a.at - b.at);
}

// A text of a per-language table (roster titles, holiday names): the page's language, a
// less specific tag of it (pt-BR, pt; zh-Hant-TW, zh-Hant but not zh, another script),
// English, or the first there is — as the build picks (helpcenter.render.language).
export function pick(table, lang) {
  const subtags = lang.split("-");
  for (let n = subtags.length; n > 0; n--) {
    const tag = subtags.slice(0, n).join("-");
    if (table[tag]) return table[tag];
    if (n > 1 && /^[A-Za-z]{4}$/.test(subtags[n - 1])) break; // a script subtag
  }
  return table.en || Object.values(table)[0] || "";
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
}

// "in 14 h 5 min": nearest minute; beyond a day, days and hours (no rounding up to
// a vaguer unit, unlike chat widgets that say "later"). Intl.RelativeTimeFormat has one
// unit only, so the words are the theme's strings and the numbers Intl's, in `lang`.
export function relative(ms, s, lang = "en") {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
  const parts = d ? [[d, s.unit_d], [h, s.unit_h]] : [[h, s.unit_h], [m, s.unit_min]];
  const number = new Intl.NumberFormat(lang);
  const words = parts.filter(([n]) => n).map(([n, unit]) => fill(unit, { n: number.format(n) }));
  return words.length ? fill(s.rel, { d: words.join(" ") }) : s.rel_soon;
}

// "Mon 09:00" in the visitor's zone and the page's language (Intl knows every language
// the site may declare); with the date when a week could confuse it.
export function when(ms, now, lang, s) {
  const date = new Date(ms);
  const weekday = new Intl.DateTimeFormat(lang, { weekday: "short" }).format(date);
  const clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  const time = `${weekday} ${clock}`;
  if (ms - now < 6 * DAY) return time;
  const day = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric" }).format(date);
  return fill(s.dated, { time, date: day });
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function iso(ms) {
  return new Date(ms).toISOString();
}

class Banner {
  constructor(root, data, strings, lang) {
    this.root = root;
    this.data = data;
    this.s = strings;
    this.lang = lang;
    this.timer = 0;
    this.live = root.querySelector(".support-live") || root.appendChild(el("div", { class: "support-live" }));
    this.static = root.querySelector(".support-static");
    this.help = document.querySelector(".support-help");
    this.last = "";
  }

  update() {
    clearTimeout(this.timer);
    const now = Date.now();
    const st = stateAt(this.data, now);
    this.render(st, now);
    // wake at the next change, and whenever a countdown's rounded minute changes
    const targets = [st.back, st.holiday && st.holiday.end].filter((t) => t !== null && t > now);
    const ticks = targets.map((t) => now + ((((t - now - MINUTE / 2) % MINUTE) + MINUTE) % MINUTE));
    const wake = Math.min(st.next ?? Infinity, ...ticks);
    if (wake !== Infinity) {
      this.timer = setTimeout(() => this.update(), Math.min(Math.max(wake - now, 0) + 5, MAX_TIMEOUT));
    }
  }

  render(st, now) {
    const root = this.root;
    root.dataset.state = st.state;
    root.dataset.channels = st.online.map((c) => c.id).join(" ");
    if (st.back !== null) root.dataset.backAt = iso(st.back);
    else delete root.dataset.backAt;
    if (st.next !== null) root.dataset.nextChange = iso(st.next);
    else delete root.dataset.nextChange;
    if (this.static) this.static.hidden = st.state !== "unknown";
    // the weekly hours, open for visitors without JavaScript, open on demand here: compact
    if (!this.shut) this.shut = !root.querySelector(".support-static details")?.removeAttribute("open");
    if (this.help) this.help.hidden = st.state === "online";
    // rebuild only on news, so the polite live region speaks only then; the
    // countdowns tick in place inside aria-live="off" spans
    const { s, lang } = this;
    const whenBack = st.back !== null ? when(st.back, now, lang, s) : "";
    const whenEnd = st.holiday ? when(st.holiday.end, now, lang, s) : "";
    const backs = st.state === "online" ? [] : returns(this.data, now).map((r) => when(r.at, now, lang, s));
    const key = [st.state, st.online.map((c) => c.id), st.holiday && st.holiday.start, whenBack, whenEnd, ...backs].join("|");
    if (key !== this.last) {
      this.last = key;
      this.live.replaceChildren(...this.content(st, now, whenBack, whenEnd));
      this.live.hidden = false;
    }
    for (const span of this.live.querySelectorAll("[data-until]")) {
      span.textContent = relative(Number(span.dataset.until) - now, this.s, this.lang);
    }
  }

  content(st, now, whenBack, whenEnd) {
    const { s, lang } = this;
    const rel = (ms) => el("span", { class: "support-rel", "data-until": String(ms), "aria-live": "off" }, relative(ms - now, s, lang));
    const parts = [];
    if (st.state === "online") {
      parts.push(el("p", { class: "support-headline" }, el("strong", {}, s.online)));
      const list = el("ul", { class: "support-channels" });
      for (const c of st.online) {
        list.append(el("li", { "data-channel": c.id },
          el("span", { class: "support-channel" }, pick(c.title, lang)), " — ",
          el("span", { class: "support-reply" }, pick(c.reply, lang))));
      }
      parts.push(list);
    } else if (st.state === "unknown") {
      parts.push(el("p", { class: "support-headline" }, el("strong", {}, s.unknown), s.space, s.expired));
    } else {
      // what works now first: a channel that takes messages at any hour
      const open = this.data.channels.filter((c) => c.accepts);
      for (const c of open) {
        parts.push(el("p", { class: "support-open", "data-channel": c.id },
          el("strong", {}, fill(s.open_now, { channel: pick(c.title, lang), reply: pick(c.reply, lang) }))));
      }
      const line = el("p", { class: "support-headline" });
      if (st.holiday) {
        const end = st.holiday.end;
        line.append(el("strong", {}, fill(s.closed, { holiday: pick(st.holiday.name, lang) })), s.space,
          el("span", { class: "support-until" }, ...nodes(s.closed_until, { when: whenEnd, rel: rel(end) })));
      } else {
        line.append(el("strong", {}, open.length ? s.live_offline : s.offline));
      }
      parts.push(line);
      // then when live support is back: one time, or each channel's own when they differ
      const back = returns(this.data, now);
      const holidayEnd = st.holiday ? st.holiday.end : null;
      if (!back.length) {
        parts.push(el("p", { class: "support-back" }, s.no_back));
      } else if (back.every((r) => r.at === back[0].at) && !open.length) {
        if (back[0].at !== holidayEnd) { // "until Fri 00:00" already says it
          parts.push(el("p", { class: "support-back" }, ...nodes(s.back, { when: when(back[0].at, now, lang, s), rel: rel(back[0].at) })));
        }
      } else {
        const list = el("ul", { class: "support-back support-returns" });
        for (const r of back) {
          list.append(el("li", { "data-returns": r.channel.id }, ...nodes(s.channel_back, {
            channel: pick(r.channel.title, lang), when: when(r.at, now, lang, s), rel: rel(r.at),
          })));
        }
        parts.push(list);
      }
    }
    if (st.state === "offline" || st.state === "closed") {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      parts.push(el("p", { class: "support-zone" }, fill(s.your_zone, { zone })));
    }
    return parts;
  }
}

// A template's text with {placeholders} replaced by strings or nodes.
function nodes(template, values) {
  return template.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    const key = piece.slice(1, -1);
    return piece.startsWith("{") && key in values ? values[key] : piece;
  });
}

function readStrings() {
  const node = document.getElementById("support-strings");
  try {
    return node ? JSON.parse(node.textContent) : null;
  } catch {
    return null;
  }
}

// The page's language as Intl takes it: any valid tag (ja, zh-Hant, pt-BR); English when
// the page has none or Intl rejects it.
function supported(tag) {
  try {
    return tag ? Intl.getCanonicalLocales(tag)[0] : "en";
  } catch {
    return "en";
  }
}

async function start() {
  const root = document.getElementById("support-status");
  const strings = readStrings();
  if (!root || !strings) return;
  const html = document.documentElement;
  const base = html.dataset.base || "/";
  const lang = supported(html.lang);
  let data;
  try {
    const response = await fetch(`${base}support.json`, { cache: "no-cache", credentials: "omit" });
    if (!response.ok) throw new Error(String(response.status));
    data = prepare(await response.json());
  } catch {
    // no schedule (offline, say): "unknown", said in words, with the usual weekly hours
    const live = root.querySelector(".support-live");
    root.querySelector(".support-static details")?.removeAttribute("open");
    if (live) {
      live.replaceChildren(el("p", { class: "support-headline" }, el("strong", {}, strings.unknown)));
      live.hidden = false;
    }
    return;
  }
  const banner = new Banner(root, data, strings, lang);
  banner.update();
  const recheck = () => { if (document.visibilityState !== "hidden") banner.update(); };
  document.addEventListener("visibilitychange", recheck);
  window.addEventListener("pageshow", recheck);
  window.addEventListener("focus", recheck);
}

if (typeof document !== "undefined") start();
