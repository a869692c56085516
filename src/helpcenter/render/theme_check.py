"""A site's own theme files, checked before anything is rendered: a string file or a
stylesheet the build cannot read is a `path:line` problem, not a traceback half-way
through writing pages. The theme shipped with helpcenter is tested, and not checked here.
"""

from __future__ import annotations

from pathlib import Path

from helpcenter.config import toml_lines
from helpcenter.config.options import decode
from helpcenter.errors import Report, SourceError
from helpcenter.render.theme import default_theme_dir

TEXT_SUFFIXES = (".css", ".js", ".mjs", ".html", ".txt", ".xml", ".json", ".svg")


def check_theme(dirs: tuple[Path, ...], report: Report) -> bool:
    """Every problem of the theme folders other than the default one, added to `report`;
    True when there was one (the theme's strings are then not read any further)."""
    before = len(report.errors)
    default = default_theme_dir().resolve()
    for directory in dirs:
        if directory.resolve() == default:
            continue
        for path in sorted((directory / "i18n").glob("*.toml")):
            _check_strings(path, report)
        for sub in ("static", "templates"):
            for path in sorted((directory / sub).rglob("*")):
                if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
                    _read_text(path, report)
    return len(report.errors) > before


def _read_text(path: Path, report: Report) -> str | None:
    try:
        return decode(path.read_bytes(), path)
    except SourceError as exc:
        report.add(exc.problem)
    except OSError as exc:
        report.error(path, 1, f"cannot read this theme file ({exc.strerror}): let the build read it (chmod u+rw)")
    return None


def _check_strings(path: Path, report: Report) -> None:
    """A string file: TOML whose tables are languages and whose values are texts."""
    text = _read_text(path, report)
    if text is None:
        return
    try:
        data, lines = toml_lines.parse(text, path)
    except SourceError as exc:
        report.add(exc.problem)
        return
    for lang, table in data.items():
        if not isinstance(table, dict):
            line = lines.line(lang)
            report.error(
                path,
                line,
                f"'{lang}' must be a table of strings for that language, such as [{lang}] then key = \"text\"",
                lines.text(line),
            )
            continue
        for key, value in table.items():
            if not isinstance(value, str):
                line = lines.line(lang, key)
                report.error(path, line, f"'{key}' must be text in quotes", lines.text(line))
