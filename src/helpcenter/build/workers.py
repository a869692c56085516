"""When a build uses worker processes, and how it starts them: one policy for parsing,
indexing and rendering.

The build's shared pool takes Markdown chunks, then each language's search index as soon
as that language is parsed, so indexing one language overlaps parsing the others. Indexing
the rest and rendering pages fork workers of their own, which read their work from the
parent's memory instead of having it pickled.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext

# Articles (or pages) below which worker processes cost more than they save.
MANY_ARTICLES = 400


def worth_workers(jobs: int, count: int) -> bool:
    """Whether `count` articles or pages are worth handing to `jobs` worker processes."""
    return jobs > 1 and count >= MANY_ARTICLES


def worth_early_search(jobs: int, articles: int, languages: int) -> bool:
    """Whether a language of `articles` (of `languages`) is worth indexing in the shared
    pool while the others are parsed: when it holds its share of many articles."""
    return worth_workers(jobs, articles * max(languages, 1))


def can_fork() -> bool:
    """Forking while other threads run (as under `helpcenter serve`) can deadlock."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def pool_context() -> BaseContext:
    """Fork (workers start at once, sharing what is loaded) when it is safe, else spawn."""
    return multiprocessing.get_context("fork" if can_fork() else "spawn")


def forked_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of forked workers, which see the parent's memory as it is now; None when
    forking is not safe (the caller then does the work in this process)."""
    if not can_fork():
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


class Workers:
    """The build's pool of worker processes (Markdown, then search), started on first use.
    Leaving the block stops it — at once when the build failed — so that later stages can
    fork their own workers from a process without the pool's threads."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=pool_context())
        return self._pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if self._pool is None:
            return
        if kind is not None:  # a failed build does not wait for indexing it no longer needs
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)
