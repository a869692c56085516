"""Expansion of a roster into UTC intervals, and the state at an instant.

Each DST case is worked out by hand in the test name's zone; a property test then
compares the interval sweep with a direct, pointwise reading of the contract.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from helpcenter.support.roster import Agent, ChannelDef, Holiday, Override, Roster, parse_roster
from helpcenter.support.roster_syntax import DateRange, Hours, Shift
from helpcenter.support.schedule import UTC, changes, expand, status_at

PATH = Path("roster.toml")


def Z(text: str) -> dt.datetime:
    """'2027-03-14T07:30' (UTC) -> aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def roster(team: str, agents: str, extra: str = "", horizon: int = 30) -> Roster:
    text = (
        f'timezone = "{team}"\nhorizon_days = {horizon}\n'
        '[channels.chat]\ntitle = { en = "Chat", zh = "聊天" }\nreply = { en = "Soon", zh = "很快" }\n'
        '[channels.email]\ntitle = { en = "Email", zh = "邮件" }\nreply = { en = "A day", zh = "一天" }\n'
        f"{agents}\n{extra}"
    )
    parsed, problems = parse_roster(text, PATH)
    assert parsed is not None, [p.format() for p in problems]
    return parsed


def agent(zone: str, *shifts: str, leave: tuple[str, ...] = (), channels: str = '"chat"', ident: str = "a") -> str:
    quoted = ", ".join(f'"{s}"' for s in shifts)
    leave_line = f"leave = [{', '.join(repr(x).replace(chr(39), chr(34)) for x in leave)}]\n" if leave else ""
    return (
        f'[[agents]]\nid = "{ident}"\ntimezone = "{zone}"\nchannels = [{channels}]\nshifts = [{quoted}]\n{leave_line}'
    )


def spans(r: Roster, now: str, channel: str = "chat", days: int | None = None) -> list[tuple[str, str]]:
    schedule = expand(r, Z(now), days)
    return [(s.strftime("%m-%dT%H:%M"), e.strftime("%m-%dT%H:%M")) for s, e in schedule.channels[channel]]


# -- plain weeks ---------------------------------------------------------------------------


def test_weekday_shift_in_team_zone():
    r = roster("Asia/Shanghai", agent("Asia/Shanghai", "Mon-Fri 09:00-17:00"))
    # Mon 2026-11-23; Shanghai is UTC+8 all year
    assert spans(r, "2026-11-22T00:00", days=7)[:2] == [("11-23T01:00", "11-23T09:00"), ("11-24T01:00", "11-24T09:00")]
    assert len(spans(r, "2026-11-22T00:00", days=7)) == 5


def test_overnight_shift_belongs_to_the_day_it_starts():
    r = roster("UTC", agent("UTC", "Sat 22:00-02:00"))
    assert spans(r, "2026-11-23T00:00", days=14) == [("11-28T22:00", "11-29T02:00"), ("12-05T22:00", "12-06T02:00")]


def test_24_00_end_and_full_day_shifts():
    r = roster("UTC", agent("UTC", "Mon 18:00-24:00", "Tue 00:00-24:00", "Wed 09:00-09:00"))
    # Mon 18:00 to Wed 00:00 without a break (touching spans merge); Wed 09:00 to Thu 09:00
    assert spans(r, "2026-11-23T00:00", days=6) == [("11-23T18:00", "11-25T00:00"), ("11-25T09:00", "11-26T09:00")]


def test_wrapping_day_range_and_lists():
    r = roster("UTC", agent("UTC", "Fri-Mon 10:00-11:00", "Wed,Thu 12:00-13:00"))
    starts = [s for s, _ in spans(r, "2026-11-23T00:00", days=7)]  # Mon 23 .. Sun 29
    assert starts == ["11-23T10:00", "11-25T12:00", "11-26T12:00", "11-27T10:00", "11-28T10:00", "11-29T10:00"]


def test_overlapping_agents_merge():
    r = roster(
        "UTC",
        agent("UTC", "Mon 09:00-12:00")
        + agent("UTC", "Mon 11:00-15:00", ident="b")
        + agent("UTC", "Mon 15:00-16:00", ident="c"),
    )
    assert spans(r, "2026-11-23T00:00", days=1) == [("11-23T09:00", "11-23T16:00")]


