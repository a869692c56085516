"""Staged output: write the whole site into a temporary folder, then swap it in.

A build that fails at any point — bad input, a template error, a full disk, Ctrl-C —
leaves the previously published folder exactly as it was and no temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Stage:
    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)


@contextmanager
def staged(out_dir: Path) -> Iterator[Stage]:
    """Yield a Stage beside `out_dir`; on success replace `out_dir` with it."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        yield Stage(tmp)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


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
