"""An edited language's search is patched as soon as the language is parsed, its related
articles computed in a child process while the build reads and checks the rest
(build.early): the output still equals a cold build's, and a build that fails
meanwhile leaves no process behind and the published site as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpcenter.content import links
from helpcenter.errors import BuildFailed
from helpcenter.search import indexing
from helpers import ROOT, tree_digest


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def warm(content: Path, out: Path):
    return build(content, out, jobs=1, cache_dir=out.parent / "cache")


def children() -> list[int]:
    """This process's child processes, exited or not (a zombie is one nobody waited for)."""
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def test_an_edit_is_patched_before_the_links_are_checked_and_equals_a_cold_build(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    first = warm(content, out)
    article = content / "en" / "transfers" / "network-fees.md"
    article.write_text(article.read_text() + "\nOne more sentence about busy networks.\n")
    order: list[str] = []
    start_update, check_links = indexing.start_update, links.check

    def patching(*args, **kwargs):
        order.append(f"patch {args[1]}")
        return start_update(*args, **kwargs)

    def checking(*args, **kwargs):
        order.append("links")
        return check_links(*args, **kwargs)

    monkeypatch.setattr(indexing, "start_update", patching)
    monkeypatch.setattr(links, "check", checking)
    edited = warm(content, out)
    assert order == ["patch en", "links"]  # once, early: the search stage used it
    assert 1 <= edited.written < first.written // 4
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="related articles are computed in a forked child")
def test_a_build_that_fails_after_starting_a_patch_leaves_no_child_and_the_site_as_it_was(
    content, tmp_path, monkeypatch
):
    out = tmp_path / "site"
    warm(content, out)
    before = tree_digest(out)
    assert children() == []
    article = content / "en" / "transfers" / "network-fees.md"
    article.write_text(article.read_text() + "\nSee [the missing page](../recovery/no-such-article.md).\n")
    started, start_update = [], indexing.start_update
    monkeypatch.setattr(indexing, "start_update", lambda *a, **k: started.append(a[1]) or start_update(*a, **k))
    with pytest.raises(BuildFailed) as failed:
        warm(content, out)
    assert started == ["en"]
    assert "no-such-article" in str(failed.value.report.problems[0])
    assert children() == []
    assert tree_digest(out) == before
    # the fix is an edit again, patched and equal to a cold build
    article.write_text(article.read_text().replace("../recovery/no-such-article.md", "../recovery/lost-phone.md"))
    warm(content, out)
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
