"""write_files: every file of a build (pages, Markdown copies, search files) is written by
this process and forked workers when there are many, exactly as one process would write it; a file
that cannot be made stops the build with what went wrong. Forking runs in a fresh
process (the test runner's own threads make forking unsafe there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpcenter.render.page_writer import ROUNDS

SCRIPT = """
import os, sys, time
from pathlib import Path

from helpcenter.render.page_writer import ROUNDS
from helpcenter.build import workers
from helpcenter.build.publish import Stage
from helpcenter.render import page_writer
from helpcenter.render.page_writer import write_files

root, count, failing = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "fail"
if sys.argv[3] == "rounds":
    page_writer.ROUND_FILES = count // page_writer.ROUNDS  # as many rounds as a large site's
stage = Stage(root, incremental=False)
pids = root.parent / "pids"  # a file per process that made a file
pids.mkdir()
main = os.getpid()

def make(i):
    def made():
        (pids / str(os.getpid())).touch()
        deadline = time.monotonic() + 60
        while os.getpid() == main and len(os.listdir(pids)) < 2 and count > 100 and time.monotonic() < deadline:
            time.sleep(0.005)  # this process's first file waits for a worker's: both take part
        if failing and i == count - 7:
            raise ValueError("no such snippet")
        return f"<p>page {i} é</p>" if i % 3 else bytes([i % 256]) * (i % 50)
    return made

pools = []
forked_pool = workers.forked_pool
def counted(n):
    pools.append(n)
    return forked_pool(n)
workers.forked_pool = counted

pending = [(f"d{i % 9}/f{i}/index.{'html' if i % 3 else 'bin'}", make(i)) for i in range(count)]
try:
    write_files(pending, stage, jobs=2)
except RuntimeError as exc:
    print(str(exc).splitlines()[0], "no such snippet" in str(exc))
else:
    made_in = {int(name) for name in os.listdir(pids)}
    print(len(stage.written), len(made_in), main in made_in, len(pools))
"""


def _run(root: Path, count: int, mode: str = "ok") -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root / "site"), str(count), mode],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _expected(i: int) -> bytes:
    return f"<p>page {i} é</p>".encode() if i % 3 else bytes([i % 256]) * (i % 50)


def test_many_files_are_written_by_workers_byte_for_byte(tmp_path):
    count = 1000  # above MANY_ARTICLES: worth the workers
    written, makers, here, pools = _run(tmp_path, count).split()
    assert int(written) == count  # every file listed as written, whichever process wrote it
    assert here == "True" and int(makers) == 2 and pools == "1"  # this process and its one worker (jobs=2)
    for i in range(count):
        ext = "html" if i % 3 else "bin"
        assert (tmp_path / "site" / f"d{i % 9}/f{i}/index.{ext}").read_bytes() == _expected(i)


def test_a_few_files_are_written_by_this_process(tmp_path):
    written, makers, here, pools = _run(tmp_path, 30).split()
    assert (written, makers, here, pools) == ("30", "1", "True", "0")
    assert (tmp_path / "site" / "d1/f10/index.html").read_bytes() == _expected(10)


def test_a_file_that_cannot_be_made_in_a_worker_fails_the_build_with_the_reason(tmp_path):
    out = _run(tmp_path, 1000, "fail")
    assert out == "writing a file of the site failed: True"  # and the traceback says why


def test_a_large_site_forks_its_worker_afresh_for_each_round(tmp_path):
    """What a worker copied of the shared site model goes with it at the end of its round."""
    count = 1600
    written, makers, here, pools = _run(tmp_path, count, "rounds").split()
    assert int(written) == count and here == "True"
    assert int(pools) == ROUNDS and 2 <= int(makers) <= 1 + ROUNDS  # one worker at a time, each new
    for i in range(count):
        ext = "html" if i % 3 else "bin"
        assert (tmp_path / "site" / f"d{i % 9}/f{i}/index.{ext}").read_bytes() == _expected(i)
