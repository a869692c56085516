"""Translations that never silently age.

A translation records the version of its source it was made from, in its front matter:

    translated_from: en@3f2a9c1b0d

the source's language and a digest of its title and body (articles.content_digest), as
`helpcenter translated PATH` writes it. A digest in the file, not git history, so a
shallow CI clone knows as much as a full one. When the source's digest is no longer the
one recorded, the translation is outdated: `check` says so, and the page tells visitors
that the other version was updated (render/pages.py asks `outdated`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpcenter.config.options import did_you_mean
from helpcenter.errors import Report
from helpcenter.model import Article, Site

_KEY = re.compile(r"^translated_from\s*:.*$", re.M)


@dataclass(frozen=True)
class Outdated:
    translation: Article
    source: Article  # the version it was made from, as it is now


def recorded(article: Article) -> tuple[str, str] | None:
    """(language, digest) of `translated_from`, or None."""
    if not article.translated_from:
        return None
    lang, _, digest = article.translated_from.partition("@")
    return lang, digest


def outdated(article: Article, translations: dict[str, Article]) -> Outdated | None:
    """The source `article` was translated from, when it changed since; else None."""
    mark = recorded(article)
    if mark is None or mark[0] not in translations or mark[0] == article.lang:
        return None
    source = translations[mark[0]]
    return None if source.digest.startswith(mark[1]) else Outdated(article, source)


def check(site: Site, report: Report) -> None:
    """Every outdated translation, at its `translated_from:` line (a note, warning or error
    as [translations] outdated says); a `translated_from` naming no version of the article."""
    severity = site.config.outdated_translations
    add = {"note": report.note, "warning": report.warn, "error": report.error}[severity]
    groups: dict[str, dict[str, Article]] = {}
    for article in site.articles:
        groups.setdefault(article.ident, {})[article.lang] = article
    for article in site.articles:
        mark = recorded(article)
        if mark is None:
            continue
        number, line = _key_line(article.source)
        others = sorted(set(groups[article.ident]) - {article.lang})
        if mark[0] not in others:
            where = (
                f"'{mark[0]}', which has no version of this article"
                if mark[0] != article.lang
                else "the article's own language"
            )
            choose = did_you_mean(mark[0], others) if others else ""
            report.error(
                article.source,
                number,
                f"translated_from names {where}{choose}: "
                + (f"it exists in {', '.join(others)}" if others else "no other language has it"),
                line,
            )
            continue
        found = outdated(article, groups[article.ident])
        if found is not None:
            when = f" (updated {found.source.updated.isoformat()})" if found.source.updated else ""
            add(
                article.source,
                number,
                f"translation outdated: {found.source.source.as_posix()}{when} changed since this was translated; "
                f"update this translation, then run `helpcenter translated {article.source.as_posix()}`",
                line,
            )


def _key_line(path: Path) -> tuple[int, str | None]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return 1, None
    return next(((n, t) for n, t in enumerate(lines, 1) if t.startswith("translated_from")), (1, None))


def mark(text: str, lang: str, digest: str) -> str:
    """The article's text with `translated_from: <lang>@<digest>` in its front matter
    (replacing the one there, or added before the closing `---`). Pure."""
    line = f"translated_from: {lang}@{digest}"
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    if not lines or lines[0].strip() != "---":
        raise ValueError("the file has no front matter (--- lines at the top)")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ValueError("the front matter is never closed with a --- line")
    for i in range(1, end):
        if _KEY.match(lines[i]):
            lines[i] = line
            return newline.join(lines)
    lines.insert(end, line)
    return newline.join(lines)
