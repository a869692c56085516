"""The published output's record: the change time of every folder and file of the version a
build published, so the next build reuses that output only when nothing has touched it.

A change time cannot be set back: adding, removing or renaming a file changes its folder's,
and writing into a file (even through a hard link) changes the file's. Reading it is one
`stat` per path, relative to the version's folder: about 0.2 s for 30,000 files.

After an incremental build that recycled the spare (publish.py), only the paths that build
wrote or removed, and the folders, are read again: every other file of the new version is
the same inode as in the version the build started from, untouched since its record was
checked. Should that ever not hold, the next build finds a record that does not match and
builds everything afresh: a mismatch costs time, never correctness.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from helpcenter.build.child import soon
from helpcenter.build.guard import location, version_of

ROOT = "./"  # folders are named with a trailing "/", files without


@dataclass(frozen=True)
class Record:
    version: str  # the version folder's name
    paths: str  # every folder and file below it, relative, sorted, "\0"-joined (one string pickles fast)
    ctimes: bytes  # array("q") of each path's st_ctime_ns, in the same order

    def entries(self) -> dict[str, int]:
        return dict(zip(self.paths.split("\0"), array("q", self.ctimes)))


def _make(version: str, entries: dict[str, int]) -> Record:
    paths = sorted(entries)
    return Record(version, "\0".join(paths), array("q", [entries[p] for p in paths]).tobytes())


def record(out_dir: Path) -> Record | None:
    """The record of the published version, read in full; None when the output is not a version."""
    version = version_of(location(out_dir))
    if version is None:
        return None
    entries = {ROOT: os.stat(version).st_ctime_ns}
    _scan(str(version), "", entries)
    return _make(version.name, entries)


def _scan(folder: str, prefix: str, entries: dict[str, int]) -> None:
    below = []
    with os.scandir(folder) as it:
        for entry in it:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                rel += "/"
                below.append((entry.path, rel))
            entries[rel] = entry.stat(follow_symlinks=False).st_ctime_ns
    for path, rel in below:
        _scan(path, rel, entries)


def intact(out_dir: Path, previous: object) -> bool:
    """True when the output is exactly as the build that took `previous` left it."""
    if not isinstance(previous, Record):
        return False
    version = version_of(location(out_dir))
    if version is None or version.name != previous.version:
        return False
    try:
        fd = os.open(version, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        stat = os.stat
        now = array("q", [stat(p, dir_fd=fd, follow_symlinks=False).st_ctime_ns for p in previous.paths.split("\0")])
    except OSError:  # a path gone
        return False
    finally:
        os.close(fd)
    return now.tobytes() == previous.ctimes


def intact_soon(out_dir: Path, previous: object) -> Callable[[], bool]:
    """intact(), started now in a forked child (build/child.py), so that its stats run
    beside the caller's reading of the inputs; the function returned waits for the answer."""
    return soon(intact, out_dir, previous)


def updated(before: Record, version: Path, touched: Iterable[str]) -> Record | None:
    """The record of `version`, a recycled spare the build brought up to date with the version
    `before` records and then wrote or removed `touched` in: those paths and every folder
    (folders are a version's own, files are links shared between versions) are read again;
    every other file keeps its recorded change time."""
    paths = before.paths.split("\0")
    entries = dict(zip(paths, array("q", before.ctimes)))
    folders = {p for p in paths if p.endswith("/")}
    files = set(touched)
    for rel in files:
        parent = os.path.dirname(rel)
        while parent:
            folders.add(parent + "/")
            parent = os.path.dirname(parent)
    again = sorted(files | folders)
    moved = False  # a path added or removed
    fd = os.open(version, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for rel in again:
            try:
                ctime = os.stat(rel, dir_fd=fd, follow_symlinks=False).st_ctime_ns
            except FileNotFoundError:  # removed by the build (a folder it emptied, too)
                moved |= entries.pop(rel, None) is not None
                continue
            moved |= rel not in entries
            entries[rel] = ctime
    finally:
        os.close(fd)
    if not moved:  # the same paths, in the same order: not sorted again
        return Record(version.name, before.paths, array("q", [entries[p] for p in paths]).tobytes())
    return _make(version.name, entries)
