"""The search stage of a build: per language, index (search), related articles (related),
and the files the browser fetches (search_export); languages in parallel processes.

    result = build_search(site)               # or build_search(site, out_dir) to write them too
    result.files                              # {"search/<lang>/…": bytes}: what to publish
    result.related[article.key]               # up to 5 keys of related articles
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from helpcenter import related as related_mod
from helpcenter.model import Article, Site
from helpcenter.search import B, BOOSTS, FIELDS, K1, LENGTHS, index_language
from helpcenter.search_export import DocCard, IndexData, build_files, output_files, write_files

PARALLEL_FROM = 400  # articles; below this, processes cost more than they save

Key = tuple[str, str, str]


@dataclass(frozen=True)
class LanguageStats:
    docs: int
    terms: int
    files: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class SearchResult:
    related: dict[Key, list[Key]]  # every article's key -> up to 5 related, best first
    stats: dict[str, LanguageStats]
    files: dict[str, bytes]  # path below the site root ("search/en/meta.json") -> content


def field_texts(article: Article) -> tuple[str, ...]:
    """The article's text for each of search.FIELDS."""
    return (
        article.title,
        "\n".join(h.text for h in article.headings),
        "\n".join(article.tags),
        article.summary,
        article.text,
    )


def build_search(site: Site, out_dir: Path | None = None, index_dir: Path | None = None,
                 jobs: int | None = None) -> SearchResult:
    """Index every language of `site`: its search files (written below out_dir if given)
    and its related articles.

    Languages go to separate processes when there are enough articles to pay for them and
    `jobs` (default: the CPU count) allows; `index_dir` keeps the Whoosh indexes on disk
    (open them with search.open_index).
    """
    work = []
    for lang in site.config.languages:
        articles = site.in_language(lang)
        cards = [DocCard(a.title, a.path, _category_title(site, a), a.summary, a.text) for a in articles]
        idx = str(index_dir / lang) if index_dir else None
        work.append((lang, [field_texts(a) for a in articles], cards, idx))
    workers = min(len(work), jobs or os.cpu_count() or 1)
    if workers > 1 and len(site.articles) >= PARALLEL_FROM:
        done = _in_processes(work, workers)
    else:
        done = [_build_language(*job) for job in work]
    related: dict[Key, list[Key]] = {}
    stats: dict[str, LanguageStats] = {}
    files: dict[str, bytes] = {}
    for lang, (rel, st, lang_files) in zip(site.config.languages, done):
        keys = [a.key for a in site.in_language(lang)]
        stats[lang] = st
        files.update(lang_files)
        for key, others in zip(keys, rel):
            related[key] = [keys[o] for o in others]
    if out_dir is not None:
        write_files(out_dir, files)
    return SearchResult(related, stats, files)


_WORK: list[tuple] = []  # what forked workers read instead of unpickling it


def _in_processes(work: list[tuple], workers: int) -> list:
    """Each language in a forked process, which reads its work from _WORK for free.

    Forking while other threads run (`helpcenter serve`) can deadlock: then stay in this one.
    """
    global _WORK
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return [_build_language(*job) for job in work]
    _WORK = work
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_build_forked, range(len(work))))
    finally:
        _WORK = []


def _build_forked(i: int):
    return _build_language(*_WORK[i])


def _build_language(lang: str, texts: list[tuple[str, ...]], cards: list[DocCard],
                    index_dir: str | None) -> tuple[list[list[int]], LanguageStats, dict[str, bytes]]:
    start = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # millions of small lists and no cycles: the collector would only rescan them
    try:
        data, body_counts = index_language(texts, index_dir, name=lang)
        related = _related(data, body_counts)
        meta, files = build_files(data, cards, LENGTHS, {"lang": lang, "boosts": list(BOOSTS), "B": B, "K1": K1})
        files = output_files(lang, meta, files)
    finally:
        if collecting:
            gc.enable()
    size = sum(map(len, files.values()))
    return related, LanguageStats(len(texts), len(data.postings), len(files), size, time.perf_counter() - start), files


def _related(data: IndexData, body_counts) -> list[list[int]]:
    body = FIELDS.index("body")
    return related_mod.related(
        body_counts,
        {t: p[body] for t, p in data.postings.items() if p[body]},
        [LENGTHS[b] for b in data.length_bytes[body]],
        data.avg_lengths[body],
        data.doc_count,
        B,
        K1,
    )


def _category_title(site: Site, article: Article) -> str:
    cat = site.config.category(article.category)
    return cat.title.get(article.lang, article.category) if cat else article.category
