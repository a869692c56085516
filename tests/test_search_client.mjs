// Runs the browser's search engine (theme/static/js/search-worker.js) in Node over a built
// site, for tests/test_search_*.py: stdin is a JSON list of {lang, q}, stdout a JSON list
// of [[doc, score], ...] (or {cards} with "cards": true), in rank order.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Index, answer, stem, units, plan } from "../theme/static/js/search-worker.js";

const site = process.argv[2];
const indexes = new Map();
const indexFor = (lang) => {
  if (!indexes.has(lang)) {
    indexes.set(lang, new Index(async (path) => new Uint8Array(await readFile(join(site, "search", lang, path)))));
  }
  return indexes.get(lang);
};

let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const job of JSON.parse(input)) {
  if (job.stem) { out.push(job.stem.map(stem)); continue; }
  if (job.units) { out.push(job.units.map((s) => units(s).map((u) => [u.text, u.han, u.last]))); continue; }
  if (job.cards) { out.push(await answer({ ...job, base: "/" }, indexFor(job.lang))); continue; }
  const { results } = await indexFor(job.lang).search(job.q);
  out.push(results.map((r) => [r.doc, r.score]));
}
process.stdout.write(JSON.stringify(out));
