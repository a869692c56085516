"""Digests that say whether an input changed: of files under a folder (by path, size and
modification time, so the nothing-changed check reads no file; by content when those
changed), and of template contexts (the Signer: an article stands for its source file's
digest)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from pathlib import Path

from helpcenter.model import Article

Entry = tuple[str, int, int]  # an input file: its path, size and modification time (ns)
Known = dict[str, tuple[int, int, str]]  # path -> (size, mtime_ns, sha256 of its bytes) as last read


def input_files(*roots: Path, aside: Path | None = None) -> list[Entry]:
    """Every file under `roots`, leaving out the folder `aside` (fingerprinted on its own:
    see fast_path.fingerprint). Links are followed, as a build reads through them; os.walk's
    order (folders sorted) is kept."""
    skip = str(aside) if aside is not None else None
    entries: list[Entry] = []
    for root in roots:
        _walk(str(root), skip, entries)
    return entries


def stats_digest(entries: list[Entry]) -> str:
    """A digest of the files' paths, sizes and modification times: equal, no file changed."""
    lines = "".join(f"{path}\0{size}\0{mtime}\n" for path, size, mtime in entries)
    # a file name that is not UTF-8 holds lone surrogates: the build reports it, the digest keeps its bytes
    return hashlib.sha256(lines.encode("utf-8", "surrogateescape")).hexdigest()


def contents_digest(entries: list[Entry], known: Known, found: Known) -> str:
    """A digest of the files' paths and bytes: a file saved (or checked out, or touched)
    without a change in its bytes leaves it as it was. A file whose size and modification
    time are as `known` has them is not read again; `found` gets every file's entry."""
    lines = []
    for path, size, mtime in entries:
        was = known.get(path)
        if was is not None and was[0] == size and was[1] == mtime:
            digest = was[2]
        else:
            digest = _file_digest(path)
        if digest:
            found[path] = (size, mtime, digest)
        lines.append(f"{path}\0{digest or f'{size}:{mtime}'}\n")
    return hashlib.sha256("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def _file_digest(path: str) -> str:
    """The sha256 of a regular file's bytes; "" for anything else, or a file that cannot be
    read (the build reports those). A pipe is never opened for reading: that would wait."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return ""
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # replaced by a pipe since: no wait
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return ""
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def _walk(folder: str, skip: str | None, entries: list[Entry]) -> None:
    try:
        with os.scandir(folder) as it:
            found = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    below = []
    for entry in found:
        try:
            if entry.is_dir(follow_symlinks=False):  # a link to a folder is the build's error to report
                if entry.path != skip:
                    below.append(entry.path)
                continue
            st = entry.stat()
        except OSError:
            continue
        entries.append((entry.path, st.st_size, st.st_mtime_ns))
    for path in below:
        _walk(path, skip, entries)


class Signer:
    """Digests of template contexts. Articles stand for their source file's digest; the
    large objects every page shares (config, strings, roster) are digested once."""

    def __init__(self, sources: dict[str, str]):
        self.sources = sources
        self.memo: dict[int, tuple[object, bytes]] = {}  # id -> (object kept alive, digest)

    def __call__(self, value: object) -> str:
        return self._digest(value).hex()

    def _digest(self, value: object) -> bytes:
        if isinstance(value, (str, int, float, bool, type(None))):
            return hashlib.sha256(repr(value).encode()).digest()
        known = self.memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.sha256()
        if isinstance(value, Article):
            digest.update(f"A{value.key}{self.sources.get(str(value.source), '')}".encode())
        elif isinstance(value, dict):
            digest.update(b"{")
            for key in sorted(value, key=repr):
                digest.update(repr(key).encode() + self._digest(value[key]))
        elif isinstance(value, (list, tuple)):
            digest.update(b"[")
            for item in value:
                digest.update(self._digest(item))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest.update(type(value).__name__.encode())
            for f in dataclasses.fields(value):
                if not f.metadata.get("volatile"):
                    digest.update(self._digest(getattr(value, f.name)))
        elif callable(value):
            digest.update(b"f")  # helpers such as asset(): covered by the theme's signature
        else:
            digest.update(repr(value).encode())
        result = digest.digest()
        self.memo[id(value)] = (value, result)
        return result
