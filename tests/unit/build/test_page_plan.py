"""An edit that keeps the site's shape signs only the pages it can change (build/page_plan.py):
every file's signature after it equals the one a full build of the same content gives,
and the output equals a cold build's."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.build import outputs
from helpcenter.build.pipeline import build, open_cache
from helpcenter.render.theme import theme_dirs
from helpers import sample_copy, tree_digest


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return sample_copy(tmp_path)


def _signatures(content: Path, out: Path, cache_dir: Path) -> dict[str, str]:
    """Every output's signature, as the build into `out` recorded it in its cache."""
    return dict(open_cache(content, out, None, theme_dirs(content), cache_dir).previous.outputs)


def _signed_pages(monkeypatch) -> list[str]:
    signed: list[str] = []
    real = outputs.page_signature

    def counting(world, page, *args):
        signed.append(page.rel)
        return real(world, page, *args)

    monkeypatch.setattr(outputs, "page_signature", counting)
    return signed


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


EDITS = {
    # a body edit: the article's page and its translation's (which says whether it is out of date)
    "body": lambda c: _edit(c / "en/transfers/pending-transfer.md", "waits in a queue", "waits in line"),
    # new words: related lists of other articles may change
    "related": lambda c: (
        (c / "en/recovery/lost-phone.md")
        .open("a")
        .write("\nA pending transfer, a network fee and a nonce: what to check first.\n")
    ),
    # a snippet: every article that includes it
    "snippet": lambda c: (c / "en/_snippets/never-share-phrase.md").open("a").write("\nNobody needs it.\n"),
    # a title: every page listing the article (the shape changed: all pages signed)
    "title": lambda c: _edit(
        c / "zh/transfers/pending-transfer.md", "title: 转账一直显示“待确认”怎么办", "title: 转账一直待确认怎么办"
    ),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_signs_what_a_full_build_signs(content, tmp_path, monkeypatch, edit):
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    first = build(content, out, jobs=1, cache_dir=cache_dir)
    EDITS[edit](content)
    signed = _signed_pages(monkeypatch)
    build(content, out, jobs=1, cache_dir=cache_dir)
    if edit == "title":
        assert len(signed) == first.pages
    else:
        assert 1 <= len(signed) < first.pages // 3
    fresh_cache = tmp_path / "fresh-cache"
    build(content, tmp_path / "fresh", jobs=1, cache_dir=fresh_cache)
    assert _signatures(content, out, cache_dir) == _signatures(content, tmp_path / "fresh", fresh_cache)
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_successive_edits_stay_equal_to_a_full_build(content, tmp_path):
    """Several edits in a row, each on the previous build's record."""
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache_dir)
    for number, edit in enumerate(("body", "related", "snippet", "body")):
        if edit == "body" and number:
            _edit(content / "en/transfers/pending-transfer.md", "waits in line", "waits in a queue")
        else:
            EDITS[edit](content)
        build(content, out, jobs=1, cache_dir=cache_dir)
        fresh, fresh_cache = tmp_path / f"fresh-{number}", tmp_path / f"fresh-cache-{number}"
        build(content, fresh, jobs=1, cache_dir=fresh_cache)
        assert _signatures(content, out, cache_dir) == _signatures(content, fresh, fresh_cache)
        assert tree_digest(out) == tree_digest(fresh)
