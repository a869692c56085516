"""A build's hold on its output location: refuse an unsafe --out, wait for another build
publishing beside it, remove what killed builds left there, and give the build its own
temporary folder (build/publish.py then publishes into that location)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from helpcenter.build.guard import check_output, location, version_of
from helpcenter.errors import CannotWrite

# what builds leave beside the output `.<name>`: versions, links not yet switched, temporary
# folders (and `.old-`, the swapped-out site of builds before versions existed)
KINDS = (".v-", ".link-", ".tmp-", ".old-")
SPARE = ".spare-"  # the version published before the current one (kept by remove_leftovers)


class Claim:
    """A build's hold on its output: the lock, and the build's own temporary folder, where
    every temporary file of the build goes (Whoosh's too) instead of the shared $TMPDIR."""

    def __init__(self, lock: int | None, scratch: Path):
        self.lock, self.scratch = lock, scratch
        self._tempdir, self._env = tempfile.tempdir, os.environ.get("TMPDIR")
        tempfile.tempdir = os.environ["TMPDIR"] = str(scratch)  # workers inherit both

    def release(self) -> None:
        tempfile.tempdir = self._tempdir
        if self._env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = self._env
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.lock is not None:
            os.close(self.lock)  # closing releases the lock


def claim_output(content_dir: Path, out_dir: Path, themes: Sequence[Path] = ()) -> Claim:
    """Refuse an unsafe output folder (UnsafeOutput); wait for any other build publishing
    beside it; remove what killed builds left there; make this build's temporary folder."""
    check_output(content_dir, out_dir, themes)
    out = location(out_dir)
    with unwritable(out_dir, out.parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    lock = None
    try:
        import fcntl

        lock = os.open(out.parent, os.O_RDONLY)
        fcntl.flock(lock, fcntl.LOCK_EX)
    except (ImportError, OSError):  # no flock here (Windows, some network file systems)
        if lock is not None:
            os.close(lock)
            lock = None
    remove_leftovers(out, keep=scratch)
    return Claim(lock, scratch)


@contextmanager
def unwritable(out_dir: Path, where: Path) -> Iterator[None]:
    """An OSError while making or publishing a version is the machine's, not the content's:
    one line (CannotWrite, exit 2); the published site is as it was."""
    try:
        yield
    except OSError as exc:
        blocker = next((p for p in (where, *where.parents) if os.path.lexists(p) and not p.is_dir()), None)
        why = f"'{blocker}' is a file, not a folder" if blocker else f"cannot write in '{where}' ({exc.strerror})"
        raise CannotWrite(
            exc.errno,
            f"--out '{out_dir}': {why}; the published site is unchanged: choose a folder you can write, "
            "or fix its permissions",
        ) from exc


def remove_leftovers(out: Path, keep: Path | None = None) -> None:
    """Everything a build leaves beside `out`, except the version it links to, `keep`, and
    the spare (which `staged` keeps or removes). What cannot be removed (a folder made
    read-only) stays, for a later build to retry."""
    current = version_of(out)
    prefix = f".{out.name}"
    for entry in os.scandir(out.parent):
        if not entry.name.startswith(tuple(prefix + kind for kind in KINDS)):
            continue
        if out.parent / entry.name in (current, keep):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
