"""An edit's patch of one language's index: the articles edited in place re-analysed, the
files they change exported again, every document's related articles computed again (exact,
from the previous run's bounds) and, with a place to keep it (KeepAt), the index written
for the next build.

Where the index is kept beside the cache, all of it runs in a forked child from the moment
the language is parsed, each step handed over when done (build.child.soon_steps): the
build reads the other languages, checks links and makes its renderer meanwhile, and the
Chinese patch (the segmenter's start, 0.15 s, and its analysis) waits on no one. Else (the
preview, whose next build patches this very index) the patch is made here and only the
related articles in a child.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from helpcenter.build.cache_files import dump
from helpcenter.build.child import soon_steps, soon_then
from helpcenter.build.state import Key
from helpcenter.model import Article, SiteConfig
from helpcenter.search import bodies
from helpcenter.search import related as related_mod
from helpcenter.search import synonyms as synonyms_mod
from helpcenter.search.documents import field_texts
from helpcenter.search.engine import LENGTHS, make_analyzer, patch_index
from helpcenter.search.indexing import cards_of, meta_extra
from helpcenter.search.results import KeepAt, LanguageIndex, LanguageStats, SearchResult
from helpcenter.search.shards import export, file_names, output_files

Changes = list[tuple[int, Article, Article]]  # (document number, the article before, after)
Made = tuple[dict[str, bytes], list[str], LanguageStats]  # the changed files, every file's name, stats
Related = tuple[list[list[int]], related_mod.Impacts | None]  # each document's related ones, the new bounds


def start_update(
    config: SiteConfig,
    lang: str,
    articles: list[Article],
    index: LanguageIndex,
    changes: Changes,
    keep: KeepAt | None = None,
) -> SearchResult:
    """The search files of `lang` after `changes` (only those that changed), its related
    articles pending (SearchResult.pending); with `keep`, made in a child that also writes
    the index there (SearchResult.staged), the files pending too (SearchResult.making)."""
    start = time.perf_counter()
    keys = [a.key for a in articles]
    related: list[dict[Key, list[Key]]] = []

    def lists(found: object) -> dict[Key, list[Key]]:
        if not related:
            others_of, impacts = cast(Related, found)
            index.impacts = impacts or index.impacts
            related.append({key: [keys[o] for o in others] for key, others in zip(keys, others_of)})
        return related[0]

    if keep is not None:
        step = soon_steps(3, _steps, config, lang, articles, index, changes, keep, start)

        def making() -> SearchResult:
            files, names, stats = cast(Made, step(0))
            index.names = names  # this process's copy is not patched: it is neither saved nor kept
            return SearchResult(
                {}, {lang: stats}, files, {lang: index}, lambda: lists(step(1)), lambda: cast(bool, step(2))
            )

        return SearchResult({}, {}, {}, {lang: index}, making=making)
    here = _steps(config, lang, articles, index, changes, None, start)
    files, index.names, stats = cast(Made, next(here))
    related_soon, _ = soon_then(next, None, here)  # in a child, the generator's next step
    return SearchResult({}, {lang: stats}, files, {lang: index}, lambda: lists(related_soon()))


def _steps(
    config: SiteConfig,
    lang: str,
    articles: list[Article],
    index: LanguageIndex,
    changes: Changes,
    keep: KeepAt | None,
    start: float,
) -> Iterator[object]:
    """The patch (the files it changes, every file's name, stats), then the related
    articles (with the new bounds, unless the index is kept where they are computed: their
    3.9 MB for Chinese need not travel), then (with `keep`) whether the index could be
    written there."""
    synonyms = synonyms_mod.load(config.path.parent)
    analyzer = make_analyzer(synonyms)
    body, before = bodies.before_edit(lang, index.data)
    touched = patch_index(index.data, [(d, field_texts(old), field_texts(new)) for d, old, new in changes], analyzer)
    after = bodies.after_edit(lang, index.data, body, before, touched)
    edited = {d for d, _, _ in changes}
    redo = related_mod.stale_tops(index.tops, before, after, touched, body) | edited
    edit = related_mod.Edit(touched, {doc: index.tops[doc] for doc in redo}, edited)
    for doc in redo:  # counts as the index has them: the body analysed again (or as it was, unchanged)
        counts = related_mod.body_counts(articles[doc], analyzer.terms, synonyms)
        index.tops[doc] = related_mod.top_terms(counts, after)
    cards = cards_of(config, articles)  # a patch writes (and reads) the changed ones only
    meta, files, index.export = export(
        index.data, cards, LENGTHS, meta_extra(lang, analyzer, index.data), index.export, touched, edited
    )
    files = output_files(lang, meta, files)
    names = [f"search/{lang}/{name}" for name in file_names(meta, index.export)]
    size = sum(map(len, files.values()))
    stats = LanguageStats(len(articles), len(index.data.postings), len(names), size, time.perf_counter() - start)
    yield files, names, stats
    lists, index.impacts = bodies.related_of(index.data, index.tops, body, index.impacts, edit)
    yield lists, None if keep is not None else index.impacts
    if keep is not None:
        index.names = names
        index.stamp = keep.stamp
        try:
            dump((keep.salt, index), Path(keep.path))
        except OSError:  # not committed: the cache keeps the index before the edit (a full disk)
            yield False
        else:
            yield True
