"""Publishing: every build writes a new version of the site beside the output path, then
switches one symbolic link to it.

    public/site -> .site.v-3k9x2aq1      the output path: a link, replaced in one step
    public/.site.v-3k9x2aq1/             the published version

At every instant, even under `kill -9`, the output path shows the complete previous site
or the complete new one: the switch is `os.replace` of a new link over the old, atomic on
POSIX. An incremental build writes the files that changed into a fresh version and
hard-links the others from the previous one (never writing through a link, so the
published version is never modified in place). A build that fails leaves the published
site as it was. What a killed build leaves beside the output (a half-written version, a
link not yet switched, its temporary folder) is removed by the next build, which holds a
lock on the output's parent folder while it runs.

    public/.site.spare-5d0c1e2f/         the version published before the current one

Linking every file into a fresh version, then removing the old one, costs four system
calls per file of the site: seconds for a large site, whatever changed. So a published
version is not removed when it is replaced: it stays beside the output as the spare, and
the next incremental build takes it as its stage, bringing it up to date with what the
build between them changed (`Spare`: the cache records it) before writing its own
changes. Its files are hard links shared with the published version, so the stage
replaces a file (unlink, then write) instead of writing into it. A spare the cache does
not vouch for is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpcenter.build.claim import SPARE, unwritable
from helpcenter.build.guard import MARKER, location, version_of
from helpcenter.build.record import Record, record, updated
from helpcenter.build.signals import interrupts_held, kill_point, sigterm_unwinds
from helpcenter.build.state import Spare

MARKER_TEXT = b"Written by `helpcenter build`, which replaces this folder on every build.\n"


class Stage:
    def __init__(self, root: Path, incremental: bool, recycled: bool = False):
        self.root = root
        self.incremental = incremental
        self.recycled = recycled  # a spare version: its files are links shared with the published one
        self.removed: list[str] = []
        self.written: list[str] = []  # in this process (pages written by workers are not listed)
        self.record: Record | None = None  # of the output once published
        self.spare: Spare | None = None  # once published: the version it replaced, kept for the next build
        self._made: set[str] = set()  # folders this process made (or found) below root

    def write(self, rel: str, data: str | bytes) -> None:
        # plain os calls, each folder made once: a cold build writes 30,000 files at 10,000
        # articles, and pathlib's objects, a mkdir per file and buffered files doubled that cost
        path = os.path.join(self.root, rel)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if self.recycled:
            try:
                os.unlink(path)  # a link shared with the published version: never write through it
            except FileNotFoundError:
                self._folder(os.path.dirname(path))
        else:
            self._folder(os.path.dirname(path))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        self.written.append(rel)

    def _folder(self, folder: str) -> None:
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)

    def remove(self, rels: list[str]) -> None:
        """Files of the previous output that this build no longer produces."""
        self.removed.extend(rels)


@contextmanager
def staged(
    out_dir: Path, incremental: bool = False, spare: Spare | None = None, before: Record | None = None
) -> Iterator[Stage]:
    """Yield a Stage: a new version beside `out_dir`; on success switch `out_dir` to it.
    Incremental: the stage holds only what changed; the rest comes from the current version
    (the `spare` brought up to date, when the caller vouches for one; else links to every file).
    `before`: the record of the current version, checked intact (it spares reading the new
    version's record in full)."""
    out = location(out_dir)
    with sigterm_unwinds(), unwritable(out_dir, out.parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        previous = version_of(out)
        incremental = incremental and previous is not None
        root = _recycle(out, previous, spare if incremental else None)
        recycled = root is not None
        if root is None:
            root = Path(tempfile.mkdtemp(prefix=f".{out.name}.v-", dir=out.parent))
        stage = Stage(root, incremental, recycled)
        published = False
        try:
            yield stage
            os.chmod(root, 0o755)  # mkdtemp makes it private; a published site is not
            if not recycled:
                (root / MARKER).write_bytes(MARKER_TEXT)
            kill_point()
            if recycled:
                _remove_files(root, stage.removed)
            elif stage.incremental and previous is not None:
                _carry_over(previous, stage)
            kill_point()
            with interrupts_held():
                _switch(out, root)
                published = True
        finally:
            if not published:
                shutil.rmtree(root, ignore_errors=True)
            elif previous is not None and stage.incremental:
                stage.spare = _keep_as_spare(out, previous, stage)
            elif previous is not None:  # a full build: the previous version has nothing to offer
                _remove_version(previous)
    if recycled and before is not None and spare is not None:
        touched = [*stage.written, *stage.removed, *spare.written, *spare.removed, MARKER]
        stage.record = updated(before, root, touched)
    else:
        stage.record = record(out)


def _spares(out: Path) -> list[Path]:
    prefix = f".{out.name}{SPARE}"
    return [Path(e.path) for e in os.scandir(out.parent) if e.name.startswith(prefix)]


def _recycle(out: Path, previous: Path | None, spare: Spare | None) -> Path | None:
    """The spare the caller vouches for, renamed as a version being built and brought up to
    date with `previous`; None (every spare removed) when there is none to use."""
    found = _spares(out)
    usable = None
    if spare is not None and previous is not None:
        usable = next((p for p in found if p.name == spare.name), None)
    for path in found:
        if path != usable:
            shutil.rmtree(path, ignore_errors=True)
    if usable is None or spare is None or previous is None:
        return None
    root = out.parent / f".{out.name}.v-{secrets.token_hex(6)}"
    os.rename(usable, root)  # a kill from here on leaves a `.v-` folder: the next build removes it
    kill_point()
    prev, dest = str(previous), str(root)
    for rel in spare.written:
        target = os.path.join(dest, rel)
        try:
            os.unlink(target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        _link(Path(prev, rel), Path(target))
    _remove_files(root, list(spare.removed))
    return root


def _remove_files(root: Path, rels: list[str]) -> None:
    """Unlink `rels` below `root`, and the folders that leaves empty (a cold build has none)."""
    folders: set[str] = set()
    for rel in rels:
        try:
            os.unlink(os.path.join(root, rel))
        except FileNotFoundError:
            continue
        folders.add(os.path.dirname(rel))
    for folder in sorted(folders, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(root, folder))
            except OSError:  # not empty (or gone already)
                break
            folder = os.path.dirname(folder)


def _keep_as_spare(out: Path, previous: Path, stage: Stage) -> Spare | None:
    """The version just replaced becomes the spare: what it lacks is what this build wrote
    and removed."""
    name = f".{out.name}{SPARE}{secrets.token_hex(6)}"
    try:
        os.rename(previous, out.parent / name)
    except OSError:
        _remove_version(previous)
        return None
    return Spare(name, tuple(stage.written), tuple(stage.removed))


def _carry_over(previous: Path, stage: Stage) -> None:
    """Hard-link into the stage every file of `previous` this build neither wrote nor removed."""
    skip = set(stage.removed) | {MARKER}
    first = True
    for folder, _dirs, files in os.walk(previous):
        rel_folder = os.path.relpath(folder, previous)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        made = False
        for name in files:
            if prefix + name in skip:
                continue
            if not made:
                (stage.root / prefix).mkdir(parents=True, exist_ok=True)
                made = True
            _link(Path(folder, name), stage.root / prefix / name)
            if first:
                kill_point()  # a kill here leaves a half-linked version: the next build removes it
                first = False


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:  # this build wrote it (pages may be written by worker processes)
        return
    except OSError as exc:  # a file system without hard links: copy instead
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copy2(source, target)


def _switch(out: Path, version: Path) -> None:
    """Point `out` at `version` in one atomic step."""
    link = out.parent / f".{out.name}.link-{secrets.token_hex(6)}"  # os.symlink refuses an existing name
    os.symlink(version.name, link)
    try:
        kill_point()
        if out.is_symlink() or not out.exists():
            os.replace(link, out)
        else:
            _migrate(out, link)
    finally:
        if os.path.lexists(link):  # not switched: the old site stays
            os.unlink(link)
    kill_point()


def _migrate(out: Path, link: Path) -> None:
    """A real folder at `out` (an output of a version before links, or an empty folder) is
    renamed aside, then the link takes its place: that migration, once per output folder,
    is the one moment the output path does not exist."""
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, aside / "site")
    try:
        kill_point()
        os.replace(link, out)
    except BaseException:
        os.rename(aside / "site", out)  # put the previous site back before giving up
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _remove_version(version: Path) -> None:
    """Remove a version no longer published; a kill half-way leaves a leftover the next build removes."""
    with contextlib.suppress(OSError):  # the new site is published: what stays is a leftover
        for number, entry in enumerate(sorted(os.scandir(version), key=lambda e: e.name)):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
            if number == 0:
                kill_point()
    shutil.rmtree(version, ignore_errors=True)
