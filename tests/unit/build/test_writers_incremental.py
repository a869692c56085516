"""What writers' features do to warm builds: a snippet edit rebuilds exactly the pages that
include it, an edit to a source marks its translation outdated on the page, and the
Markdown copies and llms.txt follow — each warm build byte-identical to a cold one."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpcenter.content.articles import content_digest
from helpcenter.content.translations import mark
from helpers import mini_with_roster, tree_digest

PHRASE = '!!! danger "Never share your recovery phrase"\n    Support never asks for it.\n'


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = mini_with_roster(tmp_path)
    (target / "en" / "_snippets").mkdir()
    (target / "en" / "_snippets" / "never-share.md").write_text(PHRASE)
    article = target / "en" / "recovery" / "restore.md"
    article.write_text(article.read_text() + '\n--8<-- "never-share"\n')
    return target


def warm(content: Path, out: Path):
    return build(content, out, jobs=1, cache_dir=out.parent / "cache")


def inodes(out: Path) -> dict[str, int]:
    """Every file of the published version by inode: an incremental build hard-links the
    files it did not write, so a changed inode is a file written again."""
    root = out.resolve()
    return {str(p.relative_to(root)): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def written(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {rel for rel, ino in after.items() if before.get(rel) != ino} - {".helpcenter-site"}  # every build's marker


def test_a_snippet_is_expanded_and_is_no_page(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    page = (out / "en" / "recovery" / "restore" / "index.html").read_text()
    assert "Support never asks for it." in page
    assert not (out / "en" / "_snippets").exists()
    copy = (out / "en" / "recovery" / "restore" / "index.md").read_text()
    assert "Support never asks for it." in copy and "--8<--" not in copy


def test_a_snippet_edit_rebuilds_only_the_pages_that_include_it(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    before = inodes(out)
    snippet = content / "en" / "_snippets" / "never-share.md"
    snippet.write_text(PHRASE.replace("never asks", "will never ask"))
    result = warm(content, out)
    changed = written(before, inodes(out))
    pages = {rel for rel in changed if rel.endswith(".html")}
    assert pages == {"en/recovery/restore/index.html"}
    assert "en/recovery/restore/index.md" in changed
    assert not {rel for rel in changed if rel.startswith("zh/")}
    assert result.written == len(changed)
    assert "will never ask" in (out / "en" / "recovery" / "restore" / "index.html").read_text()
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_snippet_written_after_a_failed_build_is_picked_up(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    snippet = content / "en" / "_snippets" / "never-share.md"
    snippet.rename(snippet.with_name("other.md"))
    with pytest.raises(Exception, match="failed"):
        warm(content, out)
    snippet.with_name("other.md").rename(snippet)
    warm(content, out)
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_editing_the_source_marks_the_translation_outdated_on_the_page(content, tmp_path):
    out = tmp_path / "site"
    source = content / "en" / "transfers" / "pending.md"
    translation = content / "zh" / "transfers" / "pending.md"
    digest = content_digest("Why is my transfer pending?", source.read_text().split("---\n", 2)[2])
    translation.write_text(mark(translation.read_text(), "en", digest))
    warm(content, out)
    page = out / "zh" / "transfers" / "pending" / "index.html"
    assert 'class="outdated"' not in page.read_text()
    source.write_text(source.read_text().replace("Networks get busy.", "Networks get very busy."))
    warm(content, out)
    html = page.read_text()
    assert 'class="outdated"' in html
    assert "本译文可能已过时：English版本已于 2026年9月30日 更新。" in html
    assert 'href="/en/transfers/pending/" hreflang="en"' in html
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
