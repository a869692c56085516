"""roster.toml -> Roster: a pure parser that reports every mistake at once.

The format is a contract (DESIGN.md, "Contract: roster.toml"). Nothing here knows
about instants: `schedule` turns a Roster into UTC intervals. The small languages
inside the values (days, times, dates) are parsed by `roster_syntax`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from helpcenter.config.options import Checker, describe, did_you_mean
from helpcenter.config.toml_lines import TomlLines, parse
from helpcenter.errors import Problem, SourceError
from helpcenter.support.roster_model import Agent, ChannelDef, Holiday, Override, Roster
from helpcenter.support.roster_syntax import (
    DAYS,
    DateRange,
    Hours,
    Shift,
    check_zone,
    parse_date,
    parse_date_range,
    parse_hours,
    parse_shift,
)

MAX_HORIZON = 366  # a year ahead is plenty, and keeps support.json small
DEFAULT_HORIZON = 90


TOP_KEYS = ("timezone", "horizon_days", "channels", "agents", "holidays", "overrides")
CHANNEL_KEYS = ("title", "reply", "accepts")
AGENT_KEYS = ("id", "name", "timezone", "channels", "shifts", "leave")
HOLIDAY_KEYS = ("name", "dates")
OVERRIDE_KEYS = ("date", "channels", "hours")


def parse_roster(text: str, path: Path, languages: Sequence[str] = ()) -> tuple[Roster | None, list[Problem]]:
    """Parse roster.toml: a Roster only when there is no error, plus every problem found.

    `languages` are the site's: each per-language text must have all of them, and a
    single text is used for each. Without them (the roster read on its own) any
    language is accepted and a single text is stored under ''.
    """
    try:
        data, lines = parse(text, path)
    except SourceError as exc:
        return None, [exc.problem]
    return _Reader(Path(path), lines, tuple(languages)).read(data)


class _Reader:
    """Walks the parsed tables, keeping going after each mistake."""

    def __init__(self, path: Path, lines: TomlLines, languages: tuple[str, ...]):
        self.path, self.lines, self.languages = path, lines, languages
        self.problems: list[Problem] = []
        self.check = Checker(path, lines.line, lines.text, self.problems)
        self.seen_ids: set[str] = set()

    def error(self, line: int, message: str, *, warning: bool = False) -> None:
        self.problems.append(Problem(self.path, line, message, self.lines.text(line), warning))

    def keys(self, table: dict, allowed: tuple[str, ...], what: str, *key: object) -> None:
        """An error, not a warning as in site.toml: the roster contract makes every mistake one."""
        self.check.unknown_keys(table, allowed, *key, severity="error", where=what)

    def read(self, data: dict) -> tuple[Roster | None, list[Problem]]:
        self.keys(data, TOP_KEYS, "roster.toml")
        zone = self.zone(data.get("timezone"), "timezone", required=True)
        horizon = self.horizon(data.get("horizon_days", DEFAULT_HORIZON))
        channels = self.channels(data.get("channels"))
        known = tuple(c.id for c in channels)
        agents = tuple(self.each("agents", data, lambda t, i: self.agent(t, i, zone, known)))
        holidays = tuple(self.each("holidays", data, self.holiday))
        overrides = tuple(self.each("overrides", data, lambda t, i: self.override(t, i, known)))
        for cid in known if not self.problems else ():  # warn only about an otherwise valid roster
            if not any(cid in a.channels for a in agents) and not any(cid in o.channels for o in overrides):
                self.error(
                    self.lines.line("channels", cid), f"channel {cid!r} has no agents: it is never online", warning=True
                )
        if any(not p.warning for p in self.problems) or zone is None:
            return None, self.problems
        return Roster(zone, horizon, channels, agents, holidays, overrides), self.problems

    # -- scalars --------------------------------------------------------------------------
    def zone(self, value: object, *key: object, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.error(self.lines.line(*key), f'missing {key[-1]!r}: the team\'s time zone, e.g. "Asia/Shanghai"')
            return None
        try:
            return check_zone(value)
        except ValueError as exc:
            self.error(self.lines.line(*key), str(exc))
            return None

    def horizon(self, value: object) -> int:
        days = self.check.whole_number(value, "horizon_days", low=1, high=MAX_HORIZON)
        return DEFAULT_HORIZON if days is None else days

    def text_table(self, value: object, what: str, *key: object) -> dict[str, str]:
        return self.check.texts(value, self.languages, *key, where=what)

    def strings(self, value: object, what: str, *key: object) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(
                self.lines.line(*key), f'{what} must be a list of texts such as ["…", "…"], not {describe(value)}'
            )
            return []
        return list(value)

    def channel_refs(self, value: object, known: tuple[str, ...], *key: object) -> tuple[str, ...]:
        if value is None:
            self.error(self.lines.line(*key[:-1]), "missing 'channels': the channels served, e.g. [\"chat\"]")
            return ()
        refs = self.strings(value, "channels", *key)
        if isinstance(value, list) and not value:
            self.error(self.lines.line(*key), "'channels' is empty: name at least one channel")
        for ref in refs:
            if ref not in known:
                defined = ", ".join(known) or "none"
                self.error(
                    self.lines.item_line(ref, *key),
                    f"unknown channel {ref!r}{did_you_mean(ref, known)} (defined channels: {defined})",
                )
        return tuple(dict.fromkeys(r for r in refs if r in known))

    # -- tables -------------------------------------------------------------------------
    def each(self, name: str, data: dict, read) -> list:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            self.error(self.lines.line(name), f"{name!r} must be an array of tables: write [[{name}]] sections")
            return []
        found = [read(table, i) for i, table in enumerate(value)]
        return [x for x in found if x is not None]

    def channels(self, value: object) -> tuple[ChannelDef, ...]:
        if not isinstance(value, dict) or not value or not all(isinstance(t, dict) for t in value.values()):
            self.error(
                self.lines.line("channels"),
                "define at least one channel as a table, e.g. [channels.chat] with title and reply",
            )
            return ()
        out = []
        for cid, table in value.items():
            self.keys(table, CHANNEL_KEYS, f"channel {cid!r}", "channels", cid)
            title = self.text_table(table.get("title"), f"channel {cid!r}", "channels", cid, "title")
            reply = self.text_table(table.get("reply"), f"channel {cid!r}", "channels", cid, "reply")
            accepts = table.get("accepts", "")  # "always": messages taken at any hour
            accepts = accepts and (self.check.choice(accepts, ("always",), "channels", cid, "accepts") or "")
            out.append(ChannelDef(cid, title, reply, accepts))
        return tuple(out)

    def agent(self, table: dict, i: int, team_zone: str | None, known: tuple[str, ...]) -> Agent | None:
        key = ("agents", i)
        self.keys(table, AGENT_KEYS, "an agent", *key)
        ident = table.get("id")
        if not isinstance(ident, str) or not ident.strip():
            self.error(self.lines.line(*key, "id"), "every agent needs an 'id' (a non-empty string, never published)")
            ident = None
        elif ident in self.seen_ids:
            self.error(self.lines.line(*key, "id"), f"duplicate agent id {ident!r}")
        else:
            self.seen_ids.add(ident)
        name = f"agent {ident!r}" if ident else f"agent #{i + 1}"
        zone = self.zone(table["timezone"], *key, "timezone") if "timezone" in table else team_zone
        channels = self.channel_refs(table.get("channels"), known, *key, "channels")
        shifts = []
        raw_shifts = table.get("shifts")
        if raw_shifts is None or raw_shifts == []:
            self.error(
                self.lines.line(*key, "shifts") if raw_shifts == [] else self.lines.line(*key),
                f'{name} has no shifts, e.g. shifts = ["Mon-Fri 09:00-17:00"]',
            )
        for text in self.strings(raw_shifts, "shifts", *key, "shifts") if raw_shifts is not None else []:
            try:
                shifts.append(parse_shift(text))
            except ValueError as exc:
                self.error(self.lines.item_line(text, *key, "shifts"), f"{name}: {exc}")
        leave = self.date_ranges(table.get("leave", []), name, *key, "leave")
        if ident is None or zone is None:
            return None
        return Agent(ident, zone, channels, tuple(shifts), leave)

    def date_ranges(self, value: object, name: str, *key: object) -> tuple[DateRange, ...]:
        if not isinstance(value, list):
            self.error(
                self.lines.line(*key),
                'leave must be a list of dates or ranges, e.g. ["2026-12-24", "2026-12-28..2026-12-31"]',
            )
            return ()
        out = []
        for item in value:
            try:
                out.append(parse_date_range(item))
            except ValueError as exc:
                self.error(self.lines.item_line(str(item), *key), f"{name}: {exc}")
        return tuple(out)

    def holiday(self, table: dict, i: int) -> Holiday | None:
        key = ("holidays", i)
        self.keys(table, HOLIDAY_KEYS, "a holiday", *key)
        name = self.text_table(table.get("name"), "a holiday", *key, "name")
        if "dates" not in table:
            self.error(self.lines.line(*key), "missing 'dates' for a holiday, e.g. dates = \"2027-02-06..2027-02-12\"")
            return None
        try:
            dates = parse_date_range(table["dates"])
        except ValueError as exc:
            self.error(self.lines.line(*key, "dates"), str(exc))
            return None
        return Holiday(name, dates) if name else None

    def override(self, table: dict, i: int, known: tuple[str, ...]) -> Override | None:
        key = ("overrides", i)
        self.keys(table, OVERRIDE_KEYS, "an override", *key)
        day = None
        if "date" not in table:
            self.error(self.lines.line(*key), "missing 'date' for an override, e.g. date = \"2026-11-11\"")
        else:
            try:
                day = parse_date(table["date"])
            except ValueError as exc:
                self.error(self.lines.line(*key, "date"), str(exc))
        channels = self.channel_refs(table.get("channels"), known, *key, "channels")
        raw = table.get("hours")
        if raw is None:
            self.error(self.lines.line(*key), "missing 'hours' for an override, e.g. hours = \"00:00-24:00\"")
        texts = [raw] if isinstance(raw, str) else self.strings(raw, "hours", *key, "hours") if raw is not None else []
        hours = []
        for text in texts:
            try:
                hours.append(parse_hours(text))
            except ValueError as exc:
                self.error(self.lines.item_line(text, *key, "hours"), str(exc))
        if day is None or not channels or len(hours) != len(texts) or not hours:
            return None
        return Override(day, channels, tuple(hours))


__all__ = [
    "DAYS",
    "Agent",
    "ChannelDef",
    "DateRange",
    "Holiday",
    "Hours",
    "Override",
    "Roster",
    "Shift",
    "parse_roster",
]
