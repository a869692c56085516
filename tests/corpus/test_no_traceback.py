"""Inputs and environments that used to end in a traceback, beyond the data corpus: roster
dates at the ends of the calendar, a build cache that is garbage or not a folder, an output
folder that cannot be written. Each ends in an answer, a warning or one line (exit 2), and a
published site is never touched by a build that stops."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpers import MINI, ROOT, leftovers, tree_digest, write

ROSTER = """timezone = "Asia/Shanghai"
horizon_days = 30

[channels.chat]
title = { en = "Live chat", zh = "在线客服" }
reply = { en = "Replies in about 5 minutes", zh = "约 5 分钟内回复" }

[[agents]]
id = "agent-a"
channels = ["chat"]
shifts = ["Mon-Fri 09:00-17:00"]
"""
EXTREMES = {
    "holiday on the first date": '[[holidays]]\nname = "Day one"\ndates = "0001-01-01"\n',
    "holiday on the last date": '[[holidays]]\nname = "Last day"\ndates = "9999-12-31"\n',
    "holiday over every date": '[[holidays]]\nname = "Forever"\ndates = "0001-01-01..9999-12-31"\n',
    "override on the first date": '[[overrides]]\ndate = "0001-01-01"\nchannels = ["chat"]\nhours = "22:00-02:00"\n',
    "override on the last date": '[[overrides]]\ndate = "9999-12-31"\nchannels = ["chat"]\nhours = "22:00-02:00"\n',
}


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, list(args), env=env)
    assert isinstance(result.exception, SystemExit) or result.exception is None, result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    return folder


@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_roster_dates_at_the_ends_of_the_calendar_build(content, tmp_path, name):
    write(content / "roster.toml", ROSTER + "\n" + EXTREMES[name])
    result = run("build", "--content", str(content), "--out", str(tmp_path / "site"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    state = run("roster", "--content", str(content), "--at", "2026-11-23T10:00")
    assert state.exit_code == 0, state.output
    if name == "holiday over every date":
        assert "closed" in state.output.lower()


@pytest.mark.parametrize("at", ["9999-12-31T23:00", "0001-01-01T00:00", "9999-12-31T23:59:59+14:00"])
def test_roster_at_the_ends_of_the_calendar_is_one_line(content, at):
    write(content / "roster.toml", ROSTER)
    result = run("roster", "--content", str(content), "--at", at)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: --at: {at!r} is outside the years 1900 to 9000 it shows",
    ]


def build(content: Path, out: Path):
    return run("build", "--content", str(content), "--out", str(out), "--jobs", "1")


def test_a_cache_whose_length_field_asks_for_terabytes_is_no_cache(content, tmp_path, monkeypatch):
    """A pickle's BINBYTES8 length of 2**62: reading it is a MemoryError (or OverflowError)."""
    # one instant for every build: the notices page says "as of" the minute it was built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1792800000")
    out = tmp_path / "public" / "site"
    assert build(content, out).exit_code == 0
    cache = tmp_path / "public" / ".helpcenter-cache"
    files = [p for p in cache.rglob("*.pickle")]
    assert files
    for path in files:
        path.write_bytes(b"\x80\x05\x8e" + (2**62).to_bytes(8, "little") + b"garbage")
    write(content / "en/recovery/restore.md", (content / "en/recovery/restore.md").read_text() + "\nMore.\n")
    result = build(content, out)
    assert result.exit_code == 0, result.output
    assert "More." in (out / "en/recovery/restore/index.html").read_text(encoding="utf-8")
    cold = tmp_path / "cold"
    assert run("build", "--content", str(content), "--out", str(cold), "--jobs", "1", "--no-cache").exit_code == 0
    assert tree_digest(out) == tree_digest(cold)


def test_a_cache_folder_that_is_a_file_is_a_warning_and_a_cold_build(content, tmp_path):
    out = tmp_path / "public" / "site"
    write(tmp_path / "public" / ".helpcenter-cache", "not a folder\n")
    for _ in range(2):
        result = build(content, out)
        assert result.exit_code == 0, result.output
        assert "warning: the build cache" in result.output and "is not a folder this build can write" in result.output
    assert (tmp_path / "public" / ".helpcenter-cache").read_text() == "not a folder\n"


def test_an_output_whose_parent_is_a_file_is_one_line(content, tmp_path):
    write(tmp_path / "public", "a file\n")
    result = build(content, tmp_path / "public" / "site")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "is a file, not a folder" in lines[0], result.output
    assert (tmp_path / "public").read_text() == "a file\n"


def build_as_writer(content: Path, out: Path) -> tuple[int, str]:
    """`helpcenter build` as a writer runs it. As root (CI runs so), in a process without the
    capabilities that let root ignore file modes, so a read-only folder stops it too."""
    if os.geteuid() != 0:
        result = build(content, out)
        return result.exit_code, result.output
    drop = "-dac_override,-dac_read_search"
    command = ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", sys.executable, "-m", "helpcenter"]
    done = subprocess.run(
        [*command, "build", "--content", str(content), "--out", str(out), "--jobs", "1"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root, and no setpriv to drop")
@pytest.mark.parametrize("which", ["parent", "new parent"])
def test_a_read_only_output_folder_is_one_line_and_the_site_is_untouched(content, tmp_path, which):
    public = tmp_path / "public"
    out = public / "site" if which == "parent" else public / "new" / "site"
    if which == "parent":
        assert build(content, out).exit_code == 0
    else:
        public.mkdir()
    before = tree_digest(public)
    os.chmod(public, 0o555)
    try:
        write(content / "en/recovery/restore.md", (content / "en/recovery/restore.md").read_text() + "\nMore.\n")
        code, output = build_as_writer(content, out)
    finally:
        os.chmod(public, 0o755)
    assert code == 2, output
    assert len(output.strip().splitlines()) == 1 and "cannot write" in output
    assert tree_digest(public) == before
    assert leftovers(out) == []
