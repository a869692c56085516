"""The build cache: what a warm build can reuse from the previous one. Parsed articles,
keyed by the file's bytes (checked by stat first, then by hash); a signature per output
file (a digest of everything it is made from: a page is rendered again only when one of
its inputs changed); the output manifest, to know whether the previous output is still
there as written. The manifest is two files: its head (fingerprint, counts, the output's
record), all that a build with nothing to do reads, and its body (every output's
signature, the search state, the pages), read only when something must be built.

Everything is keyed by a salt of the cache format (state.FORMAT_VERSION), the tool version
and the options that change rendered output, so a cache never leaks results across
versions or configurations (nor is an old cache misread: it is simply a miss).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.build.cache_files import dump, load_articles, moved, read_back, remove, usable
from helpcenter.build.record import Record, intact, intact_soon
from helpcenter.build.signatures import Known, Signer
from helpcenter.build.state import (
    BODY_FIELDS,
    ArticleEntry,
    CacheState,
    ParseResult,
    Spare,
    file_digest,
    source_inputs,
)
from helpcenter.model import Article

if TYPE_CHECKING:
    from helpcenter.render.pages import RenderInputs

INPUT_FILES = "input-files"  # the part with every input file's digest
HEAD, BODY = "manifest.pickle", "manifest-body.pickle"
ARTICLE_SHARDS = 16  # the article record is split so an edit rewrites a sixteenth of it


def _shard(path: str) -> int:
    return zlib.crc32(path.encode()) % ARTICLE_SHARDS


class BuildCache:
    """Two files: a small manifest (what the last build read and wrote), read on every
    build, and the parsed articles, read only when something changed."""

    def __init__(self, directory: Path | None, salt: str):
        self.directory = directory
        self.salt = salt
        self.state = CacheState(salt=salt)
        self._sources: dict[str, str] = {}  # source_inputs of each of state.articles, for signer()
        self.head = CacheState(salt=salt)  # the previous build's manifest, its body not read yet
        self._body_loaded = True
        self._body_lost = False  # the head names a body that is not on disk as written
        self._articles_loaded = directory is None
        self._parts_written = False  # since the manifest was read: it no longer describes them
        self._intact: bool | None = None  # reusable_output, checked once per build
        self._intact_wait: Callable[[], bool] | None = None  # its answer, when check_output_soon started it
        # (mtime_ns, size) of input files as the input walk found them (fast_path.input_digests),
        # or as article() found them before reading: what a parse is remembered under
        self.stats: dict[str, tuple[int, int]] = {}
        self.warnings: list[str] = []  # the cache is never the writer's mistake: said, never fatal
        self.rendered_from: RenderInputs | None = None  # this build's pages' inputs (the preview's quick page)
        self.input_files: Known | None = None  # each input file's digest, when this build read them
        if directory is not None and not usable(directory):
            self.warnings.append(
                f"the build cache {directory.parent} is not a folder this build can write: "
                "building everything afresh, without a cache (remove it, or pass --no-cache)"
            )
            self.directory = directory = None
            self._articles_loaded = True
        if directory is not None:
            loaded = read_back(directory / HEAD)  # the preview's next build: the head as its last dumped it
            if isinstance(loaded, CacheState) and loaded.salt == salt:
                self.head = loaded
                self._body_loaded = False
            elif loaded is not None:
                self._articles_loaded = True  # another version's cache: nothing usable to load
            # no manifest (a failed build forgot it): the parsed articles, salted, still serve

    @property
    def previous(self) -> CacheState:
        """The previous build's manifest, in full (its body read on first use). A body not the
        head's (a build stopped between the two writes) counts as empty: everything is made."""
        self._read_body()
        return self.head

    def _read_body(self) -> bool:
        """Read the manifest's body (once); False when it is not the one the head names."""
        if not self._body_loaded:
            self._body_loaded = True
            loaded = read_back(self.directory / BODY) if self.directory is not None else None
            if isinstance(loaded, tuple) and loaded[:2] == (self.salt, self.head.body) and self.head.body:
                self.head = dataclasses.replace(self.head, **dict(zip(BODY_FIELDS, loaded[2])))
            else:
                self._body_lost = True
        return not self._body_lost

    def fingerprint_matches(self, fingerprint: str, out_dir: Path, *, body: bool = True) -> bool:
        """The inputs are the previous build's, its output intact (`body`: reusable_output's)."""
        return self.head.fingerprint == fingerprint and self.reusable_output(out_dir, body=body)

    # -- articles ------------------------------------------------------------------------
    def _previous_articles(self) -> dict[str, ArticleEntry]:
        if not self._articles_loaded and self.directory is not None:
            self._articles_loaded = True
            shards = [self.directory / f"articles-{shard}.pickle" for shard in range(ARTICLE_SHARDS)]
            self.previous.articles.update(load_articles(shards, self.salt))
        return self.previous.articles

    def article(self, path: str | Path) -> tuple[ParseResult | None, bytes | None, str | None]:
        """(cached result, bytes read, digest): the result when the file is unchanged."""
        key = str(path)
        entry = self._previous_articles().get(key)
        known = self.stats.get(key)
        if known is None:  # a stat before any read: a file saved again meanwhile is read again next build
            stat = os.stat(key)
            known = self.stats[key] = (stat.st_mtime_ns, stat.st_size)
        if entry is not None and (entry.mtime_ns, entry.size) == known:
            self._take(key, entry)
            return entry.result, None, entry.digest
        if entry is None:  # nothing to compare: the parse reads it (in a worker), not this process
            return None, None, None
        with open(key, "rb") as f:
            raw = f.read()
        digest = file_digest(raw)
        if entry.digest == digest:
            self._take(key, ArticleEntry(*known, digest, entry.result))
            return entry.result, raw, digest
        return None, raw, digest

    def previous_article(self, path: Path) -> Article | None:
        """The article the previous build parsed from `path`, or None."""
        entry = self._previous_articles().get(str(path))
        return entry.result[0] if entry is not None else None

    def remember_article(self, path: str | Path, digest: str, result: ParseResult) -> None:
        known = self.stats.get(str(path))
        if known is None:
            stat = os.stat(path)
            known = (stat.st_mtime_ns, stat.st_size)
        self._take(str(path), ArticleEntry(known[0], known[1], digest, result))

    def _take(self, key: str, entry: ArticleEntry) -> None:
        self.state.articles[key] = entry
        self._sources[key] = source_inputs(entry)

    def signer(self) -> Signer:
        """A Signer that stands each article for its source file's digest, as read this build, and
        its snippets' (the table made as each is read: a build asks as each language is read)."""
        return Signer(self._sources)

    # -- outputs -------------------------------------------------------------------------
    def reusable_output(self, out_dir: Path, *, body: bool = True) -> bool:
        """`out_dir` is as the previous build left it (record.py), and (`body`) its manifest's body read."""
        if self.directory is None or self.head.out_dir != str(out_dir.absolute()):
            return False
        if body and not self._read_body():
            return False
        if self._intact is None:
            self._intact = self._intact_wait() if self._intact_wait else intact(out_dir, self.head.published)
            self._intact_wait = None
        return self._intact

    def check_output_soon(self, out_dir: Path) -> None:
        """reusable_output's check, started beside the reading of the inputs; settle() collects it."""
        if self.directory is not None and self.head.out_dir == str(out_dir.absolute()) and self.head.published:
            self._intact_wait = intact_soon(out_dir, self.head.published)

    def settle(self) -> None:
        """Wait for a check check_output_soon started (no child process is left behind)."""
        if self._intact_wait is not None:
            self._intact = self._intact_wait()
            self._intact_wait = None

    def unchanged(self, rel: str, signature: str) -> bool:
        self.state.outputs[rel] = signature
        return self.previous.outputs.get(rel) == signature

    def removed_outputs(self) -> list[str]:
        return sorted(set(self.previous.outputs) - set(self.state.outputs))

    # -- parts: larger per-stage state, read only by the stage that needs it ---------------
    def load_part(self, name: str) -> object | None:
        if self.directory is None:
            return None
        loaded = read_back(self.directory / f"{name}.pickle")
        return loaded[1] if isinstance(loaded, tuple) and loaded[0] == self.salt else None

    def save_part(self, name: str, value: object) -> None:
        """Written at once: a build that then fails forgets the manifest, which names no part."""
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            dump((self.salt, value), self.directory / f"{name}.pickle")
            self._parts_written = True

    def part_elsewhere(self, name: str, staged: bool = False) -> tuple[str, str] | None:
        """(path, salt) of a part another process writes, counted as written; or None.
        `staged`: of a file beside it, counted when commit_part moves it in its place."""
        if self.directory is None:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        self._parts_written |= not staged
        return str(self.directory / f"{name}.pickle{'.next' if staged else ''}"), self.salt

    def commit_part(self, name: str) -> None:
        if self.directory is not None:
            moved(self.directory / f"{name}.pickle.next", self.directory / f"{name}.pickle")
            self._parts_written = True

    # -- the input files' digests (fast_path.input_digests) -------------------------------
    def known_input_files(self) -> Known:
        loaded = self.load_part(INPUT_FILES)
        return loaded if isinstance(loaded, dict) else {}

    def _save_input_files(self) -> None:
        if self.input_files is not None:
            self.save_part(INPUT_FILES, self.input_files)
            self.input_files = None

    # -- persistence ---------------------------------------------------------------------
    def save(self, out_dir: Path, articles_changed: bool = True) -> None:
        if self.directory is None:
            return
        self.state.out_dir = str(out_dir.absolute())
        self.directory.mkdir(parents=True, exist_ok=True)
        self._save_input_files()
        if articles_changed:
            self._save_articles(self.directory)
        body = secrets.token_hex(8)
        # the body first: the head, written last, is what makes the pair the cache
        dump((self.salt, body, tuple(getattr(self.state, f) for f in BODY_FIELDS)), self.directory / BODY)
        head = dataclasses.replace(self.state, articles={}, body=body, **_EMPTY_BODY)
        dump(head, self.directory / HEAD)

    def _save_articles(self, directory: Path) -> None:
        """Write the shards of the article record that changed (an edit rewrites one)."""
        shards: list[dict[str, ArticleEntry]] = [{} for _ in range(ARTICLE_SHARDS)]
        for path, entry in self.state.articles.items():
            shards[_shard(path)][path] = entry
        before: list[dict[str, ArticleEntry]] = [{} for _ in range(ARTICLE_SHARDS)]
        if self._articles_loaded:
            for path, entry in self.previous.articles.items():
                before[_shard(path)][path] = entry
        for number, (now, then) in enumerate(zip(shards, before)):
            same = self._articles_loaded and now.keys() == then.keys() and all(now[p] is then[p] for p in now)
            target = directory / f"articles-{number}.pickle"
            if not same or not target.is_file():
                dump({"salt": self.salt, "articles": now}, target)

    def keep_previous(self, published: Record | None, spare: Spare | None) -> None:
        """Nothing changed: keep the previous record (with the output's, if support.json was
        rewritten, and the input files' stats, if a file was saved without a change)."""
        inputs = self.state.inputs
        head = self.head
        unchanged = (published, spare, inputs) == (head.published, head.spare, head.inputs)
        self.state = dataclasses.replace(self.head, articles={}, published=published, spare=spare, inputs=inputs)
        self._sources = {}
        if self.directory is not None and not unchanged:  # else the manifest on disk says it already
            self._save_input_files()
            # the head only: the body it names is the previous build's, still on disk
            dump(dataclasses.replace(self.state, **_EMPTY_BODY), self.directory / HEAD)

    def forget_quietly(self) -> None:
        """forget(), for when the cache folder itself is the trouble."""
        with contextlib.suppress(OSError):
            self.forget()

    def failed(self) -> None:
        """After a failed build. One that wrote a part the manifest does not describe (a
        search index, the notices kit) forgets the manifest. One that failed before (a
        writer's mistake, found while checking the content) leaves the cache as it was, so
        the build after the fix is an edit, not a full build."""
        if self._parts_written:
            self.forget()

    def forget(self) -> None:
        """The next build must not trust the previous record (parsed articles still serve)."""
        if self.directory is not None:
            remove(self.directory / HEAD)


_EMPTY_BODY: dict = {"outputs": {}, "search": {}, "pages": None}
