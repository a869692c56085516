"""Search files handed from an indexing process to the build's: written there into one
temporary file, and read back by offset when the build writes each into the site. The
build's process then never holds them (170 MB of cards and postings at 100,000 articles),
nor unpickles them from the pipe, nor has its file-writing workers copy them (reading an
object writes its reference count, so a forked worker copies every page it reads)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Spooled:
    """Files written one after another into `path`: rel -> (offset, length)."""

    path: str
    at: dict[str, tuple[int, int]]

    def discard(self) -> None:
        """For a spool no build will read (the build failed meanwhile)."""
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def spool(files: Mapping[str, bytes]) -> Spooled:
    """`files`, written into a new temporary file (in the indexing process)."""
    fd, path = tempfile.mkstemp(prefix="helpcenter-search-")
    at: dict[str, tuple[int, int]] = {}
    offset = 0
    with os.fdopen(fd, "wb") as out:
        for rel, data in files.items():
            out.write(data)
            at[rel] = (offset, len(data))
            offset += len(data)
    return Spooled(path, at)


class Files(Mapping[str, bytes]):
    """Search files by path below the site root: held, or in spools read back on demand
    (opened, and their temporary file removed, as they are added: nothing is left behind;
    forked processes read them through the same descriptor)."""

    def __init__(self, *parts: Mapping[str, bytes] | Spooled) -> None:
        self._held: dict[str, bytes] = {}
        self._at: dict[str, tuple[int, int, int]] = {}  # rel -> (descriptor, offset, length)
        self._fds: list[int] = []
        weakref.finalize(self, _close, self._fds)
        for part in parts:
            self.add(part)

    def add(self, part: Mapping[str, bytes] | Spooled) -> None:
        if isinstance(part, Spooled):
            fd = os.open(part.path, os.O_RDONLY | os.O_CLOEXEC)
            self._fds.append(fd)
            part.discard()
            self._at.update((rel, (fd, offset, length)) for rel, (offset, length) in part.at.items())
            for rel in part.at:
                self._held.pop(rel, None)
        else:
            self._held.update(part)
            for rel in part:
                self._at.pop(rel, None)

    def __getitem__(self, rel: str) -> bytes:
        held = self._held.get(rel)
        if held is not None:
            return held
        fd, offset, length = self._at[rel]
        data = b""
        while len(data) < length:
            more = os.pread(fd, length - len(data), offset + len(data))
            if not more:  # the spool is ours alone: shorter means the disk failed it
                raise OSError(f"search file {rel}: {len(data)} of {length} bytes read back")
            data += more
        return data

    def __contains__(self, rel: object) -> bool:
        return rel in self._held or rel in self._at

    def __iter__(self) -> Iterator[str]:
        yield from self._held
        yield from self._at

    def __len__(self) -> int:
        return len(self._held) + len(self._at)


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
