// The search engine: a port of the query side of helpcenter's Whoosh index (segment.py,
// search_query.py, Whoosh's Porter stemmer and BM25F) over the shards search_export.py
// writes. It runs as a module Web Worker (messages below), and is imported as a plain
// module by tests and, if workers are unavailable, by search.js. Scores must equal
// Whoosh's own searcher.search (tests/test_search_parity.py): keep every formula
// operation for operation.

// ---- Whoosh's Porter stemmer (whoosh/lang/porter.py, including its anchored matches) ----
const CS = "[^aeiouy]+", VS = "[aeiou]+", V = "[aeiouy]";
const mgr0 = new RegExp(`^(${CS})?${VS}${CS}`, "u");
const meq1 = new RegExp(`^(${CS})?${VS}${CS}(${VS})?$`, "u");
const mgr1 = new RegExp(`^(${CS})?${VS}${CS}${VS}${CS}`, "u");
const sV = new RegExp(`^(${CS})?${V}`, "u");
const cV = new RegExp(`^${CS}${V}[^aeiouwxy]$`, "u");
const edIng = /^(.*)(ed|ing)$/su;
const atBlIz = /^(at|bl|iz)$/u; // Whoosh uses re.match: anchored at the start
const step1b = /^([^aeiouylsz])\1$/u;
const STEP2 = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble", alli: "al",
  entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al", iveness: "ive",
  fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log" };
const STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
const step2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/su;
const step3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/su;
const step4a = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/su;
const step4b = /^(.+?)(s|t)(ion)$/su;
const step5 = /^(.+?)e$/su;

export function stem(w) {
  if (w.length < 3) return w;
  const firstY = w[0] === "y";
  if (firstY) w = "Y" + w.slice(1);
  if (w.endsWith("s")) {
    if (w.endsWith("sses") || w.endsWith("ies")) w = w.slice(0, -2);
    else if (w[w.length - 2] !== "s") w = w.slice(0, -1);
  }
  let m;
  if (w.endsWith("eed")) {
    if (mgr0.test(w.slice(0, -3))) w = w.slice(0, -1);
  } else if ((m = edIng.exec(w)) && sV.test(m[1])) {
    w = m[1];
    if (atBlIz.test(w)) w += "e";
    else if (step1b.test(w)) w = w.slice(0, -1);
    else if (cV.test(w)) w += "e";
  }
  if (w.endsWith("y") && sV.test(w.slice(0, -1))) w = w.slice(0, -1) + "i";
  if ((m = step2.exec(w)) && mgr0.test(m[1])) w = m[1] + STEP2[m[2]];
  if ((m = step3.exec(w)) && mgr0.test(m[1])) w = m[1] + STEP3[m[2]];
  if ((m = step4a.exec(w))) {
    if (mgr1.test(m[1])) w = m[1];
  } else if ((m = step4b.exec(w)) && mgr1.test(m[1] + m[2])) w = m[1] + m[2];
  if ((m = step5.exec(w)) && (mgr1.test(m[1]) || (meq1.test(m[1]) && !cV.test(m[1])))) w = m[1];
  if (w.endsWith("ll") && mgr1.test(w)) w = w.slice(0, -1);
  if (firstY) w = "y" + w.slice(1);
  return w;
}

// ---- segment.py ----
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
const UNIT = new RegExp(`([${HAN}]+)|(?:(?![${HAN}])[\\p{L}\\p{N}])+`, "gu");
// whoosh.analysis.STOP_WORDS: dropped from the index
const STOP = new Set("a an and are as at be by can for from have if in is it may not of on or tbd that the this to us we when will with yet you your".split(" "));
const cpLength = (s) => { let n = 0; for (const _ of s) n++; return n; };

const termCache = new Map();
export function wordTerm(word) {
  let t = termCache.get(word);
  if (t === undefined) {
    const low = word.toLowerCase();
    t = cpLength(low) < 2 || STOP.has(low) ? "" : stem(low);
    termCache.set(word, t);
  }
  return t;
}

export function units(query) {
  const out = [];
  for (const m of query.matchAll(UNIT)) {
    const han = m[1] !== undefined;
    out.push({ text: han ? m[0] : m[0].toLowerCase(), han, last: m.index + m[0].length === query.length });
  }
  return out;
}

