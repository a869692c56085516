"""One call in a forked child, beside what the build does next: both cores at work where
the build would otherwise wait on one (checking the output while reading the inputs;
an edit's related articles while its search files are written)."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def soon(fn: Callable[..., T], *args: object) -> Callable[[], T]:
    """fn(*args) in a forked child, beside what this process does next; the function
    returned waits for the result (call it, even on the way out of an error: the child
    waits to hand it over). Where forking is not safe (another thread runs, or no fork)
    or not possible (no process or descriptor to spare), fn runs at once, here; a child
    that fails is made up for by running fn here."""
    return soon_then(fn, None, *args)[0]


def soon_then(
    fn: Callable[..., T], then: Callable[[T], object] | None, *args: object
) -> tuple[Callable[[], T], Callable[[], bool]]:
    """soon(fn, *args), and then(result) in the same child once the result is handed over
    (writing what this process needs later, not now). The first function returned waits
    for the result only; the second, for the child to end: True when `then` ran to its end
    (call it, even on the way out of an error, so that no child is left)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return _now(fn, then, *args)
    try:
        read, write = os.pipe()
    except OSError:
        return _now(fn, then, *args)
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return _now(fn, then, *args)
    if pid == 0:  # the child: the answer, pickled into the pipe, then `then`, and out without cleanup
        os.close(read)
        code = 0
        try:
            value = fn(*args)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            if then is not None:
                then(value)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write)
    done: list[T] = []
    ended: list[bool | None] = []

    def status() -> bool | None:
        """Whether the child ended well; None when someone else collected it (SIGCHLD ignored)."""
        if not ended:
            try:
                _, code = os.waitpid(pid, 0)
                ended.append(os.waitstatus_to_exitcode(code) == 0)
            except ChildProcessError:
                ended.append(None)
        return ended[0]

    def wait() -> T:
        if not done:
            with os.fdopen(read, "rb") as answer:
                data = answer.read()
            # without `then` the child ends with its answer, and its exit says whether it is
            # whole; with it, the child goes on: an answer cut short fails to unpickle
            ok = status() if then is None else None
            handed = bool(data) if ok is None else ok
            if handed:
                try:
                    done.append(pickle.loads(data))
                except Exception:  # cut short
                    handed = False
            if not handed:
                done.append(fn(*args))
        return done[0]

    def finished() -> bool:
        wait()  # the child writes its answer first: read, it can end
        return status() is True

    return wait, finished


def _now(
    fn: Callable[..., T], then: Callable[[T], object] | None, *args: object
) -> tuple[Callable[[], T], Callable[[], bool]]:
    value = fn(*args)
    if then is not None:
        then(value)
    return (lambda: value), (lambda: True)
