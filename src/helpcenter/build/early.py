"""Search work a build starts as soon as a language is parsed, while it reads the rest:
a language to index afresh goes to the worker pool; an edited one has its index patched
at once and its related articles computed in a forked child (search.stage.start_edit),
so the build no longer waits for them when it reaches the search stage."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from helpcenter.build.cache import BuildCache
from helpcenter.build.collector import aged
from helpcenter.build.outputs import previous_search
from helpcenter.build.state import search_part
from helpcenter.build.workers import Workers, can_fork, worth_early_search
from helpcenter.model import Article, Site
from helpcenter.search.spool import Spooled

if TYPE_CHECKING:
    from concurrent.futures import Future

    from helpcenter.search.results import Built, SearchResult
    from helpcenter.search.stage import Step


@dataclass
class Started:
    """What was started: indexes in the pool (`futures`, collected into `indexed`),
    patches (`patched`, their related articles pending) and the plans they came from."""

    futures: dict[str, Future[Built]] = field(default_factory=dict)
    indexed: dict[str, Built] = field(default_factory=dict)
    patched: dict[str, SearchResult] = field(default_factory=dict)  # related articles pending
    planned: dict[str, Step] = field(default_factory=dict)  # what the search stage does with each language

    def reap(self) -> None:
        """Wait for every patch's child, so none is left behind (a build that failed, or
        that did not reach the search stage): a finished one answers at once. The files of
        indexes the build did not take (search.spool) are removed."""
        from helpcenter.search.indexing import discard

        discard(f for lang, f in self.futures.items() if lang not in self.indexed)
        for _, _, files, _ in self.indexed.values():
            if isinstance(files, Spooled):
                files.discard()
        for patch in self.patched.values():
            with contextlib.suppress(Exception):
                made = patch.settled()  # its files, then its related articles
                if made.staged is not None:
                    made.staged()


def starter(
    cache: BuildCache, incremental: bool, jobs: int, workers: Workers, started: Started
) -> Callable[[Site, str, list[Article]], None]:
    """check()'s `on_language`: starts what the search stage will do with the language."""
    from helpcenter.search.stage import indexes_afresh, language_signature, start_edit

    def on_language(site: Site, lang: str, articles: list[Article]) -> None:
        aged()  # the language's articles, kept to the end of the build
        config = site.config
        signer = cache.signer()
        if worth_early_search(jobs, len(articles), len(config.languages)) and indexes_afresh(
            cache.previous.search.get(lang), signer, incremental, config, articles
        ):
            from helpcenter.search.indexing import start_language
            from helpcenter.search.results import KeepAt

            part = cache.part_elsewhere(search_part(lang))
            stamp = language_signature(signer, config, articles)  # as the search stage signs it
            keep = KeepAt(*part, stamp) if part is not None else False
            started.futures[lang] = start_language(workers.pool, site, lang, articles, keep=keep)
        elif incremental and articles and can_fork():  # else the stage patches it, the pool gone
            started.planned[lang], patch = start_edit(
                config, lang, articles, signer, previous_search(cache, incremental)
            )
            if patch is not None:
                started.patched[lang] = patch

    return on_language