export function bigrams(run) {
  if (run.length < 2) return [run];
  const out = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

// ---- search_query.py ----
const PREFIX_TERMS = 6, FUZZY_TERMS = 5, FUZZY_MIN_LETTERS = 5, FUZZY_BOOST = 0.5, FUZZY_BELOW_DOCS = 3, LONGEST_WORD = 8;
const EN_QUESTION_WORDS = new Set(`a about above after again against all am an and any are as at be because been before being below
  between both but by can cannot cant could did didn do does doesn doing don down during each few for
  from further get getting got had hadn has hasn have haven having hello help here hi how i id if im in
  into is isn it its itself ive just may me might more most must my myself no nor of off on once only or
  other our ours out over own please same shall should shouldn so some such tbd than thanks that the their
  them then there these they this those through to too under until up us very was wasn we were weren what
  whats when where which while who whom whose why will with won would wouldn yet you your`.split(/\s+/));
const ZH_QUESTION_WORDS = `的 了 吗 呢 吧 啊 呀 嘛 是 我 你 您 我们 怎么 怎么办 怎样 怎么样 如何 为什么 为何 为啥
  什么 哪里 哪个 请问 是否 可以 应该 一下 这个 那个 一直 还是 已经 有没有 能不能 咋办 多少`.split(/\s+/);

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// search_query.one_typo_away
export function oneTypoAway(word) {
  const chars = [...word];
  const letters = [...new Set([..."abcdefghijklmnopqrstuvwxyz", ...chars])];
  const out = new Set();
  for (let i = 1; i <= chars.length; i++) {
    const head = chars.slice(0, i).join(""), tail = chars.slice(i);
    const rest = tail.slice(1).join("");
    if (tail.length) {
      out.add(head + rest);
      for (const c of letters) out.add(head + c + rest);
    }
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2).join(""));
    for (const c of letters) out.add(head + c + tail.join(""));
  }
  if (chars.length > 1) out.add(chars[1] + chars[0] + chars.slice(2).join(""));
  out.delete(word);
  return out;
}

const typoTerms = (word) => new Set([...oneTypoAway(word)].map(wordTerm));
const typoWanted = (word) => cpLength(word) >= FUZZY_MIN_LETTERS && /^\p{L}+$/u.test(word);

// vocab: { docs(term) -> int, startingWith(prefix) -> [term] } over loaded shards
export function plan(query, vocab) {
  const byDocs = (terms, limit) =>
    terms.map((t) => [vocab.docs(t), t]).sort((x, y) => y[0] - x[0] || cmp(x[1], y[1])).slice(0, limit).map((x) => x[1]);
  const alts = (terms, boost) => terms.map((t) => [t, boost]);
  let pieces = [], typos = false;
  for (const u of units(query)) {
    if (!u.han) {
      const word = u.text, term = wordTerm(word);
      if (!term) continue;
      const exact = vocab.docs(term) ? [term] : [];
      if (u.last) exact.push(...byDocs(vocab.startingWith(word).filter((t) => t !== term), PREFIX_TERMS));
      let fuzzy = [];
      if (typoWanted(word) && exact.reduce((s, t) => s + vocab.docs(t), 0) < FUZZY_BELOW_DOCS) {
        typos = true;
        fuzzy = byDocs([...typoTerms(word)].filter((t) => t && !exact.includes(t) && vocab.docs(t)), FUZZY_TERMS);
      }
      pieces.push({ group: { exact: alts(exact, 1.0), fuzzy: alts(fuzzy, FUZZY_BOOST) }, question: EN_QUESTION_WORDS.has(word) });
      continue;
    }
    const run = u.text, covered = new Array(run.length).fill(false);
    for (const w of ZH_QUESTION_WORDS) {
      for (let s = run.indexOf(w); s >= 0; s = run.indexOf(w, s + 1)) covered.fill(true, s, s + w.length);
    }
    if (run.length === 1) {
      const terms = vocab.docs(run) ? [run] : [];
      terms.push(...byDocs(vocab.startingWith(run).filter((t) => t !== run), PREFIX_TERMS));
      pieces.push({ group: { exact: alts(terms, 1.0), fuzzy: [] }, question: covered[0] });
      continue;
    }
    bigrams(run).forEach((gram, i) => {
      const cands = [gram];
      for (let j = i + 3; j <= Math.min(run.length, i + LONGEST_WORD); j++) cands.push(run.slice(i, j));
      pieces.push({ group: { exact: alts(cands.filter((t) => vocab.docs(t)), 1.0), fuzzy: [] }, question: covered[i] || covered[i + 1] });
    });
  }
  if (!pieces.every((p) => p.question)) pieces = pieces.filter((p) => !p.question);
  const groups = [], seen = new Set();
  groups.typos = typos;
  for (const { group } of pieces) {
    const key = JSON.stringify(group);
    if ((group.exact.length || group.fuzzy.length) && !seen.has(key)) { seen.add(key); groups.push(group); }
  }
  return groups;
}