# -- daylight saving time --------------------------------------------------------------------

NY = "America/New_York"  # 2027-03-14 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST


def test_new_york_spring_forward_gap():
    r = roster(NY, agent(NY, "Sun 01:00-05:00") + agent(NY, "Sun 02:30-06:00", channels='"email"', ident="b"))
    # 01:00 EST = 06:00Z; 05:00 EDT = 09:00Z: three real hours, not four
    assert spans(r, "2027-03-13T00:00", days=2) == [("03-14T06:00", "03-14T09:00")]
    # 02:30 does not exist: fold=0 reads it with EST, i.e. 03:30 EDT = 07:30Z
    assert spans(r, "2027-03-13T00:00", "email", days=2) == [("03-14T07:30", "03-14T10:00")]


def test_new_york_end_inside_the_gap_and_empty_ranges():
    r = roster(
        NY,
        agent(NY, "Sat 22:00-02:30") + agent(NY, "Sun 02:30-03:00", "Sun 02:00-02:30", channels='"email"', ident="b"),
    )
    # the end 02:30 does not exist either: 03:30 EDT, so the night is 4.5 h real
    assert spans(r, "2027-03-13T00:00", days=2) == [("03-14T03:00", "03-14T07:30")]
    # 02:30-03:00 ends (07:00Z) before it starts (07:30Z): nothing; 02:00-02:30 -> 03:00-03:30 EDT
    assert spans(r, "2027-03-13T00:00", "email", days=2) == [("03-14T07:00", "03-14T07:30")]


def test_new_york_fall_back_overlap():
    r = roster(
        NY,
        agent(NY, "Sun 00:00-03:00") + agent(NY, "Sun 01:30-04:00", "Sat 20:00-01:30", channels='"email"', ident="b"),
    )
    # 00:00 EDT = 04:00Z to 03:00 EST = 08:00Z: four real hours
    assert spans(r, "2026-10-31T00:00", days=2) == [("11-01T04:00", "11-01T08:00")]
    # 01:30 happens twice: the first (EDT, 05:30Z) — as a start and as an end
    assert spans(r, "2026-10-31T00:00", "email", days=2) == [("11-01T00:00", "11-01T09:00")]
    r2 = roster(NY, agent(NY, "Sat 20:00-01:30"))
    assert spans(r2, "2026-10-31T00:00", days=2) == [("11-01T00:00", "11-01T05:30")]


LDN = "Europe/London"  # 2027-03-28 01:00 GMT -> 02:00 BST; 2026-10-25 02:00 BST -> 01:00 GMT


def test_london_night_shift_across_both_changes():
    r = roster(LDN, agent(LDN, "Sat 22:00-06:00"))
    assert spans(r, "2027-03-27T00:00", days=2) == [("03-27T22:00", "03-28T05:00")]  # 7 h
    assert spans(r, "2026-10-24T00:00", days=2) == [("10-24T21:00", "10-25T06:00")]  # 9 h


def test_london_gap_and_overlap_hours():
    r = roster(LDN, agent(LDN, "Sun 01:30-02:30"))
    # gap: 01:30 GMT-read = 01:30Z (02:30 BST), 02:30 BST = 01:30Z: nothing at all
    assert spans(r, "2027-03-27T00:00", days=2) == []
    # overlap: first 01:30 (BST) = 00:30Z; 02:30 GMT = 02:30Z: two real hours
    assert spans(r, "2026-10-24T00:00", days=2) == [("10-25T00:30", "10-25T02:30")]


SYD = "Australia/Sydney"  # 2026-10-04 02:00 AEST -> 03:00 AEDT; 2027-04-04 03:00 AEDT -> 02:00 AEST


def test_sydney_midnight_shift_across_both_changes():
    r = roster(SYD, agent(SYD, "Sat 20:00-04:00"))
    assert spans(r, "2026-10-03T00:00", days=1) == [("10-03T10:00", "10-03T17:00")]  # 7 h
    assert spans(r, "2027-04-03T00:00", days=1) == [("04-03T09:00", "04-03T18:00")]  # 9 h


