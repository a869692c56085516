"""Which pages and site-wide files a build must sign again.

A page is signed by what every page shares, its template and what it shows of each
article (page_signature). The site's *shape* is what decides which pages there are and
which articles each shows: what pages share, the static files and every article's URL and
face. With the shape of the previous build, the pages are the same pages showing the same
articles, and only an article's own page can differ: by its source, a translation's
source (the page says whether it is out of date) or its related articles. The site-wide
files (sitemap, llms.txt, redirects, URL manifest) are made from the shape alone. An edit
to an article's body then signs a few pages instead of listing and signing every page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from helpcenter.build.state import ArticleEntry, Key, LanguageIndexState, PagesState, file_part, source_inputs
from helpcenter.model import Article, Site

if TYPE_CHECKING:
    from helpcenter.render.pages import Page


def site_shape(world_part: str, site: Site) -> str:
    """A digest of what decides the pages, what each shows and the site-wide files."""
    lines = [world_part, repr(site.static_files), *(f"{a.path}\0{a.face}" for a in site.articles)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dataclass(frozen=True)
class PagePlan:
    """What the previous build left that this one can take as is."""

    shape: str
    before: PagesState | None  # the previous build's pages, when its shape is this build's
    signatures: dict[str, str]  # the previous build's output signatures
    changed: frozenset[str]  # with `before`: the sources (source_key) whose file or snippets changed since

    @staticmethod
    def of(
        shape: str,
        before: PagesState | None,
        signatures: dict[str, str],
        entries: dict[str, ArticleEntry],
        entries_before: dict[str, ArticleEntry],
    ) -> PagePlan:
        usable = before is not None and before.shape == shape
        if usable and before is not None and not all(r in signatures for r in (*before.rels, *before.site_files)):
            usable = False  # a record that does not sign every file it names: make them again
        if not usable:
            return PagePlan(shape, None, signatures, frozenset())
        changed = frozenset(
            path
            for path, now in entries.items()
            if now is not (was := entries_before.get(path))
            and (was is None or source_inputs(now) != source_inputs(was))
        )
        return PagePlan(shape, before, signatures, changed)

    def pages_to_sign(
        self, site: Site, related: dict[Key, list[Key]], search_before: Mapping[str, LanguageIndexState]
    ) -> dict[str, Article]:
        """With the shape unchanged: the article pages (by output path) whose signature may
        differ from the previous build's. An article's source that changed signs its page and
        its translations' pages again; a related list that changed, its article's page."""
        related_before = {key: keys for state in search_before.values() for key, keys in state.related.items()}
        idents = {a.ident for a in site.articles if a.source_key in self.changed}
        return {
            article.path + "index.html": article
            for article in site.articles
            if article.ident in idents or _moved(related.get(article.key), related_before.get(article.key))
        }


def _moved(now: list[Key] | None, before: list[Key] | None) -> bool:
    """Whether a related list differs from the previous build's (equal lists at once; keys
    as lists, as another version may have kept them, compared as tuples)."""
    return now != before and _keys(now) != _keys(before)


def _keys(listed: list[Key] | None) -> list[tuple[str, ...]]:
    return [tuple(key) for key in listed or ()]


def page_signature(world: str, page: Page, sources: dict[str, str], tokens: dict[int, bytes] | None = None) -> str:
    """What a page is made from: everything pages share, its template, and each article it
    shows. Its own article by its source (the file and the snippets it includes); its
    translations by their files (whether its source changed since it was translated is
    shown on it); any other article by its face (Article.face: templates cannot read
    another article's body), so an edit to the body of an article that every page lists
    renders its own page only. `tokens` keeps each article's face part by id (the build
    holds every article meanwhile)."""
    tokens = {} if tokens is None else tokens
    parts = [f"{world}\0{page.rel}\0{page.template}".encode()]
    # the page's own folder and its article's category and slug (<lang>/<category>/<slug>/),
    # split once: pages show a dozen articles each
    folder = page.rel.removesuffix("index.html") if page.rel.endswith("index.html") else None
    place = page.rel.split("/")[-3:-1] if page.rel.endswith("/index.html") and page.rel.count("/") >= 3 else None
    for article in page.shows:
        if article is None:
            parts.append(b"\0-")
            continue
        if article.path == folder:  # its own page: its snippets too
            parts.append(f"\0{article.path}\0{sources.get(article.source_key, '')}".encode())
            continue
        if place is not None and article.category == place[0] and article.slug == place[1]:  # a translation
            parts.append(f"\0{article.path}\0{file_part(sources.get(article.source_key, ''))}".encode())
            continue
        token = tokens.get(id(article))
        if token is None:
            token = tokens[id(article)] = f"\0{article.path}\0{article.face}".encode()
        parts.append(token)
    return hashlib.sha256(b"".join(parts)).hexdigest()