export function tiers(groups) {
  if (!groups.length) return [];
  const fuzzy = groups.some((g) => g.fuzzy.length);
  const out = [{ all: true, fuzzy: false }];
  if (fuzzy) out.push({ all: true, fuzzy: true });
  if (groups.length > 1) {
    out.push({ all: false, fuzzy: false });
    if (fuzzy) out.push({ all: false, fuzzy: true });
  }
  return out;
}

// Terms a plan needs the vocabulary for, before it can be made: [lo, hi] ranges.
function vocabRanges(query, fuzzyToo) {
  const out = [];
  const prefix = (p) => out.push([p, p + "\uffff"]);
  for (const u of units(query)) {
    if (u.han) {
      if (u.text.length === 1) prefix(u.text);
      else bigrams(u.text).forEach(prefix);
      continue;
    }
    const term = wordTerm(u.text);
    if (!term) continue;
    out.push([term, term]);
    if (u.last) prefix(u.text);
    if (fuzzyToo && typoWanted(u.text)) for (const t of typoTerms(u.text)) if (t) out.push([t, t]);
  }
  return out;
}

// ---- the exported index ----
async function gunzip(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // a server already decoded it
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const utf8 = new TextDecoder();

function decodePack(bytes, nfields) {
  let pos = 0;
  const varint = () => {
    let n = 0, shift = 0, b;
    do { b = bytes[pos++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return n;
  };
  const terms = new Map();
  for (let count = varint(); count > 0; count--) {
    const len = varint();
    const term = utf8.decode(bytes.subarray(pos, pos + len));
    pos += len;
    const mask = varint(), fields = new Array(nfields).fill(null);
    for (let f = 0; f < nfields; f++) {
      if (!(mask & (1 << f))) continue;
      const df = varint(), docs = new Int32Array(df), weights = new Float64Array(df);
      for (let i = 0, d = 0; i < df; i++) docs[i] = d += varint();
      for (let i = 0; i < df; i++) weights[i] = varint();
      fields[f] = { docs, weights, lens: bytes.slice(pos, pos + df) };
      pos += df;
    }
    terms.set(term, fields);
  }
  return terms;
}

export class Index {
  // load(path) -> Promise<Uint8Array>, path relative to search/<lang>/
  constructor(load) {
    this.load = load;
    this.shards = new Map();
    this.packs = new Map();
    this.cards = new Map();
  }

  async open() {
    this._meta ||= this.load("meta.json").then((b) => JSON.parse(utf8.decode(b)));
    return (this.meta = await this._meta);
  }

  file(name) {
    return this.load(name).then(gunzip);
  }

  shardOf(term) {
    const b = this.meta.vocab;
    let lo = 0, hi = b.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (b[mid] <= term) lo = mid; else hi = mid - 1; }
    return lo;
  }

  shard(i) {
    if (!this.shards.has(i)) {
      this.shards.set(i, this.file(`v/${this.meta.shards[i]}.gz`).then((bytes) => {
        const [terms, ints, packs] = JSON.parse(utf8.decode(bytes));
        const nf = this.meta.fields.length, entries = new Map();
        let k = 0;
        for (const term of terms) {
          const pack = packs[ints[k++]], mask = ints[k++], df = new Array(nf).fill(0);
          for (let f = 0; f < nf; f++) if (mask & (1 << f)) df[f] = ints[k++];
          entries.set(term, { pack, df, docs: Math.max(...df) });
        }
        return { terms, entries };
      }));
    }
    return this.shards.get(i);
  }

  async loadRanges(ranges) {
    const need = new Set();
    for (const [lo, hi] of ranges) for (let i = this.shardOf(lo); i <= this.shardOf(hi); i++) need.add(i);
    const loaded = await Promise.all([...need].sort((a, b) => a - b).map((i) => this.shard(i)));
    const entries = new Map(), sorted = [];
    for (const s of loaded) { for (const [t, e] of s.entries) entries.set(t, e); sorted.push(...s.terms); }
    return {
      entry: (t) => entries.get(t),
      docs: (t) => (entries.get(t) || { docs: 0 }).docs,
      startingWith: (p) => sorted.filter((t) => t.startsWith(p)),
    };
  }

  async postings(vocab, terms) {
    const packs = new Set();
    for (const t of terms) packs.add(vocab.entry(t).pack);
    await Promise.all([...packs].map((p) => {
      if (!this.packs.has(p)) this.packs.set(p, this.file(`p/${p}.gz`).then((b) => decodePack(b, this.meta.fields.length)));
      return this.packs.get(p);
    }));
    const out = new Map();
    for (const t of terms) out.set(t, (await this.packs.get(vocab.entry(t).pack)).get(t));
    return out;
  }

  // [{doc, score}] in rank order, with the plan (for highlighting)
  async search(query) {
    const meta = await this.open();
    let vocab = await this.loadRanges(vocabRanges(query, false));
    let groups = plan(query, vocab);
    if (groups.typos) { // a word needs its typo neighbours: plan again with them loaded
      vocab = await this.loadRanges(vocabRanges(query, true));
      groups = plan(query, vocab);
    }
    const terms = new Set();
    for (const g of groups) for (const [t] of [...g.exact, ...g.fuzzy]) terms.add(t);
    const posts = await this.postings(vocab, terms);
    return { results: rank(meta, groups, posts), terms };
  }

  card(doc) {
    if (!this.cards.has(doc)) this.cards.set(doc, this.file(`${this.meta.cards}/${doc}.gz`).then((b) => JSON.parse(utf8.decode(b))));
    return this.cards.get(doc);
  }
}

// ---- BM25F as whoosh.scoring computes it, tiers as search.whoosh_search runs them ----
export function rank(meta, groups, posts) {
  const { docs: N, avg, boosts, B, K1, lengths } = meta;
  const n = groups.length;
  const exact = groups.map(() => new Map()), fuzzy = groups.map(() => new Map());
  groups.forEach((g, gi) => {
    for (const [alts, acc] of [[g.exact, exact[gi]], [g.fuzzy, fuzzy[gi]]]) {
      for (const [term, altBoost] of alts) {
        posts.get(term).forEach((p, f) => {
          if (!p) return;
          const idf = Math.log(N / (p.docs.length + 1)) + 1;
          const avgfl = avg[f], boost = boosts[f] * altBoost;
          for (let i = 0; i < p.docs.length; i++) {
            const tf = p.weights[i], fl = lengths[p.lens[i]];
            const s = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)));
            const d = p.docs[i];
            acc.set(d, (acc.get(d) || 0) + s * boost);
          }
        });
      }
    }
  });
  const candidates = new Set();
  for (const m of [...exact, ...fuzzy]) for (const d of m.keys()) candidates.add(d);
  const listed = new Set(), out = [];
  for (const tier of tiers(groups)) {
    const hits = [];
    for (const d of candidates) {
      if (listed.has(d)) continue;
      let score = 0, matched = 0;
      for (let g = 0; g < n; g++) {
        const e = exact[g].get(d), z = tier.fuzzy ? fuzzy[g].get(d) : undefined;
        if (e === undefined && z === undefined) continue;
        matched++;
        score += (e || 0) + (z || 0);
      }
      if (matched && (!tier.all || matched === n)) hits.push({ doc: d, score });
    }
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    for (const h of hits) { listed.add(h.doc); out.push(h); }
  }
  return out;
}

