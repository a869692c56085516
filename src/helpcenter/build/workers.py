"""The build's pool of worker processes: Markdown chunks, then each language's search index
as soon as that language is parsed, so indexing one language overlaps parsing the others."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext

EARLY_SEARCH_FROM = 200  # articles in a language; fewer are indexed faster than sent to a worker


def pool_context() -> BaseContext:
    """Fork (workers start at once, sharing what is loaded) unless other threads run, as
    under `helpcenter serve`: forking then can deadlock, so workers start afresh."""
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    return multiprocessing.get_context(method)


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

    def __exit__(self, kind, value, tb) -> None:
        if self._pool is None:
            return
        if kind is not None:  # a failed build does not wait for indexing it no longer needs
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)
