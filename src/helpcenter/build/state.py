"""What a build remembers for the next one, as named, typed records.

The cache pickles these; FORMAT_VERSION is part of its salt, so a cache written by a
build with another layout is simply a miss (never misread).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from helpcenter.build.record import Record
from helpcenter.errors import Problem
from helpcenter.model import Article
from helpcenter.pickled import by_constructor

FORMAT_VERSION = 18  # bump when a record below changes shape

ParseResult = tuple[Article | None, list[Problem]]  # an article file, parsed: the article (if any) and its problems
Key = tuple[str, str, str]  # an article's (lang, category, slug)


def salt(*parts: object) -> str:
    """What every cache file is keyed by: this format and version of helpcenter, and `parts`."""
    return hashlib.sha256(repr((FORMAT_VERSION, tool_version(), *parts)).encode()).hexdigest()


def tool_version() -> str:
    # the package's own constant: importlib.metadata costs a warm build 15 ms to import
    from helpcenter import __version__

    return __version__


def file_digest(raw: bytes) -> str:
    """What an article file's bytes are remembered by (ArticleEntry.digest)."""
    return hashlib.sha256(raw).hexdigest()


@by_constructor
@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One source file as the previous build read it: stat first, then the bytes' digest."""

    mtime_ns: int
    size: int
    digest: str  # sha256 of the file's bytes
    result: ParseResult


def source_inputs(entry: ArticleEntry) -> str:
    """The file's digest, then "+" and the digest of each snippet it includes."""
    article = entry.result[0]
    if article is None or not article.includes:
        return entry.digest
    return entry.digest + "+" + ",".join(f"{name}={digest}" for name, digest in article.includes)


def file_part(inputs: str) -> str:
    """Of a Signer's source entry: the article file's digest, without its snippets'."""
    return inputs.split("+", 1)[0]


@dataclass(frozen=True)
class LanguageIndexState:
    """One language's search index, as a build left it: enough for the next build to tell
    whether to reuse its files, patch the index (articles edited in place) or index afresh."""

    signature: str  # of the config and every article's source: equal means nothing to do
    related: dict[Key, list[Key]]  # each article's related articles
    files: tuple[str, ...]  # the search files it published, below the site root
    shape: str  # of the config and the articles' URLs: equal means no article added, removed or moved
    sources: tuple[str, ...]  # each article's source digest, in document order


@dataclass(frozen=True)
class PagesState:
    """The pages a build rendered, and the site's shape (build/page_plan.py) with the
    site-wide files made from it."""

    rels: tuple[str, ...]
    shape: str
    site_files: tuple[str, ...]


@dataclass(frozen=True)
class Spare:
    """The version published before the current one (build.publish), and what the build
    that replaced it wrote and removed: what it lacks to equal the current version."""

    name: str  # beside the output: `.<name>.spare-…`
    written: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class InputDigests:
    """The input files as a build found them, each as (everything but the notices, the
    notices): digests of their stats, cheap to compare, and of their contents, which the
    fast paths compare (fast_path.input_digests)."""

    stats: tuple[str, str]
    contents: tuple[str, str]


@dataclass(frozen=True)
class BuildCounts:
    """What a build reports, kept so a warm build with nothing to do can report it again."""

    articles: int
    pages: int
    problems: tuple[Problem, ...]  # its warnings (and notes): a build with nothing to do says them again

    @property
    def warned(self) -> bool:
        return any(p.warning for p in self.problems)


@dataclass
class CacheState:
    """The manifest of one build (filled in as the build runs)."""

    salt: str = ""
    articles: dict[str, ArticleEntry] = field(default_factory=dict)  # by source path
    out_dir: str = ""
    outputs: dict[str, str] = field(default_factory=dict)  # output file (relative) -> signature of its inputs
    fingerprint: str = ""  # of every input file's contents and the roster's state (the fast paths)
    inputs: InputDigests | None = None  # what `fingerprint` was made from
    counts: BuildCounts | None = None
    search: dict[str, LanguageIndexState] = field(default_factory=dict)  # by language
    pages: PagesState | None = None
    published: Record | None = None  # of the output it left (record.py)
    spare: Spare | None = None  # the version it replaced, kept beside the output
    body: str = ""  # names the manifest's body (outputs, search, pages) that belongs to this head


BODY_FIELDS = ("outputs", "search", "pages")  # kept apart: a build with nothing to do never reads them


class Output(NamedTuple):
    """One file of the site, as a stage offers it: the build writes it only when its
    signature differs from the previous build's (or the previous output is gone)."""

    rel: str  # below the site root
    signature: str  # a digest of everything the file is made from
    make: Callable[[], bytes | str]
    is_page: bool


class Kept(NamedTuple):
    """Files as the previous build signed them, which its output holds as it left them
    (reusable_output): offered at once, as nothing is made of them."""

    rels: tuple[str, ...]
    is_page: bool


def search_part(lang: str) -> str:
    """The build cache's part holding a language's search index."""
    return f"search-{lang}"
