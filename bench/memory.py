"""Memory of a cold build, phase by phase: where the peak of the process tree's summed PSS is.

    python bench/memory.py --articles 50000   # 100,000 articles (about five minutes here)
    python bench/memory.py                    # 10,000

Runs one `helpcenter build --no-cache` of the synthetic corpus (the one bench/build.py
makes) into a folder under /dev/shm when it can (no disk writes in the way), sampling
every process of the tree each SAMPLE_SECONDS. Prints the peak, its time and each
process's share then; and the peak while articles are read and indexed (the processes
until the search stage is done) and while files are written (after it: the build's
progress lines tell the phases apart).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import _pss_kb, corpus, tree_pids  # the bench's own helpers

SAMPLE_SECONDS = 0.2
TARGET_MB = 2048


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles per language")
    args = parser.parse_args()
    content = corpus(args.articles)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    out = Path(tempfile.mkdtemp(prefix="helpcenter-memory-", dir=base)) / "site"
    argv = [sys.executable, "-m", "helpcenter", "build", "--content", str(content), "--out", str(out), "--no-cache"]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    writing = threading.Event()  # the build has said it writes files

    def watch() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("search:"):  # said when the search stage is done: files come next
                writing.set()

    threading.Thread(target=watch, daemon=True).start()
    peak, at, shares = 0, 0.0, []
    phases = {"reading and indexing": 0, "writing files": 0}
    while proc.poll() is None:
        each = [_pss_kb(p) for p in tree_pids(proc.pid)]
        total = sum(each)
        phase = "writing files" if writing.is_set() else "reading and indexing"
        phases[phase] = max(phases[phase], total)
        if total > peak:
            peak, at = total, time.perf_counter() - started
            shares = sorted((kb for kb in each if kb), reverse=True)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    shutil.rmtree(out.parent, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"helpcenter build failed ({proc.returncode})")
    count = 2 * args.articles
    print(f"cold build of {count:,} articles: {seconds:.1f} s")
    verdict = "met" if peak / 1024 <= TARGET_MB else f"missed by {peak / 1024 / TARGET_MB:.2f}x"
    print(f"peak summed PSS: {peak / 1024:,.0f} MB at {at:.0f} s ({verdict} at {TARGET_MB:,} MB)")
    print("  each process then, MB: " + ", ".join(f"{kb / 1024:,.0f}" for kb in shares))
    for name, kb in phases.items():
        print(f"  peak while {name}: {kb / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
