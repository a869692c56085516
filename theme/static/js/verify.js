// "Is this really us?" — tells whether a pasted e-mail, link, phone number or handle is
// one of the official channels. The rules (look-alike characters, platforms, phone
// prefixes, how near a name may come to ours) and the official channels' keys are not
// written here: the build ships them in #contact-data, made by helpcenter/config/
// contacts.py, and this file applies them exactly as helpcenter/config/contact_check.py
// does for `helpcenter check` (a test runs one table of cases through both).
// check() returns the same plain object as Python's check(): see that module.

const nfkc = (s) => s.normalize("NFKC");
const cps = (s) => [...s];  // code points, as Python indexes strings
const isDigit = (ch) => ch >= "0" && ch <= "9";
const has = (table, key) => Object.prototype.hasOwnProperty.call(table, key);
export const isAscii = (s) => /^[\x00-\x7f]*$/.test(s);

function stripChars(s, set, left = true, right = true) {
  const c = cps(s);
  let a = 0, b = c.length;
  while (left && a < b && set.includes(c[a])) a++;
  while (right && b > a && set.includes(c[b - 1])) b--;
  return c.slice(a, b).join("");
}

const cleanHost = (h) => { const s = h.toLowerCase().replace(/\.+$/, ""); return s.startsWith("www.") ? s.slice(4) : s; };

function result(verdict, kind, extra = {}) {
  return { verdict, kind, channel: null, platform: null, platforms: [], country: null, reason: null,
    decoy: false, unicode: false, decoded: null, ...extra };
}

export function skeleton(s, R) {
  let out = cps(nfkc(s)).map((ch) => (ch === "I" ? "l" : ch)).join("").toLowerCase();
  out = cps(out.normalize("NFD")).filter((ch) => { const c = ch.codePointAt(0); return c < 0x300 || c > 0x36f; }).join("");
  out = cps(out).map((ch) => (has(R.confusables, ch) ? R.confusables[ch] : ch)).join("");
  for (const [pair, one] of R.sequences) out = out.split(pair).join(one);
  return cps(out).filter((ch) => !R.ignored.includes(ch)).join("");
}

export function distance(x, y) {
  // optimal string alignment: insertions, deletions, substitutions, adjacent swaps
  const a = cps(x), b = cps(y);
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

function near(a, b, R) {
  const n = R.near;
  return distance(a, b) <= (cps(b).length > n.long ? n.long_distance : n.short_distance);
}

// RFC 3492 decoding of one label without its "xn--", as Python's punycode codec does it.
export function punycodeDecode(label) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const cut = label.lastIndexOf("-");
  const out = cut >= 0 ? cps(label.slice(0, cut)) : [];
  const ext = cut >= 0 ? label.slice(cut + 1) : label;
  let n = 128, i = 0, bias = 72;
  const adapt = (delta, points, first) => {
    delta = first ? Math.floor(delta / damp) : Math.floor(delta / 2);
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
  };
  for (let pos = 0; pos < ext.length;) {
    const old = i;
    for (let w = 1, k = base; ; k += base) {
      if (pos >= ext.length) throw new Error("bad punycode");
      const c = ext.toUpperCase().charCodeAt(pos++);
      const digit = c >= 65 && c <= 90 ? c - 65 : c >= 48 && c <= 57 ? c - 22 : -1;
      if (digit < 0) throw new Error("bad punycode");
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
    if (!l.toLowerCase().startsWith("xn--") || !isAscii(l)) return l;
    try { return punycodeDecode(l.slice(4).toLowerCase()); } catch { return l; }
  }).join(".");
}

const shown = (host) => cleanHost(nfkc(unpuny(host.toLowerCase())).toLowerCase());
const hasPunycode = (host) => host.split(".").some((l) => l.toLowerCase().startsWith("xn--"));

