"""Find what the content folder holds: article files (by their place, <lang>/<category>/
<slug>.md) and the static files published beside them, reporting files that do not fit."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from helpcenter.config.options import did_you_mean
from helpcenter.errors import Report
from helpcenter.model import SiteConfig

ARTICLE_SUFFIXES = (".md", ".markdown")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Source:
    """One article file found in the content folder, before it is read: by its path as
    text, the Path made when asked (a build makes 10,000 Sources and reads few of them)."""

    file: str
    lang: str
    category: str
    slug: str

    @cached_property
    def path(self) -> Path:
        return Path(self.file)


def scan(content_dir: Path, report: Report | None = None) -> list[tuple[str, ...]]:
    """Every file below the content folder, as its path's parts relative to it, sorted.

    Hidden files and folders are skipped; nothing else is left out silently. A symbolic
    link whose target is outside the content folder, a link to a folder, a link loop or a
    link to nothing, a folder that cannot be read, a name that is not UTF-8 and anything
    that is not a regular file are errors (with `report`), and nothing behind them is read
    or published. One `os.scandir` pass: large sites have tens of thousands of files, and
    pathlib costs ~100 µs per file here.
    """
    root = content_dir.resolve()
    files: list[tuple[str, ...]] = []

    def refuse(path: str, message: str) -> None:
        if report is not None:
            report.error(Path(path), 1, message)

    def visit(folder: str, rel: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            refuse(folder, f"cannot read this folder ({exc.strerror}): everything in it is left out; {FIX_ACCESS}")
            return
        below = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .git, .DS_Store, editors' swap files
            if not _utf8(entry.name):
                refuse(entry.path, "this name is not UTF-8, so it cannot be part of a URL: rename it")
                continue
            if entry.is_symlink():
                problem = _link_problem(entry, root)
                if problem is not None:
                    refuse(entry.path, problem)
                else:
                    files.append((*rel, entry.name))
            elif entry.is_dir(follow_symlinks=False):
                below.append(entry)
            elif entry.is_file(follow_symlinks=False):
                files.append((*rel, entry.name))
            else:
                refuse(entry.path, "not a regular file (a pipe, socket or device): left out; remove it")
        for entry in below:
            visit(entry.path, (*rel, entry.name))

    visit(str(content_dir), ())
    files.sort()
    return files


FIX_ACCESS = "let the build read it (chmod u+rwX) or move it out of the content folder"


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")  # os.scandir decodes other bytes as lone surrogates
    except UnicodeEncodeError:
        return False
    return True


def _link_problem(entry: os.DirEntry, root: Path) -> str | None:
    """Why a symbolic link is not read, or None for a link to a file inside the content folder."""
    written = os.readlink(entry.path)
    try:
        target = Path(entry.path).resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop so; later versions raise OSError(ELOOP)
        return f"symbolic link loop (to {written}): it never reaches a file; remove it"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"symbolic link loop (to {written}): it never reaches a file; remove it"
        return f"symbolic link to nothing (to {written}): remove it or restore what it points to"
    if not target.is_relative_to(root):
        return f"symbolic link that leaves the content folder (to {written}): refusing to read it"
    if target.is_dir():
        return (
            f"symbolic link to a folder (to {written}): links to folders are not followed, so everything "
            "in it is left out here; move the folder to this place instead of linking it"
        )
    if not target.is_file():
        return f"symbolic link to something that is not a regular file (to {written}): remove it"
    return None


# folders of the content folder that the build reads and never publishes
INPUT_FOLDERS = ("theme", "notices")
SNIPPETS = "_snippets"  # <lang>/_snippets/<name>.md: shared passages, not articles (content/snippets.py)


def discover(
    content_dir: Path, config: SiteConfig, report: Report, files: list[tuple[str, ...]] | None = None
) -> list[Source]:
    """Find article files; report folders and files that do not fit the layout."""
    languages = set(config.languages)
    categories = {c.id for c in config.categories}
    files = scan(content_dir, report) if files is None else files
    asked = (content_dir, tuple(config.languages), tuple(sorted(categories)), tuple(files))
    if _found[0] == asked:  # the same files as last time, all fitting: the same sources
        return list(_found[1])
    found: list[Source] = []
    problems = len(report.problems)
    root = str(content_dir)

    def refuse(file: str, message: str) -> None:
        path = Path(file)
        report.error(path, 1, message, _first_line(path))

    for parts in files:
        name = parts[-1]
        if not name.endswith(ARTICLE_SUFFIXES) or name.startswith(".") or parts[0] in INPUT_FOLDERS:
            continue
        if len(parts) == 1 or parts[1] == SNIPPETS:
            continue  # README.md and notes beside site.toml are not articles; snippets neither
        file = os.path.join(root, *parts)  # a Path per file costs 5 µs: made only when read
        if len(parts) != 3:
            refuse(file, "articles live at <lang>/<category>/<slug>.md")
            continue
        lang, category, name = parts
        slug = name.rsplit(".", 1)[0].lower()
        if lang not in languages:
            refuse(
                file,
                f"language folder '{lang}' is not declared in site.toml{did_you_mean(lang, config.languages)} "
                f"(languages: {', '.join(config.languages)})",
            )
            continue
        if category not in categories:
            refuse(
                file,
                f"category folder '{category}' is not declared in site.toml{did_you_mean(category, categories)} "
                f"(categories: {', '.join(sorted(categories))})",
            )
            continue
        if not _SLUG.match(slug):
            refuse(file, f"file name '{name}' cannot be a URL: use lowercase letters, digits, '-', '_' and '.'")
            continue
        found.append(Source(file, lang, category, slug))
    if len(report.problems) == problems:
        _found[:] = [asked, tuple(found)]
    return found


# The last discover()'s files and sources: `helpcenter serve` builds again and again, mostly
# with the same files (10,000 Paths made again cost 0.05 s). Sources are frozen: shared.
_found: list = [None, ()]


def _first_line(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return f.readline(500).decode("utf-8", "replace").rstrip("\n")
    except OSError:
        return None


def static_files(content_dir: Path, files: list[tuple[str, ...]] | None = None) -> list[Path]:
    """Non-article files inside language folders (images, PDFs …), relative to the content folder."""
    return [
        Path(*parts)
        for parts in (scan(content_dir) if files is None else files)
        if len(parts) > 1
        and parts[0] not in INPUT_FOLDERS
        and not parts[-1].endswith(ARTICLE_SUFFIXES)
        and not parts[-1].startswith(".")
    ]
