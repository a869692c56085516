#!/usr/bin/env python3
"""Benchmark: a saved edit in `helpcenter serve`, from the file write to the reloaded page in Chromium.

    python bench/serve.py                      # 1,000 and 10,000 articles (500 and 5,000 per language)
    python bench/serve.py --articles 500       # one size

For each size: the synthetic corpus (../shared/bench/make_corpus.py, as bench/build.py makes
it), `helpcenter serve` started on it (its first build is not measured), and headless
Chromium showing the article about to be edited. Then, --edits times per language, one
sentence is added to an English or a Chinese article and the clock runs from the write
until the reloaded page has fired `load` (the page's own navigation timing, on the same
clock as the write: epoch milliseconds); the page must show the new sentence. As soon as
that page has loaded, the sentence is changed again and timed the same way: at 10,000
articles this second save lands while the first one's build runs. The article is restored
after each edit (those builds are waited for, not measured).

Prints a Markdown table: the median and the worst save-to-reload per size and language,
with the server's own build time ("rebuilt … in X s") beside it, against issue 15's
target (≤ 0.3 s at 10,000 articles). The server's output is kept in bench/.work/serve-N.log.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import ROOT, WORK, corpus  # bench/build.py: the same corpus

CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
SENTENCES = {"en": "One more sentence for the benchmark, number {n}.", "zh": "为基准测试多加一句话，第 {n} 句。"}
SERVE = [sys.executable, "-m", "helpcenter.cli", "serve"]
TARGET = 0.3  # seconds, at 10,000 articles (issue 15)


class Server:
    """`helpcenter serve` in a child process; its output lines are collected as they come."""

    def __init__(self, content: Path, out: Path, port: int):
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.proc = subprocess.Popen(
            [*SERVE, "--content", str(content), "--out", str(out), "--port", str(port)],
            env={**os.environ, "CI": "1", "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("serving "):
                self.ready.set()

    def build_times(self) -> list[float]:
        return [
            float(m.group(1)) for line in self.lines if (m := re.search(r"rebuilt \d+ articles in ([\d.]+)s", line))
        ]

    def wait_build(self, before: int, timeout: float = 300) -> float:
        """The time of the first build the server reports after `before` builds."""
        deadline = time.monotonic() + timeout
        while len(self.build_times()) <= before:
            if time.monotonic() > deadline:
                raise SystemExit("the server reported no build:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.05)
        return self.build_times()[before]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit_once(page, article: Path, original: str, sentence: str, url: str) -> float:
    """Write the edit, wait for the reload that shows it; seconds from the write to its `load`."""
    edited = original.replace("\n## ", f"\n{sentence}\n\n## ", 1)
    with page.expect_navigation(url=url, wait_until="load", timeout=120_000):
        written = time.time()
        article.write_text(edited, encoding="utf-8")
    loaded_ms = page.evaluate("performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd")
    if sentence not in page.content():
        raise SystemExit(f"the reloaded page does not show the edit: {url}\n{page.content()[:3000]}")
    return loaded_ms / 1000 - written


def restore(page, article: Path, original: str, url: str) -> None:
    with page.expect_navigation(url=url, wait_until="load", timeout=120_000):
        article.write_text(original, encoding="utf-8")


Row = tuple[str, list[float], list[float], list[float]]  # language, save to reload, again, build


def measure_size(per_language: int, edits: int, browser) -> list[Row]:
    content = corpus(per_language)
    out = WORK / f"serve-site-{per_language}"
    port = free_port()
    server = Server(content, out, port)
    rows = []
    try:
        if not server.ready.wait(timeout=1800):
            raise SystemExit("helpcenter serve did not start:\n" + "\n".join(server.lines[-20:]))
        page = browser.new_page()
        for lang in ("en", "zh"):
            article = sorted((content / lang / "transfers").glob("*.md"))[0]
            original = article.read_text(encoding="utf-8")
            url = f"http://127.0.0.1:{port}/{lang}/transfers/{article.stem}/"
            page.goto(url, wait_until="load")
            page.wait_for_timeout(500)  # the live-reload script's event stream is open
            seconds, again, builds = [], [], []
            try:
                for n in range(edits):
                    before = len(server.build_times())
                    seconds.append(edit_once(page, article, original, SENTENCES[lang].format(n=n), url))
                    # at once, a second save, while the first one's build runs (at 10,000 articles)
                    again.append(edit_once(page, article, original, SENTENCES[lang].format(n=f"{n}b"), url))
                    builds.append(server.wait_build(before))  # the first save's build
                    server.wait_build(before + 1)
                    restore(page, article, original, url)
                    server.wait_build(before + 2)
                    page.wait_for_timeout(300)
            finally:
                if article.read_text(encoding="utf-8") != original:  # an unchanged write would start a build
                    article.write_text(original, encoding="utf-8")
            rows.append((lang, seconds, again, builds))
        page.close()
    finally:
        server.stop()
        (WORK / f"serve-{per_language}.log").write_text("\n".join(server.lines) + "\n", encoding="utf-8")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[500, 5000], help="articles per language")
    parser.add_argument("--edits", type=int, default=3, help="edits per language and size")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "helpcenter")], check=True)
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            for per_language in args.articles:
                for lang, seconds, again, builds in measure_size(per_language, args.edits, browser):
                    results.append((2 * per_language, lang, seconds, again, builds))
        finally:
            browser.close()
    print(f"\nload average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
    print(
        "\n| articles | edit | save to reloaded page: median (worst) | a second save at once, "
        "while the first one's build runs | the server's build | target |"
    )
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    for articles, lang, seconds, again, builds in results:
        median = statistics.median(seconds)
        target = f"≤ {TARGET} s: " + ("met" if median <= TARGET else f"missed by {median / TARGET:.1f}×")
        print(
            f"| {articles:,} | one {lang} article | {median:.2f} s ({max(seconds):.2f} s) "
            f"| {statistics.median(again):.2f} s ({max(again):.2f} s) | {statistics.median(builds):.2f} s | {target if articles >= 10_000 else ''} |"
        )


if __name__ == "__main__":
    main()
