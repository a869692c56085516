"""Builds in one process (the preview's) render with the renderer the build before made,
its changed articles swapped in: the same site as a cold build, whatever changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpcenter.build import renderers
from helpcenter.build.pipeline import build
from helpcenter.render import pages
from helpers import MINI, tree_digest


@pytest.fixture
def made(monkeypatch) -> list[int]:
    """How many renderers each build made afresh."""
    renderers.forget()
    count: list[int] = []
    init = pages.PageRenderer.__init__

    def counted(self, inputs):
        count.append(1)
        init(self, inputs)

    monkeypatch.setattr(pages.PageRenderer, "__init__", counted)
    yield count
    renderers.forget()


def _same_as_cold(content: Path, out: Path, tmp_path: Path) -> None:
    renderers.forget()  # the cold build's own renderer
    cold = tmp_path / f"cold-{len(list(tmp_path.iterdir()))}"
    build(content, cold, jobs=1)
    assert tree_digest(out) == tree_digest(cold)


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("en/recovery/restore.md", "\n## ", "\nA sentence more.\n\n## "),  # the body only
        ("en/recovery/lost-phone.md", "title: ", "title: AAA first in its category "),  # its place in the list
        ("zh/transfers/pending.md", "title: ", "layout: contact\ntitle: "),  # the language's contact page
    ],
)
def test_an_edit_swaps_the_article_into_the_previous_renderer(tmp_path, made, file, old, new):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache)
    _set(content / file, old, new)
    made.clear()
    build(content, out, jobs=1, cache_dir=cache)
    assert made == []  # taken again, the article swapped in
    _same_as_cold(content, out, tmp_path)


def _retitle(content: Path) -> None:  # what every page renders
    _set(content / "site.toml", 'title = { en = "Mini Help"', 'title = { en = "Mini Help Center"')


def _add(content: Path) -> None:  # a URL more
    (content / "en" / "transfers" / "fees.md").write_text("---\ntitle: Fees\n---\n\n## Fees\n\nA fee.\n")


@pytest.mark.parametrize("change", [_retitle, _add])
def test_a_change_beyond_articles_sources_makes_a_new_renderer(tmp_path, made, change):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache)
    change(content)
    made.clear()
    build(content, out, jobs=1, cache_dir=cache)
    assert made == [1]
    _same_as_cold(content, out, tmp_path)


def test_a_build_that_ends_its_process_keeps_no_renderer(tmp_path, made):
    from helpcenter.build.collector import last_build

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    with last_build():
        build(content, tmp_path / "site", jobs=1, cache_dir=tmp_path / "cache")
    assert made == [1] and renderers._last == []


def test_the_preview_renders_quick_pages_with_the_builds_own_renderer(tmp_path, made):
    """A quick page's renderer is the one the build rendered with, not another listing the site."""
    from helpcenter.dev.quick import QuickRenderer, quick_page

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache)
    _set(content / "en/recovery/restore.md", "\n## ", "\nA sentence more.\n\n## ")
    result = build(content, out, jobs=1, cache_dir=cache, render_inputs=True)
    made.clear()
    quick = QuickRenderer(result.rendered_from)
    assert made == [] and quick.pages is renderers._last[1]
    _set(content / "en/recovery/restore.md", "A sentence more.", "Another sentence.")
    page = quick_page(content, quick, content / "en/recovery/restore.md")
    assert page is not None and b"Another sentence." in page.html
    renderers.forget()  # a renderer of other inputs: a new one, as before
    assert QuickRenderer(result.rendered_from).pages is not quick.pages and made == [1]


def test_an_edit_build_lists_the_site_for_its_renderer_before_waiting_for_related_articles(tmp_path, monkeypatch):
    """An edit's related articles are computed in a child (stage.start_edit) while the build
    goes on: its renderer is made meanwhile, and given them once they are in."""
    from helpcenter.build.collector import last_build
    from helpcenter.search.stage import SearchDone

    events: list[str] = []
    init, related = pages.PageRenderer.__init__, SearchDone.related

    def made(self, inputs):
        events.append("renderer")
        init(self, inputs)

    def waited(self):
        events.append("related")
        return related.fget(self)

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache)
    _set(content / "en/recovery/restore.md", "\n## ", "\nA sentence more about the recovery phrase.\n\n## ")
    monkeypatch.setattr(pages.PageRenderer, "__init__", made)
    monkeypatch.setattr(SearchDone, "related", property(waited))
    with last_build():  # as the `build` command: a new renderer
        build(content, out, jobs=1, cache_dir=cache)
    assert events[:2] == ["renderer", "related"], events
    monkeypatch.undo()
    _same_as_cold(content, out, tmp_path)