function phoneKey(text, R) {
  const P = R.phone;
  let plain = nfkc(text);
  const head = stripChars(plain, P.punctuation, true, false);
  if (P.international.some((p) => head.startsWith(p))) for (const d of P.drop) plain = plain.split(d).join("");
  const key = cps(plain).filter((ch) => !P.punctuation.includes(ch)).join("");
  const digits = key.startsWith("+") ? key.slice(1) : key;
  if (!digits || !cps(digits).every(isDigit) || digits.length < P.min_digits) return null;
  if (key.startsWith("+")) return [key, true];
  for (const p of P.international) if (p !== "+" && key.startsWith(p)) return ["+" + key.slice(p.length), true];
  return [key, false];
}

function handleKey(value, platform, R) {
  if (R.platforms[platform] && R.platforms[platform].phone) {
    const found = phoneKey(value, R);  // wa.me/15550100: always international
    return !found ? "" : found[1] ? found[0] : "+" + found[0];
  }
  return stripChars(value.trim(), "@＠", true, false).toLowerCase();
}

function platformAlias(word, R) {
  for (const [id, spec] of Object.entries(R.platforms)) if (word === id || spec.names.includes(word)) return id;
  return null;
}

export function check(raw, data) {
  const R = data.rules, O = data.official;
  const angle = raw.match(/<([^<>]+)>/);  // "Support <support@example.com>"
  const text = stripChars((angle ? angle[1] : raw).normalize("NFC"), R.leading, true, false);
  return checkText(stripChars(text, R.trailing, false, true), R, O);
}

function checkText(text, R, O) {
  const lower = text.toLowerCase();
  if (!text) return result("empty", "empty");
  if (lower.startsWith("mailto:")) return email(text.slice(7).split("?")[0], R, O);
  if (lower.startsWith("tel:")) return phone(text.slice(4), R, O);
  const on = platformForm(text, R, O);
  if (on) return on;
  const plain = nfkc(text);
  const spaced = (s, extra) => cps(s).some((ch) => R.space.includes(ch) || extra.includes(ch));
  if (/^\+?[0-9 ().\-\u2010\u2011\u2012\u2013\u2014\u2212/]+$/.test(plain) && cps(plain).filter(isDigit).length >= 5) {
    return phone(text, R, O);
  }
  if (text.slice(1).includes("@") && !text.startsWith("@") && !text.startsWith("＠") && emailShape(text, spaced)) {
    return email(text, R, O);
  }
  const first = cps(text)[0];
  if ("@＠".includes(first) && !spaced(cps(text).slice(1).join(""), "@/.")) return handle(text, null, R, O, "handle");
  if (!spaced(text, ".:/") && !cps(text).every(isDigit)) return handle(text, null, R, O, "handle");
  return url(text, R, O);
}

function emailShape(text, spaced) {
  const at = text.lastIndexOf("@");
  const local = text.slice(0, at), domain = text.slice(at + 1);
  return !!local && !!domain && !spaced(local, "@/:") && !spaced(domain, "@/");
}

function platformForm(text, R, O) {
  // a platform named beside a handle, before or after it ("<platform> @name", "<platform>: @name")
  const words = cps(text).map((ch) => (R.space.includes(ch) || ch === ":" || ch === "：" ? " " : ch)).join("")
    .split(" ").filter(Boolean);
  if (words.length < 2) return null;
  const first = platformAlias(nfkc(words[0]).toLowerCase(), R);
  const last = platformAlias(nfkc(words[words.length - 1]).toLowerCase(), R);
  if (first && (words.length === 2 || R.platforms[first].phone)) return handle(words.slice(1).join(" "), first, R, O, "handle");
  if (last && words.length === 2) return handle(words[0], last, R, O, "handle");
  return null;
}

function phone(text, R, O) {
  const found = phoneKey(text, R);
  if (!found) return result("invalid", "phone");
  const [key, international] = found;
  for (const [intl, national, country, channel] of O.phones) {
    if (international && key === intl) return result("official", "phone", { channel });
    if (!international && national.includes(key)) return result("official", "phone", { channel, country });
  }
  return result("unofficial", "phone");
}

