"""Roster -> UTC intervals per channel, and the support state at any instant.

Wall-clock rules (the contract in DESIGN.md):
- a shift starts at its start time on each of its days, in the agent's zone, and ends
  at its end time on the same day, or on the next day when end <= start;
- the end is the wall-clock end on that day, not start + duration: a night shift
  across a DST change is an hour shorter or longer in real time;
- a wall time that does not exist (a spring-forward gap) or exists twice (a fall-back
  overlap) is read with zoneinfo's fold=0: a time in a gap is taken with the offset
  from before the change, so it lands as far after the gap as it was inside it (02:30
  in New York on the spring-forward day is 03:30 EDT); a repeated time is its first
  occurrence. This is RFC 5545's and Temporal's "compatible" choice. A range whose
  real end is not after its real start (it starts inside the gap and ends just after
  it, e.g. 02:30-03:00) covers nothing.
- channel online = overrides ∪ (agent shifts − holidays); leave drops the shifts that
  start on a leave day in the agent's zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from helpcenter.support.roster import Hours, Roster

UTC = dt.UTC
Span = tuple[dt.datetime, dt.datetime]  # [start, end) in UTC
# The instants a schedule is computed for (a build's time, `roster --at`): far enough from
# datetime's own limits (years 1 and 9999) that a horizon and a shift always fit. Holidays
# and overrides may name any date: those out of reach end at datetime's limits.
FIRST_YEAR, LAST_YEAR = 1900, 9000
_EARLIEST = dt.datetime.min.replace(tzinfo=UTC)
_LATEST = dt.datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class HolidaySpan:
    name: dict[str, str]
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Schedule:
    generated_at: dt.datetime
    valid_until: dt.datetime
    timezone: str  # the team's
    channels: dict[str, tuple[Span, ...]]  # channel id -> merged, sorted spans
    holidays: tuple[HolidaySpan, ...]


@dataclass(frozen=True)
class Status:
    state: str  # online | offline | closed | unknown
    online: tuple[str, ...]  # channel ids, in roster order
    holiday: HolidaySpan | None = None
    back_at: dt.datetime | None = None  # offline/closed: the next time any channel opens


def wall(day: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of wall time `minutes` after midnight of `day` (1440 = next midnight)."""
    try:
        day += dt.timedelta(days=minutes // 1440)
        minutes %= 1440
        local = dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone, fold=0)
        return local.astimezone(UTC)
    except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 24:00: beyond any schedule
        return _EARLIEST if day.year < 2 else _LATEST


def hours_span(day: dt.date, hours: Hours, zone: ZoneInfo) -> Span:
    return wall(day, hours.start, zone), wall(day, hours.end + (1440 if hours.overnight else 0), zone)


def merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in spans:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            pieces = [p for s, e in pieces for p in ((s, min(e, h_start)), (max(s, h_end), e)) if p[1] > p[0]]
        out.extend(pieces)
    return out


def _days(first: dt.date, last: dt.date):
    for n in range((last - first).days + 1):
        yield first + dt.timedelta(days=n)


def raw_spans(
    roster: Roster, start: dt.datetime, end: dt.datetime, *, regular: bool = False
) -> tuple[dict[str, list[Span]], list[HolidaySpan]]:
    """Unclipped, merged spans of every channel that may touch [start, end).

    `regular` ignores leave, holidays and overrides: the usual week, for the weekly hours.
    """
    agent_spans: dict[str, list[Span]] = {c: [] for c in roster.channel_ids()}
    for agent in roster.agents:
        zone = ZoneInfo(agent.timezone)
        # two days back: a shift is at most 24 h of wall time (25 h real) and starts the day before
        first = (start - dt.timedelta(days=2)).astimezone(zone).date()
        for day in _days(first, end.astimezone(zone).date()):
            if not regular and agent.on_leave(day):
                continue
            for shift in agent.shifts:
                if day.weekday() in shift.days:
                    span = hours_span(day, shift.hours, zone)
                    for channel in agent.channels:
                        agent_spans[channel].append(span)
    team = ZoneInfo(roster.timezone)
    holidays = (
        []
        if regular
        else [
            HolidaySpan(h.name, wall(h.dates.first, 0, team), wall(h.dates.last, 1440, team)) for h in roster.holidays
        ]
    )
    closed = merge([(h.start, h.end) for h in holidays])
    extra: dict[str, list[Span]] = {c: [] for c in roster.channel_ids()}
    for override in [] if regular else roster.overrides:
        for hours in override.hours:
            span = hours_span(override.date, hours, team)
            for channel in override.channels:
                extra[channel].append(span)
    channels = {c: merge(subtract(merge(agent_spans[c]), closed) + extra[c]) for c in roster.channel_ids()}
    return channels, holidays


def expand(roster: Roster, now: dt.datetime, horizon_days: int | None = None) -> Schedule:
    """The published schedule: spans clipped to [now, now + horizon)."""
    now = now.astimezone(UTC)
    until = now + dt.timedelta(days=horizon_days if horizon_days is not None else roster.horizon_days)
    channels, holidays = raw_spans(roster, now, until)
    clipped = {
        cid: tuple((max(s, now), min(e, until)) for s, e in spans if e > now and s < until)
        for cid, spans in channels.items()
    }
    # holidays keep their true bounds: "closed until" names the real end
    shown = tuple(sorted((h for h in holidays if h.end > now and h.start < until), key=lambda h: h.start))
    return Schedule(now, until, roster.timezone, clipped, shown)


def _covering(spans: tuple[Span, ...], t: dt.datetime) -> bool:
    return any(s <= t < e for s, e in spans)


def status_at(schedule: Schedule, t: dt.datetime) -> Status:
    """The page state at instant t, exactly as the banner computes it from support.json."""
    t = t.astimezone(UTC)
    if not schedule.generated_at <= t < schedule.valid_until:
        return Status("unknown", ())
    online = tuple(c for c, spans in schedule.channels.items() if _covering(spans, t))
    holiday = next((h for h in schedule.holidays if h.start <= t < h.end), None)
    if online:
        return Status("online", online, holiday)
    starts = [s for spans in schedule.channels.values() for s, _ in spans if s > t]
    back = min(starts) if starts else None
    return Status("closed" if holiday else "offline", (), holiday, back)


def boundaries(schedule: Schedule) -> list[dt.datetime]:
    points = {schedule.valid_until}
    for spans in schedule.channels.values():
        for s, e in spans:
            points.update((s, e))
    for h in schedule.holidays:
        points.update((h.start, h.end))
    return sorted(p for p in points if schedule.generated_at <= p <= schedule.valid_until)


def changes(schedule: Schedule, t: dt.datetime, limit: int = 10) -> list[tuple[dt.datetime, Status]]:
    """The next instants after t where the state, the online channels or the holiday change."""
    out: list[tuple[dt.datetime, Status]] = []
    current = status_at(schedule, t)
    for point in boundaries(schedule):
        if point <= t:
            continue
        status = status_at(schedule, point)
        if (status.state, status.online, status.holiday) != (current.state, current.online, current.holiday):
            out.append((point, status))
            current = status
            if len(out) >= limit:
                break
    return out
