"""`helpcenter roster`: state at an instant, next changes, a week's coverage; exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcenter.support.report import relative, run
from helpers import ROOT

SAMPLE = ROOT / "content"


def _run(capsys, at: str | None, tz: str | None = None, content: Path = SAMPLE) -> tuple[int, str, str]:
    code = run(content, at, tz)
    out = capsys.readouterr()
    return code, out.out, out.err


def _state(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("state:"))


@pytest.mark.parametrize(
    ("at", "tz", "expected"),
    [
        ("2026-11-23T10:00", None, "state: online: chat (Live chat), email (Email)"),  # Monday morning Shanghai
        ("2026-11-28T17:00", None, "state: offline; back Sun 2026-11-29 10:00 (in 17 h)"),  # Saturday evening
        ("2026-11-28T09:00Z", "Europe/Berlin", "state: offline; back Sun 2026-11-29 03:00 (in 17 h)"),
        ("2026-11-12T07:00", None, "state: online: chat (Live chat)"),  # e-mail starts at 09:00
        ("2026-11-11T07:00", None, "state: online: chat (Live chat), email (Email)"),  # but not on Double 11
        (
            "2027-02-08T12:00",
            None,
            "state: closed: Spring Festival until Sat 2027-02-13 00:00; back Fri 2027-02-12 12:00 (in 4 d)",
        ),
        ("2027-02-12T13:00", None, "state: online: email (Email)"),  # the override wins over the holiday
    ],
)
def test_state_at(capsys, at, tz, expected):
    code, out, _ = _run(capsys, at, tz)
    assert code == 0
    assert _state(out) == expected


def test_next_changes_and_week(capsys):
    code, out, _ = _run(capsys, "2026-11-28T17:00", "Asia/Shanghai")
    assert code == 0
    lines = out.splitlines()
    i = lines.index("next changes (Asia/Shanghai):")
    assert lines[i + 1] == "  Sun 2026-11-29 10:00  online: chat (Live chat)"
    assert lines[i + 2].startswith("  Sun 2026-11-29 16:00  offline; back Mon 2026-11-30 06:00")
    j = next(n for n, line in enumerate(lines) if line.startswith("coverage, 7 days from 2026-11-28"))
    assert lines[j + 1] == "  chat (Live chat)"
    assert lines[j + 2] == "    Sat 2026-11-28  00:00-02:00, 10:00-16:00"
    assert lines[j + 3] == "    Sun 2026-11-29  10:00-16:00"
    assert "  email (Email)" in lines
    assert "    Sun 2026-11-29  -" in lines


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (
            "2026-11-28T17:00",  # Saturday evening: chat back on Sunday, e-mail takes messages now
            [
                "  chat (Live chat)  back Sun 2026-11-29 10:00 (in 17 h)",
                "  email (Email)     takes messages now (Replies within 24 hours); "
                "staffed again Mon 2026-11-30 09:00 (in 1 d 16 h)",
            ],
        ),
        (
            "2027-02-08T12:00",  # Spring Festival: each channel's own return, e-mail first (the override)
            [
                "  chat (Live chat)  back Sat 2027-02-13 00:00 (in 4 d 12 h)",
                "  email (Email)     takes messages now (Replies within 24 hours); "
                "staffed again Fri 2027-02-12 12:00 (in 4 d)",
            ],
        ),
        ("2026-11-12T07:00", ["  chat (Live chat)  online", "  email (Email)     takes messages now"]),
    ],
)
def test_each_channel_says_when_it_is_back(capsys, at, expected):
    code, out, _ = _run(capsys, at)
    assert code == 0
    lines = out.splitlines()
    i = lines.index(_state(out))
    assert lines[i + 1] == expected[0]
    assert lines[i + 2].startswith(expected[1])


def test_no_agent_ids_in_output(capsys):
    _, out, _ = _run(capsys, "2026-11-23T10:00")
    for ident in ("sh-li-na", "ldn-amelia", "nyc-jordan"):
        assert ident not in out


def test_problems_exit_1(tmp_path, capsys):
    (tmp_path / "roster.toml").write_text(
        'timezone = "UTC"\n[channels.chat]\ntitle = { en = "C" }\nreply = { en = "R" }\n'
        '[[agents]]\nid = "x"\nchannels = ["chat"]\nshifts = ["Mon 09:00-17:61"]\n',
        encoding="utf-8",
    )
    code, out, err = _run(capsys, None, None, tmp_path)
    assert code == 1 and out == ""
    assert "roster.toml:8: agent 'x': bad time '17:61'" in err
    assert '    shifts = ["Mon 09:00-17:61"]' in err
    assert err.rstrip().endswith("error: roster check failed with 1 problem")


def test_texts_are_checked_against_the_site_languages(tmp_path, capsys):
    """`roster` applies the build's rule: a table has every site language; one text serves all."""
    (tmp_path / "site.toml").write_text(
        'title = "H"\nlanguages = ["en", "zh"]\n[categories.a]\ntitle = "A"\n', encoding="utf-8"
    )
    roster = 'timezone = "UTC"\n[channels.chat]\ntitle = "Chat"\nreply = { en = "R" }\n'
    roster += '[[agents]]\nid = "x"\nchannels = ["chat"]\nshifts = ["Mon 09:00-17:00"]\n'
    (tmp_path / "roster.toml").write_text(roster, encoding="utf-8")
    code, _, err = _run(capsys, None, None, tmp_path)
    assert code == 1
    assert "roster.toml:4: 'reply' has no text for zh (every site language needs one)" in err
    assert "'title'" not in err


def test_missing_roster_exit_1(tmp_path, capsys):
    code, _, err = _run(capsys, None, None, tmp_path)
    assert code == 1 and "no roster" in err


def test_usage_errors_exit_2(capsys):
    assert _run(capsys, "yesterday-ish")[0] == 2
    assert _run(capsys, None, "Mars/Base")[0] == 2


def test_now_by_default(capsys):
    code, out, _ = _run(capsys, None)
    assert code == 0 and _state(out)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "in < 1 min"),
        (29, "in < 1 min"),
        (30, "in 1 min"),
        (45 * 60, "in 45 min"),
        (14 * 3600, "in 14 h"),
        (14 * 3600 + 5 * 60, "in 14 h 5 min"),
        (23 * 3600 + 59 * 60 + 31, "in 1 d"),
        (26 * 3600 + 40 * 60, "in 1 d 2 h"),
        (3 * 86400, "in 3 d"),
    ],
)
def test_relative(seconds, text):
    assert relative(dt.timedelta(seconds=seconds)) == text
