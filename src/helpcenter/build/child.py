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
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return _now(fn, *args)
    try:
        read, write = os.pipe()
    except OSError:
        return _now(fn, *args)
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return _now(fn, *args)
    if pid == 0:  # the child: the answer, pickled into the pipe, and out without cleanup
        os.close(read)
        code = 0
        try:
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write)
    done: list[T] = []

    def wait() -> T:
        if not done:
            with os.fdopen(read, "rb") as answer:
                data = answer.read()
            try:
                _, status = os.waitpid(pid, 0)
                handed = os.waitstatus_to_exitcode(status) == 0
            except ChildProcessError:  # collected by someone else (SIGCHLD ignored): the pipe says
                handed = bool(data)
            if handed:
                try:
                    done.append(pickle.loads(data))
                except Exception:  # cut short
                    handed = False
            if not handed:
                done.append(fn(*args))
        return done[0]

    return wait


def _now(fn: Callable[..., T], *args: object) -> Callable[[], T]:
    value = fn(*args)
    return lambda: value
