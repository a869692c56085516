"""The preview's first answer to a save: the saved article's own page, rendered from what the
last build rendered from, with that one article parsed again.

A build at 10,000 articles takes seconds (every page's inputs are checked, and the
language's related articles are computed again), but the writer looks at one page. So
`helpcenter serve` shows this page at once, from memory, and builds meanwhile; when the
build is done the site on disk is exact and the quick page is dropped. The quick page is
the built one but for what the save changes elsewhere: its related articles are those of
the last build, until the build replaces them.

Only a save the quick page can show exactly so is taken: one existing article file,
edited in place, that parses without problems and is not a draft. Anything else (a new,
removed or renamed file, a snippet, the theme, site.toml, a mistake) waits for the build.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path

from helpcenter.build.renderers import last_made
from helpcenter.content import snippets
from helpcenter.content.articles import parse_article
from helpcenter.content.markdown import Renderer
from helpcenter.content.sources import Source
from helpcenter.errors import Report
from helpcenter.render.pages import PageRenderer, RenderInputs


@dataclasses.dataclass(frozen=True)
class QuickPage:
    rel: str  # the page's file below the site root: en/transfers/pending/index.html
    html: bytes


def saved_article(changes: Iterable[tuple[object, str]], content_dir: Path) -> Path | None:
    """The article file a batch of file-system changes is the saving of, if it is only that:
    every change names the same `<lang>/<category>/<slug>.md` (an editor that saves by
    writing a copy and renaming it reports the path more than once)."""
    paths = {Path(path) for _, path in changes}
    if len(paths) != 1:
        return None
    (path,) = paths
    try:
        parts = path.absolute().relative_to(content_dir.absolute()).parts
    except ValueError:
        return None
    if len(parts) != 3 or not parts[2].endswith(".md") or parts[1] == snippets.FOLDER or path.is_symlink():
        return None
    return path if path.is_file() else None


class QuickRenderer:
    """What quick pages render with, made once per build: the last build's page renderer
    (its lists of a large site take a tenth of a second to make; a page, milliseconds) and a
    Markdown renderer."""

    def __init__(self, inputs: RenderInputs):
        self.inputs = inputs
        self.pages = last_made(inputs) or PageRenderer(inputs)
        config = inputs.site.config
        self.markdown = Renderer(config.base_path, config.raw_html)
        self.pages.env.get_template("article.html")  # loaded now, not at the first save
        # the articles by their source file (the build names it by its absolute path)
        self.by_source = {_absolute(a.source_key): a for a in inputs.site.articles}  # strings: no Paths made


def _absolute(path: str) -> str:
    return path if os.path.isabs(path) else str(Path(path).absolute())


def quick_page(content_dir: Path, renderer: QuickRenderer, saved: Path) -> QuickPage | None:
    """The page of the article file `saved` as it is now, rendered from what the last build
    rendered from; None when this save is not one the quick page shows."""
    old = renderer.by_source.get(str(saved.absolute()))
    if old is None:
        return None
    try:
        raw = saved.read_bytes()
    except OSError:
        return None
    config = renderer.inputs.site.config
    source = Source(old.source_key, old.lang, old.category, old.slug)
    shared = _snippets(content_dir, config.languages)
    article, problems = parse_article(source, raw, renderer.markdown, shared)
    if article is None or article.draft or any(not p.warning for p in problems):
        return None
    pages = renderer.pages.with_article(old, article)
    html = pages.render("article.html", pages.article_context(article))
    return QuickPage(article.path + "index.html", html.encode("utf-8"))


def _snippets(content_dir: Path, languages: tuple[str, ...]) -> snippets.Snippets:
    """The snippets as the build reads them; only the snippet folders are listed."""
    files: list[tuple[str, ...]] = []
    for lang in languages:
        folder = content_dir / lang / snippets.FOLDER
        if folder.is_dir():
            files += [(lang, snippets.FOLDER, p.name) for p in sorted(folder.iterdir()) if p.is_file()]
    return snippets.load(content_dir, files, languages, Report())
