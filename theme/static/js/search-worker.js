// The search engine: a port of the query side of helpcenter's Whoosh index (analyzer.py,
// query.py, Whoosh's Porter stemmer and BM25F) over the shards shards.py writes, with the
// rules the build ships in meta.json (rules.py). It runs as a module Web Worker (messages below), and is imported as a plain
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

// ---- the rules the build ships in meta.json (src/helpcenter/search/rules.py) ----
// Nothing here is a copy of a Python list or constant: character classes, stop and question
// words, irregular forms, Chinese folding, synonyms and plan constants all come from `rules`.
const cpLength = (s) => { let n = 0; for (const _ of s) n++; return n; };
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class Rules {
  constructor(rules) {
    const han = rules.han;
    this.hanTerm = new RegExp(`^[${han}]+$`, "u");
    this.unitRe = new RegExp(`([${han}]+)|(?:(?![${han}])[\\p{L}\\p{N}])+`, "gu");
    this.stop = new Set(rules.stop);
    this.irregular = new Map(Object.entries(rules.irregular));
    this.enQuestions = new Set(rules.questions.en);
    this.zhQuestions = rules.questions.zh;
    this.c = rules.plan;
    this.fold = new Map();
    for (let i = 0; i + 1 < rules.fold.length; i += 2) this.fold.set(rules.fold[i], rules.fold[i + 1]);
    const syn = rules.synonyms || { words: {}, han: {} };
    this.synWords = new Map(Object.entries(syn.words));
    this.synHan = new Map(Object.entries(syn.han));
    this.synLongest = Math.max(0, ...[...this.synWords.keys()].map((k) => k.split(" ").length));
    const hanKeys = [...this.synHan.keys()].sort((a, b) => b.length - a.length || cmp(a, b));
    this.synHanRe = hanKeys.length ? new RegExp(hanKeys.map(escapeRe).join("|"), "gu") : null;
    this.cache = new Map();
  }

  // Chinese characters folded to one form, one character for one (the same length)
  foldText(text) {
    if (!this.fold.size) return text;
    let out = "";
    for (const ch of text) out += this.fold.get(ch) || ch;
    return out;
  }

  wordTerm(word) {
    let t = this.cache.get(word);
    if (t === undefined) {
      let low = word.toLowerCase();
      low = this.irregular.get(low) || low;
      t = cpLength(low) < 2 || this.stop.has(low) ? "" : stem(low);
      this.cache.set(word, t);
    }
    return t;
  }

  units(query) {
    const out = [];
    query = this.foldText(query);
    for (const m of query.matchAll(this.unitRe)) {
      const han = m[1] !== undefined;
      out.push({ text: han ? m[0] : m[0].toLowerCase(), han, last: m.index + m[0].length === query.length });
    }
    return out;
  }

  // unit index -> [group term, words matched] (query.py _word_synonyms)
  wordSynonyms(units) {
    const out = new Map();
    if (!this.synWords.size) return out;
    let run = [];
    const flush = () => {
      let k = 0;
      while (k < run.length) {
        let n = Math.min(this.synLongest, run.length - k);
        for (; n > 0; n--) {
          const token = this.synWords.get(run.slice(k, k + n).map((x) => x[1]).join(" "));
          if (token) {
            for (const [j] of run.slice(k, k + n)) out.set(j, ["", 0]);
            out.set(run[k][0], [token, n]);
            k += n;
            break;
          }
        }
        if (!n) k++;
      }
      run = [];
    };
    units.forEach((u, i) => {
      if (u.han) { flush(); return; }
      const t = this.wordTerm(u.text);
      if (t) run.push([i, t]);
    });
    flush();
    return out;
  }
}

