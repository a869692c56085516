"""What roster.toml says, as typed values: channels, agents and their shifts, holidays,
overrides (support/roster.py reads them, support/schedule.py turns them into instants)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from helpcenter.support.roster_syntax import DateRange, Hours, Shift


@dataclass(frozen=True)
class ChannelDef:
    id: str
    title: dict[str, str]  # lang -> text
    reply: dict[str, str]  # lang -> expected reply time
    accepts: str = ""  # "always": messages are taken at any hour (e-mail, a form); never makes it online


@dataclass(frozen=True)
class Agent:
    id: str  # internal only: never published
    timezone: str
    channels: tuple[str, ...]
    shifts: tuple[Shift, ...]
    leave: tuple[DateRange, ...] = ()

    def on_leave(self, day: dt.date) -> bool:
        return any(day in r for r in self.leave)


@dataclass(frozen=True)
class Holiday:
    name: dict[str, str]
    dates: DateRange  # whole days in the team's zone


@dataclass(frozen=True)
class Override:
    date: dt.date  # in the team's zone
    channels: tuple[str, ...]
    hours: tuple[Hours, ...]


@dataclass(frozen=True)
class Roster:
    timezone: str
    horizon_days: int
    channels: tuple[ChannelDef, ...]
    agents: tuple[Agent, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    overrides: tuple[Override, ...] = ()

    def channel_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.channels)