function email(text, R, O) {
  const at = text.lastIndexOf("@");
  const local = at < 0 ? "" : text.slice(0, at);
  const domain = text.slice(at + 1).replace(/\.+$/, "");
  if (!local || !domain) return result("invalid", "email");
  const address = `${local}@${domain}`.toLowerCase();
  const match = O.emails.find(([key]) => key === address);
  if (match && isAscii(address)) return result("official", "email", { channel: match[1] });
  const twin = O.emails.find(([key]) => skeleton(key, R) === skeleton(address, R));
  const pristine = isAscii(domain) && !hasPunycode(domain);
  if (!twin && pristine && officialHost(cleanHost(domain), O) !== null) return result("unofficial", "email", { reason: "unlisted" });
  const like = twin ? twin[1] : lookalikeHost(shown(domain), R, O);
  if (like !== null) return result("lookalike", "email", { channel: like, unicode: !isAscii(text), decoded: shown(domain) });
  return result("unofficial", "email");
}

function officialHost(host, O) {
  const found = O.domains.find(([key]) => host === key || host.endsWith("." + key));
  return found ? found[1] : null;
}

function lookalikeHost(host, R, O) {
  const bare = skeleton(host, R);
  const labels = bare.split(".");
  for (const [key, name, channel] of O.hosts) {
    const sk = skeleton(key, R);
    if (bare === sk || bare.endsWith("." + sk)) return channel;
    if (host.includes(key + ".") || host.includes(key + "-")) return channel;  // example.com.evil.xyz
    const skName = skeleton(name, R);
    if (cps(name).length >= R.near.min_length && labels.some((l) => l.includes(skName) || near(l, skName, R))) return channel;
  }
  return null;
}

function lookalikeHandle(key, R, O) {
  const sk = skeleton(key, R);
  for (const [, mine, channel] of O.handles) {
    const k = skeleton(mine, R);
    if (k && (sk === k || near(sk, k, R) || (cps(k).length >= R.near.min_length && sk.includes(k)))) return channel;
  }
  return null;
}

function handle(text, platform, R, O, kind, decoy = false) {
  const phonePlatform = !!(platform && R.platforms[platform].phone);
  const key = phonePlatform ? handleKey(text, platform, R) : stripChars(stripChars(text, R.space), "@＠", true, false).toLowerCase();
  if (!key || cps(key).some((ch) => R.space.includes(ch) || "/@".includes(ch))) return result("invalid", kind, { platform, decoy });
  const mine = O.handles.filter(([, k]) => k === key && isAscii(key));
  const platforms = [...new Set(mine.map(([p]) => p))];
  if (platform === null && mine.length) return result("only_on", kind, { channel: mine[0][2], platforms });
  const exact = mine.find(([p]) => p === platform);
  if (exact) return result("official", kind, { channel: exact[2], platform, decoy });
  if (mine.length) return result("unofficial", kind, { channel: mine[0][2], platform, platforms, reason: "platform", decoy });
  const like = phonePlatform ? null : lookalikeHandle(key, R, O);
  if (like !== null) return result("lookalike", kind, { channel: like, platform, unicode: !isAscii(key), decoy });
  return result("unofficial", kind, { platform, decoy });
}

