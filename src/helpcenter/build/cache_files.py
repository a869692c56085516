"""The build cache's files: each written whole (a temporary file, then renamed), and read
as a miss (None) when anything about it is wrong, never as a crash."""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def dump(value: object, path: Path) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load(path: Path):
    """What `path` holds, or None for anything unreadable: a cache file cut short or garbled
    (even a length field that asks for terabytes: MemoryError) is a miss, never a crash."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # pickle raises almost anything on garbage; MemoryError is one of them
        return None


def usable(directory: Path) -> bool:
    """True when the cache folder and its parent are folders (or can be made) and writable."""
    for folder in (directory.parent, directory):
        if os.path.lexists(folder) and not folder.is_dir():
            return False
    existing = next(f for f in (directory, *directory.parents) if os.path.lexists(f))
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


# Article shards read by this process, by file state: `helpcenter serve` builds again and
# again, and reading 10,000 parsed articles costs half a second. Their entries are tuples
# of frozen objects, never changed in place, so sharing them between builds is safe.
_SHARDS: dict[str, tuple[tuple[int, int, int], object]] = {}


def load_articles(paths: list[Path], salt: str) -> dict:
    """The article entries of every shard at `paths` written with `salt`."""
    from helpcenter.build.collector import paused

    found: dict = {}
    with paused():  # 10,000 articles' objects, no cycle among them: a collection would only walk them
        for path in paths:
            loaded = load_shard(path)
            if isinstance(loaded, dict) and loaded.get("salt") == salt:
                found.update(loaded["articles"])
    return found


def load_shard(path: Path) -> object:
    try:
        st = path.stat()
    except OSError:
        return None
    key = (st.st_ino, st.st_mtime_ns, st.st_size)
    known = _SHARDS.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    loaded = load(path)
    _SHARDS[str(path)] = (key, loaded)
    return loaded