def test_sydney_gap_and_overlap():
    r = roster(SYD, agent(SYD, "Sun 02:15-02:45", "Sun 02:30-03:30"))
    # gap day: 02:15-02:45 AEST-read = 16:15Z-16:45Z; 02:30 -> 16:30Z, 03:30 AEDT = 16:30Z: empty
    assert spans(r, "2026-10-03T00:00", days=2) == [("10-03T16:15", "10-03T16:45")]
    # overlap day: 02:15 AEDT = 15:15Z ... 03:30 AEST = 17:30Z
    assert spans(r, "2027-04-03T00:00", days=2) == [("04-03T15:15", "04-03T17:30")]


# -- zones, leave, holidays, overrides -----------------------------------------------------


def test_agent_zone_differs_from_team_zone_and_holiday_uses_team_zone():
    extra = '[[holidays]]\nname = { en = "Spring Festival", zh = "春节" }\ndates = "2027-02-08"\n'
    r = roster("Asia/Shanghai", agent(LDN, "Mon-Fri 09:00-17:00"), extra)
    got = spans(r, "2027-02-07T00:00", days=3)
    # the holiday is Shanghai's 8 Feb: 2027-02-07T16:00Z..02-08T16:00Z; London's Monday 09-17Z keeps its last hour
    assert got == [("02-08T16:00", "02-08T17:00"), ("02-09T09:00", "02-09T17:00")]


def test_leave_is_whole_days_in_the_agents_zone():
    r = roster("Asia/Shanghai", agent(NY, "Mon-Fri 20:00-02:00", leave=("2026-12-24",)))
    got = spans(r, "2026-12-23T00:00", days=4)
    # Tue 22 and Wed 23 (running into the leave day: it started before) are on; Thu 24's
    # shift is cancelled although it is 25 Dec in Shanghai when it would start; Fri 25 is on
    assert got == [("12-23T01:00", "12-23T07:00"), ("12-24T01:00", "12-24T07:00"), ("12-26T01:00", "12-26T07:00")]


def test_leave_range():
    r = roster("UTC", agent("UTC", "Mon-Sun 09:00-10:00", leave=("2026-12-28..2026-12-31",)))
    days = [s[:5] for s, _ in spans(r, "2026-12-26T00:00", days=8)]
    assert days == ["12-26", "12-27", "01-01", "01-02"]


HOLIDAY = """
[[holidays]]
name = { en = "Spring Festival", zh = "春节" }
dates = "2027-02-06..2027-02-12"

[[overrides]]
date = "2027-02-12"
channels = ["email"]
hours = "12:00-18:00"

[[overrides]]
date = "2027-02-13"
channels = ["email"]
hours = "07:00-09:30"
"""


def test_holiday_beside_override():
    r = roster("Asia/Shanghai", agent("Asia/Shanghai", "Mon-Sun 09:00-18:00", channels='"chat", "email"'), HOLIDAY)
    email = spans(r, "2027-02-04T00:00", "email", days=11)
    assert email == [
        ("02-04T01:00", "02-04T10:00"),
        ("02-05T01:00", "02-05T10:00"),
        ("02-12T04:00", "02-12T10:00"),  # the override wins over the holiday
        ("02-12T23:00", "02-13T10:00"),  # the next day's override merges with the shift
        ("02-14T01:00", "02-14T10:00"),
    ]
    chat = spans(r, "2027-02-04T00:00", "chat", days=11)
    assert ("02-12T04:00", "02-12T10:00") not in chat and ("02-13T01:00", "02-13T10:00") in chat
    schedule = expand(r, Z("2027-02-04T00:00"), 10)
    closed = status_at(schedule, Z("2027-02-08T04:00"))
    assert closed.state == "closed" and closed.holiday.name["zh"] == "春节"
    assert closed.back_at == Z("2027-02-12T04:00")
    assert closed.holiday.end == Z("2027-02-12T16:00")
    during = status_at(schedule, Z("2027-02-12T05:00"))
    assert during.state == "online" and during.online == ("email",) and during.holiday is not None
    evening = status_at(schedule, Z("2027-02-12T11:00"))
    assert evening.state == "closed" and evening.back_at == Z("2027-02-12T23:00")
    after = status_at(schedule, Z("2027-02-12T17:00"))  # holiday over, nobody on until 07:00 Shanghai
    assert after.state == "offline" and after.holiday is None