function url(text, R, O) {
  const scheme = text.match(/^([a-z][a-z0-9+.-]*):\/\//i);
  const rest = scheme ? text.slice(scheme[0].length) : text.replace(/^\/+/, "");
  if (scheme && !["http", "https"].includes(scheme[1].toLowerCase())) return result("invalid", "url");
  const cut = rest.search(/[/?#\\]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut), tail = cut < 0 ? "" : rest.slice(cut);
  const decoy = authority.includes("@");
  const hostRaw = authority.slice(authority.lastIndexOf("@") + 1).replace(/:[0-9]*$/, "").replace(/\.+$/, "");
  if (!hostRaw || cps(hostRaw).some((ch) => R.space.includes(ch)) || !nfkc(hostRaw).includes(".")) return result("invalid", "url", { decoy });
  const pristine = isAscii(hostRaw) && !hasPunycode(hostRaw);
  const host = cleanHost(hostRaw);
  const path = tail.split(/[?#]/)[0];
  if (pristine) {
    const on = Object.keys(R.platforms).find((id) => R.platforms[id].hosts.includes(host));
    if (on) {
      const segment = path.split("/").find((s) => s && !R.platforms[on].skip.includes(s));
      if (segment) return handle(segment, on, R, O, "url", decoy);
    }
    let match = officialHost(host, O);
    if (match === null) {
      const trimmed = path.replace(/\/+$/, "");
      const found = O.urls.find(([h, p]) => h === host && (trimmed + "/").startsWith(p + "/"));
      match = found ? found[2] : null;
    }
    if (match !== null) return result("official", "url", { channel: match, decoy });
    if (O.urls.some(([h]) => h === host)) return result("unofficial", "url", { decoy });  // a shared host: only the listed path is ours
  }
  const like = lookalikeHost(shown(hostRaw), R, O);
  if (like !== null) return result("lookalike", "url", { channel: like, unicode: !pristine, decoded: shown(hostRaw), decoy });
  return result("unofficial", "url", { decoy });
}

// -- the page ------------------------------------------------------------------------

function readJson(id) {
  const node = document.getElementById(id);
  try { return node ? JSON.parse(node.textContent) : null; } catch { return null; }
}

const fill = (template, values) => (template || "").replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

function para(cls, text) {
  const p = document.createElement("p");
  p.className = cls;
  p.textContent = text;
  return p;
}

// Non-ASCII characters of the input, named by code point: what makes a look-alike.
function oddChars(text) {
  const seen = [...new Set(cps(text).filter((ch) => !isAscii(ch)))];
  return seen.map((ch) => `${ch} (U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")})`).join(", ");
}

// Names in the page's language: the theme's strings first, then Intl, then the code.
function words(data, s, lang) {
  const platform = (id) => s["platform_" + id] || (data.rules.platforms[id] || {}).name || id;
  const list = (items) => {
    try { return new Intl.ListFormat(lang, { type: "conjunction" }).format(items); } catch { return items.join(", "); }
  };
  const region = (code) => {
    try { return new Intl.DisplayNames([lang], { type: "region" }).of(code) || code; } catch { return code; }
  };
  return { platform, platforms: (ids) => list(ids.map(platform)), region };
}

export function render(result, input, data, s, lang) {
  const parts = [];
  const w = words(data, s, lang);
  const c = result.channel === null ? null : data.channels[result.channel];
  const value = c && (c.kind === "handle" ? fill(s.handle_on, { handle: c.value, platform: w.platform(c.platform) }) : c.value);
  const names = { value, handle: c && c.value, platforms: w.platforms(result.platforms), platform: result.platform && w.platform(result.platform) };
  const title = { official: s.official, only_on: s.only_on, lookalike: s.lookalike, unofficial: s.unofficial, invalid: s.invalid }[result.verdict];
  if (!title) return parts;
  parts.push(para("verify-verdict", fill(title, names)));
  if (result.verdict === "official") parts.push(para("verify-detail", fill(s.official_detail, names)));
  if (result.country) parts.push(para("verify-detail", fill(s.official_national, { country: w.region(result.country), international: c.value })));
  if (result.verdict === "only_on") parts.push(para("verify-detail", fill(s.only_on_detail, names)));
  if (result.verdict === "lookalike") parts.push(para("verify-detail", fill(s.lookalike_detail, names)));
  if (result.reason === "platform") parts.push(para("verify-detail", fill(s.other_platform, names)));
  if (c && c.label && result.verdict !== "unofficial") parts.push(para("verify-label", c.label));
  const odd = result.unicode && oddChars(input + (result.decoded || ""));
  if (odd) parts.push(para("verify-detail", fill(s.odd_chars, { chars: odd })));
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
  const data = readJson("contact-data");
  const channels = readJson("official-channels");
  const strings = readJson("verify-strings");
  if (!form || !input || !out || !data || !channels || !strings) return;
  data.channels = channels;
  const lang = document.documentElement.lang || undefined;
  const run = () => {
    const result = check(input.value, data);
    out.dataset.verdict = result.verdict;
    out.dataset.kind = result.kind;
    out.replaceChildren(...render(result, input.value, data, strings, lang));
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
