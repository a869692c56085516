"""Render and write the files a build must write (pages, Markdown copies, search files):
in forked worker processes when there are many (templates are pure functions of their
context, and forked workers share the parent's site model, compiled templates and the
search files' bytes for free)."""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

from helpcenter.build import workers as policy
from helpcenter.build.progress import Progress, silent
from helpcenter.build.publish import Stage
from helpcenter.build.trim import give_back
from helpcenter.errors import Problem
from helpcenter.render.template_errors import RenderFailed, template_problem

# small enough to report progress and to end together (a chunk of pages costs more than one
# of search files), large enough to amortise a task
CHUNKS_PER_WORKER = 16
# workers forked afresh up to this many times, each for its share of the chunks, one round
# per ROUND_FILES files: a worker copies every page of the shared site model it touches, and
# keeps the copies until it exits (1,050 MB of them by the end at 100,000 articles with one
# worker for all); a round costs a fork and the wait for the round's last chunk
ROUNDS = 8
ROUND_FILES = 4000

Pending = list[tuple[str, Callable[[], str | bytes]]]
# what forked workers read instead of unpickling it: the files, the stage, how many chunks of
# how many files, and counters shared with the workers (the next chunk, files done, stop)
_SHARED: tuple[Pending, Stage, int, int, Any, Any, Any] | None = None


def write_files(pending: Pending, stage: Stage, jobs: int, progress: Progress = silent) -> None:
    """Write each (path, make) of `pending` into the stage; a template's mistake raises
    RenderFailed with its problem, whichever process met it. With many files, this process
    and jobs - 1 forked workers take chunks in turn: every page a process reads of the
    shared site model is copied into it (reference counts are written), so each worker
    fewer is a copy fewer, and this process would otherwise only wait. The workers are
    forked afresh for each round (ROUNDS, ROUND_FILES): what one copied goes with it."""
    global _SHARED
    total = len(pending)
    progress("files", 0, total)
    workers = min(jobs, 8)
    if not (policy.worth_workers(workers, total) and policy.can_fork()):
        for number, (rel, make) in enumerate(pending, start=1):
            stage.write(rel, make())
            if number % 200 == 0 and number < total:
                progress("files", number, total)
        progress("files", total, total)
        return
    rounds = max(1, min(ROUNDS, total // ROUND_FILES))
    size = -(-total // (workers * CHUNKS_PER_WORKER * rounds))  # a round's last chunk is a short wait
    chunks = -(-total // size)
    context = multiprocessing.get_context("fork")
    counters = context.Value("i", 0), context.Value("i", 0), context.Value("b", 0)
    _SHARED = (pending, stage, chunks, size, *counters)
    listed = len(stage.written)

    def told(done: int) -> None:
        if done < total:  # the last is told once, at the end
            progress("files", done, total)

    gc.freeze()  # workers' collectors would otherwise touch (and so copy) every shared object
    try:
        for round_ in range(1, rounds + 1):
            end = -(-chunks * round_ // rounds)  # the chunks before it are this round's, and earlier ones'
            give_back()  # what the build has freed: not carried into the workers
            pool = policy.forked_pool(workers - 1)
            assert pool is not None  # can_fork() above
            with pool:
                futures = [pool.submit(_write_chunks, None, end) for _ in range(workers - 1)]
                outcomes = [_write_chunks(told, end)]
                outcomes += [future.result() for future in futures]
            for failure in outcomes:
                if isinstance(failure, str):
                    raise RuntimeError(f"writing a file of the site failed:\n{failure}")
                if failure is not None:
                    raise RenderFailed(failure)
        # the workers' own lists stay with them: every file, in order, whoever wrote it
        del stage.written[listed:]
        stage.written.extend(rel for rel, _ in pending)
        progress("files", total, total)
    finally:
        _SHARED = None
        gc.unfreeze()


def _write_chunks(told: Callable[[int], None] | None = None, end: int | None = None) -> Problem | str | None:
    """Take the next chunk until none is left before `end` (or another process failed);
    `told`: the number of files written so far, by all, after each chunk of this process's."""
    assert _SHARED is not None
    pending, stage, chunks, size, following, done, stop = _SHARED
    end = chunks if end is None else min(end, chunks)
    while not stop.value:
        with following.get_lock():
            chunk = following.value
            if chunk >= end:
                return None
            following.value += 1
        part = pending[chunk * size : (chunk + 1) * size]
        try:
            for rel, make in part:
                stage.write(rel, make())
        except Exception as exc:  # the traceback stays here: turn it into the problem it shows
            stop.value = 1
            return template_problem(exc) or traceback.format_exc()
        except BaseException:  # interrupted: the others stop after their chunk
            stop.value = 1
            raise
        with done.get_lock():
            done.value += len(part)
            count = done.value
        if told is not None:
            told(count)
    return None
