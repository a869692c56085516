"""Build-speed benchmark: helpcenter against Hugo and MkDocs + Material, in one run.

    python bench/build.py                 # 10,000 articles (5,000 per language), 2,000 for MkDocs
    python bench/build.py --articles 500  # a quicker run

Measures, for helpcenter: a cold full build, a warm rebuild with no change, and a
rebuild after editing one article, English then Chinese (wall time and the peak of the
process tree's summed PSS);
for Hugo (`apt-get install hugo`): the same Markdown with a minimal theme; for MkDocs +
Material (`pip install mkdocs mkdocs-material`): the corpus of --mkdocs-articles per
language. Prints a Markdown table with ratios. Peers that are not installed are skipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
WORK = ROOT / "bench" / ".work"


@dataclass
class Run:
    name: str
    seconds: float
    peak_mb: float
    note: str = ""


def tree_memory_kb(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc: the sum of their PSS
    (proportional set size), so pages that forked workers share are counted once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _pss_kb(p)
        todo += children.get(p, [])
    return total


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(
    name: str, argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, repeat: int = 1
) -> Run:
    """Wall time (the median of `repeat` runs) and the largest memory peak among them. Memory
    is sampled every SAMPLE_SECONDS: reading /proc costs a few milliseconds of CPU, which on
    two cores would otherwise slow what is measured."""
    runs = [_measure_once(name, argv, cwd, env) for _ in range(repeat)]
    seconds = sorted(r.seconds for r in runs)[len(runs) // 2]
    return Run(name, seconds, max(r.peak_mb for r in runs))


SAMPLE_SECONDS = 0.2


def _measure_once(name: str, argv: list[str], cwd: Path | None, env: dict[str, str] | None) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_memory_kb(proc.pid))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}):\n{err[-3000:]}")
    return Run(name, elapsed, peak / 1024)


def corpus(articles: int) -> Path:
    target = WORK / f"corpus-{articles}"
    if not (target / "site.toml").is_file():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(MAKE_CORPUS), "--out", str(target), "--articles", str(articles)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copy(ROOT / "content" / "site.toml", target / "site.toml")
    return target


def helpcenter_runs(content: Path) -> list[Run]:
    out = WORK / "helpcenter-site"
    cache = WORK / ".helpcenter-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cli = [sys.executable, "-m", "helpcenter.cli", "build", "--content", str(content), "--out", str(out)]
    env = {"CI": "1"}
    cold = measure("helpcenter cold", [*cli, "--no-cache"], env=env)
    measure("helpcenter (fill the cache)", cli, env=env)
    warm = measure("helpcenter warm, no change", cli, env=env)
    edits = []
    for lang, sentence in (("en", "One more sentence for the benchmark."), ("zh", "为基准测试多加一句话。")):
        article = sorted((content / lang / "transfers").glob("*.md"))[0]
        original = article.read_text(encoding="utf-8")
        try:
            article.write_text(original.replace("\n## ", f"\n{sentence}\n\n## ", 1), encoding="utf-8")
            edits.append(measure(f"helpcenter one {lang} article edited", cli, env=env))
        finally:
            article.write_text(original, encoding="utf-8")
        measure("helpcenter (edit undone)", cli, env=env)
    return [cold, warm, *edits]


HUGO_CONFIG = """
baseURL = "https://help.example.com/"
title = "bench"
defaultContentLanguage = "zh"
disableKinds = ["taxonomy", "term", "RSS"]
[languages.zh]
contentDir = "content/zh"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
[markup.goldmark.renderer]
unsafe = false
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!doctype html><html lang="{{ .Lang }}"><head><meta charset=utf-8><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav><main>{{ block "main" . }}{{ end }}</main></body></html>',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}',
}


def hugo_run(content: Path) -> Run | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    site = WORK / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    for lang in ("zh", "en"):
        os.symlink(content / lang, site / "content" / lang)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        (site / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / rel).write_text(text)
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    run = measure("Hugo", [hugo, "--quiet", "--destination", str(WORK / "hugo-public")], cwd=site)
    run.note = f"hugo {version}, minimal theme"
    return run


def mkdocs_run(articles: int) -> Run | None:
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        return None
    content = corpus(articles)
    site = WORK / "mkdocs"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "mkdocs.yml").write_text(
        f"site_name: bench\ndocs_dir: {content}\nsite_dir: {WORK / 'mkdocs-site'}\n"
        "theme:\n  name: material\nplugins:\n  - search\nmarkdown_extensions:\n  - toc\n  - tables\n  - admonition\n"
    )
    run = measure("MkDocs + Material", [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site)
    run.note = f"{2 * articles} articles"
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles per language for helpcenter and Hugo")
    parser.add_argument("--mkdocs-articles", type=int, default=1000, help="articles per language for MkDocs")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    content = corpus(args.articles)
    print(f"corpus: {2 * args.articles} articles, {os.cpu_count()} cores", file=sys.stderr)
    runs = helpcenter_runs(content)
    hugo = hugo_run(content)
    mkdocs = mkdocs_run(args.mkdocs_articles)
    cold = runs[0]
    print("\n| build | wall | peak memory (PSS) | ratio |\n| --- | ---: | ---: | --- |")
    for run in runs:
        print(f"| {run.name} ({2 * args.articles} articles) | {run.seconds:.2f} s | {run.peak_mb:.0f} MB | |")
    if hugo:
        print(
            f"| {hugo.name} ({2 * args.articles} articles; {hugo.note}) | {hugo.seconds:.2f} s | {hugo.peak_mb:.0f} MB "
            f"| helpcenter cold = {cold.seconds / hugo.seconds:.2f}× Hugo |"
        )
    if mkdocs:
        small = corpus(args.mkdocs_articles)
        same = measure(
            "helpcenter cold",
            [
                sys.executable,
                "-m",
                "helpcenter.cli",
                "build",
                "--no-cache",
                "--content",
                str(small),
                "--out",
                str(WORK / "helpcenter-small"),
            ],
            env={"CI": "1"},
            repeat=3,
        )
        print(f"| helpcenter cold ({mkdocs.note}) | {same.seconds:.2f} s | {same.peak_mb:.0f} MB | |")
        print(
            f"| {mkdocs.name} ({mkdocs.note}) | {mkdocs.seconds:.2f} s | {mkdocs.peak_mb:.0f} MB "
            f"| helpcenter is {mkdocs.seconds / same.seconds:.1f}× faster |"
        )


if __name__ == "__main__":
    main()
