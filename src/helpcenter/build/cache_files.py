"""The build cache's files: each written whole (a temporary file, then renamed), and read
as a miss (None) when anything about it is wrong, never as a crash."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from helpcenter.build.collector import paused


def dump(value: object, path: Path) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    if _keeping:
        _WRITTEN[str(path)] = (_state(os.stat(path)), value)


# Files this process wrote, with what it wrote, when asked (keep_written): `helpcenter
# serve` builds again and again, and reading back the index its last build patched costs
# 0.2 s for 5,000 Chinese articles. Each is handed back once, while the file is as written
# (read_back): its reader may change it in place, and a build that then fails must find
# the file's contents, not the changed object, next time.
_WRITTEN: dict[str, tuple[tuple[int, int, int], object]] = {}
_keeping = False


def keep_written(keep: bool = True) -> None:
    global _keeping
    _keeping = keep
    if not keep:
        _WRITTEN.clear()


def moved(source: Path, target: Path) -> None:
    """os.replace, and what this process wrote to `source` is now `target`'s."""
    os.replace(source, target)
    written = _WRITTEN.pop(str(source), None)
    if written is not None:
        _WRITTEN[str(target)] = written


def read_back(path: Path):
    """load(path): the value this process wrote there when the file is still as written."""
    written = _WRITTEN.pop(str(path), None)
    if written is not None:
        try:
            if _state(os.stat(path)) == written[0]:
                return written[1]
        except OSError:
            pass
    return load(path)


def _state(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def load(path: Path):
    """What `path` holds, or None for anything unreadable: a cache file cut short or garbled
    (even a length field that asks for terabytes: MemoryError) is a miss, never a crash."""
    try:
        with path.open("rb") as f, paused():  # a cache file holds many objects and no cycles
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
    key = _state(st)
    known = _SHARDS.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    loaded = load(path)
    _SHARDS[str(path)] = (key, loaded)
    return loaded
