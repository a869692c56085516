"""content/notices/*.toml -> notices of known problems (an outage, delayed withdrawals).

A notice is shown from `starts` to `ends` by the visitor's own clock: the build publishes
every notice in /notices.json and the banner decides, so a notice appears and disappears
without a rebuild. `parse_notice` is pure; `load_notices` reads the folder.

    title = { en = "Ethereum withdrawals are delayed", zh = "以太坊提现延迟" }
    body = { en = "Funds are safe. …", zh = "资金安全。…" }   # Markdown
    starts = "2026-12-01 09:00"          # in `timezone`, or ISO 8601 with an offset
    ends = "2026-12-03 18:00"
    timezone = "Asia/Shanghai"           # default: roster.toml's team zone, else UTC
    severity = "warning"                 # info | warning | critical
    categories = ["transfers"]           # shown first on these categories' pages
    channels = ["chat"]                  # the support channels it concerns
    replies_delayed_hours = 24           # optional: "replies take up to 24 h"
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpcenter.config import toml_lines
from helpcenter.config.options import Checker, date_problem, decode, did_you_mean
from helpcenter.errors import Report, SourceError

SEVERITIES = ("info", "warning", "critical")
KEYS = {"title", "body", "starts", "ends", "timezone", "severity", "categories", "channels", "replies_delayed_hours"}
_LOCAL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
UTC = dt.UTC


@dataclass(frozen=True)
class Notice:
    id: str  # the file name without .toml
    title: dict[str, str]
    body: dict[str, str]  # Markdown, per language
    starts: dt.datetime  # UTC
    ends: dt.datetime
    severity: str
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    replies_delayed_hours: int | None = None

    def active(self, now: dt.datetime) -> bool:
        return self.starts <= now < self.ends


def _instant(value: object, zone: dt.tzinfo, check: Checker, key: str) -> dt.datetime | None:
    if isinstance(value, dt.datetime):  # TOML's own date-time: with an offset, or local to `zone`
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)
    text = value.strip() if isinstance(value, str) else ""
    match = _LOCAL.match(text)
    try:
        if match:
            y, mo, d, h, mi = map(int, match.groups())
            return dt.datetime(y, mo, d, h, mi, tzinfo=zone).astimezone(UTC)
        parsed = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        check.error(f"'{key}': {_why_not(text, match)}: write it as \"2026-12-01 09:00\"", key)
        return None
    if parsed is None or parsed.tzinfo is None:
        check.error(f"'{key}' must be a date and time such as \"2026-12-01 09:00\" (in `timezone`)", key)
        return None
    return parsed.astimezone(UTC)


def _why_not(text: str, match: re.Match[str] | None) -> str:
    """Why a date and time cannot be, in a writer's words (never Python's)."""
    why = date_problem(text[:10])
    if why is not None and "not a real date" in why:  # 2026-11-31 09:00: November has 30 days
        return why
    if match is not None:
        hour, minute = (int(g) for g in match.groups()[3:])
        return f"{hour:02}:{minute:02} is not a time of day (hours 00 to 23, minutes 00 to 59)"
    return f"'{text}' is not a date and time"


def parse_notice(
    text: str,
    path: Path,
    languages: Sequence[str],
    categories: Sequence[str],
    channels: Sequence[str],
    team_zone: str = "UTC",
) -> tuple[Notice | None, list]:
    """Pure: a notice file's text -> (Notice or None, problems)."""
    problems: list = []
    try:
        data, lines = toml_lines.parse(text, path)
    except SourceError as exc:
        return None, [exc.problem]
    check = Checker(path, lines.line, lines.text, problems)
    check.unknown_keys(data, KEYS, severity="error")
    if not _ID.match(path.stem):
        check.error(f"'{path.name}': use lowercase letters, digits and '-' in a notice's file name", "title")
    title = check.texts(data.get("title"), languages, "title", where="the notice")
    body = check.texts(data.get("body"), languages, "body", where="the notice")
    zone_name = data.get("timezone", team_zone)
    try:
        zone: dt.tzinfo = ZoneInfo(zone_name) if isinstance(zone_name, str) else UTC
    except (ZoneInfoNotFoundError, ValueError):
        check.error(f'unknown time zone \'{zone_name}\': use a name such as "Asia/Shanghai" or "UTC"', "timezone")
        zone = UTC
    starts = _instant(data.get("starts"), zone, check, "starts") if "starts" in data else None
    ends = _instant(data.get("ends"), zone, check, "ends") if "ends" in data else None
    if "starts" not in data or "ends" not in data:
        check.error("a notice needs 'starts' and 'ends', e.g. starts = \"2026-12-01 09:00\"", "title")
    if starts and ends and ends <= starts:
        check.error("'ends' is not after 'starts': a notice must end after it starts", "ends")
    severity = check.choice(data.get("severity", "info"), SEVERITIES, "severity")
    cats = check.text_list(data.get("categories", []), "categories", example='["transfers"]') or []
    for cat in cats:
        if cat not in categories:
            check.error(f"unknown category '{cat}'{did_you_mean(cat, categories)}", "categories")
    chans = check.text_list(data.get("channels", []), "channels", example='["chat"]') or []
    for chan in chans:
        if chan not in channels:
            known = f" (roster.toml's channels: {', '.join(channels)})" if channels else " (roster.toml has none)"
            check.error(f"unknown channel '{chan}'{did_you_mean(chan, channels) or known}", "channels")
    delayed = None
    if "replies_delayed_hours" in data:
        delayed = check.whole_number(data["replies_delayed_hours"], "replies_delayed_hours", low=1, high=720)
    if not check.ok or starts is None or ends is None or severity is None:
        return None, problems
    notice = Notice(path.stem, title, body, starts, ends, severity, tuple(cats), tuple(chans), delayed)
    return notice, problems


def load_notices(
    content_dir: Path,
    report: Report,
    languages: Sequence[str],
    categories: Sequence[str],
    channels: Sequence[str],
    team_zone: str = "UTC",
) -> tuple[Notice, ...]:
    folder = content_dir / "notices"
    if not folder.is_dir():
        return ()
    notices = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ".toml" or not path.is_file():
            if not path.name.startswith("."):
                report.warn(path, 1, "only .toml files are notices: this file is not read", None)
            continue
        try:
            text = decode(path.read_bytes(), path)
        except SourceError as exc:
            report.add(exc.problem)
            continue
        notice, problems = parse_notice(text, path, languages, categories, channels, team_zone)
        for problem in problems:
            report.add(problem)
        if notice is not None:
            notices.append(notice)
    return tuple(sorted(notices, key=lambda n: (n.starts, n.id)))
