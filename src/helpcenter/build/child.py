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
    waits to hand it over). Where forking is not safe (another thread runs, or no fork),
    fn runs at once, here; a child that fails is made up for by running fn here."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        value = fn(*args)
        return lambda: value
    read, write = os.pipe()
    pid = os.fork()
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
            _, status = os.waitpid(pid, 0)
            done.append(pickle.loads(data) if os.waitstatus_to_exitcode(status) == 0 else fn(*args))
        return done[0]

    return wait
