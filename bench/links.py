"""Link-checking benchmark: `helpcenter check` over one article with many links.

    python bench/links.py                      # 10,000 and 50,000 links
    python bench/links.py --links 2000 10000   # other sizes

Each size is an article whose body is that many lines `See [step N](restore.md#steps).`
plus, every tenth line, an image and a link to a missing article (the lines of broken
links are looked up). Prints the seconds of `check` for each size and the ratio of the
largest to the smallest: linear checking keeps the ratio near the ratio of the sizes
(5 for 10,000 and 50,000); quadratic checking makes it near its square (25).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def make_content(folder: Path, links: int) -> Path:
    content = folder / f"content-{links}"
    shutil.copytree(MINI, content)
    lines = []
    for n in range(links):
        if n % 10 == 9:
            lines.append(f"![screen {n}](restore-{n}.png) and [gone](gone-{n}.md)")
        else:
            lines.append(f"See [step {n}](restore.md#steps).")
    body = "\n\n".join(lines)
    (content / "en" / "recovery" / "many-links.md").write_text(f"---\ntitle: Many links\n---\n\n{body}\n")
    return content


def time_check(content: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "helpcenter", "check", "--content", str(content)], capture_output=True, env=env
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 1 or b"link to a missing article" not in result.stdout:  # the broken ones are found
        raise SystemExit(f"unexpected check result ({result.returncode}):\n{result.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--links", type=int, nargs="+", default=[10_000, 50_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpcenter-bench-links-") as tmp:
        times = {n: time_check(make_content(Path(tmp), n)) for n in sorted(args.links)}
    print("| links | check (s) |\n| ---: | ---: |")
    for n, seconds in times.items():
        print(f"| {n:,} | {seconds:.2f} |")
    small, large = min(times), max(times)
    print(f"\nratio {large:,} / {small:,} links: {times[large] / times[small]:.2f} (sizes: {large / small:.1f})")


if __name__ == "__main__":
    main()
