"""`helpcenter check`: roster texts that a language of the site has no text for.

Channel titles, reply times and holiday names are shown in the banner in the page's
language; a missing one is shown in English (or the first language given) instead, as
`render.language.in_language` and banner.js pick it. Not an error: a roster may be
written before its translations.
"""

from __future__ import annotations

from pathlib import Path

from helpcenter.config import toml_lines
from helpcenter.errors import Report, SourceError
from helpcenter.render.language import lookup_tags


def warn_untranslated(roster_path: Path, languages: tuple[str, ...], report: Report) -> None:
    """A warning per roster text lacking a site language (a valid roster; errors are the build's)."""
    try:
        data, lines = toml_lines.parse(roster_path.read_text(encoding="utf-8"), roster_path)
    except (OSError, UnicodeDecodeError, SourceError):
        return  # reported as the roster's errors
    texts: list[tuple[tuple[object, ...], str, object]] = []
    channels = data.get("channels")
    for cid, channel in (channels if isinstance(channels, dict) else {}).items():
        if isinstance(channel, dict):
            texts += [(("channels", cid, key), f"channel {cid!r}", channel.get(key)) for key in ("title", "reply")]
    holidays = data.get("holidays")
    for i, holiday in enumerate(holidays if isinstance(holidays, list) else []):
        if isinstance(holiday, dict):
            texts.append((("holidays", i, "name"), "a holiday", holiday.get("name")))
    for key, what, table in texts:
        if not isinstance(table, dict):
            continue
        missing = [lang for lang in languages if not any(tag in table for tag in lookup_tags(lang))]
        if missing:
            line = lines.line(*key)
            report.warn(
                roster_path,
                line,
                f"{key[-1]!r} of {what} has no text for {', '.join(missing)}: the banner shows it in another language",
                lines.text(line),
            )
