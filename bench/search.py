#!/usr/bin/env python3
"""Benchmark: search as the visitor sees it, helpcenter against Pagefind on the same built site.

    python bench/search.py [--articles 5000] [--work DIR] [--queries N] [--typed N]
                           [--engine both|ours|pagefind] [--reuse]

1. writes the synthetic corpus (../shared/bench/make_corpus.py, --articles per language,
   so 10,000 articles by default) with the sample site.toml, and builds it;
2. runs Pagefind (pip install 'pagefind[bin]', into WORK/pydeps, not the project's env)
   over the same HTML, and writes a bare page for it (pagefind-bare/<lang>.html: load
   Pagefind, query, fetch the top ten results' fragments, draw them with their excerpts;
   the same again as its box changes, with no debounce);
3. in headless Chromium, per query (en and zh), in a fresh context (cold cache):
   - first query: navigate to /<lang>/search/?q=… (Pagefind: its bare page ?q=…) and time,
     from navigation start, the DOM change that shows the results with excerpts; count
     the bytes and requests of everything search loaded until then;
   - next query typed: on that page, select the box's text and type the language's next
     --typed queries with the keyboard, key by key; each keystroke is timed from its
     input event (its own timestamp, so queueing counts) to the DOM change that shows
     the results for the box's new value. Both pages mark that moment alike: the results
     list's data-query names the query its results answer.
   A MutationObserver installed before the page's scripts records those moments in the page.

Prints the table with ratios, targets and whether each is met, and the machine's load
average (shared machines vary). Served by a local no-compression HTTP/1.0 server: sizes
are what is on disk (both engines ship pre-compressed data).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

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

# What the visitor sees, recorded in the page by an init script (both engines alike): the
# time of each input event (the keystroke's own timestamp, queueing included) and the first
# DOM change after which the results list says it shows the box's current query
# (`data-query` on the list, set once its results are in) with N excerpts.
PROBE_JS = """([list, input, excerpt]) => {
  const probe = window.__probe = { inputs: [], shown: [] };
  addEventListener("beforeinput", (e) => probe.inputs.push(e.timeStamp), true);
  const seen = () => {
    const ol = document.querySelector(list), box = document.querySelector(input);
    if (!ol || !box || ol.dataset.query === undefined || ol.dataset.query !== box.value) return;
    const last = probe.shown[probe.shown.length - 1];
    if (last && last.q === box.value && last.n === probe.inputs.length) return;
    probe.shown.push({ q: box.value, t: performance.now(), n: probe.inputs.length,
      items: ol.children.length, excerpts: ol.querySelectorAll(excerpt).length,
      top: [...ol.querySelectorAll("a")].slice(0, 10).map((a) => a.getAttribute("href")) });
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}"""
ENGINES = {  # results list, query box, an excerpt; the page a first query navigates to
    "ours": ("#search-results", "#search-q", ".result-excerpt", "/{lang}/search/?q={q}"),
    "pagefind": ("#results", "#q", ".excerpt", "/pagefind-bare/{lang}.html?q={q}"),
}
# The bare Pagefind page: load Pagefind, query, fetch the top ten results' fragments (their
# excerpts), draw them, and the same again as the box changes, with no debounce.
PAGEFIND_HTML = """<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>Pagefind</title>
<input id="q" type="search"><ol id="results"></ol><script type="module" src="bare.js"></script></html>"""
PAGEFIND_BARE_JS = """const input = document.querySelector("#q"), list = document.querySelector("#results");
const engine = import("/pagefind/pagefind.js").then(async (m) => { await m.init(); return m; });
async function run() {
  const q = input.value, m = await engine;
  const search = q.trim() ? await m.search(q) : { results: [] };
  if (input.value !== q) return;
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  if (input.value !== q) return;
  const items = data.map((d) => {
    const li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
    a.href = d.url; a.textContent = d.meta.title; p.className = "excerpt"; p.innerHTML = d.excerpt;
    li.append(a, p);
    return li;
  });
  list.replaceChildren(...items);
  list.dataset.query = q;
}
input.addEventListener("input", run);
input.value = new URLSearchParams(location.search).get("q") || "";
if (input.value) run();
"""


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


def write_pagefind_page(site: Path, langs: set[str]) -> None:
    bare = site / "pagefind-bare"
    bare.mkdir(exist_ok=True)
    (bare / "bare.js").write_text(PAGEFIND_BARE_JS, encoding="utf-8")
    for lang in langs:
        (bare / f"{lang}.html").write_text(PAGEFIND_HTML.replace("{lang}", lang), encoding="utf-8")


def loads_for_search(engine: str, url: str) -> bool:
    """Whether a response is something search loads (the page itself, its styles, the banner's
    data are not counted, for either engine)."""
    path = urlsplit(url).path
    if engine == "pagefind":
        return path.startswith("/pagefind/") or path.endswith("/bare.js")
    return path.startswith("/search/") or path.endswith(("/search.js", "/search-worker.js"))


def arrived_by(request, origin: float, moment: float) -> bool:
    """Whether a finished request's response had ended `moment` ms after the page's time
    origin (epoch ms); one without timings counts."""
    timing = request.timing
    if timing["startTime"] <= 0 or timing["responseEnd"] < 0:
        return True
    return timing["startTime"] + timing["responseEnd"] - origin <= moment


def transferred(request) -> int:
    """Bytes of a finished request's response, headers and body. A worker's own script
    reports no body size (Chromium): its Content-Length stands for it."""
    sizes = request.sizes()
    body = sizes["responseBodySize"]
    if not body:
        response = request.response()
        body = int((response.all_headers().get("content-length") if response else None) or 0)
    return body + sizes["responseHeadersSize"]


def measure(browser, url: str, engine: str, queries, typed: int, only=None) -> dict:
    """Per query, a fresh browser context (cold cache): navigate to the engine's page with the
    query in the URL until the results with excerpts are drawn (ms from navigation start), and
    what search downloaded until then; then, on that page, type the language's next `typed`
    queries into the box with the keyboard (select all, then key by key), timing each keystroke
    until the results for the box's new value are drawn. `only`: the first queries to run
    (default: all), the next ones still taken from `queries`."""
    list_sel, input_sel, excerpt_sel, page_url = ENGINES[engine]
    first, sizes, requests, keys, tops = [], [], [], [], []
    for lang, q in only or queries:
        context = browser.new_context()
        context.add_init_script(f"({PROBE_JS})({json.dumps([list_sel, input_sel, excerpt_sel])})")
        seen: list = []
        context.on("requestfinished", lambda r, seen=seen: seen.append(r) if loads_for_search(engine, r.url) else None)
        page = context.new_page()
        page.goto(url + page_url.format(lang=lang, q=quote(q)), wait_until="commit")
        page.wait_for_function("(q) => window.__probe && window.__probe.shown.some((s) => s.q === q)", arg=q)
        shown = page.evaluate("(q) => window.__probe.shown.find((s) => s.q === q)", q)
        assert shown["excerpts"] or not shown["items"], shown
        first.append(shown["t"])
        tops.append((lang, q, shown["top"]))
        # what had arrived when the results were shown: a request finishing later (the
        # offline worker's, say) may still be reported before the probe is read
        origin = page.evaluate("performance.timeOrigin")
        loaded = [r for r in list(seen) if arrived_by(r, origin, shown["t"])]
        sizes.append(sum(map(transferred, loaded)))
        requests.append(len(loaded))
        same = [q2 for lang2, q2 in queries if lang2 == lang]
        nexts = [same[(same.index(q) + k) % len(same)] for k in range(1, typed + 1)] if len(same) > 1 else []
        page.click(input_sel)
        for q2 in nexts:
            page.keyboard.press("ControlOrMeta+A")
            for n in range(1, len(q2) + 1):
                page.keyboard.type(q2[n - 1])
                value = page.evaluate(f"document.querySelector({json.dumps(input_sel)}).value")
                page.wait_for_function(
                    "([v, n]) => window.__probe.shown.some((s) => s.q === v && s.n === n)",
                    arg=[value, page.evaluate("window.__probe.inputs.length")],
                )
                keys.append(
                    page.evaluate(
                        "(v) => { const p = window.__probe, s = p.shown.find((s) => s.q === v && s.n === p.inputs.length);"
                        " return s.t - p.inputs[p.inputs.length - 1]; }",
                        value,
                    )
                )
        context.close()
        print(f"{engine} {lang} {q!r}: first {shown['t']:.0f} ms, {sizes[-1] / 1024:.1f} KiB", file=sys.stderr)
    return {"first_ms": first, "bytes": sizes, "requests": requests, "keys": keys, "tops": tops}


def verdict(mine: float, target: float, lower_is_better: bool = True) -> str:
    if (mine <= target) if lower_is_better else (mine >= target):
        return "met"
    return f"missed by {mine / target:.2f}×" if lower_is_better else f"missed: {mine:.2f}× of {target:.1f}×"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000, help="articles per language (make_corpus.py)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/helpcenter-bench"))
    ap.add_argument("--queries", type=int, default=len(QUERIES))
    ap.add_argument("--typed", type=int, default=2, help="next queries typed on each query's page")
    ap.add_argument("--engine", choices=["both", "ours", "pagefind"], default="both")
    ap.add_argument("--reuse", action="store_true", help="reuse a corpus, build and Pagefind index in --work")
    ap.add_argument(
        "--baseline",
        type=Path,
        help="a site folder built by another version of helpcenter from the same corpus: measured "
        "too, query by query in turn with the others, for a before/after in one run",
    )
    a = ap.parse_args()
    site, build_s = build_corpus(a.work, a.articles, a.reuse)
    pf_s = run_pagefind(a.work, site) if not (a.reuse and (site / "pagefind").is_dir()) else float("nan")
    queries = QUERIES[: a.queries]
    write_pagefind_page(site, {lang for lang, _ in queries})
    url, server = serve(site)
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    # (name, engine, url): each query runs on each in turn, so a change in the machine's load
    # falls on all of them alike
    variants = [(e, e, url) for e in (["ours", "pagefind"] if a.engine == "both" else [a.engine])]
    servers = [server]
    if a.baseline:
        base_url, base_server = serve(a.baseline)
        servers.append(base_server)
        variants.append(("baseline", "ours", base_url))
    runs: dict[str, dict] = {name: {} for name, _, _ in variants}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for query in queries:
                for name, engine, at in variants:
                    for key, values in measure(browser, at, engine, queries, a.typed, [query]).items():
                        runs[name].setdefault(key, []).extend(values)
            browser.close()
    finally:
        for each in servers:
            each.shutdown()
    load_after = os.getloadavg()
    empty = {"first_ms": [float("nan")], "bytes": [float("nan")], "requests": [float("nan")], "keys": [float("nan")]}
    ours, pf = runs.get("ours", empty), runs.get("pagefind", empty)
    ours_disk = dir_size(site / "search") + sum(
        (site / "assets" / "js" / n).stat().st_size for n in ("search.js", "search-worker.js")
    )
    pf_disk = dir_size(site / "pagefind") if (site / "pagefind").is_dir() else float("nan")

    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    first_ratio = med(pf["first_ms"]) / med(ours["first_ms"])
    bytes_ratio = med(pf["bytes"]) / med(ours["bytes"])
    rows = [
        (
            "first query through the UI: ms to results with excerpts (median)",
            med(ours["first_ms"]),
            med(pf["first_ms"]),
            "≤ 200 ms, ≥ 2.5× faster",
            _both(verdict(med(ours["first_ms"]), 200), verdict(first_ratio, 2.5, lower_is_better=False)),
        ),
        ("first query: ms (max)", max(ours["first_ms"]), max(pf["first_ms"]), "", ""),
        (
            "next query typed: ms from keystroke to its results (median)",
            med(ours["keys"]),
            med(pf["keys"]),
            "≤ 30 ms",
            verdict(med(ours["keys"]), 30),
        ),
        ("next query typed: ms (p95)", _p95(ours["keys"]), _p95(pf["keys"]), "", ""),
        (
            "first query: KiB downloaded (median)",
            med(ours["bytes"]) / 1024,
            med(pf["bytes"]) / 1024,
            "≤ 100 KiB for every query (the max), ≥ 2× fewer",
            _both(verdict(max(ours["bytes"]) / 1024, 100), verdict(bytes_ratio, 2, lower_is_better=False)),
        ),
        ("first query: KiB downloaded (max)", max(ours["bytes"]) / 1024, max(pf["bytes"]) / 1024, "", ""),
        ("first query: requests (median)", med(ours["requests"]), med(pf["requests"]), "", ""),
        ("index on disk: MiB", ours_disk / 2**20, pf_disk / 2**20, "", ""),
    ]
    print(
        f"\n{a.articles * 2} articles, {len(queries)} first queries (en and zh), "
        f"{len(ours['keys'])} keystrokes typed; build {build_s:.1f} s, pagefind {pf_s:.1f} s; "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (2 cores)\n"
    )
    print("| metric | helpcenter | Pagefind | Pagefind / helpcenter | target | |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for name, mine, theirs, target, met in rows:
        ratio = theirs / mine if mine else float("nan")
        print(f"| {name} | {mine:.1f} | {theirs:.1f} | {ratio:.2f}× | {target} | {met} |")
    if "baseline" in runs:
        old = runs["baseline"]
        print(f"\nbefore ({a.baseline}) and now, in the same run:\n")
        print("| metric | before | now | before / now |")
        print("| --- | ---: | ---: | ---: |")
        for name, key, scale in (
            ("first query: ms (median)", "first_ms", 1),
            ("next query typed: ms per keystroke (median)", "keys", 1),
            ("first query: KiB (median)", "bytes", 1024),
        ):
            was, now = med(old[key]) / scale, med(ours[key]) / scale
            print(f"| {name} | {was:.1f} | {now:.1f} | {was / now if now else float('nan'):.2f}× |")


def _both(a: str, b: str) -> str:
    return "met" if a == b == "met" else f"{a}; {b}"


def _p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
