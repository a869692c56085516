"""The search stage of a build: per language, index (search), related articles (related),
and the files the browser fetches (search_export); languages in parallel processes.

    result = build_search(site)               # or build_search(site, out_dir) to write them too
    result.files                              # {"search/<lang>/…": bytes}: what to publish
    result.related[article.key]               # up to 5 keys of related articles
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from pathlib import Path

from helpcenter.build import workers as policy
from helpcenter.build.cache_files import dump
from helpcenter.build.state import Key
from helpcenter.model import Article, Site, SiteConfig
from helpcenter.search import bodies
from helpcenter.search import synonyms as synonyms_mod
from helpcenter.search.analyzer import Analyzer
from helpcenter.search.documents import SEARCHED, Texts, text_of
from helpcenter.search.engine import BOOSTS, K1, LENGTHS, B, index_language, make_analyzer
from helpcenter.search.results import Built, KeepAt, LanguageIndex, LanguageStats, SearchResult
from helpcenter.search.rules import client_rules
from helpcenter.search.shards import DocCard, IndexData, export, output_files, write_files
from helpcenter.search.spool import Files, Spooled, spool


def build_search(
    site: Site,
    out_dir: Path | None = None,
    index_dir: Path | None = None,
    jobs: int | None = None,
    keep: bool = False,
    started: dict[str, Built] | None = None,
) -> SearchResult:
    """Index every language of `site`: its search files (written below out_dir if given)
    and its related articles. Languages go to separate processes when there are enough
    articles to pay for them and `jobs` (default: the CPU count) allows; `index_dir` keeps
    the Whoosh indexes on disk (open them with search.open_index). `started` holds
    languages indexed already, from the same articles (start_language's results)."""
    started = started or {}
    work = [
        language_work(site, lang, site.in_language(lang), index_dir, keep)
        for lang in site.config.languages
        if lang not in started
    ]
    workers = min(len(work), jobs or os.cpu_count() or 1)
    if policy.worth_workers(workers, len(site.articles)):
        fresh = _in_processes(work, workers)
    else:
        fresh = [_build_language(*job) for job in work]
    by_lang = dict(zip([job[0] for job in work], fresh))
    done = [started[lang] if lang in started else by_lang[lang] for lang in site.config.languages]
    related: dict[Key, list[Key]] = {}
    stats: dict[str, LanguageStats] = {}
    files = Files()
    indexes: dict[str, LanguageIndex] = {}
    for lang, (rel, st, lang_files, index) in zip(site.config.languages, done):
        keys = [a.key for a in site.in_language(lang)]
        stats[lang] = st
        files.add(lang_files)
        if index is not None:
            indexes[lang] = index
        for key, others in zip(keys, rel):
            related[key] = [keys[o] for o in others]
    if out_dir is not None:
        write_files(out_dir, files)
    return SearchResult(related, stats, files, indexes)


# _build_language's arguments: the language, its articles, category titles, index folder, keep, synonyms
Work = tuple[str, list[Article], dict[str, str], str | None, bool | KeepAt, tuple[synonyms_mod.Group, ...]]


def language_work(
    site: Site, lang: str, articles: list[Article], index_dir: Path | None = None, keep: bool | KeepAt = False
) -> Work:
    """The arguments of _build_language; the articles sorted by key (site.in_language's order)."""
    idx = str(index_dir / lang) if index_dir else None
    titles = _titles(site.config, articles)
    # the articles themselves, bodies packed (model.Article): the worker unpacks each in turn
    return lang, articles, titles, idx, keep, site_synonyms(site)


def site_synonyms(site: Site) -> tuple[synonyms_mod.Group, ...]:
    """The site's synonym groups (content/synonyms.toml; `check` has reported its problems)."""
    return synonyms_mod.load(site.config.path.parent)


def start_language(
    pool: Executor, site: Site, lang: str, articles: list[Article], keep: bool | KeepAt = False
) -> Future:
    """Index one language in `pool` now (build_search(started=…) collects it): a build starts
    a language as soon as its articles are parsed, while the others still are. The worker
    is sent what search reads of each article (documents.SEARCHED), not the whole of it."""
    lean = [a.only(SEARCHED) for a in articles]
    return pool.submit(_build_language, *language_work(site, lang, lean, None, keep), spooled=True)


def reexport(site: Site, lang: str, index: LanguageIndex, related: dict[Key, list[Key]]) -> SearchResult:
    """Every file of `lang`'s search again, from the previous build's index of the same articles
    (and related articles): for an output folder gone (CI's fresh checkout, the cache restored)."""
    start = time.perf_counter()
    articles = site.in_language(lang)
    analyzer = make_analyzer(site_synonyms(site))
    cards = _cards(articles, _titles(site.config, articles))
    meta, files, index.export = export(index.data, cards, LENGTHS, meta_extra(lang, analyzer, index.data))
    files = output_files(lang, meta, files)
    index.names = sorted(files)
    st = LanguageStats(
        len(articles), len(index.data.postings), len(files), sum(map(len, files.values())), time.perf_counter() - start
    )
    return SearchResult(dict(related), {lang: st}, files, {lang: index})


def update_search(
    site: Site, lang: str, index: LanguageIndex, changes: list[tuple[int, Article, Article]]
) -> SearchResult:
    """`lang`'s search after editing articles in place (docnum, old, new): `index` is patched,
    and only the files that changed are in the result. The same article list, in the same
    order, is required (else build_search): document numbers must not move."""
    from helpcenter.search.edit import start_update

    return start_update(site.config, lang, site.in_language(lang), index, changes).settled()


_WORK: list[Work] = []  # what forked workers read instead of unpickling it


def _in_processes(work: list[Work], workers: int) -> list[Built]:
    """Each language in a forked process, which reads its work from _WORK for free (or all
    in this one, when forking is not safe)."""
    global _WORK
    pool = policy.forked_pool(workers)
    if pool is None:
        return [_build_language(*job) for job in work]
    _WORK = work
    try:
        with pool:
            futures = [pool.submit(_build_forked, i) for i in range(len(work))]
            try:
                return [future.result() for future in futures]
            except BaseException:
                discard(futures)
                raise
    finally:
        _WORK = []


def _build_forked(i: int) -> Built:
    return _build_language(*_WORK[i], spooled=True)


def discard(futures: Iterable[Future[Built]]) -> None:
    """The spooled files of languages indexed for a build that failed meanwhile: waits for
    each (a pool shutting down lets them finish) and removes its spool."""
    for future in futures:
        if not future.cancelled() and future.exception() is None:
            files = future.result()[2]
            if isinstance(files, Spooled):
                files.discard()


def _build_language(
    lang: str,
    articles: list[Article],
    titles: dict[str, str],
    index_dir: str | None,
    keep: bool | KeepAt,
    synonyms: tuple[synonyms_mod.Group, ...] = (),
    spooled: bool = False,
) -> Built:
    """One language indexed; `spooled`: its files handed back in a spool (another process's)."""
    start = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # millions of small lists and no cycles: the collector would only rescan them
    try:
        # each text read (unpacked) when indexed, then when its card is: never all held at once
        texts = Texts(articles)
        cards = _cards(articles, titles)
        analyzer = make_analyzer(synonyms)
        data = index_language(texts, index_dir, name=lang, analyzer=analyzer)
        body = bodies.body_postings(data)
        tops = bodies.tops_of(data, body)
        related, impacts = bodies.related_of(data, tops, body)
        impacts.compact()  # held to the end of this (usually a worker's) indexing, then pickled or dropped
        meta, files, state = export(data, cards, LENGTHS, meta_extra(lang, analyzer, data))
        files = output_files(lang, meta, files)
    finally:
        if collecting:
            gc.enable()
    size = sum(map(len, files.values()))
    index = LanguageIndex(data, state, sorted(files), tops, impacts=impacts) if keep else None
    if isinstance(keep, KeepAt) and index is not None:
        index.stamp = keep.stamp
        dump((keep.salt, index), Path(keep.path))
        index = None
    return (
        related,
        LanguageStats(len(texts), len(data.postings), len(files), size, time.perf_counter() - start),
        spool(files) if spooled else files,
        index,
    )


def meta_extra(lang: str, analyzer: Analyzer, data: IndexData) -> dict:
    rules = client_rules(analyzer.stop_words, data.postings, analyzer.synonyms.client())
    return {"lang": lang, "boosts": list(BOOSTS), "B": B, "K1": K1, "rules": rules}


def cards_of(config: SiteConfig, articles: list[Article]) -> list[DocCard]:
    """Each article's search card (its title, category title, URL and excerpt texts)."""
    return _cards(articles, _titles(config, articles))


def _cards(articles: list[Article], titles: dict[str, str]) -> list[DocCard]:
    """Each article's search card; its text read (unpacked, model.Article) when it is written."""
    return [DocCard(a.title, a.path, titles[a.category], a.summary, text_of(a)) for a in articles]


def _titles(config: SiteConfig, articles: list[Article]) -> dict[str, str]:
    """Each category's title in the articles' language (they have one)."""
    lang = articles[0].lang if articles else ""
    return {category: _category_title(config, category, lang) for category in {a.category for a in articles}}


def _category_title(config: SiteConfig, category: str, lang: str) -> str:
    cat = config.category(category)
    return cat.title.get(lang, category) if cat else category
