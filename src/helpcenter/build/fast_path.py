"""The fast paths of a warm build, decided from the input files (their stats, and the
contents of those whose stats changed) before anything is parsed: nothing changed (only
support.json, stamped with the build time, is written again), or only notices did
(notice_path)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpcenter.build.cache import BuildCache
from helpcenter.build.notice_path import notices_only
from helpcenter.build.outputs import support_json
from helpcenter.build.publish import staged
from helpcenter.build.result import BuildResult
from helpcenter.build.signatures import Known, Signer, contents_digest, input_files, stats_digest
from helpcenter.build.state import InputDigests
from helpcenter.errors import Report
from helpcenter.support.stage import Support, load_support

NOTICES = "notices"  # content/notices/: a change there alone takes the notices' fast path


def nothing_changed(
    content_dir: Path,
    out_dir: Path,
    dirs: tuple[Path, ...],
    digests: tuple[str, str],
    cache: BuildCache,
    now: dt.datetime,
    strict: bool,
) -> BuildResult | None:
    """The fast paths of a warm build: when no input changed, only support.json (stamped
    with the build time) is written again; when only notices did, only their files are
    (notice_path). None when there is real work to do."""
    counts = cache.head.counts
    found = _inputs_now(content_dir, digests, cache, now, strict)
    if found is None or counts is None:
        return None
    inputs, support = found
    report = Report()
    if not cache.fingerprint_matches(inputs, out_dir, body=False):
        done = notices_only(content_dir, out_dir, dirs, cache, now, strict, inputs, support)
        if done is None:
            return None
        report.extend(done[0].problems)
        return BuildResult(None, report, counts.articles, counts.pages, done[1], tuple(cache.warnings))
    report.extend(list(counts.problems))  # the inputs are the same: so are their problems
    record = cache.head.published
    written = 0
    text = support_json(support) if support is not None else None
    if text is not None and (out_dir / "support.json").read_bytes() != text.encode():
        with staged(out_dir, incremental=True, spare=cache.head.spare, before=record) as stage:
            stage.write("support.json", text)
            written = 1
        cache.keep_previous(stage.record, stage.spare)
    else:
        cache.keep_previous(record, cache.head.spare)
    return BuildResult(None, report, counts.articles, counts.pages, written, tuple(cache.warnings))


def inputs_unchanged(
    content_dir: Path, out_dir: Path, digests: tuple[str, str], cache: BuildCache, now: dt.datetime, strict: bool
) -> bool:
    """Whether every input is as the previous build read it and its output is intact (then
    what the previous build made from them, kept in the cache, holds)."""
    found = _inputs_now(content_dir, digests, cache, now, strict)
    return found is not None and cache.fingerprint_matches(found[0], out_dir)


def _inputs_now(
    content_dir: Path, digests: tuple[str, str], cache: BuildCache, now: dt.datetime, strict: bool
) -> tuple[str, Support | None] | None:
    """The inputs' fingerprint and the roster's state now, when a fast path may be taken at
    all: a cache of a build that (under --strict) had no warnings, and a roster that loads."""
    counts = cache.head.counts
    if cache.directory is None or counts is None or (strict and counts.warned):
        return None
    report = Report()
    support = load_support(content_dir, report, now)
    return None if report.problems else (fingerprint(digests, support), support)


def input_digests(content_dir: Path, dirs: tuple[Path, ...], cache: BuildCache) -> tuple[str, str]:
    """Digests of every input file's contents: (everything but the notices, the notices).
    When every file's stat is as the previous build found it, they are that build's; else
    only the files whose stat changed are read (a checkout, or a save without a change,
    then still takes a fast path). Without a cache, the stats' digests stand for them."""
    notices = content_dir / NOTICES
    rest, aside = input_files(content_dir, *dirs, aside=notices), input_files(notices)
    stats = (stats_digest(rest), stats_digest(aside))
    cache.stats.update((path, (mtime, size)) for path, size, mtime in rest)  # no article stat'ed twice
    if cache.directory is None:
        return stats
    previous = cache.head.inputs
    if previous is not None and previous.stats == stats:
        contents = previous.contents
    else:
        found: Known = {}
        known = cache.known_input_files()
        contents = (contents_digest(rest, known, found), contents_digest(aside, known, found))
        cache.input_files = found
    cache.state.inputs = InputDigests(stats, contents)
    return contents


def fingerprint(digests: tuple[str, str], support: Support | None) -> str:
    """The input files' digests (input_digests), and the roster's state now (upcoming
    holidays move with time): `<everything but the notices>:<the notices>`, so a build can
    tell when only notices changed (notice_path.notices_only)."""
    rest = Signer({})((digests[0], support))
    return f"{rest}:{digests[1]}"
