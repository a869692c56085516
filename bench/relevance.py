#!/usr/bin/env python3
"""Relevance benchmark: our search and Pagefind on the real-kb corpus, against judged queries.

    python bench/relevance.py [--engine browser|whoosh] [--misses] [--no-pagefind] [--reuse] [--tabs N] [--work DIR]

--engine browser (the default)
    copies ../shared/corpus/real-kb into WORK/content with tests/fixtures/real-kb/site.toml,
    builds it with this checkout's helpcenter, indexes the same pages with Pagefind (standard,
    and Extended, which segments Chinese; installed into WORK as bench/search.py does), serves
    the site and, in headless Chromium, opens /<lang>/search/?q=QUERY for every query of
    bench/relevance/queries.toml and reads the result links of #search-results in order; then
    asks each Pagefind index the same query from a page of that language.
--engine whoosh
    no site and no browser: indexes the corpus with this checkout's search stage and ranks with
    Whoosh's own searcher (search.engine.whoosh_search, which the client matches exactly:
    tests/unit/search/test_search_engine.py). With --reuse, the index of the last run is kept,
    for changes on the query side only: a run then takes seconds.

Prints nDCG@10 and success@3 per language and per kind (Markdown tables); --misses lists
each query without a grade-2-or-3 article in its top 3.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from _scoring import Query, load_queries, misses, table
from search import ARGS, CHROMIUM, run_pagefind, serve  # the speed benchmark's browser, server and Pagefind

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real-kb"  # the workspace's shared/ folder, beside this checkout
SITE_TOML = ROOT / "tests" / "fixtures" / "real-kb" / "site.toml"
QUERIES = Path(__file__).resolve().parent / "relevance" / "queries.toml"
# Pagefind as shipped: the standard build, and Extended, which segments Chinese (name -> pip extra, subfolder of the site)
PAGEFIND = {"Pagefind": ("bin", "pagefind"), "Pagefind Extended": ("extended", "pagefind-extended")}

# In a page: the URLs of Pagefind's first ten results (any page it indexed; only articles have a grade).
PAGEFIND_JS = """async ([q, bundle]) => {
  window.__pagefind ||= {};
  if (!window.__pagefind[bundle]) {
    window.__pagefind[bundle] = await import(bundle + 'pagefind.js');
    await window.__pagefind[bundle].init();
  }
  const search = await window.__pagefind[bundle].search(q);
  return (await Promise.all(search.results.slice(0, 10).map((r) => r.data()))).map((d) => d.url);
}"""
RESULT_LINKS = "() => [...document.querySelectorAll('#search-results a')].map((a) => a.getAttribute('href'))"


def article_key(url: str) -> str:
    """'/en/transfers/slug/' (any host, base or index.html) -> 'en/transfers/slug'; other pages keep their path."""
    parts = [p for p in urlsplit(url).path.split("/") if p and p != "index.html"]
    return "/".join(parts[-3:]) if len(parts) >= 3 else "/".join(parts)


def copy_corpus(work: Path) -> Path:
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(CORPUS, content, ignore=shutil.ignore_patterns("LICENSE*", "README*"))
    shutil.copy(SITE_TOML, content / "site.toml")
    shutil.copy(ROOT / "content" / "synonyms.toml", content / "synonyms.toml")  # the default set, as a site starts
    return content


def build_site(work: Path, content: Path) -> Path:
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    # in a process of its own, with this checkout's source, as `helpcenter build` runs for a writer
    done = subprocess.run(
        [sys.executable, "-m", "helpcenter", "build", "--no-cache", "--content", str(content), "--out", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1", "PYTHONPATH": str(ROOT / "src")},
    )
    if done.returncode:  # the corpus' own warnings are expected; show them only when the build fails
        raise SystemExit(done.stdout + done.stderr)
    return site


def in_browser(
    site: Path, queries: list[Query], bundles: dict[str, str], tabs: int
) -> dict[str, dict[Query, list[str]]]:
    """Each engine's ranked article keys per query, as a user of the built site gets them;
    `bundles` names the Pagefind indexes in the site (name -> subfolder)."""
    url, server = serve(site)
    try:
        return asyncio.run(_in_browser(url, queries, bundles, tabs))
    finally:
        server.shutdown()


async def _in_browser(
    url: str, queries: list[Query], bundles: dict[str, str], tabs: int
) -> dict[str, dict[Query, list[str]]]:
    from playwright.async_api import async_playwright

    runs: dict[str, dict[Query, list[str]]] = {"helpcenter": {}, **{name: {} for name in bundles}}

    async def ours(page, mine: list[Query]) -> None:
        for q in mine:
            await page.goto(f"{url}/{q.lang}/search/?q={quote(q.q)}")
            await page.wait_for_selector("#search-empty:not([hidden]), #search-status:not(:empty)", timeout=120_000)
            runs["helpcenter"][q] = [article_key(h) for h in await page.evaluate(RESULT_LINKS)]

    async def pagefind(page, name: str, lang: str) -> None:
        await page.goto(f"{url}/{lang}/")  # a page of that language: Pagefind picks its index by <html lang>
        for q in queries:
            if q.lang == lang:
                found = await page.evaluate(PAGEFIND_JS, [q.q, f"/{bundles[name]}/"])
                runs[name][q] = [article_key(u) for u in found]

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = await browser.new_context()
        pages = [await context.new_page() for _ in range(tabs)]
        t0 = time.perf_counter()
        # a few tabs at once: each query is a fresh page load, mostly waiting
        await asyncio.gather(*(ours(page, queries[i::tabs]) for i, page in enumerate(pages)))
        _took("helpcenter: every query through its search page", t0)
        for name in bundles:
            t0 = time.perf_counter()
            await asyncio.gather(*(pagefind(page, name, lang) for page, lang in zip(pages, ("en", "zh"))))
            _took(f"{name}: every query", t0)
        await browser.close()
    return runs


def with_whoosh(work: Path, queries: list[Query], reuse: bool) -> dict[str, dict[Query, list[str]]]:
    """Whoosh's own ranking over the index this checkout's search stage writes for the corpus;
    `reuse` keeps the index of the last run, for changes on the query side only."""
    sys.path.insert(0, str(ROOT / "src"))
    from helpcenter.search.engine import open_index, whoosh_search  # the analyzer the index was written with

    index_dir = work / "index"
    keys_file = index_dir / "keys.json"  # each language's article keys in document order
    if not (reuse and keys_file.is_file()):
        from helpcenter.build.pipeline import check
        from helpcenter.search.indexing import build_search

        site = check(copy_corpus(work), jobs=1).site
        shutil.rmtree(index_dir, ignore_errors=True)
        build_search(site, index_dir=index_dir)
        keys = {lang: ["/".join(a.key) for a in site.in_language(lang)] for lang in site.config.languages}
        keys_file.write_text(json.dumps(keys), encoding="utf-8")
    keys = json.loads(keys_file.read_text(encoding="utf-8"))
    searchers = {lang: open_index(index_dir, lang).searcher() for lang in keys}
    ranked = {q: [keys[q.lang][doc] for doc, _ in whoosh_search(searchers[q.lang], q.q)[:10]] for q in queries}
    return {"helpcenter (Whoosh)": ranked}


def _took(what: str, since: float) -> None:
    print(f"{what}: {time.perf_counter() - since:.1f} s", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--engine", choices=("browser", "whoosh"), default="browser")
    ap.add_argument("--misses", action="store_true", help="list each query without a grade >= 2 article in its top 3")
    ap.add_argument("--no-pagefind", action="store_true", help="browser: our search only")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="reuse what the last run built in --work: the site and Pagefind's indexes, or Whoosh's index",
    )
    ap.add_argument("--tabs", type=int, default=4, help="browser: pages loading queries at once")
    ap.add_argument("--work", type=Path, default=Path("/tmp/helpcenter-relevance"))
    ap.add_argument("--queries", type=Path, default=QUERIES)
    a = ap.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS}: the real-kb corpus is not beside this checkout")
    queries = load_queries(a.queries, CORPUS)
    a.work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if a.engine == "whoosh":
        runs = with_whoosh(a.work, queries, a.reuse)
        _took("index and rank", start)
    else:
        site = a.work / "site"
        if not (a.reuse and (site / "search").is_dir()):
            t0 = time.perf_counter()
            site = build_site(a.work, copy_corpus(a.work))
            _took("build", t0)
        bundles = {} if a.no_pagefind else PAGEFIND
        for name, (extra, subdir) in bundles.items():
            if not (a.reuse and (site / subdir).is_dir()):
                t0 = time.perf_counter()
                run_pagefind(a.work, site, extra, subdir)
                _took(f"{name}: install and index", t0)
        runs = in_browser(site, queries, {name: subdir for name, (_, subdir) in bundles.items()}, max(2, a.tabs))
    n = {g: sum(q.group == g for q in queries) for g in ("en", "zh", "cross")}
    print(
        f"\nreal-kb, {len(queries)} judged queries ({n['en']} en, {n['zh']} zh, {n['cross']} cross); "
        f"{a.engine}, {time.perf_counter() - start:.0f} s\n"
    )
    print(table(queries, runs, by_kind=False), end="\n\n")
    print(table(queries, runs, by_kind=True))
    if a.misses:
        for name, ranked in runs.items():
            print(f"\n{name}: misses at 3\n")
            print(misses(queries, name, ranked))


if __name__ == "__main__":
    main()
