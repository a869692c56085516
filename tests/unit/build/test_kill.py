"""`kill -9` at every step of publishing: the output path shows exactly the old site or
exactly the new one, and the next build removes what the killed one left.

The build runs in a forked child process with HELPCENTER_TEST_KILL_AT=n: build/publish.py SIGKILLs
its own process at the n-th step (version written, files carried over, link made, link
switched, old version half removed; and, migrating a real folder, the instant between its
two renames). Full, incremental (hard links from the published version), recycled (the
spare version, the one published before, brought up to date) and migration.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from helpcenter.build.defaults import default_cache_dir
from helpers import MINI, build_site, leftovers, tree_digest

EPOCH = "1792800000"
STEPS = 6  # one more than the longest publish has: the last run is never killed
ARTICLE = Path("en") / "recovery" / "restore.md"


def killed_build(content: Path, out: Path, mode: str, kill_at: int) -> int:
    """Build in a forked child told to SIGKILL itself at publishing step `kill_at`; its exit code."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.environ["HELPCENTER_TEST_KILL_AT"] = str(kill_at)
            build_like_the_cli(content, out, mode)
            code = 0
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def build_like_the_cli(content: Path, out: Path, mode: str) -> None:
    build_site(content, out, cache_dir=None if mode == "full" else default_cache_dir(out))


def retitle(content: Path, old: str, new: str) -> None:
    path = content / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace(f"title: {old} ", f"title: {new} "), encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    return folder


@pytest.mark.parametrize("mode", ["full", "incremental", "recycled", "migration"])
def test_kill_9_at_every_step_of_publishing(content, tmp_path, mode):
    build_site(content, tmp_path / "old" / "site")
    retitle(content, "Restore", "Restoring")
    build_site(content, tmp_path / "new" / "site")
    old, new = tree_digest(tmp_path / "old" / "site"), tree_digest(tmp_path / "new" / "site")
    assert old != new
    killed = completed = 0
    for step in range(1, STEPS + 1):
        public = tmp_path / f"public-{step}"
        out = public / "site"
        retitle(content, "Restoring", "Restore")
        if mode == "migration":  # a real folder, as a helpcenter before versions wrote it
            shutil.copytree(tmp_path / "old" / "site", out)
        elif mode == "full":  # the link and its version, as a build left them
            shutil.copytree(tmp_path / "old", public, symlinks=True)
        elif mode == "recycled":  # new, then old again: the new version stays as the spare
            retitle(content, "Restore", "Restoring")
            build_like_the_cli(content, out, mode)
            retitle(content, "Restoring", "Restore")
            build_like_the_cli(content, out, mode)
            assert any(p.name.startswith(".site.spare-") for p in public.iterdir())
        else:  # the incremental build needs the cache of the build that published the old site
            build_like_the_cli(content, out, mode)
        assert tree_digest(out) == old
        retitle(content, "Restore", "Restoring")

        code = killed_build(content, out, mode, step)
        if code == -signal.SIGKILL:
            killed += 1
            if mode == "migration" and step == 4:  # between its two renames: the one documented gap
                assert not out.exists()
            else:
                assert out.is_dir(), f"killed at step {step}: no output at all"
                assert tree_digest(out) in (old, new), f"killed at step {step}: a mix of old and new files"
        else:
            assert code == 0
            completed += 1
            assert tree_digest(out) == new and leftovers(out) == []

        build_like_the_cli(content, out, mode)  # the next build cleans up and publishes
        assert tree_digest(out) == new, f"after a kill at step {step}, the next build differs from a cold build"
        assert leftovers(out) == [], f"after a kill at step {step}, the next build left {leftovers(out)}"
        kept = [p.name for p in public.iterdir() if p.name != ".helpcenter-cache" and ".spare-" not in p.name]
        assert sorted(kept) == sorted(["site", os.readlink(out)])
    assert killed == {"full": 5, "incremental": 5, "recycled": 5, "migration": 5}[mode] and completed == STEPS - killed
