"""What a build assumes when not told: its clock (SOURCE_DATE_EPOCH or now), how many
worker processes, where its cache and the previous URL manifest are."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from helpcenter.errors import BadEnvironment
from helpcenter.support.schedule import LAST_YEAR

CACHE_DIR = ".helpcenter-cache"


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so two builds of one input are identical. A value
    that is not seconds since 1970 stops the build (reproducible-builds.org: "SHOULD exit
    with a non-zero error code"), rather than being ignored for the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not epoch.isascii() or not epoch.isdigit():
        raise BadEnvironment(
            f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a whole number of seconds since 1970-01-01 "
            "(e.g. the last commit's: git log -1 --format=%ct)"
        )
    seconds = int(epoch)
    if seconds > LAST_EPOCH:
        raise BadEnvironment(
            f"SOURCE_DATE_EPOCH={epoch[:40]} is after the year {LAST_YEAR}: it counts seconds, "
            "not milliseconds (e.g. git log -1 --format=%ct)"
        )
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


LAST_EPOCH = int(dt.datetime(LAST_YEAR, 12, 31, tzinfo=dt.UTC).timestamp())


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def previous_manifest(out_dir: Path) -> Path | None:
    """The URL manifest of the site published at `out_dir`, if there is one."""
    from helpcenter.render.manifest import MANIFEST

    path = out_dir / MANIFEST
    return path if path.is_file() else None


def default_cache_dir(out_dir: Path) -> Path:
    return out_dir.absolute().parent / CACHE_DIR
