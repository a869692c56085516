"""What a page says differently per language at build time, from the site's strings alone:
dates, and texts given per language (site.toml, roster.toml). No language is special-cased;
the browser formats its own times with Intl (static/js/banner.js).
"""

from __future__ import annotations

import datetime as dt

FALLBACK_LANGUAGE = "en"  # the language the default theme's strings are complete in


def lookup_tags(lang: str) -> list[str]:
    """`lang` and its less specific tags, most specific first, as BCP 47 lookup truncates
    them (pt-BR, pt) — but never across a script: zh-Hant-TW stops at zh-Hant, because zh
    texts here are in simplified characters (CLDR's zh_Hant has no parent either)."""
    subtags = lang.split("-")
    tags = []
    for n in range(len(subtags), 0, -1):
        tags.append("-".join(subtags[:n]))
        if n > 1 and len(subtags[n - 1]) == 4 and subtags[n - 1].isalpha():
            break  # a script subtag: the language without it is another script
    return tags


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
    for tag in [*lookup_tags(lang), FALLBACK_LANGUAGE]:
        if tag in table:
            return table[tag]
    return next(iter(table.values()), "")