def test_leap_day():
    extra = (
        '[[holidays]]\nname = { en = "Leap", zh = "闰日" }\ndates = "2028-02-29"\n'
        '[[overrides]]\ndate = "2028-02-29"\nchannels = ["email"]\nhours = "10:00-11:00"\n'
    )
    r = roster(
        "UTC",
        agent("UTC", "Mon-Fri 09:00-17:00", channels='"chat", "email"')
        + agent("UTC", "Tue 20:00-21:00", leave=("2028-02-29",), ident="b"),
        extra,
    )
    chat = [s for s, _ in spans(r, "2028-02-27T00:00", days=4)]
    assert chat == ["02-28T09:00", "03-01T09:00"]  # Tue 29 Feb closed, b on leave
    assert spans(r, "2028-02-27T00:00", "email", days=4)[1] == ("02-29T10:00", "02-29T11:00")
    r2 = roster("UTC", agent("UTC", "Tue 09:00-10:00"))
    assert spans(r2, "2028-02-28T00:00", days=2) == [("02-29T09:00", "02-29T10:00")]


# -- the horizon -----------------------------------------------------------------------------


def test_a_shift_in_progress_at_build_time_counts():
    r = roster("UTC", agent("UTC", "Sat 22:00-02:00", "Mon 09:00-17:00"))
    assert spans(r, "2026-11-29T01:00", days=2) == [("11-29T01:00", "11-29T02:00"), ("11-30T09:00", "11-30T17:00")]
    assert spans(r, "2026-11-30T10:00", days=1)[0] == ("11-30T10:00", "11-30T17:00")


def test_horizon_edges():
    r = roster("UTC", agent("UTC", "Mon-Sun 09:00-17:00"), horizon=2)
    schedule = expand(r, Z("2026-11-23T12:00"))
    assert schedule.valid_until == Z("2026-11-25T12:00")
    got = [(s.isoformat(), e.isoformat()) for s, e in schedule.channels["chat"]]
    assert got[0][0] == "2026-11-23T12:00:00+00:00" and got[-1][1] == "2026-11-25T12:00:00+00:00"
    assert len(got) == 3
    assert status_at(schedule, Z("2026-11-25T11:59")).state == "online"
    assert status_at(schedule, Z("2026-11-25T12:00")).state == "unknown"
    assert status_at(schedule, Z("2026-11-23T11:59")).state == "unknown"
    assert status_at(schedule, Z("2026-11-23T12:00")).state == "online"


def test_back_at_beyond_the_horizon_is_unknown():
    r = roster("UTC", agent("UTC", "Mon 09:00-10:00"), horizon=2)
    status = status_at(expand(r, Z("2026-11-24T00:00")), Z("2026-11-24T12:00"))
    assert status.state == "offline" and status.back_at is None


def test_changes():
    r = roster(
        "UTC", agent("UTC", "Mon 09:00-17:00", channels='"chat", "email"') + agent("UTC", "Mon 12:00-20:00", ident="b")
    )
    schedule = expand(r, Z("2026-11-23T00:00"), 2)
    now = Z("2026-11-23T08:00")
    assert status_at(schedule, now).back_at == Z("2026-11-23T09:00")
    got = [(t.strftime("%H:%M"), s.state, s.online) for t, s in changes(schedule, now)]
    assert got == [
        ("09:00", "online", ("chat", "email")),
        ("17:00", "online", ("chat",)),
        ("20:00", "offline", ()),
        ("00:00", "unknown", ()),
    ]


# -- the sweep against a pointwise reading of the contract ---------------------------------


def _instant(day: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    if minutes == 1440:
        day, minutes = day + dt.timedelta(days=1), 0
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=zone).astimezone(UTC)


def _covers(day: dt.date, hours: Hours, zone: ZoneInfo, t: dt.datetime) -> bool:
    end_day = day + dt.timedelta(days=1) if hours.end <= hours.start else day
    return _instant(day, hours.start, zone) <= t < _instant(end_day, hours.end, zone)


