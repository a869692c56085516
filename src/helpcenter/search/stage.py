"""The search stage of a build: which languages to index afresh, patch or reuse, and the
files each one publishes (see search.indexing for the indexing itself).

The stage does not read the cache: the pipeline hands it what the previous build left
(`Previous`) and records what it returns (`SearchDone`) for the next one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.build.progress import Progress, silent
from helpcenter.build.signatures import Signer
from helpcenter.build.state import Kept, Key, LanguageIndexState, Output
from helpcenter.model import Article, Site, SiteConfig
from helpcenter.search.synonyms import load as load_synonyms

if TYPE_CHECKING:
    from helpcenter.search.results import Built, KeepAt, LanguageIndex, SearchResult


@dataclass(frozen=True)
class Previous:
    """What the search stage may reuse from the previous build."""

    states: Mapping[str, LanguageIndexState]  # each language's index as it left it
    outputs: Mapping[str, str]  # each file it wrote -> that file's signature
    incremental: bool  # its output is in place, exactly as written
    load_index: Callable[[str], LanguageIndex | None]  # the index it saved for a language
    article: Callable[[Path], Article | None]  # the article it parsed from a source file
    keep_at: Callable[[str, str], KeepAt | None] = lambda lang, stamp: None  # where a patch writes its index


@dataclass(frozen=True)
class SearchDone:
    """What the stage leaves for the next build: each language's state, and the indexes
    it made or patched (to save, stamped with their state's signature). A patched
    language's related articles may still be computed: settle() waits for them."""

    states: dict[str, LanguageIndexState]
    indexes: dict[str, LanguageIndex]
    waiting: list[Callable[[], None]] = dataclasses.field(default_factory=list)
    staged: dict[str, Callable[[], bool]] = dataclasses.field(default_factory=dict)  # indexes their patch writes

    def settle(self) -> SearchDone:
        while self.waiting:
            self.waiting.pop(0)()
        return self

    @property
    def related(self) -> dict[Key, list[Key]]:
        self.settle()
        return {key: value for state in self.states.values() for key, value in state.related.items()}


@dataclass
class _Edits:
    index: LanguageIndex
    changes: list[tuple[int, Article, Article]]  # (docnum, old, new)


def search_outputs(
    site: Site,
    signer: Signer,
    previous: Previous,
    jobs: int,
    keep: bool,
    progress: Progress = silent,
    indexed: dict[str, Built] | None = None,
    patched: Mapping[str, SearchResult] | None = None,
    planned: Mapping[str, Step] | None = None,
) -> Generator[Output | Kept, None, SearchDone]:
    """The search index files, per language; returns what the next build may reuse.

    A language is indexed again only when one of its articles (or the config) changed; when
    articles were only edited (none added, removed or renamed), the previous index is
    patched instead and only the packs of the changed terms are written again. `indexed`
    holds the languages the build has indexed already (indexing.start_language), `patched`
    those whose patch it has started (start_edit), `planned` the languages it has planned
    meanwhile (start_edit, with the same articles); `keep` keeps each new index for the next build.
    """
    done = SearchDone({}, {})
    started = patched or {}
    stale: list[str] = []
    edited: dict[str, SearchResult] = {}
    exported: dict[str, tuple[LanguageIndex, dict[Key, list[Key]]]] = {}
    for lang in site.config.languages:
        articles = site.in_language(lang)
        step = (planned or {}).get(lang) or _plan(site.config, lang, articles, signer, previous)
        done.states[lang] = step.state
        if step.reuse:
            yield Kept(step.state.files, False)
        elif step.index is not None:  # the output is gone (a fresh CI checkout), the index is not
            exported[lang] = (step.index, step.related)
        elif step.before is not None and lang in started:
            edited[lang] = started[lang]
        elif (patch := _start(site.config, lang, articles, step, previous)) is not None:
            edited[lang] = patch
        else:
            stale.append(lang)
    if edited or exported:
        from helpcenter.search.indexing import reexport

        for lang, patch in edited.items():
            yield from _search_files(patch, lang, previous, done)
        for lang, (index, related) in exported.items():
            yield from _search_files(reexport(site, lang, index, related), lang, previous, done)
    if stale:
        from helpcenter.search.indexing import build_search

        subset = Site(
            dataclasses.replace(site.config, languages=tuple(stale)), tuple(a for a in site.articles if a.lang in stale)
        )
        progress("search", 0, len(stale))
        result = build_search(
            subset,
            jobs=jobs,
            keep=keep,
            started={lang: built for lang, built in (indexed or {}).items() if lang in stale},
        )
        progress("search", len(stale), len(stale))
        for lang in stale:
            yield from _search_files(result, lang, previous, done)
        strays = [rel for rel in result.files if not any(rel.startswith(f"search/{lang}/") for lang in stale)]
        if strays:  # the search stage wrote something outside its language folders
            raise RuntimeError(f"unexpected search output: {strays[0]}")
    return done


def indexes_afresh(
    kept: LanguageIndexState | None, signer: Signer, incremental: bool, config: SiteConfig, articles: list[Article]
) -> bool:
    """Whether search_outputs will index a language from scratch (so the build may start it
    early): not when the previous build's index (`kept`) can be reused, patched, or exported again."""
    if kept is None:
        return True
    return not incremental and kept.signature != language_signature(signer, config, articles)


def start_edit(
    config: SiteConfig, lang: str, articles: list[Article], signer: Signer, previous: Previous
) -> tuple[Step, SearchResult | None]:
    """The stage's plan for a language (given to search_outputs as `planned`) and the
    patch of its index the stage would make (given as `patched`), started as soon as the
    language is parsed: its related articles are computed in a child process while the
    build goes on. No patch when the stage would do anything else."""
    step = _plan(config, lang, articles, signer, previous)
    return step, _start(config, lang, articles, step, previous)


def _start(
    config: SiteConfig, lang: str, articles: list[Article], step: Step, previous: Previous
) -> SearchResult | None:
    changes = _edits(step.before, step.state, articles, previous) if step.before is not None else None
    if changes is None:
        return None
    from helpcenter.search.edit import start_update

    keep = previous.keep_at(lang, step.state.signature)  # stamped as _search_files stamps it
    return start_update(config, lang, articles, changes.index, changes.changes, keep)


@dataclass(frozen=True)
class Step:
    """What the stage does with a language: `state` is its new state, to complete;
    `reuse`: the previous files stand (state is the previous one); `index`: export this
    index again, with `related`; `before`: the previous state, whose index is patched if
    articles were only edited (_edits); else index afresh."""

    state: LanguageIndexState
    reuse: bool = False
    index: LanguageIndex | None = None
    related: dict[Key, list[Key]] = dataclasses.field(default_factory=dict)
    before: LanguageIndexState | None = None


def _plan(config: SiteConfig, lang: str, articles: list[Article], signer: Signer, previous: Previous) -> Step:
    get = signer.sources.get
    sources = tuple(get(a.source_key, "") for a in articles)
    paths = [a.path for a in articles]
    head = _head(signer, config)
    sig = _signature(head, paths, sources)  # language_signature, from what the plan needs anyway
    shape = _digest_of(head, paths)
    kept = previous.states.get(lang)
    before = kept if previous.incremental else None
    intact = before is not None and all(rel in previous.outputs for rel in before.files)
    if before is not None and intact and before.signature == sig:
        return Step(before, reuse=True)
    state = LanguageIndexState(sig, {}, (), shape, sources)
    index = _same_index(kept, sig, previous, lang)
    if kept is not None and index is not None:
        return Step(state, index=index, related=kept.related)
    return Step(state, before=before if before is not None and intact else None)


def language_signature(signer: Signer, config: SiteConfig, articles: list[Article]) -> str:
    """What a language's index is made from: the config and its articles' sources (an
    article is a function of its file's bytes and the config)."""
    get = signer.sources.get
    return _signature(_head(signer, config), [a.path for a in articles], [get(a.source_key, "") for a in articles])


def _head(signer: Signer, config: SiteConfig) -> str:
    return signer(("search", config, load_synonyms(config.path.parent)))  # synonyms.toml changes every index


def _signature(head: str, paths: list[str], sources: Sequence[str]) -> str:
    return _digest_of(head, [f"{path}\0{source}" for path, source in zip(paths, sources)])


def _digest_of(head: str, items: list[str]) -> str:
    return hashlib.sha256("\n".join([head, *items]).encode()).hexdigest()


def _same_index(kept: LanguageIndexState | None, sig: str, previous: Previous, lang: str) -> LanguageIndex | None:
    """The previous build's index of `lang` when it was made from exactly these articles."""
    if kept is None or kept.signature != sig:
        return None
    index = previous.load_index(lang)
    return index if index is not None and index.stamp == sig else None


EDIT_SHARE = 4  # an update patches at most 1 in this many of a language's articles; more, index afresh


def _edits(
    before: LanguageIndexState, state: LanguageIndexState, articles: list[Article], previous: Previous
) -> _Edits | None:
    """The previous index and the articles edited in place since; None when articles were
    added, removed or renamed, or the previous state is not at hand."""
    if before.shape != state.shape or len(before.sources) != len(state.sources):
        return None
    changed = [i for i, (old, new) in enumerate(zip(before.sources, state.sources)) if old != new]
    if not changed or len(changed) * EDIT_SHARE > len(state.sources):
        return None
    out = []
    for i in changed:
        old = previous.article(articles[i].source)
        if old is None:
            return None
        out.append((i, old, articles[i]))
    index = previous.load_index(articles[0].lang)
    # the index is saved before the manifest: after a crash in between, it is ahead of it
    if index is None or index.stamp != before.signature:
        return None
    return _Edits(index, out)


def _search_files(result: SearchResult, lang: str, previous: Previous, done: SearchDone) -> Iterator[Output | Kept]:
    """One language's search files from `result`; those it left out stand as they are.
    Its related articles complete its state when they are ready (SearchDone.settle)."""
    result = result.made()
    index = result.indexes.get(lang)
    names = (
        index.names if index is not None else sorted(rel for rel in result.files if rel.startswith(f"search/{lang}/"))
    )
    kept = []
    files = result.files
    read = files.__getitem__  # one bound method for every file's maker
    for rel in names:
        if rel in files:  # read again when written: spooled files (search.spool) stay out of memory
            yield Output(rel, hashlib.sha256(read(rel)).hexdigest(), partial(read, rel), False)
        else:
            kept.append(rel)
    yield Kept(tuple(kept), False)
    state = done.states[lang]
    if index is not None and result.staged is not None:
        done.staged[lang] = result.staged
    elif index is not None:
        index.stamp = state.signature
        done.indexes[lang] = index

    def complete() -> None:
        related = {k: v for k, v in result.settled().related.items() if k[0] == lang}
        done.states[lang] = dataclasses.replace(state, related=related, files=tuple(names))

    if result.pending is None:
        complete()
    else:
        done.waiting.append(complete)
