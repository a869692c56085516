"""The record of the published output: what an incremental build computes from the paths it
touched equals the output read in full, and anything done to the output since makes the
next build start afresh."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpcenter.build.record import intact, record
from helpers import mini_with_roster, tree_digest


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return mini_with_roster(tmp_path)


def warm(content: Path, out: Path):
    return build(content, out, jobs=1, cache_dir=out.parent / "cache")


def kept_record(out: Path):
    (manifest,) = (out.parent / "cache").glob("*/manifest.pickle")
    return pickle.loads(manifest.read_bytes()).published


def edit(content: Path, old: str, new: str) -> None:
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace(old, new))


def test_the_record_an_incremental_build_keeps_equals_the_output_read_in_full(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    assert kept_record(out) == record(out)
    steps = [
        lambda: edit(content, "Networks get busy.", "Networks get very busy."),  # links every file
        lambda: edit(content, "Networks get very busy.", "Networks get busy."),  # recycles the spare
        lambda: (content / "en" / "transfers" / "gone.md").write_text("---\ntitle: Gone soon\n---\n\nText.\n"),
        lambda: (content / "en" / "transfers" / "gone.md").unlink(),  # a page folder removed
        lambda: (content / "notices").mkdir(),
        lambda: (content / "notices" / "2030-01-01-x.toml").write_text(NOTICE),  # the notices' fast path
    ]
    for number, step in enumerate(steps):
        step()
        result = warm(content, out)
        assert result.written < 60, "each step is incremental"
        kept, read = kept_record(out).entries(), record(out).entries()
        assert {p: kept.get(p) for p in kept.keys() ^ read.keys() | {p for p in kept if kept[p] != read.get(p)}} == {
            p: read.get(p) for p in kept.keys() ^ read.keys() | {p for p in kept if kept[p] != read.get(p)}
        }, f"step {number}"
        assert kept_record(out) == record(out)
        assert intact(out, kept_record(out))


@pytest.mark.parametrize("tamper", ["add", "remove", "write-through", "replace"])
def test_anything_done_to_the_output_makes_the_next_build_start_afresh(content, tmp_path, tamper):
    out = tmp_path / "site"
    warm(content, out)
    edit(content, "Networks get busy.", "Networks get very busy.")
    warm(content, out)  # the output now shares its files with the spare beside it
    page = out / "en" / "recovery" / "index.html"
    if tamper == "add":
        (out / "en" / "recovery" / "extra.html").write_text("x")
    elif tamper == "remove":
        page.unlink()
    elif tamper == "write-through":  # an editor that keeps hard links writes into the file
        with page.open("r+b") as f:
            f.write(b"<!--x-->")
    else:
        page.with_name("new").write_bytes(page.read_bytes())
        page.with_name("new").replace(page)
    assert not intact(out, kept_record(out))
    assert warm(content, out).written > 20
    shutil.rmtree(tmp_path / "cache")
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


NOTICE = """title = { en = "Transfers on network X are delayed", zh = "X 网络转账延迟" }
body = { en = "Funds are safe.", zh = "资金安全。" }
starts = "2030-01-01 09:00"
ends = "2030-01-02 18:00"
"""


@pytest.mark.parametrize("threads", [1, 2], ids=["forked", "in this process"])
def test_the_check_started_beside_the_inputs_answers_as_intact_does(content, tmp_path, monkeypatch, threads):
    """intact_soon forks a child for the check when no other thread runs (else it checks at
    once): either way its answer is intact's, for an untouched output and a meddled one,
    and the child is collected."""
    import os
    import threading

    from helpcenter.build import record as record_mod

    out = tmp_path / "site"
    warm(content, out)
    kept = kept_record(out)
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(record_mod.os, "fork", fork)
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    assert record_mod.intact_soon(out, kept)() is True
    (out / "en" / "index.html").write_text("meddled\n")
    answer = record_mod.intact_soon(out, kept)
    assert answer() is False and answer() is False  # asked twice, waited for once
    assert intact(out, kept) is False
    assert len(children) == (2 if threads == 1 else 0)
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # collected: no child left behind