def oracle(r: Roster, channel: str, t: dt.datetime) -> bool:
    team = ZoneInfo(r.timezone)
    local = t.astimezone(team).date()
    for o in r.overrides:
        if channel in o.channels and any(_covers(o.date, h, team, t) for h in o.hours):
            return True
    if any(local in h.dates for h in r.holidays):
        return False
    for a in r.agents:
        zone = ZoneInfo(a.timezone)
        today = t.astimezone(zone).date()
        for back in (0, 1, 2):
            day = today - dt.timedelta(days=back)
            if channel in a.channels and not a.on_leave(day):
                if any(day.weekday() in s.days and _covers(day, s.hours, zone, t) for s in a.shifts):
                    return True
    return False


ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "America/St_Johns",
    "UTC",
]
BASE = dt.date(2026, 10, 20)  # spans Sydney's and London's October changes, New York's November one …
DST_STARTS = [
    Z("2026-10-22T00:00"),
    Z("2026-10-30T00:00"),
    Z("2027-03-10T00:00"),
    Z("2027-03-25T00:00"),
    Z("2027-04-01T00:00"),
]

hours_st = st.builds(Hours, st.integers(0, 47).map(lambda n: n * 30), st.integers(0, 48).map(lambda n: n * 30))
shift_st = st.builds(lambda days, h: Shift(frozenset(days), h, ""), st.sets(st.integers(0, 6), min_size=1), hours_st)


@st.composite
def rosters(draw):
    start = draw(st.sampled_from(DST_STARTS))

    def date_near():
        return start.date() + dt.timedelta(days=draw(st.integers(-2, 8)))

    agents = tuple(
        Agent(
            f"a{i}",
            draw(st.sampled_from(ZONES)),
            tuple(draw(st.sets(st.sampled_from(["chat", "email"]), min_size=1))),
            tuple(draw(st.lists(shift_st, min_size=1, max_size=3))),
            tuple(
                DateRange(d, d + dt.timedelta(days=draw(st.integers(0, 2))))
                for d in draw(st.lists(st.builds(date_near), max_size=2))
            ),
        )
        for i in range(draw(st.integers(1, 3)))
    )
    holidays = tuple(
        Holiday({"en": f"h{i}"}, DateRange(d, d + dt.timedelta(days=draw(st.integers(0, 2)))))
        for i, d in enumerate(draw(st.lists(st.builds(date_near), max_size=2)))
    )
    overrides = tuple(
        Override(d, ("chat",), (draw(hours_st),)) for d in draw(st.lists(st.builds(date_near), max_size=2))
    )
    channels = (
        ChannelDef("chat", {"en": "Chat"}, {"en": "Soon"}),
        ChannelDef("email", {"en": "Email"}, {"en": "A day"}),
    )
    team = draw(st.sampled_from(ZONES))
    return Roster(team, 7, channels, agents, holidays, overrides), start


@settings(max_examples=150, deadline=None)
@given(rosters(), st.lists(st.integers(0, 7 * 24 * 60 - 1), min_size=5, max_size=20))
def test_sweep_agrees_with_pointwise_contract(case, minutes):
    r, now = case
    schedule = expand(r, now)
    for m in minutes:
        t = now + dt.timedelta(minutes=m, seconds=30 * (m % 2))
        status = status_at(schedule, t)
        expected = tuple(c for c in ("chat", "email") if oracle(r, c, t))
        assert status.online == expected, (t, status)
        team_day = t.astimezone(ZoneInfo(r.timezone)).date()
        in_holiday = any(team_day in h.dates for h in r.holidays)
        assert status.state == ("online" if expected else "closed" if in_holiday else "offline")
        if status.back_at is not None:  # nothing opens between t and back_at, and it opens then
            assert (
                not any(oracle(r, c, status.back_at - dt.timedelta(seconds=1)) for c in ("chat", "email"))
                or status.back_at - dt.timedelta(seconds=1) <= t
            )
            assert any(oracle(r, c, status.back_at) for c in ("chat", "email"))
