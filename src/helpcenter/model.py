"""The site model: frozen dataclasses, no I/O.

Everything later stages need (rendering, search, the sitemap) is derived from these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import zlib
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from helpcenter.pickled import by_constructor


@by_constructor
@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str


class Link(NamedTuple):
    """A link in an article body to another article (`../transfers/pending.md#fees`).

    A named tuple, not a dataclass as the other records: every cached article's links are
    loaded by every edit's build (two or more per article), and a tuple is unpickled in
    half the time of a constructor call (35-40 ms of an edit's build at 10,000 articles)."""

    target: str  # as written
    line: int  # in the source file
    source_line: str
    key: tuple[str, str, str] | None  # (lang, category, slug) it points to; None if outside content
    anchor: str | None
    file: Path | None = None  # the snippet it is written in (then `line` is the snippet's); None: the article


@by_constructor
@dataclass(frozen=True, slots=True)
class Image:
    """An image in an article body, by its path inside the content folder."""

    target: str  # content-relative path, e.g. "en/transfers/fee-screen.png"
    line: int
    source_line: str
    alt: str
    site_path: bool = False  # written as a path of the site (/en/x.png): may be a generated file


@by_constructor
@dataclass(frozen=True, slots=True)
class Alias:
    """An old URL of an article (front matter `aliases:`), redirected to the article."""

    path: str  # below the site root, without a leading slash: `en/transfers/old-slug/`
    line: int
    source_line: str


@dataclass(frozen=True)
class Article:
    lang: str
    category: str
    slug: str
    title: str
    source: Path
    summary: str = ""
    tags: tuple[str, ...] = ()
    updated: dt.date | None = None
    order: int | None = None
    draft: bool = False
    featured: bool = False  # listed first on the language home, among the most-needed articles
    layout: str = "article"  # "contact": shows the problem search box and the official channels
    # the large fields (PACKED) have no class default (default_factory): an article that
    # crossed a process or the cache holds them packed, and __getattr__ unpacks them
    html: str = field(default_factory=str)  # rendered body, links already rewritten to site URLs
    text: str = field(default_factory=str)  # plain text of the body, for search and excerpts
    headings: tuple[Heading, ...] = field(default_factory=tuple)
    anchors: tuple[str, ...] = ()  # every id in the body (headings' and others': {: #faq }, <a id>)
    toc_html: str = field(default_factory=str)
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    body_line: int = 1  # line in `source` where the Markdown body starts
    digest: str = ""  # of the title and body as written: what a translation records it was made from
    translated_from: str = ""  # "<lang>@<digest>" of the version this translation was made from
    reviewed: dt.date | None = None  # last checked by a person
    review_by: dt.date | None = None  # due for review
    includes: tuple[tuple[str, str], ...] = ()  # (snippet name, digest) of every snippet it includes
    markdown: str = field(default_factory=str)  # the body with snippets expanded, for the Markdown copy
    aliases: tuple[Alias, ...] = ()  # old URLs that redirect here

    @cached_property  # asked for tens of thousands of times per build, as `path` is
    def key(self) -> tuple[str, str, str]:
        return (self.lang, self.category, self.slug)

    @cached_property  # asked for hundreds of thousands of times per build at 10,000 articles
    def path(self) -> str:
        """URL path below the site root, without a leading slash: `en/recovery/slug/`."""
        return f"{self.lang}/{self.category}/{self.slug}/"

    # ident and sort_key are made on each read: cheaper than a cached_property's first read
    # (4-5 µs: a lock, and a new key in an unpickled article's full __dict__), which every
    # cached article would pay once per build (0.1 s of an edit's at 10,000 articles)
    @property
    def ident(self) -> str:
        """Language-independent identity, used to pair translations: `recovery/slug`."""
        return f"{self.category}/{self.slug}"

    @property
    def sort_key(self) -> tuple[int, str, str]:
        # articles without `order` come after ordered ones, then by title
        return (self.order if self.order is not None else 1_000_000, self.title.casefold(), self.slug)

    @cached_property  # kept with the article in the build cache
    def face(self) -> str:
        """A digest of what other pages may show of this article: all but its body."""
        return hashlib.sha256(repr([getattr(self, name) for name in _FACE]).encode()).hexdigest()

    @cached_property  # a pass over every article asks it (pickled, it is the `_source` string again)
    def source_key(self) -> str:
        """str(self.source), without making the Path of an article that was unpickled."""
        return self.__dict__.get(_SOURCE_AS) or str(self.source)

    # Pickled (to the build cache, between processes), the body's large fields (PACKED)
    # travel as one compressed value and stay so in the process that receives them,
    # unpacked on each read: they are most of a parsed article's bytes, and most processes
    # read them for a few articles only (an edit build) or one at a time (pages, search).
    # The source travels as a string, made a Path again when read: a Path is slow to
    # unpickle (its parts are parsed again), and a build reads few articles' paths.
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        if _PACKED_AS not in state:
            state[_PACKED_AS] = zlib.compress(pickle.dumps(tuple(state.pop(n) for n in PACKED), _PROTOCOL), 1)
        if "source" in state:
            state[_SOURCE_AS] = str(state.pop("source"))
        return state

    def __setstate__(self, state: dict) -> None:  # else unpickling asks __getattr__ for it
        self.__dict__.update(state)

    def only(self, names: tuple[str, ...]) -> Article:
        """This article with the fields `names` and its body (packed, if it holds it so): what
        a process that reads no others is sent (the search's: a third of the bytes). Any
        other field reads as in an article written without it (its default; no `source`)."""
        state = self.__dict__
        lean = object.__new__(Article)
        lean.__dict__.update((n, state[n]) for n in (*names, _PACKED_AS, *PACKED) if n in state)
        return lean

    if not TYPE_CHECKING:  # at run time only: the type checker still knows every attribute

        def __getattr__(self, name: str) -> object:  # only for what the instance lacks
            state = self.__dict__
            if name == "source" and _SOURCE_AS in state:
                path = state["source"] = Path(state[_SOURCE_AS])
                return path
            packed = state.get(_PACKED_AS)
            if packed is None or name not in _SLOT:
                raise AttributeError(f"'Article' object has no attribute '{name}'")
            return _unpacked(packed)[_SLOT[name]]


# What only an article's own page shows: its body and what is derived from it. Other pages
# show an article by its face (front matter, place, URL): templates cannot read these
# fields of another article (render/pages.py), and a page is signed by the faces of the
# other articles it shows (build/outputs.py), so an edit to a body renders only its page.
BODY = frozenset(
    {
        "html",
        "text",
        "markdown",
        "toc_html",
        "headings",
        "anchors",
        "links",
        "images",
        "body_line",
        "digest",
        "includes",
    }
)
_FACE = tuple(f.name for f in fields(Article) if f.name not in BODY)
PACKED = ("html", "text", "markdown", "toc_html", "headings")  # the fields a pickled article packs
_SLOT = {name: i for i, name in enumerate(PACKED)}
_PACKED_AS = "_packed"
_SOURCE_AS = "_source"
_PROTOCOL = pickle.HIGHEST_PROTOCOL
_last: tuple[bytes, tuple] = (b"", ())


def _unpacked(packed: bytes) -> tuple:
    """The packed fields; the last article's kept, as a page reads its html, then its toc."""
    global _last
    last = _last  # read once: another thread may replace it meanwhile
    if last[0] is not packed:
        last = _last = (packed, pickle.loads(zlib.decompress(packed)))
    return last[1]


@dataclass(frozen=True)
class Category:
    id: str
    title: dict[str, str]
    order: int
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Channel:
    """An official support contact point, published so users can verify contacts."""

    kind: str  # email | domain | url | phone | handle | app
    value: str
    label: dict[str, str] = field(default_factory=dict)
    platform: str = ""  # handles: where the handle is ours (x, telegram, …); anywhere else it is an impostor
    country: str = ""  # phones: ISO code of the country whose national form (020 …) is the same number


@dataclass(frozen=True)
class SiteConfig:
    path: Path  # site.toml
    title: dict[str, str]
    base_url: str  # always ends with "/"
    languages: tuple[str, ...]
    categories: tuple[Category, ...]
    channels: tuple[Channel, ...] = ()
    language_names: dict[str, str] = field(default_factory=dict)
    raw_html: bool = False  # trusted sites may opt in to unsanitised HTML in Markdown
    missing_anchor: str = "error"  # or "warning", e.g. while importing an existing knowledge base
    feedback_endpoint: str = ""  # [feedback] endpoint: votes and empty searches go there (off when "")
    outdated_translations: str = "warning"  # [translations] outdated: "note", "warning" or "error"
    review_every: str = ""  # [reviews] every: "180 days", "6 months" … ("" : only review_by dates)
    offline: bool = True  # [offline] enabled: a service worker keeps visited pages for offline reading

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/help/" — every site URL starts with it."""
        rest = self.base_url.split("://", 1)[-1]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"

    def category(self, cid: str) -> Category | None:
        return next((c for c in self.categories if c.id == cid), None)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    articles: tuple[Article, ...]  # published (drafts removed), sorted by key
    static_files: tuple[str, ...] = ()  # images, PDFs …: content-relative paths, published as they are

    def in_language(self, lang: str) -> list[Article]:
        return list(self._languages.get(lang, ()))

    @cached_property  # a build asks for each language's articles several times
    def _languages(self) -> dict[str, tuple[Article, ...]]:
        groups: dict[str, list[Article]] = {}
        for article in self.articles:
            groups.setdefault(article.lang, []).append(article)
        return {lang: tuple(articles) for lang, articles in groups.items()}

    def in_category(self, lang: str, category: str) -> list[Article]:
        return self.categorised().get((lang, category), [])

    def categorised(self) -> dict[tuple[str, str], list[Article]]:
        """Every (language, category)'s articles in their listed order, in one pass over the
        site (a scan per category is 8 passes over 10,000 articles on a page-sized budget)."""
        groups: dict[tuple[str, str], list[Article]] = {}
        for a in self.articles:
            groups.setdefault((a.lang, a.category), []).append(a)
        for items in groups.values():
            items.sort(key=lambda a: a.sort_key)
        return groups

    def by_key(self) -> dict[tuple[str, str, str], Article]:
        """Every article by its key: one table per site, which its callers read, never change."""
        return self._by_key

    @cached_property
    def _by_key(self) -> dict[tuple[str, str, str], Article]:
        return {a.key: a for a in self.articles}

    def translations(self, article: Article) -> dict[str, Article]:
        """The same article (category and slug) in every language that has it."""
        return {a.lang: a for a in self.articles if a.ident == article.ident}
