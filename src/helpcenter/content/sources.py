"""Find what the content folder holds: article files (by their place, <lang>/<category>/
<slug>.md) and the static files published beside them, reporting files that do not fit."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from helpcenter.config.options import did_you_mean
from helpcenter.errors import Report
from helpcenter.model import SiteConfig

ARTICLE_SUFFIXES = (".md", ".markdown")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Source:
    """One article file found in the content folder, before it is read."""

    path: Path
    lang: str
    category: str
    slug: str


def scan(content_dir: Path, report: Report | None = None) -> list[tuple[str, ...]]:
    """Every file below the content folder, as its path's parts relative to it, sorted.

    Hidden folders are skipped and folder links are not followed (as `Path.rglob`). A
    symbolic link (to a file or a folder) whose target is outside the content folder is
    an error, and nothing behind it is read or published. One `os.scandir` pass: large
    sites have tens of thousands of files, and pathlib costs ~100 µs per file here.
    """
    root = content_dir.resolve()
    files: list[tuple[str, ...]] = []

    def visit(folder: str, rel: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        below = []
        for entry in entries:
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if entry.name.startswith(".") and target.is_dir():
                    continue
                if not target.is_relative_to(root):
                    if report is not None:
                        report.error(
                            Path(entry.path),
                            1,
                            f"symbolic link that leaves the content folder (to {os.readlink(entry.path)}): "
                            "refusing to read it",
                        )
                    continue
                if entry.is_file():
                    files.append((*rel, entry.name))
            elif entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    below.append(entry)
            elif entry.is_file(follow_symlinks=False):
                files.append((*rel, entry.name))
        for entry in below:
            visit(entry.path, (*rel, entry.name))

    visit(str(content_dir), ())
    files.sort()
    return files


# folders of the content folder that the build reads and never publishes
INPUT_FOLDERS = ("theme", "notices")


def discover(
    content_dir: Path, config: SiteConfig, report: Report, files: list[tuple[str, ...]] | None = None
) -> list[Source]:
    """Find article files; report folders and files that do not fit the layout."""
    languages = set(config.languages)
    categories = {c.id for c in config.categories}
    found: list[Source] = []
    for parts in scan(content_dir, report) if files is None else files:
        name = parts[-1]
        if not name.endswith(ARTICLE_SUFFIXES) or name.startswith(".") or parts[0] in INPUT_FOLDERS:
            continue
        if len(parts) == 1:
            continue  # README.md and notes beside site.toml are not articles
        path = content_dir.joinpath(*parts)
        if len(parts) != 3:
            report.error(path, 1, "articles live at <lang>/<category>/<slug>.md", _first_line(path))
            continue
        lang, category, name = parts
        slug = name.rsplit(".", 1)[0].lower()
        if lang not in languages:
            report.error(
                path,
                1,
                f"language folder '{lang}' is not declared in site.toml{did_you_mean(lang, config.languages)} "
                f"(languages: {', '.join(config.languages)})",
                _first_line(path),
            )
            continue
        if category not in categories:
            report.error(
                path,
                1,
                f"category folder '{category}' is not declared in site.toml{did_you_mean(category, categories)} "
                f"(categories: {', '.join(sorted(categories))})",
                _first_line(path),
            )
            continue
        if not _SLUG.match(slug):
            report.error(
                path,
                1,
                f"file name '{name}' cannot be a URL: use lowercase letters, digits, '-', '_' and '.'",
                _first_line(path),
            )
            continue
        found.append(Source(path, lang, category, slug))
    return found


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
