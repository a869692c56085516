"""Advice that gets reviewed: when each article is due for review, and which are overdue.

An article's due date is its `review_by`, or else its last review (`reviewed`, or failing
that `updated`) plus the site's `[reviews] every` ("180 days", "6 months", "1 year").
Only `helpcenter check` compares due dates with today (the build's time, which honours
SOURCE_DATE_EPOCH): pages show the date of the last review, never "overdue", so a page
does not change with the day it is built on and a warm build stays a cold one's copy.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from helpcenter.config.options import parse_every
from helpcenter.errors import Report
from helpcenter.model import Article, Site


def add_period(day: dt.date, every: tuple[int, str]) -> dt.date:
    count, unit = every
    if unit in ("day", "week"):
        return day + dt.timedelta(days=count * (7 if unit == "week" else 1))
    months = day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    article: Article
    due: dt.date
    why: str  # what the due date comes from, in a writer's words


def due_date(article: Article, every: tuple[int, str] | None) -> Due | None:
    if article.review_by is not None:
        return Due(article, article.review_by, "review_by")
    last = article.reviewed or article.updated
    if every is None or last is None:
        return None
    what = "reviewed" if article.reviewed is not None else "updated"
    return Due(article, add_period(last, every), f"{what} {last.isoformat()} + {every[0]} {every[1]}s")


def review_list(site: Site) -> list[Due]:
    """Every article with a due date, soonest first."""
    every = parse_every(site.config.review_every) if site.config.review_every else None
    found = (due_date(a, every) for a in site.articles)
    return sorted((d for d in found if d is not None), key=lambda d: (d.due, str(d.article.source)))


def report_overdue(site: Site, today: dt.date, report: Report) -> None:
    """A warning (an error with --strict) for every article due for review before today."""
    for due in review_list(site):
        if due.due >= today:
            break
        days = (today - due.due).days
        number, line = _line(due.article, due.why)
        report.warn(
            due.article.source,
            number,
            f"review overdue since {due.due.isoformat()} ({days} day{'s' if days != 1 else ''}; {due.why}): "
            "check the advice, then set reviewed: to the day you did",
            line,
        )


def format_list(dues: list[Due], today: dt.date) -> str:
    """The review list `helpcenter check --reviews` prints."""
    if not dues:
        return "reviews: no article has a due date (set review_by:, or [reviews] every with reviewed: dates)"
    rows = [f"reviews: {len(dues)} article{'s' if len(dues) != 1 else ''}, soonest due first"]
    for due in dues:
        days = (due.due - today).days
        state = f"overdue {-days} d" if days < 0 else "due today" if days == 0 else f"in {days} d"
        rows.append(f"  {due.due.isoformat()}  {state:<14} {due.article.source.as_posix()}  {due.article.title}")
    return "\n".join(rows)


def _line(article: Article, why: str) -> tuple[int, str | None]:
    """The front matter line of the key the due date comes from ((1, None) when not found)."""
    key = why.split(" ", 1)[0]
    try:
        head = article.source.read_text(encoding="utf-8").split("\n")[: article.body_line]
    except OSError:
        return 1, None
    return next(((n, line) for n, line in enumerate(head, 1) if line.startswith(f"{key}:")), (1, None))
