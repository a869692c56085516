"""The build's roster stage: load_support() and the published support.json."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from helpcenter.errors import Report
from helpcenter.support.roster import parse_roster
from helpcenter.support.schedule import UTC
from helpcenter.support.stage import load_support
from helpers import ROOT

SAMPLE = ROOT / "content"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_no_roster_no_support(tmp_path: Path):
    report = Report()
    assert load_support(tmp_path, report, NOW) is None
    assert report.problems == []


def test_roster_errors_go_to_the_report(tmp_path: Path):
    (tmp_path / "roster.toml").write_text('timezone = "Nowhere/Atlantis"\n', encoding="utf-8")
    report = Report()
    assert load_support(tmp_path, report, NOW) is None
    assert len(report.errors) == 2  # the zone and the missing channels, together
    assert all(p.path == tmp_path / "roster.toml" for p in report.errors)
    assert report.errors[0].line == 1


def test_sample_json_shape():
    report = Report()
    support = load_support(SAMPLE, report, NOW)
    assert support is not None and report.problems == []
    data = support.json
    assert data["generated_at"] == "2026-11-22T12:00:00Z"
    assert data["valid_until"] == "2027-02-20T12:00:00Z"  # 90 days
    assert data["timezone"] == "Asia/Shanghai"
    assert data["order"] == ["chat", "email"]
    assert set(data["channels"]) == {"chat", "email"}
    chat = data["channels"]["chat"]
    assert chat["title"] == {"en": "Live chat", "zh": "实时聊天"}
    assert chat["reply"]["zh"] == "约 5 分钟内回复"
    for channel in data["channels"].values():
        spans = channel["intervals"]
        assert spans == sorted(spans)
        for (s, e), nxt in zip(spans, spans[1:] + [None]):
            assert data["generated_at"] <= s < e <= data["valid_until"]
            assert nxt is None or e < nxt[0]  # merged: no touching or overlapping neighbours
    names = [h["name"]["zh"] for h in data["holidays"]]
    assert names == ["元旦", "春节"]
    spring = data["holidays"][1]
    assert (spring["start"], spring["end"]) == ("2027-02-05T16:00:00Z", "2027-02-12T16:00:00Z")
    assert data["weekly"]["timezone"] == "Asia/Shanghai"
    assert set(data["weekly"]["channels"]["chat"]) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    assert len(_dump(data)) < 20_000


def test_double_11_override_in_published_intervals():
    support = load_support(SAMPLE, Report(), dt.datetime(2026, 11, 9, tzinfo=UTC))
    chat = support.json["channels"]["chat"]["intervals"]
    # 2026-11-11 00:00-24:00 Shanghai = 11-10T16:00Z .. 11-11T16:00Z, inside one merged span
    assert any(s <= "2026-11-10T16:00:00Z" and e >= "2026-11-11T16:00:00Z" for s, e in chat)


def test_no_agent_id_or_name_is_published():
    text = (SAMPLE / "roster.toml").read_text(encoding="utf-8")
    roster, _ = parse_roster(text, SAMPLE / "roster.toml")
    support = load_support(SAMPLE, Report(), NOW)
    dumped = _dump(support.json)
    for agent in roster.agents:
        assert agent.id not in dumped


def test_weekly_hours_for_the_no_js_view():
    support = load_support(SAMPLE, Report(), NOW)
    assert support.zone_label == "Asia/Shanghai, UTC+08:00"
    chat = {d.weekday: d.text() for d in support.weekly[0].days}
    email = {d.weekday: d.text() for d in support.weekly[1].days}
    assert support.weekly[0].id == "chat"
    # Sunday: Shanghai's weekend shift only; Monday from New York's Sunday evening (17:00 EST = 06:00)
    assert chat["Sun"] == "10:00–16:00"
    assert chat["Mon"] == "06:00–24:00"
    assert chat["Tue"] == "00:00–24:00"
    assert email["Sun"] == ""
    assert [h.name["en"] for h in support.holidays] == ["New Year's Day", "Spring Festival"]


def test_same_input_same_json(tmp_path: Path):
    shutil.copy(SAMPLE / "roster.toml", tmp_path / "roster.toml")
    a = _dump(load_support(tmp_path, Report(), NOW).json)
    b = _dump(load_support(tmp_path, Report(), NOW).json)
    assert a == b


def test_naive_now_is_utc():
    naive = load_support(SAMPLE, Report(), NOW.replace(tzinfo=None))
    assert naive.json["generated_at"] == "2026-11-22T12:00:00Z"
