"""`helpcenter roster`: the support state at an instant, the next changes, a week's coverage.

It evaluates the same published schedule the banner reads, so its answer at an
instant is the banner's answer at that instant.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from helpcenter.config.options import decode, read_input
from helpcenter.config.site import load_config
from helpcenter.errors import Report, SourceError, failed_with
from helpcenter.support.roster import Roster, parse_roster
from helpcenter.support.roster_syntax import check_zone
from helpcenter.support.schedule import FIRST_YEAR, LAST_YEAR, UTC, Schedule, Status, changes, expand, status_at
from helpcenter.support.weekly_hours import daily_hours


def relative(delta: dt.timedelta) -> str:
    """ "in 14 h 5 min" — the banner's rule: nearest minute; days and hours beyond a day."""
    minutes = max(0, int(delta.total_seconds() / 60 + 0.5))
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [(days, "d"), (hours, "h")] if days else [(hours, "h"), (mins, "min")]
    words = [f"{n} {unit}" for n, unit in parts if n]
    return "in " + " ".join(words) if words else "in < 1 min"


def parse_instant(text: str, zone: ZoneInfo) -> dt.datetime:
    """ISO 8601; a time without offset is read in `zone`; "now" means now."""
    if text.strip().lower() == "now":
        return dt.datetime.now(UTC)
    value = dt.datetime.fromisoformat(text.strip().replace("z", "Z"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def run(content_dir: Path, at: str | None, tz: str | None) -> int:
    path = Path(content_dir) / "roster.toml"
    if not os.path.lexists(path):
        print(f"error: no roster: {path} does not exist", file=sys.stderr)
        return 1
    try:
        roster, problems = parse_roster(decode(read_input(path), path), path, _site_languages(Path(content_dir)))
    except SourceError as exc:  # not UTF-8: the problem `check` reports, instead of a traceback
        roster, problems = None, [exc.problem]
    report = Report(list(problems))
    if report.problems:
        print(report.render(), file=sys.stderr)
    if roster is None:
        print(f"error: {failed_with('roster check', len(report.errors))}", file=sys.stderr)
        return 1
    try:
        zone = ZoneInfo(check_zone(tz) if tz else roster.timezone)
    except ValueError as exc:
        print(f"error: --tz: {exc}", file=sys.stderr)
        return 2
    try:
        instant = parse_instant(at, zone) if at else dt.datetime.now(UTC).replace(microsecond=0)
    except ValueError:
        print(
            f"error: --at: not an ISO 8601 time: {at!r} (e.g. 2026-11-23T09:30 or 2026-11-23T01:30Z)", file=sys.stderr
        )
        return 2
    except OverflowError:  # in UTC it falls before year 1 or after 9999
        instant = dt.datetime.min.replace(tzinfo=UTC)
    if not FIRST_YEAR <= instant.year <= LAST_YEAR:
        print(f"error: --at: {at!r} is outside the years {FIRST_YEAR} to {LAST_YEAR} it shows", file=sys.stderr)
        return 2
    print(report_text(roster, instant, zone))
    return 0


def _site_languages(content_dir: Path) -> tuple[str, ...]:
    """site.toml's languages, so per-language texts are checked as a build checks them; ()
    when site.toml is missing or broken (that is `helpcenter check`'s to report)."""
    config = load_config(content_dir, Report())
    return config.languages if config is not None else ()


def _when(t: dt.datetime, zone: ZoneInfo) -> str:
    try:
        return t.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")
    except OverflowError:  # the end of a holiday on 9999-12-31, in a zone east of UTC
        return t.strftime("%a %Y-%m-%d %H:%M UTC")


def _describe(status: Status, roster: Roster, schedule: Schedule, t: dt.datetime, zone: ZoneInfo) -> str:
    titles = {c.id: c.title.get("en") or next(iter(c.title.values()), c.id) for c in roster.channels}
    if status.state == "online":
        return "online: " + ", ".join(f"{c} ({titles[c]})" for c in status.online)
    text = status.state
    if status.holiday is not None:
        name = status.holiday.name.get("en") or next(iter(status.holiday.name.values()))
        text += f": {name} until {_when(status.holiday.end, zone)}"
    if status.state in ("offline", "closed"):
        if status.back_at is not None:
            text += f"; back {_when(status.back_at, zone)} ({relative(status.back_at - t)})"
        else:
            text += f"; no hours scheduled before {_when(schedule.valid_until, zone)}"
    return text


def channel_lines(roster: Roster, schedule: Schedule, t: dt.datetime, zone: ZoneInfo) -> list[str]:
    """Each channel at instant t, as the banner names it: online, or when it is back; a
    channel that takes messages at any hour says so first (it never makes the page online)."""
    names = {c.id: f"{c.id} ({c.title.get('en') or next(iter(c.title.values()), c.id)})" for c in roster.channels}
    width = max(map(len, names.values()), default=0)
    lines = []
    for channel in roster.channels:
        spans = schedule.channels.get(channel.id, ())
        if any(s <= t < e for s, e in spans):
            text = "online"
        else:
            start = min((s for s, _ in spans if s > t), default=None)
            when = (
                f"{_when(start, zone)} ({relative(start - t)})"
                if start is not None
                else f"not before {_when(schedule.valid_until, zone)} (no hours scheduled)"
            )
            text = f"back {when}"
            if channel.accepts == "always":
                reply = channel.reply.get("en") or next(iter(channel.reply.values()), "")
                text = "takes messages now" + (f" ({reply})" if reply else "") + f"; staffed again {when}"
        lines.append(f"  {names[channel.id].ljust(width)}  {text}")
    return lines


def report_text(roster: Roster, instant: dt.datetime, zone: ZoneInfo) -> str:
    schedule = expand(roster, instant)
    status = status_at(schedule, instant)
    zname = getattr(zone, "key", str(zone))
    lines = [
        f"at:    {_when(instant, zone)} {zname} ({instant.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')})",
        f"state: {_describe(status, roster, schedule, instant, zone)}",
        *(channel_lines(roster, schedule, instant, zone) if status.state != "unknown" else []),
        "",
        f"next changes ({zname}):",
    ]
    upcoming = changes(schedule, instant, limit=8)
    for when, later in upcoming:
        lines.append(f"  {_when(when, zone)}  {_describe(later, roster, schedule, when, zone)}")
    if not upcoming:
        lines.append("  none within the horizon")
    first = instant.astimezone(zone).date()
    lines += ["", f"coverage, 7 days from {first.isoformat()} ({zname}; leave, holidays and overrides applied):"]
    horizon_spans = expand(roster, dt.datetime.combine(first, dt.time(), zone), 9).channels
    for channel in roster.channels:
        lines.append(f"  {channel.id} ({channel.title.get('en') or channel.id})")
        for day in daily_hours(horizon_spans[channel.id], zone, first):
            lines.append(f"    {day.weekday} {day.day.isoformat()}  {day.text(dash='-') or '-'}")
    return "\n".join(lines)
