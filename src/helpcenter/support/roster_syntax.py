"""The small languages inside roster.toml: days, times, shifts, dates, zones.

Pure functions over strings that raise ValueError with a message meant for the writer;
`roster` turns those into `roster.toml:line:` problems.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpcenter.config.options import date_problem, describe

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class DateRange:
    first: dt.date
    last: dt.date  # inclusive

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@dataclass(frozen=True)
class Hours:
    """Wall-clock minutes since midnight; end <= start means the range ends the next day."""

    start: int  # 0 .. 1439
    end: int  # 0 .. 1440 (24:00)

    @property
    def overnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class Shift:
    days: frozenset[int]  # 0 = Monday: the day the shift starts on
    hours: Hours
    text: str


_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_SHIFT = re.compile(r"^\s*(?P<days>\S(?:.*\S)?)\s+(?P<hours>\S+\s*-\s*\S+)\s*$")


def parse_time(text: str, *, end: bool = False) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"bad time {text.strip()!r}: use HH:MM")
    hour, minute = int(match.group(1)), int(match.group(2))
    if end and (hour, minute) == (24, 0):
        return DAY_MINUTES
    if hour > 23 or minute > 59:
        extra = "" if end else " (24:00 is allowed only as an end)" if (hour, minute) == (24, 0) else ""
        raise ValueError(f"bad time {text.strip()!r}: use 00:00-23:59{extra}")
    return hour * 60 + minute


def parse_hours(text: str) -> Hours:
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"bad hours {text.strip()!r}: use HH:MM-HH:MM")
    return Hours(parse_time(start), parse_time(end, end=True))


def _day(name: str) -> int:
    if name not in DAYS:
        raise ValueError(f"bad day {name!r}: use {', '.join(DAYS)}")
    return DAYS.index(name)


def parse_days(text: str) -> frozenset[int]:
    """`Mon-Fri`, `Fri-Mon` (wraps past Sunday), `Mon,Wed`, `Mon-Wed,Sat`."""
    days: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, sep, last = part.partition("-")
        if not sep:
            days.add(_day(first))
            continue
        a, b = _day(first), _day(last)
        days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
    return frozenset(days)


def parse_shift(text: str) -> Shift:
    match = _SHIFT.match(text)
    if not match:
        raise ValueError(f'bad shift {text!r}: use e.g. "Mon-Fri 09:00-17:00"')
    return Shift(parse_days(match.group("days")), parse_hours(match.group("hours")), text)


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
        raise ValueError(f"bad date: {describe(value)} where a date such as 2026-12-24 belongs: use YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"bad date {value!r}: use YYYY-MM-DD")
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return dt.date.fromisoformat(value.strip())


def parse_date_range(value: object) -> DateRange:
    """`2026-12-24` or `2026-12-28..2026-12-31` (inclusive)."""
    if isinstance(value, str) and ".." in value:
        first_text, last_text = value.split("..", 1)
        first, last = parse_date(first_text), parse_date(last_text)
        if last < first:
            raise ValueError(f"reversed date range {value!r}: the first date comes after the last")
        return DateRange(first, last)
    day = parse_date(value)
    return DateRange(day, day)


def check_zone(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        found = "an empty text" if isinstance(value, str) else describe(value)
        raise ValueError(f'bad time zone: {found}; use an IANA name such as "Europe/London"')
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f'unknown time zone {value!r}: use an IANA name such as "Europe/London"') from None
    return value
