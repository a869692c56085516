"""The output guard: a build replaces its output folder, so it must never be given one that
holds anything else — the content folder, a theme, the working folder, someone's files.

Refused, before anything is written: an output folder that is the content folder or a
theme folder, contains one or is inside one, is the current folder or contains it, is a
file, or is a folder holding files no build wrote. A folder counts as a previous output
when it is empty, holds the marker file every build writes (`.helpcenter-site`), or has
the files every build since the first one has written (for output of versions before
the marker); a symbolic link counts when it points to a version folder beside it, as
every build makes it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

MARKER = ".helpcenter-site"
# what every build wrote before the marker existed: such a folder is a previous output
LEGACY_OUTPUT = ("index.html", "404.html", "sitemap.xml", "robots.txt", "assets")


class UnsafeOutput(Exception):
    """The output folder given would destroy something the build did not write (a usage error)."""


def check_output(content_dir: Path, out_dir: Path, themes: Sequence[Path] = ()) -> None:
    """Raise UnsafeOutput, with one line saying why and what to do, unless `out_dir` is safe to replace."""
    out = location(out_dir)
    shown = f"--out '{out_dir}'"
    _apart(shown, out, content_dir.resolve(), "the content folder", "site.toml, roster.toml and every article")
    for theme in themes:
        _apart(shown, out, theme.resolve(), f"the theme folder '{theme}'", "its templates, scripts and styles")
    cwd = Path.cwd().resolve()
    if cwd.is_relative_to(out):
        where = "is the current folder" if cwd == out else "contains the current folder"
        raise UnsafeOutput(
            f"{shown} {where}, which the build would replace; choose a folder of its own, e.g. --out site"
        )
    if out.is_symlink():
        if version_of(out) is None:
            raise UnsafeOutput(
                f"{shown} is a symbolic link helpcenter did not make (to '{os.readlink(out)}'); "
                "remove it or choose another folder"
            )
    elif out.exists():
        if not out.is_dir():
            raise UnsafeOutput(f"{shown} is a file; choose a folder, e.g. --out site")
        foreign = _foreign_file(out)
        if foreign is not None:
            raise UnsafeOutput(
                f"{shown} holds files helpcenter did not write (e.g. '{foreign}') and the build replaces the "
                "whole folder; choose a new or empty folder, or empty this one first"
            )


def location(out_dir: Path) -> Path:
    """Where the output is, resolving the folders above it but not the output itself (a link)."""
    absolute = Path(os.path.abspath(out_dir))
    return absolute.parent.resolve() / absolute.name


def version_of(out: Path) -> Path | None:
    """The version folder the link `out` points to, when a build made that link: a sibling
    named `.<name>.v-…` that holds the marker."""
    try:
        target = os.readlink(out)
    except OSError:
        return None
    if os.sep in target or not target.startswith(f".{out.name}.v-"):
        return None
    version = out.parent / target
    return version if (version / MARKER).is_file() else None


def _apart(shown: str, out: Path, folder: Path, name: str, holds: str) -> None:
    if out == folder:
        problem = f"is {name}: the build would replace {holds} with the site"
    elif folder.is_relative_to(out):
        problem = f"contains {name}: the build would replace {holds} with the site"
    elif out.is_relative_to(folder):
        problem = f"is inside {name}: each build would publish the previous output as input"
    else:
        return
    raise UnsafeOutput(f"{shown} {problem}; build beside it instead, e.g. --out site")


def _foreign_file(folder: Path) -> str | None:
    """A name in `folder` that shows it is not a previous output, or None when it is one."""
    names = sorted(os.listdir(folder))
    if not names or MARKER in names or all(name in names for name in LEGACY_OUTPUT):
        return None
    known = set(LEGACY_OUTPUT)
    return next((name for name in names if name not in known), names[0])
