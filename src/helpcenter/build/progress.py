"""Build progress: a bar on a terminal once a build has run for a second, quiet
line-based stage summaries in CI (`CI` set) or when output is not a terminal."""

from __future__ import annotations

import os
import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def silent(stage: str, done: int, total: int) -> None:
    pass


class Reporter:
    """Call it with (stage, done, total) as work advances; `close()` ends the last line."""

    DELAY = 1.0  # short builds print nothing but their summary

    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None):
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = self.stream.isatty() and not os.environ.get("CI")
        self.interactive = interactive
        self.started = time.perf_counter()
        self.stage = ""
        self.stage_started = self.started
        self.drawn = False
        self.last_draw = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage != self.stage:
            self._finish_stage(now)
            self.stage, self.stage_started = stage, now
        if done >= total:
            self._finish_stage(now, done)
            self.stage = ""
            return
        if self.interactive and now - self.started >= self.DELAY and now - self.last_draw > 0.05:
            width = 30
            filled = int(width * done / max(total, 1))
            self.stream.write(f"\r{stage:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            self.stream.flush()
            self.drawn, self.last_draw = True, now

    def _finish_stage(self, now: float, done: int | None = None) -> None:
        if not self.stage:
            return
        elapsed = now - self.stage_started
        if self.drawn:
            self.stream.write("\r\033[K")
            self.drawn = False
        if not self.interactive or now - self.started >= self.DELAY:
            count = f" {done}" if done is not None else ""
            self.stream.write(f"{self.stage}:{count} done in {elapsed:.2f}s\n")
            self.stream.flush()

    def close(self) -> None:
        self._finish_stage(time.perf_counter())
