"""The build cache's files: each written whole (a temporary file, then renamed), and read
as a miss (None) when anything about it is wrong, never as a crash."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

from helpcenter.build.collector import paused


def dump(value: object, path: Path) -> None:
    if _behind == os.getpid():  # not in a forked child: nothing would write it there
        with _lock:
            _PENDING.pop(str(path), None)  # written in the order last dumped: a head after its body
            _PENDING[str(path)] = (path, value)
        return
    _write(value, path)


def _write(value: object, path: Path) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    if _keeping:
        _WRITTEN[str(path)] = (_state(os.stat(path)), value)


# Files dumped and not yet written, when this process writes behind (write_behind): the
# preview's builds leave their cache files (0.07 s of pickling for an English edit at
# 10,000 articles, 0.2 s for a Chinese one: its index) to be written after the build, while
# the browser reloads. Every read, move or removal of a cache file writes them first, in
# order, so each file still holds the last value dumped as it was when dumped: no build
# changes a value it dumped before the next build reads the cache, which writes them first.
_PENDING: dict[str, tuple[Path, object]] = {}
_behind: int | None = None  # the process that writes behind
_lock = threading.Lock()


def write_behind(behind: bool = True) -> None:
    """Leave cache files dumped by this process to be written by write_pending() (or
    write_pending_soon()), or by the next access to one; off, everything pending is written."""
    global _behind
    if not behind:
        write_pending()
    _behind = os.getpid() if behind else None


def write_pending() -> None:
    """Write every file dumped and not yet written, in order (after a writer running in
    the background has written what it took). One that cannot be written leaves the rest
    unwritten, as a build stopped there would: the cache holds either file of each pair
    (the manifest's head names its body), so the next build is merely cold where it must
    be; why is kept for take_failures()."""
    with _lock:
        while _PENDING:
            path, value = _PENDING.pop(next(iter(_PENDING)))
            try:
                _write(value, path)
            except OSError as exc:
                _PENDING.clear()
                _FAILED.append(not_saved(exc))


_FAILED: list[str] = []


def not_saved(exc: OSError) -> str:
    """What a writer is told when the cache could not be written."""
    return f"the build cache could not be saved ({exc.strerror}): the next build starts afresh"


def take_failures() -> list[str]:
    """What write_pending() could not write since asked last, said for a writer."""
    with _lock:
        failed, _FAILED[:] = list(_FAILED), []
    return failed


def write_pending_soon() -> threading.Thread:
    """write_pending(), in a thread of its own (started and returned), while this one goes on."""
    thread = threading.Thread(target=write_pending, name="cache-writer", daemon=True)
    thread.start()
    return thread


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
    with _lock:
        pending = _PENDING.pop(str(source), None)
        if pending is not None:  # not written yet: it will be, as `target`
            _PENDING.pop(str(target), None)
            _PENDING[str(target)] = (target, pending[1])
            return
    write_pending()
    os.replace(source, target)
    kept = _WRITTEN.pop(str(source), None)
    if kept is not None:
        _WRITTEN[str(target)] = kept


def read_back(path: Path):
    """load(path): the value this process wrote there when the file is still as written."""
    write_pending()
    kept = _WRITTEN.pop(str(path), None)
    if kept is not None:
        try:
            if _state(os.stat(path)) == kept[0]:
                return kept[1]
        except OSError:
            pass
    return load(path)


def _state(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def load(path: Path):
    """What `path` holds, or None for anything unreadable: a cache file cut short or garbled
    (even a length field that asks for terabytes: MemoryError) is a miss, never a crash."""
    write_pending()
    try:
        with path.open("rb") as f, paused():  # a cache file holds many objects and no cycles
            return pickle.load(f)
    except Exception:  # pickle raises almost anything on garbage; MemoryError is one of them
        return None


def remove(path: Path) -> None:
    """Unlink a cache file, and forget a value dumped there and not yet written."""
    with _lock:
        _PENDING.pop(str(path), None)
    path.unlink(missing_ok=True)


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
    write_pending()
    try:
        st = path.stat()
    except OSError:
        return None
    key = _state(st)
    known = _SHARDS.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    written = _WRITTEN.pop(str(path), None)  # a shard this process rewrote: its own objects, not copies
    loaded = written[1] if written is not None and written[0] == key else load(path)
    _SHARDS[str(path)] = (key, loaded)
    return loaded