// ---- excerpts: the matched terms of a text, in context ----
const SPAN = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu;

const HAN_TERM = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;

function marks(text, terms) {
  const out = []; // [start, end] of matched characters, in order
  let longest = 1; // longest Chinese term of the query: no longer piece can match
  for (const t of terms) if (t.length > longest && HAN_TERM.test(t)) longest = t.length;
  for (const m of text.matchAll(SPAN)) {
    if (m[1] === undefined) {
      const t = wordTerm(m[0]);
      if (t && terms.has(t)) out.push([m.index, m.index + m[0].length]);
      continue;
    }
    const run = m[0];
    if (run.length === 1) { if (terms.has(run)) out.push([m.index, m.index + 1]); continue; }
    for (let i = 0; i + 1 < run.length; i++) {
      let end = 0;
      for (let j = Math.min(run.length, i + longest); j > i + 1; j--) {
        if (terms.has(run.slice(i, j))) { end = j; break; }
      }
      if (end) {
        const last = out[out.length - 1];
        if (last && last[1] >= m.index + i) last[1] = Math.max(last[1], m.index + end);
        else out.push([m.index + i, m.index + end]);
      }
    }
  }
  return out;
}

// [[text, matched], ...]: about `size` characters (fewer for Chinese) around the most matches
export function excerpt(text, terms, size = 0) {
  const found = marks(text, terms);
  if (!found.length) return null;
  size ||= /[\u4e00-\u9fff]/.test(text.slice(0, 300)) ? 80 : 170;
  // the window [found[i], found[j]) of at most `size` characters with the most distinct matches
  const words = found.map(([s, e]) => text.slice(s, e).toLowerCase());
  const inWindow = new Map();
  let best = 0, bestCount = 0, j = 0;
  for (let i = 0; i < found.length; i++) {
    while (j < found.length && found[j][1] - found[i][0] <= size) { inWindow.set(words[j], (inWindow.get(words[j]) || 0) + 1); j++; }
    if (inWindow.size > bestCount) { bestCount = inWindow.size; best = i; }
    const left = inWindow.get(words[i]) - 1;
    if (left > 0) inWindow.set(words[i], left); else inWindow.delete(words[i]);
  }
  const at = found[best][0];
  // from the start of the sentence when it is near, else from a word boundary before the match
  let start = Math.max(0, at - Math.floor(size / 3));
  const stop = Math.max(text.lastIndexOf(". ", at), text.lastIndexOf("\n", at), text.lastIndexOf("。", at),
    text.lastIndexOf("？", at), text.lastIndexOf("! ", at), text.lastIndexOf("? ", at));
  if (stop >= 0 && stop + 1 >= start) start = stop + (text[stop] === "\n" || text[stop] > "\u3000" ? 1 : 2);
  else if (start > 0) { const sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
  let end = Math.min(text.length, start + size);
  const endSpace = text.indexOf(" ", end);
  if (end < text.length && endSpace > 0 && endSpace - end < 15) end = endSpace;
  return segments(text, found, start, end);
}

export function highlight(text, terms) {
  return segments(text, marks(text, terms), 0, text.length);
}

function segments(text, found, start, end) {
  const out = [];
  if (start > 0) out.push(["… ", false]);
  let at = start;
  for (const [s, e] of found) {
    if (e <= start || s >= end) continue;
    if (s > at) out.push([text.slice(at, s), false]);
    out.push([text.slice(Math.max(s, at), Math.min(e, end)), true]);
    at = Math.min(e, end);
  }
  if (at < end) out.push([text.slice(at, end), false]);
  if (end < text.length) out.push([" …", false]);
  return out;
}

// ---- worker glue ----
const indexes = new Map();

function indexFor(base, lang) {
  const key = `${base}|${lang}`;
  if (!indexes.has(key)) {
    const root = new URL(`${base}search/${lang}/`, self.location.origin);
    indexes.set(key, new Index(async (path) => {
      const r = await fetch(new URL(path, root));
      if (!r.ok) throw new Error(`${r.status} ${path}`);
      return new Uint8Array(await r.arrayBuffer());
    }));
  }
  return indexes.get(key);
}

export async function answer(msg, index = null) {
  if (index) return respond(msg, index);
  try {
    return await respond(msg, indexFor(msg.base, msg.lang));
  } catch (err) { // a new build replaced the data folder under this page: start over once
    indexes.delete(`${msg.base}|${msg.lang}`);
    return respond(msg, indexFor(msg.base, msg.lang));
  }
}

async function respond({ base, q, offset = 0, limit = 8 }, index) {
  q = q.slice(0, 200); // a pasted essay need not become 1,000 groups
  const { results, terms } = await index.search(q);
  const page = results.slice(offset, offset + limit);
  const cards = await Promise.all(page.map(async ({ doc, score }) => {
    const c = await index.card(doc);
    return {
      doc, score, url: base + c.u, category: c.c,
      title: highlight(c.t, terms),
      excerpt: excerpt(c.x, terms) || excerpt(c.s, terms) || [[c.s || c.x.slice(0, 160), false]],
    };
  }));
  return { q, total: results.length, offset, cards };
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = async ({ data }) => {
    try {
      self.postMessage({ id: data.id, ...(await answer(data)) });
    } catch (err) {
      self.postMessage({ id: data.id, error: String(err) });
    }
  };
}
