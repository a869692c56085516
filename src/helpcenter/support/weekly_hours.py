"""UTC spans -> opening hours per calendar day in one zone, as "HH:MM-HH:MM" ranges.

Used for the banner's no-JavaScript view (the usual week, in the team's zone) and for
`helpcenter roster`'s coverage table (the actual week, in any zone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from helpcenter.support.roster import DAYS, Roster
from helpcenter.support.schedule import Span, raw_spans, wall


@dataclass(frozen=True)
class DayHours:
    day: dt.date
    ranges: tuple[tuple[str, str], ...]  # ("09:00", "17:00"); an end at midnight is "24:00"

    @property
    def weekday(self) -> str:
        return DAYS[self.day.weekday()]

    def text(self, sep: str = ", ", dash: str = "–") -> str:
        return sep.join(f"{a}{dash}{b}" for a, b in self.ranges)


def _hhmm(t: dt.datetime, zone: ZoneInfo) -> str:
    return t.astimezone(zone).strftime("%H:%M")


def daily_hours(
    spans: list[Span] | tuple[Span, ...], zone: ZoneInfo, first: dt.date, days: int = 7
) -> tuple[DayHours, ...]:
    """The part of `spans` inside each local day from `first`, as local wall times."""
    out = []
    for n in range(days):
        day = first + dt.timedelta(days=n)
        start, end = wall(day, 0, zone), wall(day, 1440, zone)
        ranges: list[tuple[str, str]] = []
        for s, e in spans:
            if e <= start or s >= end:
                continue
            a = _hhmm(max(s, start), zone)
            b = "24:00" if e >= end else _hhmm(e, zone)
            if ranges and ranges[-1][1] == a:  # touching pieces read as one range
                ranges[-1] = (ranges[-1][0], b)
            else:
                ranges.append((a, b))
        out.append(DayHours(day, tuple(ranges)))
    return tuple(out)


def regular_week(roster: Roster, now: dt.datetime) -> dict[str, tuple[DayHours, ...]]:
    """The usual weekly hours (no leave, holidays or overrides) in the team's zone, Mon-Sun.

    Computed for the team-zone week containing `now`: agents in zones with other DST
    rules shift against the team's clock during the year, so "usual" means this week's.
    """
    zone = ZoneInfo(roster.timezone)
    today = now.astimezone(zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    start, end = wall(monday, 0, zone), wall(monday + dt.timedelta(days=7), 0, zone)
    channels, _ = raw_spans(roster, start, end, regular=True)
    return {cid: daily_hours(spans, zone, monday) for cid, spans in channels.items()}
