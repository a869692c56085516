// "Is this really us?" — tells whether a pasted e-mail, link, phone number or handle is
// one of the official channels published in #official-channels. Harmless differences
// (case, "www.", trailing dots, spaces and punctuation in phone numbers, "@" on
// handles, a subdomain of an official domain) still match. Look-alikes never do:
// homoglyphs (Cyrillic "а", "0" for "o", "rn" for "m"), compatibility forms (NFKC),
// punycode, or our name inside someone else's domain are reported as imitations.

// Characters that render like ASCII letters (a subset of Unicode's confusables.txt).
const CONFUSABLE = {
  "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
  "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
  "ɡ": "g", "ɑ": "a", "ı": "i", "ȷ": "j", "ʟ": "l", "ɩ": "i", "ʏ": "y", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꞵ": "b",
  "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
  "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j", "ᴏ": "o", "ᴄ": "c", "ꮯ": "c", "ꭰ": "d", "օ": "o", "ս": "u",
  "ց": "g", "զ": "q", "ɾ": "r", "ʋ": "u", "ℓ": "l", "0": "o", "1": "l", "|": "l", "!": "l", "i": "l", "ǀ": "l",
  "$": "s", "@": "a", "3": "e", "5": "s",
};
const NETWORKS = {
  "x.com": "x", "twitter.com": "x", "mobile.twitter.com": "x", "t.me": "telegram", "telegram.me": "telegram",
  "instagram.com": "instagram", "facebook.com": "facebook", "fb.com": "facebook", "youtube.com": "youtube",
  "tiktok.com": "tiktok", "github.com": "github", "weibo.com": "weibo", "discord.gg": "discord",
  "discord.com": "discord", "reddit.com": "reddit", "linkedin.com": "linkedin", "threads.net": "threads",
};
const TRAILING = /[\s.,;:!?)\]}>'"’”。,;:!?)》」]+$/u;
const LEADING = /^[\s(\[{<'"‘“(《「]+/u;

export const isAscii = (s) => /^[\x00-\x7f]*$/.test(s);

// RFC 3492 decoding of one "xn--" label, so punycode homoglyphs show what they hide.
export function punycodeDecode(label) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const cut = label.lastIndexOf("-");
  const out = cut > 0 ? [...label.slice(0, cut)] : [];
  let n = 128, i = 0, bias = 72;
  const adapt = (delta, points, first) => {
    delta = first ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
  };
  for (let pos = cut > 0 ? cut + 1 : 0; pos < label.length;) {
    const old = i;
    for (let w = 1, k = base; ; k += base) {
      if (pos >= label.length) throw new Error("bad punycode");
      const c = label.charCodeAt(pos++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      if (digit >= base) throw new Error("bad punycode");
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - old, out.length + 1, old === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    out.splice(i++, 0, String.fromCodePoint(n));
  }
  return out.join("");
}

export function unpuny(host) {
  return host.split(".").map((l) => {
    if (!l.startsWith("xn--")) return l;
    try { return punycodeDecode(l.slice(4)); } catch { return l; }
  }).join(".");
}

// The shape a string has to the eye: what look-alikes have in common with the real thing.
export function skeleton(s) {
  let out = "";
  for (const ch of s.normalize("NFKC")) out += ch === "I" ? "l" : ch;
  out = out.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  out = [...out].map((ch) => CONFUSABLE[ch] ?? ch).join("");
  return out.replace(/rn/g, "m").replace(/vv/g, "w").replace(/cl/g, "d").replace(/[_\-]/g, "");
}

export function distance(a, b) {
  // optimal string alignment: insertions, deletions, substitutions, adjacent swaps
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const cleanHost = (h) => h.toLowerCase().replace(/\.+$/, "").replace(/^www\./, "");
const cleanHandle = (h) => h.trim().replace(/^@+/, "").toLowerCase();
const phoneDigits = (p) => {
  const s = p.normalize("NFKC").replace(/[^\d+]/g, "");
  return s.startsWith("00") ? "+" + s.slice(2) : s;
};
// A phone number without "+" may be written without its country code (1-3 digits).
function samePhone(input, official) {
  if (input === official) return true;
  if (input.startsWith("+") || !official.startsWith("+")) return false;
  const full = official.slice(1);
  return [0, 1, 2, 3].some((cc) => full.slice(cc) === input.replace(/^0/, cc ? "" : "0"));
}

// Official channels, normalised once.
export function officialIndex(channels) {
  const index = { emails: [], domains: [], urls: [], phones: [], handles: [] };
  for (const c of channels) {
    const v = String(c.value || "").trim();
    if (c.kind === "email") index.emails.push({ c, key: v.toLowerCase() });
    else if (c.kind === "domain") index.domains.push({ c, key: cleanHost(v) });
    else if (c.kind === "url") {
      try {
        const u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(v) ? v : "https://" + v);
        index.urls.push({ c, host: cleanHost(u.hostname), path: u.pathname.replace(/\/+$/, "") });
      } catch { /* an unparsable official URL matches nothing */ }
    } else if (c.kind === "phone") index.phones.push({ c, key: phoneDigits(v) });
    else if (c.kind === "handle") index.handles.push({ c, key: cleanHandle(v), network: (c.network || "").toLowerCase() });
  }
  return index;
}

export function classify(raw) {
  const angle = raw.match(/<([^<>]+)>/);  // "Support <support@example.com>"
  let s = (angle ? angle[1] : raw).normalize("NFC").replace(LEADING, "").replace(TRAILING, "");
  if (/^mailto:/i.test(s)) return { kind: "email", text: s.slice(7).split("?")[0] };
  if (/^tel:/i.test(s)) return { kind: "phone", text: s.slice(4) };
  if (!s) return { kind: "empty", text: "" };
  const plain = s.normalize("NFKC");
  if (/^\+?[\d\s().\-‐‑–—\/]+$/.test(plain) && plain.replace(/\D/g, "").length >= 5) return { kind: "phone", text: s };
  if (/^[^\s@/:]+@[^\s@/]+$/.test(s) && !s.startsWith("@")) return { kind: "email", text: s };
  if (/^[@＠][^\s@/.]+$/.test(s) || (!/[.:/\s]/.test(s) && !/^\d+$/.test(s))) return { kind: "handle", text: s };
  return { kind: "url", text: s };
}

function lookalikeHost(host, index) {
  // host: ASCII hostname as the browser would resolve it, already without "www." and dots
  const shown = unpuny(host);
  const bare = skeleton(shown);
  for (const { c, key } of [...index.domains, ...index.urls.map((u) => ({ c: u.c, key: u.host })),
    ...index.emails.map((e) => ({ c: e.c, key: e.key.split("@")[1] }))]) {
    const sk = skeleton(key);
    const name = key.split(".")[0];
    if (bare === sk || bare.endsWith("." + sk)) return c;
    if (shown.includes(key + ".") || shown.includes(key + "-")) return c; // example.com.evil.xyz
    const labels = bare.split(".");
    const skName = skeleton(name);
    if (name.length >= 4 && labels.some((l) => l.includes(skName) || distance(l, skName) <= (skName.length > 6 ? 2 : 1))) return c;
  }
  return null;
}

function lookalikeHandle(handle, index) {
  const sk = skeleton(handle);
  return index.handles.find(({ key }) => {
    const k = skeleton(key);
    return sk === k || distance(sk, k) <= (k.length > 6 ? 2 : 1) || (k.length >= 4 && sk.includes(k));
  })?.c || null;
}

function handleResult(text, network, index) {
  const handle = cleanHandle(text.replace(/^＠/, "@"));
  const exact = index.handles.find((h) => h.key === handle && (!network || !h.network || h.network === network));
  if (exact && isAscii(handle) === isAscii(exact.key)) return { verdict: "official", kind: "handle", match: exact.c };
  const same = index.handles.find((h) => h.key === handle);
  if (same && network) return { verdict: "unofficial", kind: "handle", reason: "network", similar: same.c };
  const like = lookalikeHandle(handle, index);
  return like ? { verdict: "lookalike", kind: "handle", similar: like } : { verdict: "unofficial", kind: "handle" };
}

export function check(raw, index) {
  const { kind, text } = classify(raw);
  if (kind === "empty") return { verdict: "empty", kind };
  if (kind === "phone") {
    const digits = phoneDigits(text);
    const match = index.phones.find((p) => samePhone(digits, p.key));
    return match ? { verdict: "official", kind, match: match.c } : { verdict: "unofficial", kind };
  }
  if (kind === "handle") return handleResult(text, "", index);
  if (kind === "email") {
    const [local, domainRaw] = [text.slice(0, text.lastIndexOf("@")), text.slice(text.lastIndexOf("@") + 1)];
    const domain = domainRaw.replace(/\.+$/, "");
    const address = `${local}@${domain}`.toLowerCase();
    const match = index.emails.find((e) => e.key === address);
    if (match && isAscii(address)) return { verdict: "official", kind, match: match.c };
    const twin = index.emails.find((e) => skeleton(e.key) === skeleton(address))?.c;
    if (!twin && isAscii(domain) && officialHost(cleanHost(domain), index)) return { verdict: "unofficial", kind, reason: "unlisted" };
    const like = twin || hostLike(domain, index);
    if (like) return { verdict: "lookalike", kind, similar: like, unicode: !isAscii(text), decoded: unpuny(asciiHost(domain)) };
    return { verdict: "unofficial", kind };
  }
  return urlResult(text, index);
}

function asciiHost(rawHost) {
  try { return new URL("https://" + rawHost).hostname; } catch { return rawHost.toLowerCase(); }
}

function hostLike(rawHost, index) {
  return lookalikeHost(cleanHost(asciiHost(rawHost)), index);
}

function officialHost(host, index) {
  return index.domains.find(({ key }) => host === key || host.endsWith("." + key))?.c || null;
}

function urlResult(text, index) {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : "https://" + text.replace(/^\/+/, "");
  let url;
  try { url = new URL(withScheme); } catch { return { verdict: "invalid", kind: "url" }; }
  if (!/^https?:$/.test(url.protocol) || !url.hostname.includes(".")) return { verdict: "invalid", kind: "url" };
  const rawHost = withScheme.replace(/^[^:]+:\/\//, "").split(/[/?#\\]/)[0].split("@").pop().replace(/:\d+$/, "");
  const host = cleanHost(url.hostname);
  const decoy = url.username || url.password ? { decoy: true } : {};
  const network = NETWORKS[host];
  if (network) {
    const handle = url.pathname.split("/").filter(Boolean).find((p) => !["u", "user", "c", "invite", "in"].includes(p));
    if (handle) return { ...handleResult(handle, network, index), kind: "url", ...decoy };
  }
  const pristine = isAscii(rawHost) && !host.split(".").some((l) => l.startsWith("xn--"));
  const official = pristine && (officialHost(host, index) || index.urls.find((u) => u.host === host &&
    (url.pathname.replace(/\/+$/, "") + "/").startsWith(u.path + "/"))?.c);
  if (official) return { verdict: "official", kind: "url", match: official, ...decoy };
  const like = hostLike(rawHost.replace(/\.+$/, ""), index);
  if (like) return { verdict: "lookalike", kind: "url", similar: like, unicode: !pristine, decoded: unpuny(host), ...decoy };
  return { verdict: "unofficial", kind: "url", ...decoy };
}

// -- the page ------------------------------------------------------------------------

function readJson(id) {
  const node = document.getElementById(id);
  try { return node ? JSON.parse(node.textContent) : null; } catch { return null; }
}

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
const label = (c, lang) => (c.label && (c.label[lang] || c.label.en || Object.values(c.label)[0])) || c.value;

function para(cls, text) {
  const p = document.createElement("p");
  p.className = cls;
  p.textContent = text;
  return p;
}

// Non-ASCII characters of the input, named by code point: what makes a look-alike.
function oddChars(text) {
  const seen = [...new Set([...text].filter((ch) => !isAscii(ch)))];
  return seen.map((ch) => `${ch} (U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")})`).join(", ");
}

export function render(result, input, s, lang) {
  const parts = [];
  const title = { official: s.official, lookalike: s.lookalike, unofficial: s.unofficial, invalid: s.invalid }[result.verdict];
  if (!title) return parts;
  parts.push(para("verify-verdict", title));
  const c = result.match || result.similar;
  if (result.verdict === "official") parts.push(para("verify-detail", fill(s.official_detail, { label: label(c, lang), value: c.value })));
  if (result.verdict === "lookalike") parts.push(para("verify-detail", fill(s.lookalike_detail, { label: label(c, lang), value: c.value })));
  const odd = result.unicode && oddChars(input + (result.decoded || ""));
  if (odd) parts.push(para("verify-detail", fill(s.odd_chars, { chars: odd })));
  if (result.reason === "network") parts.push(para("verify-detail", fill(s.other_network, { label: label(c, lang), value: c.value })));
  if (result.reason === "unlisted") parts.push(para("verify-detail", s.unlisted));
  if (result.decoy) parts.push(para("verify-detail", s.decoy));
  if (result.verdict === "official") {
    parts.push(para("verify-note", s.still_careful));
  } else if (result.verdict !== "invalid") {
    const list = document.createElement("ul");
    list.className = "verify-advice";
    for (const key of ["advice_1", "advice_2", "advice_3", "advice_4"]) {
      if (!s[key]) continue;
      const li = document.createElement("li");
      li.textContent = s[key];
      list.append(li);
    }
    parts.push(list);
  }
  return parts;
}

function start() {
  const form = document.getElementById("verify-form");
  const input = document.getElementById("verify-input");
  const out = document.getElementById("verify-result");
  const channels = readJson("official-channels");
  const strings = readJson("verify-strings");
  if (!form || !input || !out || !channels || !strings) return;
  const lang = (document.documentElement.lang || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  const index = officialIndex(channels);
  const run = () => {
    const result = check(input.value, index);
    out.dataset.verdict = result.verdict;
    out.dataset.kind = result.kind;
    out.replaceChildren(...render(result, input.value, strings, lang));
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  let typing = 0;  // check as the visitor pastes or types, without announcing every key
  input.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(run, 300); });
  const q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
  form.hidden = false;
  for (const note of document.querySelectorAll(".verify-nojs")) note.hidden = true;
}

if (typeof document !== "undefined") start();
