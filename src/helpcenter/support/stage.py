"""The build's roster stage: content/roster.toml -> what the site publishes about support.

`load_support` is the one call the build makes. Its `Support.json` becomes
`/support.json` (read by theme/static/js/banner.js); the rest feeds the banner
template's no-JavaScript view. Nothing here carries an agent id or name.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from helpcenter.config.options import decode, read_input
from helpcenter.errors import Report, SourceError
from helpcenter.support.roster import DAYS, Roster, parse_roster
from helpcenter.support.schedule import UTC, Schedule, expand
from helpcenter.support.weekly_hours import DayHours, regular_week

FORMAT_VERSION = 1


@dataclass(frozen=True)
class WeeklyChannel:
    id: str
    title: dict[str, str]
    reply: dict[str, str]
    days: tuple[DayHours, ...]  # Mon..Sun in the team's zone


@dataclass(frozen=True)
class UpcomingHoliday:
    name: dict[str, str]
    first: dt.date  # inclusive, team's zone
    last: dt.date


# Fields that change with every build time: pages must not depend on them (see build/cache.py, Signer).
VOLATILE = {"volatile": True}


@dataclass(frozen=True)
class Support:
    json: dict = field(metadata=VOLATILE)  # written to <out>/support.json
    timezone: str  # the team's
    zone_label: str  # "Asia/Shanghai, UTC+08:00"
    weekly: tuple[WeeklyChannel, ...]
    holidays: tuple[UpcomingHoliday, ...]
    generated_at: dt.datetime = field(metadata=VOLATILE)
    valid_until: dt.datetime = field(metadata=VOLATILE)


def iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_support(content_dir: Path, report: Report, now: dt.datetime, languages: Sequence[str] = ()) -> Support | None:
    """Read content_dir/roster.toml; None when absent or when it has errors (added to report)."""
    path = Path(content_dir) / "roster.toml"
    if not os.path.lexists(path):
        return None
    try:
        text = decode(read_input(path), path)
    except SourceError as exc:
        report.add(exc.problem)
        return None
    roster, problems = parse_roster(text, path, languages)
    report.extend(problems)
    if roster is None:
        return None
    return support_for(roster, now)


def support_for(roster: Roster, now: dt.datetime) -> Support:
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    schedule = expand(roster, now)
    week = regular_week(roster, now)
    weekly = tuple(WeeklyChannel(c.id, c.title, c.reply, week[c.id]) for c in roster.channels)
    zone = ZoneInfo(roster.timezone)
    holidays = tuple(
        UpcomingHoliday(h.name, h.dates.first, h.dates.last)
        for h in roster.holidays
        if h.dates.last >= now.astimezone(zone).date() and h.dates.first <= schedule.valid_until.astimezone(zone).date()
    )
    return Support(
        json=publish(roster, schedule, weekly),
        timezone=roster.timezone,
        zone_label=f"{roster.timezone}, UTC{_offset(now.astimezone(zone))}",
        weekly=weekly,
        holidays=tuple(sorted(holidays, key=lambda h: h.first)),
        generated_at=schedule.generated_at,
        valid_until=schedule.valid_until,
    )


def _offset(local: dt.datetime) -> str:
    minutes = int(local.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def publish(roster: Roster, schedule: Schedule, weekly: tuple[WeeklyChannel, ...]) -> dict:
    """support.json: channel titles, reply times and UTC intervals; holidays; the usual week."""
    return {
        "version": FORMAT_VERSION,
        "generated_at": iso(schedule.generated_at),
        "valid_until": iso(schedule.valid_until),
        "timezone": roster.timezone,
        "order": list(roster.channel_ids()),  # the JSON is written with sorted keys
        "channels": {
            c.id: {
                "title": c.title,
                "reply": c.reply,
                **({"accepts": c.accepts} if c.accepts else {}),
                "intervals": [[iso(s), iso(e)] for s, e in schedule.channels[c.id]],
            }
            for c in roster.channels
        },
        "holidays": [{"name": h.name, "start": iso(h.start), "end": iso(h.end)} for h in schedule.holidays],
        "weekly": {
            "timezone": roster.timezone,
            "channels": {w.id: {DAYS[d.day.weekday()]: [list(r) for r in d.ranges] for d in w.days} for w in weekly},
        },
    }
