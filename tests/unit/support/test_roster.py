"""roster.toml parsing: the contract's grammar, and every mistake reported at once with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcenter.support.roster import parse_roster
from helpcenter.support.roster_syntax import parse_date_range, parse_days, parse_hours, parse_shift
from helpers import ROOT

PATH = Path("content/roster.toml")

GOOD = """\
timezone = "Asia/Shanghai"
horizon_days = 30

[channels.chat]
title = { en = "Live chat", zh = "在线客服" }
reply = { en = "Replies in about 5 minutes", zh = "约 5 分钟内回复" }

[[agents]]
id = "agent-a"
timezone = "Europe/London"
channels = ["chat"]
shifts = ["Mon-Fri 09:00-17:00", "Sat 22:00-02:00"]
leave = ["2026-12-24", "2026-12-28..2026-12-31"]

[[holidays]]
name = { en = "Spring Festival", zh = "春节" }
dates = "2027-02-06..2027-02-12"

[[overrides]]
date = "2026-11-11"
channels = ["chat"]
hours = "00:00-24:00"
"""


def test_sample_roster_is_valid():
    roster, problems = parse_roster((ROOT / "content" / "roster.toml").read_text(encoding="utf-8"), PATH)
    assert problems == []
    assert roster is not None
    assert roster.timezone == "Asia/Shanghai" and roster.horizon_days == 90
    assert roster.channel_ids() == ("chat", "email")
    zones = {a.timezone for a in roster.agents}
    assert {"Asia/Shanghai", "Europe/London", "America/New_York"} <= zones
    assert any(s.hours.overnight for a in roster.agents for s in a.shifts)
    assert any(a.leave for a in roster.agents)
    assert any(h.name["zh"] == "春节" for h in roster.holidays)
    assert any(o.date == dt.date(2026, 11, 11) for o in roster.overrides)


def test_good_roster_fields():
    roster, problems = parse_roster(GOOD, PATH)
    assert problems == [] and roster is not None
    agent = roster.agents[0]
    assert agent.timezone == "Europe/London"
    assert [sorted(s.days) for s in agent.shifts] == [[0, 1, 2, 3, 4], [5]]
    assert agent.shifts[1].hours.overnight
    assert agent.on_leave(dt.date(2026, 12, 24)) and agent.on_leave(dt.date(2026, 12, 30))
    assert not agent.on_leave(dt.date(2026, 12, 27))
    assert roster.holidays[0].dates.first == dt.date(2027, 2, 6)
    assert roster.overrides[0].hours[0].end == 1440


def test_agent_zone_defaults_to_team_zone_and_horizon_to_90():
    text = GOOD.replace('timezone = "Europe/London"\n', "").replace("horizon_days = 30\n", "")
    roster, problems = parse_roster(text, PATH)
    assert problems == [] and roster is not None
    assert roster.agents[0].timezone == "Asia/Shanghai"
    assert roster.horizon_days == 90


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon", {0}),
        ("Mon-Fri", {0, 1, 2, 3, 4}),
        ("Fri-Mon", {4, 5, 6, 0}),
        ("Sun-Sun", {6}),
        ("Sat-Fri", set(range(7))),
        ("Mon,Wed", {0, 2}),
        ("Mon-Wed,Sat", {0, 1, 2, 5}),
        ("Mon, Thu", {0, 3}),
    ],
)
def test_days(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "start", "end", "overnight"),
    [
        ("09:00-17:00", 540, 1020, False),
        ("22:00-02:00", 1320, 120, True),
        ("00:00-24:00", 0, 1440, False),
        ("18:00-24:00", 1080, 1440, False),
        ("09:00-09:00", 540, 540, True),  # end <= start: a full day, ending the next morning
        ("23:59-00:00", 1439, 0, True),
    ],
)
def test_hours(text, start, end, overnight):
    hours = parse_hours(text)
    assert (hours.start, hours.end, hours.overnight) == (start, end, overnight)


@pytest.mark.parametrize(
    "bad",
    [
        "Mon 9:00-17:00",
        "Mon 24:00-02:00",
        "Mon 09:60-10:00",
        "Mon 25:00-26:00",
        "Mn 09:00-17:00",
        "mon 09:00-17:00",
        "Mon-Fry 09:00-17:00",
        "09:00-17:00",
        "Mon 09:00",
        "Mon 09:00-17:00 extra",
        "",
    ],
)
def test_bad_shifts(bad):
    with pytest.raises(ValueError):
        parse_shift(bad)


def test_date_ranges_and_leap_days():
    assert parse_date_range("2028-02-29").first == dt.date(2028, 2, 29)
    r = parse_date_range("2028-02-28..2028-03-01")
    assert dt.date(2028, 2, 29) in r and dt.date(2028, 3, 2) not in r
    assert parse_date_range(dt.date(2027, 1, 1)).last == dt.date(2027, 1, 1)  # a TOML date literal
    for bad in ("2027-02-29", "2027-13-01", "2027-1-1", "2027-02-12..2027-02-06", "soon"):
        with pytest.raises(ValueError):
            parse_date_range(bad)


BAD = """\
timezone = "Asia/Shanghia"
horizon_days = 0
colour = "blue"

