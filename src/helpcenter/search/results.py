"""What indexing a language hands back, and what it keeps for the next build."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from helpcenter.build.state import Key
from helpcenter.search.related import Impacts
from helpcenter.search.shards import ExportState, IndexData
from helpcenter.search.spool import Spooled


@dataclass(frozen=True)
class LanguageStats:
    docs: int
    terms: int
    files: int
    bytes: int
    seconds: float


@dataclass
class LanguageIndex:
    """One language's index as the next build can update it: an edit patches `data`
    instead of indexing every article again, and re-exports only what it changed."""

    data: IndexData
    export: ExportState
    names: list[str]  # every file of the export, below the site root
    tops: list = field(default_factory=list)  # each document's key terms for related articles
    impacts: Impacts | None = None  # what the next edit's related articles are computed from
    stamp: str = ""  # the build's signature of the articles it holds


# one language indexed: each document's related documents, stats, files (spooled by a
# process of the pool: search.spool), the index kept
Built = tuple[list[list[int]], LanguageStats, dict[str, bytes] | Spooled, LanguageIndex | None]


@dataclass(frozen=True)
class KeepAt:
    """Where an indexing process writes its index for the next build itself (the cache's
    part, with its salt and the stamp the build gives it), instead of handing it back:
    hundreds of megabytes at 100,000 articles, unpickled and held by the main process."""

    path: str
    salt: str
    stamp: str


@dataclass(frozen=True)
class SearchResult:
    related: dict[Key, list[Key]]  # every article's key -> up to 5 related, best first
    stats: dict[str, LanguageStats]
    files: Mapping[str, bytes]  # path below the site root ("search/en/meta.json") -> content
    indexes: dict[str, LanguageIndex]  # per language, when build_search(keep=True)
    # an edit's related articles, still being computed (edit.start_update): `related`
    # is empty until this is called, which waits for them (once; call it, even on failure)
    pending: Callable[[], dict[Key, list[Key]]] | None = None
    # its index is being written beside the cache's part (KeepAt): to commit, not save, once
    # this says it is written (it waits for that; call it, even on failure)
    staged: Callable[[], bool] | None = None
    # an edit's files, still being made in a child (edit.start_update): the result as made
    # (with its stats, files, `pending` and `staged`), waiting for it (call it, even on failure)
    making: Callable[[], SearchResult] | None = None

    def made(self) -> SearchResult:
        """The result with its files in place (waiting for them if being made)."""
        return self if self.making is None else self.making()

    def settled(self) -> SearchResult:
        """The result with its files and related articles in place (waiting for them)."""
        made = self.made()
        return made if made.pending is None else replace(made, related=made.pending(), pending=None)
