#!/usr/bin/env python3
"""Benchmark: helpcenter's search against Pagefind on the same built site, in headless Chromium.

    python bench/search.py [--articles 5000] [--work DIR] [--queries N] [--reuse]

1. writes the synthetic corpus (../shared/bench/make_corpus.py, --articles per language,
   so 10,000 articles by default) with the sample site.toml, and builds it;
2. runs Pagefind (pip install 'pagefind[bin]', into WORK/pydeps, not the project's env)
   over the same HTML;
3. in headless Chromium, for each query (en and zh) on a fresh page: bytes and requests
   for everything search loads for a first query including the top-10 excerpts, time to
   those results, then warm query times (each query again once the engine and its data are
   loaded); and each index's size on disk.

Prints a table with ratios. Served by a local no-compression HTTP server: sizes are what
is on disk (both engines ship pre-compressed data).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # the workspace's shared/ folder, beside this checkout
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
QUERIES = [
    ("en", "recovery phrase"),
    ("en", "pending transfer"),
    ("en", "network fee"),
    ("en", "phishing scam"),
    ("en", "why is my transfer stuck"),
    ("en", "revoke approval"),
    ("en", "hardware wallet firmware"),
    ("zh", "助记词"),
    ("zh", "转账待确认"),
    ("zh", "手续费"),
    ("zh", "钓鱼诈骗"),
    ("zh", "人工客服工作时间"),
    ("zh", "为什么转账卡住了"),
    ("zh", "撤销授权"),
]

# In the page: run one query through an engine, return timing and the results' URLs.
OURS_JS = """async ([q, lang, base]) => {
  const t0 = performance.now();
  if (!window.__worker) {
    const url = document.querySelector('[data-worker]').dataset.worker;
    window.__worker = new Worker(url, {type: 'module'});
    window.__pending = new Map();
    window.__worker.onmessage = ({data}) => { window.__pending.get(data.id)(data); };
  }
  const id = Math.random();
  const reply = await new Promise((done) => { window.__pending.set(id, done);
    window.__worker.postMessage({id, base, lang, q, offset: 0, limit: 10}); });
  return {ms: performance.now() - t0, n: reply.total, top: reply.cards.map((c) => c.url), error: reply.error};
}"""
PAGEFIND_JS = """async ([q, lang, base]) => {
  const t0 = performance.now();
  if (!window.__pagefind) { window.__pagefind = await import(base + 'pagefind/pagefind.js'); await window.__pagefind.init(); }
  const search = await window.__pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return {ms: performance.now() - t0, n: search.results.length, top: data.map((d) => d.url)};
}"""


def build_corpus(work: Path, articles: int, reuse: bool) -> tuple[Path, float]:
    content, site = work / "content", work / "site"
    if reuse and (site / "search").is_dir() and (site / "pagefind").is_dir():
        return site, float("nan")
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(SHARED / "bench" / "make_corpus.py"), "--out", str(content), "--articles", str(articles)],
        check=True,
    )
    shutil.copy(ROOT / "content" / "site.toml", content / "site.toml")
    # in a process of its own: the build's heap left in this one would slow the file
    # server thread below, and with it every timing
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "helpcenter.cli", "build", "--no-cache", "--content", str(content), "--out", str(site)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "CI": "1", "PYTHONPATH": str(ROOT / "src")},
    )
    return site, time.perf_counter() - start


def run_pagefind(work: Path, site: Path, extra: str = "bin", subdir: str = "pagefind") -> float:
    """Index `site` into site/`subdir` with pagefind[`extra`]: "bin", or "extended" (segments Chinese)."""
    deps = work / ("pydeps" if extra == "bin" else f"pydeps-{extra}")  # apart: pagefind runs extended if it is there
    env = {**os.environ, "PYTHONPATH": str(deps)}
    if subprocess.run([sys.executable, "-c", "import pagefind"], env=env, capture_output=True).returncode:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(deps), f"pagefind[{extra}]"], check=True
        )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", subdir],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    Quiet.extensions_map = {
        **Quiet.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(browser, url: str, engine: str, queries) -> dict:
    script, names = (
        (OURS_JS, ["/search/", "search-worker.js", "search.js"]) if engine == "ours" else (PAGEFIND_JS, ["/pagefind/"])
    )
    first, sizes, requests, warm = [], [], [], []
    for lang, q in queries:
        context = browser.new_context()
        seen: list = []  # every response search loads, the worker's included
        context.on("requestfinished", lambda r, seen=seen: seen.append(r) if any(n in r.url for n in names) else None)
        page = context.new_page()
        page.goto(f"{url}/{lang}/recovery/")
        page.wait_for_load_state("networkidle")
        result = page.evaluate(script, [q, lang, "/"])
        assert not result.get("error"), result
        first.append(result["ms"])
        sizes.append(sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in seen))
        requests.append(len(seen))
        for lang2, q2 in queries:  # warm: the engine is up; each query once to load, then timed
            if lang2 == lang:
                page.evaluate(script, [q2, lang2, "/"])
                warm.append(page.evaluate(script, [q2, lang2, "/"])["ms"])
        context.close()
    return {"first_ms": first, "bytes": sizes, "requests": requests, "warm": warm}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000, help="articles per language (make_corpus.py)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/helpcenter-bench"))
    ap.add_argument("--queries", type=int, default=len(QUERIES))
    ap.add_argument("--reuse", action="store_true", help="reuse a corpus, build and Pagefind index in --work")
    a = ap.parse_args()
    site, build_s = build_corpus(a.work, a.articles, a.reuse)
    pf_s = run_pagefind(a.work, site) if not (a.reuse and (site / "pagefind").is_dir()) else float("nan")
    url, server = serve(site)
    queries = QUERIES[: a.queries]
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            ours = measure(browser, url, "ours", queries)
            pf = measure(browser, url, "pagefind", queries)
            browser.close()
    finally:
        server.shutdown()
    ours_disk = dir_size(site / "search") + sum(
        (site / "assets" / "js" / n).stat().st_size for n in ("search.js", "search-worker.js")
    )
    rows = [
        (
            "first query: KiB downloaded (median)",
            statistics.median(ours["bytes"]) / 1024,
            statistics.median(pf["bytes"]) / 1024,
        ),
        ("first query: KiB downloaded (max)", max(ours["bytes"]) / 1024, max(pf["bytes"]) / 1024),
        ("first query: requests (median)", statistics.median(ours["requests"]), statistics.median(pf["requests"])),
        (
            "first query: ms to top-10 with excerpts (median)",
            statistics.median(ours["first_ms"]),
            statistics.median(pf["first_ms"]),
        ),
        ("first query: ms (max)", max(ours["first_ms"]), max(pf["first_ms"])),
        ("warm query: ms (median)", statistics.median(ours["warm"]), statistics.median(pf["warm"])),
        ("warm query: ms (p95)", _p95(ours["warm"]), _p95(pf["warm"])),
        ("index on disk: MiB", ours_disk / 2**20, dir_size(site / "pagefind") / 2**20),
    ]
    print(
        f"\n{a.articles * 2} articles, {len(queries)} queries (en and zh); build {build_s:.1f} s, pagefind {pf_s:.1f} s\n"
    )
    print("| metric | helpcenter | Pagefind | Pagefind / helpcenter |")
    print("| --- | ---: | ---: | ---: |")
    for name, mine, theirs in rows:
        print(f"| {name} | {mine:.1f} | {theirs:.1f} | {theirs / mine if mine else float('nan'):.1f}× |")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