[channels.chat]
title = { en = "Live chat", zh = "在线客服" }
reply = { en = "Replies in about 5 minutes" }
emoji = "💬"

[channels.email]
title = "Email"
reply = { en = "Replies within 24 hours" }

[[agents]]
id = "agent-a"
timezone = "Mars/Olympus"
channels = ["chat", "phone"]
shifts = [
  "Mon-Fri 09:00-17:00",
  "Sat 25:00-02:00",
  "Funday 10:00-12:00",
]
leave = ["2026-12-31..2026-12-24", "2027-02-29"]
shoe_size = 42

[[agents]]
id = "agent-b"
channels = ["email"]

[[agents]]
id = "agent-a"
channels = ["chat"]
shifts = ["Sun 10:00-11:00"]

[[agents]]
channels = ["chat"]
shifts = []

[[holidays]]
name = { en = "Spring Festival", zh = "春节" }
dates = "2027-02-12..2027-02-06"

[[holidays]]
dates = "2027-01-01"
note = "New year"

[[overrides]]
date = "2026-11-31"
channels = ["sms"]
hours = "24:00-12:00"
"""


def _line_of(fragment: str, occurrence: int = 0) -> int:
    return [n for n, line in enumerate(BAD.splitlines(), start=1) if fragment in line][occurrence]


# (message fragment, the line it must point at: a fragment of that line and which occurrence)
EXPECTED = [
    ("unknown time zone 'Asia/Shanghia'", 'timezone = "Asia/Shanghia"', 0),
    ("'horizon_days' must be a whole number from 1 to 366, not 0", "horizon_days = 0", 0),
    ("unknown key 'colour' in roster.toml", 'colour = "blue"', 0),
    ("unknown key 'emoji' in channel 'chat'", "emoji = ", 0),
    ("unknown time zone 'Mars/Olympus'", 'timezone = "Mars/Olympus"', 0),
    ("unknown channel 'phone'", 'channels = ["chat", "phone"]', 0),
    ("bad time '25:00'", '"Sat 25:00-02:00"', 0),
    ("bad day 'Funday'", '"Funday 10:00-12:00"', 0),
    ("reversed date range '2026-12-31..2026-12-24'", "leave = [", 0),
    ("2027-02-29 is not a real date: February 2027 has 28 days", "leave = [", 0),
    ("unknown key 'shoe_size' in an agent", "shoe_size = 42", 0),
    ("agent 'agent-b' has no shifts", "[[agents]]", 1),
    ("duplicate agent id 'agent-a'", 'id = "agent-a"', 1),
    ("every agent needs an 'id'", "[[agents]]", 3),
    ("agent #4 has no shifts", "shifts = []", 0),
    ("reversed date range '2027-02-12..2027-02-06'", 'dates = "2027-02-12..2027-02-06"', 0),
    ("missing 'name' for a holiday", "[[holidays]]", 1),
    ("unknown key 'note' in a holiday", 'note = "New year"', 0),
    ("2026-11-31 is not a real date: November has 30 days", 'date = "2026-11-31"', 0),
    ("unknown channel 'sms'", 'channels = ["sms"]', 0),
    ("bad time '24:00'", 'hours = "24:00-12:00"', 0),
]


def test_every_mistake_at_once_with_its_line():
    roster, problems = parse_roster(BAD, PATH)
    assert roster is None
    for message, fragment, occurrence in EXPECTED:
        found = [p for p in problems if message in p.message]
        assert found, f"missing problem {message!r} among {[p.message for p in problems]}"
        assert found[0].line == _line_of(fragment, occurrence), (message, found[0].line)
        assert not found[0].warning
    assert len(problems) == len(EXPECTED)


def test_problems_carry_the_offending_line():
    _, problems = parse_roster(BAD, PATH)
    bad_time = next(p for p in problems if "'25:00'" in p.message)
    assert bad_time.line == _line_of('"Sat 25:00-02:00"')
    assert bad_time.source_line.strip() == '"Sat 25:00-02:00",'
    text = bad_time.format()
    assert text.startswith(f"{PATH}:{bad_time.line}: agent 'agent-a': bad time '25:00'")
    assert '"Sat 25:00-02:00",' in text.splitlines()[1]


def test_agent_without_shifts_points_at_the_agent():
    _, problems = parse_roster(BAD, PATH)
    p = next(p for p in problems if "agent 'agent-b' has no shifts" in p.message)
    agents = [n for n, l in enumerate(BAD.splitlines(), 1) if l == "[[agents]]"]
    assert p.line == agents[1]


def test_toml_syntax_error_has_a_line():
    roster, problems = parse_roster('timezone = "Asia/Shanghai"\n[channels.chat\ntitle = 1\n', PATH)
    assert roster is None and len(problems) == 1
    assert problems[0].line == 2 and "TOML syntax error" in problems[0].message


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('horizon_days = 30\n[channels.chat]\ntitle = {en="a"}\nreply = {en="b"}\n', "missing 'timezone'", 1),
        ('timezone = "UTC"\n', "define at least one channel", 1),
        ('timezone = "UTC"\nchannels = "chat"\n', "define at least one channel", 2),
        (
            'timezone = "UTC"\nhorizon_days = 400\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n',
            "from 1 to 366, not 400",
            2,
        ),
        (
            'timezone = "UTC"\nhorizon_days = true\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n',
            "'horizon_days' must be a whole number from 1 to 366, not true or false",
            2,
        ),
        (
            'timezone = "UTC"\nhorizon_days = "90"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n',
            "'horizon_days' must be a whole number from 1 to 366, not text",
            2,
        ),
        ('timezone = "UTC"\n[channels.c]\ntitle={en="a"}\n', "missing 'reply' for channel 'c'", 2),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[agents]]\nid="x"\nchannels=[]\nshifts=["Mon 09:00-10:00"]\n',
            "'channels' is empty",
            7,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[agents]]\nid="x"\nchannels="c"\nshifts=["Mon 09:00-10:00"]\n',
            "channels must be a list",
            7,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[agents]]\nid="x"\nchannels=["c"]\nshifts="Mon 09:00-10:00"\n',
            "shifts must be a list",
            8,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[agents]]\nid="x"\nchannels=["c"]\nshifts=["Mon 09:00-10:00"]\ntimezone=""\n',
            "bad time zone: an empty text",
            9,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[overrides]]\nchannels=["c"]\nhours="10:00-12:00"\n',
            "missing 'date' for an override",
            5,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[overrides]]\ndate=2026-11-11\nchannels=["c"]\nhours="10-12"\n',
            "bad time '10'",
            8,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[holidays]]\nname={en="x"}\n',
            "missing 'dates'",
            5,
        ),
        (
            'timezone = "UTC"\nagents = 3\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n',
            "'agents' must be an array of tables",
            2,
        ),
        (
            'timezone = "UTC"\n[channels.c]\ntitle={en="a"}\nreply={en="b"}\n[[agents]]\nid="x"\nchannels=["c"]\nshifts=["Mon 09:00-10:00"]\nleave="2026-12-24"\n',
            "leave must be a list",
            9,
        ),
    ],
)
def test_single_mistakes(text, message, line):
    roster, problems = parse_roster(text, PATH)
    assert roster is None
    found = [p for p in problems if message in p.message]
    assert found, [p.message for p in problems]
    assert found[0].line == line


def test_unstaffed_channel_is_a_warning_only():
    text = GOOD + '\n[channels.email]\ntitle = { en = "Email" }\nreply = { en = "A day" }\n'
    roster, problems = parse_roster(text, PATH)
    assert roster is not None
    assert [p.warning for p in problems] == [True]
    assert "channel 'email' has no agents" in problems[0].message


def test_native_toml_dates_are_accepted():
    text = GOOD.replace('date = "2026-11-11"', "date = 2026-11-11").replace(
        'leave = ["2026-12-24", ', "leave = [2026-12-24, "
    )
    roster, problems = parse_roster(text, PATH)
    assert problems == [] and roster is not None
    assert roster.overrides[0].date == dt.date(2026, 11, 11)
