"""Render and write the files a build must write (pages, Markdown copies, search files):
in forked worker processes when there are many (templates are pure functions of their
context, and forked workers share the parent's site model, compiled templates and the
search files' bytes for free)."""

from __future__ import annotations

import gc
import traceback
from collections.abc import Callable

from helpcenter.build import workers as policy
from helpcenter.build.progress import Progress, silent
from helpcenter.build.publish import Stage
from helpcenter.errors import Problem
from helpcenter.render.template_errors import RenderFailed, template_problem

# small enough to report progress and to end together (a chunk of pages costs more than one
# of search files), large enough to amortise a task
CHUNKS_PER_WORKER = 16

Pending = list[tuple[str, Callable[[], str | bytes]]]
_PENDING: tuple[Pending, Stage] | None = None  # what forked workers read instead of unpickling it


def write_files(pending: Pending, stage: Stage, jobs: int, progress: Progress = silent) -> None:
    """Write each (path, make) of `pending` into the stage; a template's mistake raises
    RenderFailed with its problem, whichever process met it."""
    global _PENDING
    total = len(pending)
    progress("files", 0, total)
    workers = min(jobs, 8)
    pool = policy.forked_pool(workers) if policy.worth_workers(workers, total) else None
    if pool is not None:
        size = -(-total // (workers * CHUNKS_PER_WORKER))
        _PENDING = (pending, stage)
        gc.freeze()  # workers' collectors would otherwise touch (and so copy) every shared object
        try:
            done = 0
            with pool:
                for count, failure in pool.map(
                    _write_range, [(i, min(i + size, total)) for i in range(0, total, size)]
                ):
                    if isinstance(failure, str):
                        raise RuntimeError(f"writing a file of the site failed:\n{failure}")
                    if failure is not None:
                        raise RenderFailed(failure)
                    done += count
                    progress("files", done, total)
            stage.written.extend(rel for rel, _ in pending)  # the workers' own lists stay with them
        finally:
            _PENDING = None
            gc.unfreeze()
        return
    for number, (rel, make) in enumerate(pending, start=1):
        stage.write(rel, make())
        if number % 200 == 0 and number < total:
            progress("files", number, total)
    progress("files", total, total)


def _write_range(bounds: tuple[int, int]) -> tuple[int, Problem | str | None]:
    assert _PENDING is not None
    pending, stage = _PENDING
    try:
        for rel, make in pending[bounds[0] : bounds[1]]:
            stage.write(rel, make())
    except Exception as exc:  # the traceback stays here: turn it into the problem it shows
        return 0, template_problem(exc) or traceback.format_exc()
    return bounds[1] - bounds[0], None
