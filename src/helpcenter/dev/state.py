"""What the preview's threads share: the last build's outcome, which the browser's event
stream and status requests read, and the quick page (dev/quick.py) shown while builds run."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from helpcenter.dev.quick import QuickPage, QuickRenderer


class Snapshot(TypedDict):
    version: int
    errors: list[dict[str, object]]
    keep: list[str]  # URL paths whose open pages are current already: no reload


@dataclass
class BuildState:
    """The last build's outcome, shared by the watcher and the request handlers; and the
    quick page (dev/quick.py) shown while a save's build runs."""

    version: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    condition: threading.Condition = field(default_factory=threading.Condition)
    renderer: QuickRenderer | None = None  # what quick pages render with: the last build's
    quick: QuickPage | None = None
    quick_change: int = 0  # the change the quick page shows
    changes: int = 0  # batches of file changes seen so far
    waiting: tuple[Path, int] | None = None  # a saved article (and its change) to show once a renderer is made

    def publish(self, errors: list[dict[str, object]], keep: list[str] | None = None) -> None:
        with self.condition:
            self.version += 1
            self.errors = errors
            self.keep = keep or []
            self.condition.notify_all()

    def show(self, page: QuickPage, change: int) -> None:
        with self.condition:
            self.quick, self.quick_change = page, change
        self.publish([])

    def take_quick(self, seen: int) -> tuple[QuickPage | None, bool]:
        """The quick page, and whether it is newer than a build that started after `seen`
        changes: such a page stays; any other is dropped, the build having replaced it."""
        with self.condition:
            quick = self.quick
            if quick is not None and self.quick_change > seen:
                return quick, True
            self.quick = None
            return quick, False

    def snapshot(self) -> Snapshot:
        return {"version": self.version, "errors": self.errors, "keep": self.keep}

    def wait_newer(self, version: int, timeout: float) -> Snapshot | None:
        with self.condition:
            self.condition.wait_for(lambda: self.version != version, timeout=timeout)
            return self.snapshot() if self.version != version else None
