"""Staged output: write into a temporary folder, then publish it in one step.

A build that fails at any point — bad input, a template error, a full disk, Ctrl-C —
leaves the previously published folder exactly as it was and no temporary folder.

A full build swaps the whole folder in. An incremental build stages only the files that
changed and moves them into place at the end, with interrupts held off for those few
renames, so the published folder is never half old and half new.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Stage:
    def __init__(self, root: Path, incremental: bool):
        self.root = root
        self.incremental = incremental
        self.removed: list[str] = []

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)

    def remove(self, rels: list[str]) -> None:
        """Files of the previous output that this build no longer produces."""
        self.removed.extend(rels)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job, `timeout`) while building: unwinds like Ctrl-C."""


@contextmanager
def staged(out_dir: Path, incremental: bool = False) -> Iterator[Stage]:
    """Yield a Stage beside `out_dir`; on success publish it into `out_dir`."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _sigterm_unwinds():
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        stage = Stage(tmp, incremental and out_dir.is_dir())
        try:
            yield stage
            with _interrupts_held():
                if stage.incremental:
                    _merge(stage, out_dir)
                else:
                    _swap(tmp, out_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into an exception while staging, so the temporary folder is removed."""
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
def _interrupts_held() -> Iterator[None]:
    """Defer SIGINT/SIGTERM while publishing; they take effect right after."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signals = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _merge(stage: Stage, out_dir: Path) -> None:
    """Move changed files into place, keeping each replaced file in a backup folder so
    that a failure half-way (a full disk) puts the previous site back exactly."""
    backup = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    done: list[tuple[Path, Path | None]] = []  # (published path, its backup or None if new)
    created: list[Path] = []
    try:
        moves: list[tuple[Path | None, Path]] = [
            (p, out_dir / p.relative_to(stage.root)) for p in sorted(stage.root.rglob("*")) if p.is_file()
        ]
        moves += [(None, out_dir / rel) for rel in stage.removed]
        for number, (new, target) in enumerate(moves):
            saved = None
            if target.exists():
                saved = backup / str(number)
                os.replace(target, saved)
            done.append((target, saved))
            if new is not None:
                for parent in reversed(target.parents):
                    if parent.is_relative_to(out_dir) and not parent.exists():
                        parent.mkdir()
                        created.append(parent)
                os.replace(new, target)
    except BaseException:
        for target, saved in reversed(done):
            if saved is not None:
                os.replace(saved, target)
            else:
                target.unlink(missing_ok=True)
        for folder in reversed(created):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)
    # only removals can leave a folder empty; check each such folder once
    for parent in sorted({(out_dir / rel).parent for rel in stage.removed}, key=lambda p: len(p.parts), reverse=True):
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def _swap(new: Path, out_dir: Path) -> None:
    os.chmod(new, 0o755)  # mkdtemp makes it private; a published site is not
    if not out_dir.exists():
        new.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        new.rename(out_dir)
    except BaseException:
        old.rename(out_dir)  # put the previous site back before giving up
        raise
    shutil.rmtree(old, ignore_errors=True)
