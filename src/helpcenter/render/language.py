"""What a page says differently per language at build time, from the site's strings alone:
dates, and texts given per language (site.toml, roster.toml). No language is special-cased;
the browser formats its own times with Intl (static/js/banner.js).
"""

from __future__ import annotations

import datetime as dt

from helpcenter.render.theme import FALLBACK_LANGUAGE


def format_date(value: dt.date | None, core: dict[str, str]) -> str:
    """A date as the language's strings write it (core.toml: `date`, `month_names`)."""
    if value is None:
        return ""
    names = core.get("month_names", "").split()
    month_name = names[value.month - 1] if len(names) == 12 else str(value.month)
    pattern = core.get("date", "{year}-{month:02}-{day:02}")
    return pattern.format(year=value.year, month=value.month, day=value.day, month_name=month_name)


def in_language(table: dict[str, str], lang: str) -> str:
    """A roster or site text in `lang`, else in a less specific tag of it, else in English,
    else the first it has (static/js/banner.js picks the same way)."""
    subtags = lang.split("-")
    for tag in ["-".join(subtags[:n]) for n in range(len(subtags), 0, -1)] + [FALLBACK_LANGUAGE]:
        if tag in table:
            return table[tag]
    return next(iter(table.values()), "")
