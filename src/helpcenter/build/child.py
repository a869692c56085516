"""One call in a forked child, beside what the build does next: both cores at work where
the build would otherwise wait on one (checking the output while reading the inputs;
an edit's related articles while its search files are written)."""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")


def soon(fn: Callable[..., T], *args: object) -> Callable[[], T]:
    """fn(*args) in a forked child, beside what this process does next; the function
    returned waits for the result (call it, even on the way out of an error: the child
    waits to hand it over). Where forking is not safe (another thread runs, or no fork)
    or not possible (no process or descriptor to spare), fn runs at once, here; a child
    that fails is made up for by running fn here. Where another thread runs, a helper
    process started before it (start_helper) takes the call, when there is one."""
    if _helper is not None and threading.active_count() > 1:
        asked = _helper.ask(fn, args)
        if asked is not None:
            return asked
    return soon_then(fn, None, *args)[0]


class _Helper:
    """A process forked while this one had a single thread, which runs the calls it is sent,
    one at a time, until this process closes its end (or ends)."""

    def __init__(self, first: Callable[[], object] | None = None) -> None:
        asks, self._asks = os.pipe()
        self._answers, answers = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the helper
            os.close(self._asks)
            os.close(self._answers)
            if first is not None:
                first()
            _answer(asks, answers)
        os.close(asks)
        os.close(answers)
        self._out = os.fdopen(self._asks, "wb")
        self._in = os.fdopen(self._answers, "rb")
        self._lock = threading.Lock()
        self._waiting = False
        self._gone = False

    def ask(self, fn: Callable[..., T], args: tuple) -> Callable[[], T] | None:
        """fn(*args) sent to the helper; None when it is busy or gone (the caller runs it)."""
        with self._lock:
            if self._waiting or self._gone:
                return None
            try:
                pickle.dump((fn, args), self._out, protocol=pickle.HIGHEST_PROTOCOL)
                self._out.flush()
            except OSError:  # the helper is gone
                self._gone = True
                return None
            self._waiting = True
        done: list[T] = []

        def wait() -> T:
            if not done:
                with self._lock:
                    try:
                        ok, value = pickle.load(self._in)
                    except Exception:  # the helper is gone: nothing more is sent to it
                        ok, value = False, None
                        self._gone = True
                    self._waiting = False
                done.append(value if ok else fn(*args))
            return done[0]

        return wait

    def close(self) -> None:
        for end in (self._out, self._in):
            with contextlib.suppress(OSError):  # what a helper gone did not read
                end.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _answer(asks: int, answers: int) -> None:
    code = 0
    try:
        with os.fdopen(asks, "rb") as requests, os.fdopen(answers, "wb") as out:
            while True:
                try:
                    fn, args = pickle.load(requests)
                except EOFError:
                    break
                try:
                    answer = (True, fn(*args))
                except Exception:
                    answer = (False, None)
                pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
    except BaseException:  # Ctrl-C reaches the whole process group; a parent gone
        code = 1
    os._exit(code)


_helper: _Helper | None = None


def start_helper(first: Callable[[], object] | None = None) -> None:
    """Start the helper process soon() hands its calls to once another thread runs (as
    under `helpcenter serve`, whose output check then runs beside its build); call it while
    this process has one thread. `first` runs in the helper before anything else (the
    preview lowers its priority, as its builds'). stop_helper() ends it."""
    global _helper
    if _helper is None and hasattr(os, "fork") and threading.active_count() == 1:
        _helper = _Helper(first)


def stop_helper() -> None:
    global _helper
    if _helper is not None:
        helper, _helper = _helper, None
        helper.close()


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


def soon_steps(count: int, steps: Callable[..., Iterator[T]], *args: object) -> Callable[[int], T]:
    """The `count` values the generator `steps(*args)` yields, made in a forked child from
    now on, each handed over as soon as it is made (an edit's search files, then its related
    articles, then its index written for the cache): the function returned gives the value
    of step `k` (0 … count - 1), waiting for it. Read the last step, even on the way out of
    an error: the child is collected then. Where forking is not safe or not possible, or
    the child fails, the steps run here, from the first, as they are asked for."""
    return _Steps(partial(steps, *args), count)


class _Steps(Generic[T]):
    def __init__(self, make: Callable[[], Iterator[T]], count: int) -> None:
        self._make = make
        self._count = count
        self._values: list[T] = []
        self._here: Iterator[T] | None = None
        self._child: tuple[int, BinaryIO] | None = None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: each value pickled into the pipe as soon as it is made
            os.close(read)
            code = 0
            try:
                with os.fdopen(write, "wb") as out:
                    for value in make():
                        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
                        out.flush()
            except BaseException:
                code = 1
            os._exit(code)
        os.close(write)
        self._child = (pid, os.fdopen(read, "rb"))

    def __call__(self, k: int) -> T:
        while len(self._values) <= k:
            self._values.append(self._next())
            if len(self._values) == self._count and self._child is not None:
                self._end()
        return self._values[k]

    def _end(self) -> None:
        """Collect the child (its answers read, or none to come)."""
        assert self._child is not None
        pid, answers = self._child
        self._child = None
        answers.close()
        with contextlib.suppress(ChildProcessError):  # collected by someone else (SIGCHLD ignored)
            os.waitpid(pid, 0)

    def _next(self) -> T:
        if self._child is not None:
            _, answers = self._child
            try:
                return pickle.load(answers)
            except Exception:  # cut short, or none: the child failed (its steps run here)
                self._end()
        if self._here is None:  # the steps here, from the first: each changes what the next reads
            self._here = self._make()
            for _ in range(len(self._values)):
                next(self._here)
        return next(self._here)