export function bigrams(run) {
  if (run.length < 2) return [run];
  const out = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

// ---- query.py ----
// query.one_typo_away
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

// query.split_word: "seedphrase" -> [seed, phrase]
function splitHalves(word, rules) {
  const chars = [...word], out = [];
  for (let i = 3; i < chars.length - 2; i++) out.push([rules.wordTerm(chars.slice(0, i).join("")), rules.wordTerm(chars.slice(i).join(""))]);
  return out;
}

function splitWord(word, vocab, rules) {
  let best = null;
  for (const [a, b] of splitHalves(word, rules)) {
    if (!a || !b) continue;
    const n = Math.min(vocab.docs(a), vocab.docs(b));
    if (n && (!best || n > best[0])) best = [n, a, b];
  }
  return best ? [best[1], best[2]] : null;
}

const typoTerms = (rules, word) => new Set([...oneTypoAway(word)].map((w) => rules.wordTerm(w)));
const typoWanted = (rules, word) => cpLength(word) >= rules.c.fuzzyMinLetters && /^\p{L}+$/u.test(word);

// vocab: { docs(term) -> int, startingWith(prefix) -> [term] } over loaded shards
export function plan(query, vocab, rules) {
  const c = rules.c;
  const byDocs = (terms, limit) =>
    terms.map((t) => [vocab.docs(t), t]).sort((x, y) => y[0] - x[0] || cmp(x[1], y[1])).slice(0, limit).map((x) => x[1]);
  const alts = (terms, boost) => terms.map((t) => [t, boost]);
  const units = rules.units(query), synonyms = rules.wordSynonyms(units);
  let pieces = [], typos = false;
  units.forEach((u, ui) => {
    if (synonyms.has(ui)) {
      const [token, size] = synonyms.get(ui);
      if (token) {
        const own = size === 1 ? [rules.wordTerm(u.text)] : [];
        pieces.push({ group: { exact: alts([...own, token].filter((t) => vocab.docs(t)), 1.0), fuzzy: [] }, question: false });
      }
      return;
    }
    if (!u.han) {
      const word = u.text, term = rules.wordTerm(word);
      if (!term) return;
      const exact = vocab.docs(term) ? [term] : [];
      if (u.last) exact.push(...byDocs(vocab.startingWith(word).filter((t) => t !== term), c.prefix));
      const joined = [];
      for (const [a, b] of [[ui - 1, ui], [ui, ui + 1]]) {
        if (a < 0 || b >= units.length || units[a].han || units[b].han) continue;
        const t = rules.wordTerm(units[a].text + units[b].text);
        if (t && vocab.docs(t) && !joined.includes(t)) joined.push(t);
      }
      if (!exact.length && !joined.length && cpLength(word) > c.fuzzyMinLetters && /^\p{L}+$/u.test(word)) {
        const halves = splitWord(word, vocab, rules);
        if (halves) {
          for (const t of halves) pieces.push({ group: { exact: [[t, 1.0]], fuzzy: [] }, question: false });
          return;
        }
      }
      for (const t of joined) if (!exact.includes(t)) exact.push(t);
      let fuzzy = [];
      if (typoWanted(rules, word) && exact.reduce((s, t) => s + vocab.docs(t), 0) < c.fuzzyBelowDocs) {
        typos = true;
        fuzzy = byDocs([...typoTerms(rules, word)].filter((t) => t && !exact.includes(t) && vocab.docs(t)), c.fuzzy);
      }
      pieces.push({ group: { exact: alts(exact, 1.0), fuzzy: alts(fuzzy, c.fuzzyBoost) }, question: rules.enQuestions.has(word) });
      return;
    }
    const run = u.text, covered = new Array(run.length).fill(false);
    for (const w of rules.zhQuestions) {
      for (let s = run.indexOf(w); s >= 0; s = run.indexOf(w, s + 1)) covered.fill(true, s, s + w.length);
    }
    if (run.length === 1) {
      const terms = vocab.docs(run) ? [run] : [];
      terms.push(...byDocs(vocab.startingWith(run).filter((t) => t !== run), c.prefix));
      pieces.push({ group: { exact: alts(terms, 1.0), fuzzy: [] }, question: covered[0] });
      return;
    }
    const own = bigrams(run).map((gram, i) => {
      const cands = [gram];
      for (let j = i + 3; j <= Math.min(run.length, i + c.longestWord); j++) cands.push(run.slice(i, j));
      return { group: { exact: alts(cands.filter((t) => vocab.docs(t)), 1.0), fuzzy: [] }, question: covered[i] || covered[i + 1] };
    });
    // a synonym's term is one more alternative of each of its bigrams (query.py)
    if (rules.synHanRe) {
      for (const m of run.matchAll(rules.synHanRe)) {
        const token = rules.synHan.get(m[0]);
        if (!vocab.docs(token)) continue;
        for (const p of own.slice(m.index, m.index + m[0].length - 1)) p.group.exact.push([token, 1.0]);
      }
    }
    pieces.push(...own);
  });
  if (!pieces.every((p) => p.question)) pieces = pieces.filter((p) => !p.question);
  const groups = [], seen = new Set();
  groups.typos = typos;
  for (const { group } of pieces) {
    const key = JSON.stringify(group);
    if ((group.exact.length || group.fuzzy.length) && !seen.has(key)) { seen.add(key); groups.push(group); }
  }
  return groups;
}

export function tiers(groups, rules) {
  const n = groups.length;
  if (!n) return [];
  const fuzzy = groups.some((g) => g.fuzzy.length);
  const needs = [n, ...(n >= rules.c.mostOfFrom ? [n - 1] : []), ...(n > 1 ? [1] : [])];
  const out = [];
  for (const need of needs) for (const f of fuzzy ? [false, true] : [false]) out.push({ need, fuzzy: f });
  return out;
}

// Terms a plan needs the vocabulary for, before it can be made: [lo, hi] ranges.
function vocabRanges(query, fuzzyToo, rules) {
  const out = [];
  const prefix = (p) => out.push([p, p + "\uffff"]);
  const units = rules.units(query);
  for (const [token] of rules.wordSynonyms(units).values()) if (token) out.push([token, token]);
  for (const [i, u] of units.entries()) {
    if (u.han) {
      if (u.text.length === 1) prefix(u.text);
      else bigrams(u.text).forEach(prefix);
      if (rules.synHanRe) for (const m of u.text.matchAll(rules.synHanRe)) { const t = rules.synHan.get(m[0]); out.push([t, t]); }
      continue;
    }
    const term = rules.wordTerm(u.text);
    if (!term) continue;
    out.push([term, term]);
    if (u.last) prefix(u.text);
    const next = units[i + 1];
    if (next && !next.han) { const t = rules.wordTerm(u.text + next.text); if (t) out.push([t, t]); }
    if (fuzzyToo && typoWanted(rules, u.text)) {
      for (const t of typoTerms(rules, u.text)) if (t) out.push([t, t]);
      for (const pair of splitHalves(u.text, rules)) for (const t of pair) if (t) out.push([t, t]);
    }
  }
  return out;
}

// ---- the exported index ----
async function gunzip(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // a server already decoded it
  // written straight into the stream: a Blob's stream costs the browser process a round
  // trip per file (2 ms a card in Chromium, against 0.2 ms)
  const unzip = new DecompressionStream("gzip"), writer = unzip.writable.getWriter();
  writer.write(bytes).catch(() => {}); // a broken file rejects the read below: said once, there
  writer.close().catch(() => {});
  return new Uint8Array(await new Response(unzip.readable).arrayBuffer());
}

const utf8 = new TextDecoder();

// The varints of packs and shards (shards.py): a posting list is a field mask, then per
// field its document count, document deltas, weights and Whoosh's length bytes.
class Reader {
  constructor(bytes, pos = 0) { this.bytes = bytes; this.pos = pos; }

  varint() {
    const bytes = this.bytes;
    let n = 0, shift = 0, b;
    do { b = bytes[this.pos++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return n;
  }

  postings(nfields) {
    const mask = this.varint(), fields = new Array(nfields).fill(null);
    for (let f = 0; f < nfields; f++) {
      if (!(mask & (1 << f))) continue;
      const df = this.varint(), docs = new Int32Array(df), weights = new Float64Array(df);
      for (let i = 0, d = 0; i < df; i++) docs[i] = d += this.varint();
      for (let i = 0; i < df; i++) weights[i] = this.varint();
      fields[f] = { docs, weights, lens: this.bytes.slice(this.pos, this.pos + df) };
      this.pos += df;
    }
    return fields;
  }
}

function decodePack(bytes, nfields) {
  const r = new Reader(bytes), terms = new Map();
  for (let count = r.varint(); count > 0; count--) {
    const len = r.varint();
    const term = utf8.decode(bytes.subarray(r.pos, r.pos + len));
    r.pos += len;
    terms.set(term, r.postings(nfields));
  }
  return terms;
}

// A vocabulary shard: varint n, n bytes of JSON [terms, ints, packs], then the postings of
// its inline terms (pack -1) in term order
function decodeShard(bytes, nfields) {
  const r = new Reader(bytes), n = r.varint();
  const [terms, ints, packs] = JSON.parse(utf8.decode(bytes.subarray(r.pos, r.pos + n)));
  r.pos += n;
  const entries = new Map();
  let k = 0;
  for (const term of terms) {
    const at = ints[k++], mask = ints[k++], df = new Array(nfields).fill(0);
    for (let f = 0; f < nfields; f++) if (mask & (1 << f)) df[f] = ints[k++];
    entries.set(term, at < 0 ? { inline: r.postings(nfields), df, docs: Math.max(...df) } : { pack: packs[at], df, docs: Math.max(...df) });
  }
  return { terms, entries };
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
    this.meta = await this._meta;
    this.rules ||= new Rules(this.meta.rules);
    return this.meta;
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
      this.shards.set(i, this.file(`v/${this.meta.shards[i]}.gz`).then((bytes) => decodeShard(bytes, this.meta.fields.length)));
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
    for (const t of terms) if (!vocab.entry(t).inline) packs.add(vocab.entry(t).pack);
    await Promise.all([...packs].map((p) => {
      if (!this.packs.has(p)) this.packs.set(p, this.file(`p/${p}.gz`).then((b) => decodePack(b, this.meta.fields.length)));
      return this.packs.get(p);
    }));
    const out = new Map();
    for (const t of terms) {
      const e = vocab.entry(t);
      out.set(t, e.inline || (await this.packs.get(e.pack)).get(t));
    }
    return out;
  }

  // [{doc, score}] in rank order, with the plan (for highlighting)
  async search(query) {
    const meta = await this.open();
    const rules = this.rules;
    let vocab = await this.loadRanges(vocabRanges(query, false, rules));
    let groups = plan(query, vocab, rules);
    if (groups.typos) { // a word needs its typo neighbours: plan again with them loaded
      vocab = await this.loadRanges(vocabRanges(query, true, rules));
      groups = plan(query, vocab, rules);
    }
    const terms = new Set();
    for (const g of groups) for (const [t] of [...g.exact, ...g.fuzzy]) terms.add(t);
    const posts = await this.postings(vocab, terms);
    return { results: rank(meta, groups, posts, rules), terms, groups };
  }

  card(doc) {
    if (!this.cards.has(doc)) this.cards.set(doc, this.file(`${this.meta.cards}/${doc}.gz`).then((b) => JSON.parse(utf8.decode(b))));
    return this.cards.get(doc);
  }
}

// ---- BM25F as whoosh.scoring computes it, tiers as search.whoosh_search runs them ----
export function rank(meta, groups, posts, rules) {
  const { docs: N, avg, boosts, B, K1, lengths } = meta;
  // Dense arrays indexed by document, sparse lists of what matched: a Map per group was
  // most of a keystroke's time on a common word. Each document's sums are added in the
  // same order as Whoosh's (group by group, exact before fuzzy), so ties fall alike.
  const scratch = [new Float64Array(N).fill(NaN), new Float64Array(N).fill(NaN)];
  const isCandidate = new Uint8Array(N), candidates = [];
  // BM25F's length part per field and length byte: the same operations, done once
  const norms = avg.map((avgfl) => Float64Array.from(lengths, (fl) => K1 * ((1 - B) + B * fl / avgfl)));
  const accumulate = (alts, acc, touched) => {
    for (const [term, altBoost] of alts) {
      posts.get(term).forEach((p, f) => {
        if (!p) return;
        const idf = Math.log(N / (p.docs.length + 1)) + 1;
        const norm = norms[f], boost = boosts[f] * altBoost, { docs, weights, lens } = p;
        for (let i = 0; i < docs.length; i++) {
          const tf = weights[i], s = idf * ((tf * (K1 + 1)) / (tf + norm[lens[i]]));
          const d = docs[i], v = acc[d];
          if (v !== v) { touched.push(d); acc[d] = s * boost; } else acc[d] = v + s * boost;
        }
      });
    }
  };
  // per group: [docs, scores] matched exactly, and matched at all (exact + fuzzy)
  const lists = groups.map((g) => {
    const [ex, fz] = scratch, exTouched = [], fzTouched = [];
    accumulate(g.exact, ex, exTouched);
    accumulate(g.fuzzy, fz, fzTouched);
    const exact = [Int32Array.from(exTouched), Float64Array.from(exTouched, (d) => ex[d])];
    for (const d of fzTouched) if (ex[d] !== ex[d]) exTouched.push(d);
    const any = [Int32Array.from(exTouched), Float64Array.from(exTouched, (d) => {
      const e = ex[d], z = fz[d];
      return (e === e ? e : 0) + (z === z ? z : 0);
    })];
    for (const d of exTouched) {
      ex[d] = fz[d] = NaN;
      if (!isCandidate[d]) { isCandidate[d] = 1; candidates.push(d); }
    }
    return { exact, any };
  });
  const listed = new Uint8Array(N), score = new Float64Array(N), matched = new Uint16Array(N), out = [];
  for (const tier of tiers(groups, rules)) {
    for (const d of candidates) { score[d] = 0; matched[d] = 0; }
    for (const g of lists) {
      const [docs, values] = tier.fuzzy ? g.any : g.exact;
      for (let i = 0; i < docs.length; i++) { const d = docs[i]; score[d] += values[i]; matched[d]++; }
    }
    const hits = [];
    for (const d of candidates) if (!listed[d] && matched[d] >= tier.need) hits.push({ doc: d, score: score[d] });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    for (const h of hits) { listed[h.doc] = 1; out.push(h); }
  }
  return out;
}

// ---- excerpts: the matched terms of a text, in context ----
// A text's units, folded ([offset, length, word's term, Chinese run]): worked out once per
// text, as the same cards are shown again and again while the visitor types
const unitCache = new WeakMap(); // rules -> text -> units

function textUnits(text, rules) {
  let cache = unitCache.get(rules);
  if (!cache) unitCache.set(rules, (cache = new Map()));
  let units = cache.get(text);
  if (!units) {
    units = [];
    for (const m of rules.foldText(text).matchAll(rules.unitRe)) { // folding keeps every offset
      units.push(m[1] === undefined ? [m.index, m[0].length, rules.wordTerm(m[0]), null] : [m.index, m[0].length, null, m[0]]);
    }
    cache.set(text, units);
  }
  return units;
}

function marks(text, terms, rules) {
  const out = []; // [start, end] of matched characters, in order
  let longest = 1; // longest Chinese term of the query: no longer piece can match
  for (const t of terms) if (t.length > longest && rules.hanTerm.test(t)) longest = t.length;
  for (const [index, length, term, run] of textUnits(text, rules)) {
    if (run === null) {
      if (term && terms.has(term)) out.push([index, index + length]);
      continue;
    }
    if (run.length === 1) { if (terms.has(run)) out.push([index, index + 1]); continue; }
    for (let i = 0; i + 1 < run.length; i++) {
      let end = 0;
      for (let j = Math.min(run.length, i + longest); j > i + 1; j--) {
        if (terms.has(run.slice(i, j))) { end = j; break; }
      }
      if (end) {
        const last = out[out.length - 1];
        if (last && last[1] >= index + i) last[1] = Math.max(last[1], index + end);
        else out.push([index + i, index + end]);
      }
    }
  }
  return out;
}

// [[text, matched], ...]: about `size` characters (fewer for Chinese) around the most matches
export function excerpt(text, terms, rules, size = 0) {
  const found = marks(text, terms, rules);
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

export function highlight(text, terms, rules) {
  return segments(text, marks(text, terms, rules), 0, text.length);
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

// The newest question of each box (msg.chan): an older one still being answered stops
// before fetching its cards, leaving the connections to the question that counts
// (the same question asked again is the same question: it is not superseded)
const newest = new Map();
const question = (msg) => JSON.stringify([msg.base, msg.lang, msg.q, msg.offset || 0, msg.limit]);
const superseded = (msg) => msg.chan !== undefined && newest.get(msg.chan) !== question(msg);

// The last question, answered once however often it is asked while it stands: the search
// page's head puts its URL's question to the engine before the page's code asks it again
let asked = null;

export function answer(msg, index = null) {
  if (msg.chan !== undefined) newest.set(msg.chan, question(msg));
  if (index) return respond(msg, index);
  if (msg.warm) return anew(msg);
  const key = question(msg);
  if (asked?.key !== key) {
    const reply = anew(msg);
    asked = { key, reply };
    reply.catch(() => { if (asked?.reply === reply) asked = null; }); // asked again, tried again
  }
  return asked.reply;
}

async function anew(msg) {
  try {
    const fresh = indexFor(msg.base, msg.lang);
    if (msg.meta && !fresh._meta) fresh._meta = Promise.resolve(JSON.parse(utf8.decode(msg.meta))); // the page fetched it
    return await respond(msg, fresh);
  } catch (err) { // a new build replaced the data folder under this page: start over once
    indexes.delete(`${msg.base}|${msg.lang}`);
    return respond(msg, indexFor(msg.base, msg.lang));
  }
}

async function respond(msg, index) {
  const { base, offset = 0, limit = 8, warm = false } = msg;
  await index.open();
  if (warm) return {}; // loaded ahead of the first question
  const q = msg.q.slice(0, index.rules.c.queryChars); // a pasted essay need not become 1,000 groups
  const { results, terms } = await index.search(q);
  if (superseded(msg)) return { q, total: results.length, offset, cards: [], superseded: true };
  const page = results.slice(offset, offset + limit);
  const cards = await Promise.all(page.map(async ({ doc, score }) => {
    const c = await index.card(doc);
    return {
      doc, score, url: base + c.u, category: c.c,
      title: highlight(c.t, terms, index.rules),
      excerpt: excerpt(c.x, terms, index.rules) || excerpt(c.s, terms, index.rules) || [[c.s || c.x.slice(0, 160), false]],
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
