"""Signals while publishing: SIGTERM unwinds a build like Ctrl-C, the switch to a new
version holds interrupts until it is done, and tests may SIGKILL a build at any step."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job, `timeout`) while building: unwinds like Ctrl-C."""


_steps = 0


def kill_point() -> None:
    """For tests: HELPCENTER_TEST_KILL_AT=n kills this process (SIGKILL, as `kill -9`) at
    the n-th step of publishing, to prove the output survives a kill at each of them."""
    global _steps
    at = os.environ.get("HELPCENTER_TEST_KILL_AT")
    if at:
        _steps += 1
        if str(_steps) == at:
            os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into an exception while staging, so the new version is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Defer SIGINT/SIGTERM while switching; they take effect right after."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signals = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
