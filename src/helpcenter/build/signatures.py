"""Digests that say whether an input changed: of files under a folder (by path, size and
modification time, so the nothing-changed check reads no file), and of template contexts
(the Signer: an article stands for its source file's digest)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from helpcenter.model import Article


def files_fingerprint(*roots: Path, aside: Path | None = None) -> str:
    """A digest of every file's path, size and modification time under `roots`, leaving
    out the folder `aside` (fingerprinted on its own: see fast_path.fingerprint). Links are
    followed, as a build reads through them; os.walk's order (folders sorted) is kept."""
    skip = str(aside) if aside is not None else None
    lines: list[str] = []
    for root in roots:
        _fingerprint_folder(str(root), skip, lines)
    # a file name that is not UTF-8 holds lone surrogates: the build reports it, the digest keeps its bytes
    return hashlib.sha256("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def _fingerprint_folder(folder: str, skip: str | None, lines: list[str]) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    below = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):  # a link to a folder is the build's error to report
                if entry.path != skip:
                    below.append(entry.path)
                continue
            st = entry.stat()
        except OSError:
            continue
        lines.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n")
    for path in below:
        _fingerprint_folder(path, skip, lines)


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
