"""site.toml parsing (pure: text in, SiteConfig or problems out)."""

from __future__ import annotations

from pathlib import Path

from helpcenter.config.site import parse_config
from helpcenter.errors import Report

P = Path("site.toml")
GOOD = """
title = { en = "Help", zh = "帮助" }
base_url = "https://example.com/help"
languages = ["zh", "en"]

[categories.transfers]
title = "Transfers"
order = 2

[categories.recovery]
title = { en = "Recovery", zh = "恢复" }
order = 1

[[channels]]
kind = "email"
value = " support@example.com "
"""


def test_a_good_config():
    report = Report()
    config = parse_config(GOOD, P, report)
    assert report.problems == []
    assert config.languages == ("zh", "en") and config.default_language == "zh"
    assert config.base_url == "https://example.com/help/" and config.base_path == "/help/"
    assert [c.id for c in config.categories] == ["recovery", "transfers"]  # by order
    assert config.category("transfers").title == {"zh": "Transfers", "en": "Transfers"}
    assert config.channels[0].value == "support@example.com"


def test_base_url_option_wins():
    config = parse_config(GOOD, P, Report(), base_url="https://other.example/")
    assert config.base_path == "/"


def test_unknown_keys_are_warnings_with_lines():
    report = Report()
    assert parse_config("colour = 1" + GOOD + "colour = 2\n", P, report) is not None
    # the first is top-level (line 1); the second sits in the [[channels]] table (line 17)
    assert [(p.line, p.warning) for p in report.sorted()] == [(1, True), (17, True)]


def test_every_problem_at_once():
    text = 'title = 5\nlanguages = ["en", "en", "EN!"]\n[categories.Bad]\ntitle = "x"\n[[channels]]\nkind = "pigeon"\nvalue = "x"\n'
    report = Report()
    assert parse_config(text, P, report) is None
    messages = {(p.line, p.message.split(" ")[0]) for p in report.errors}
    assert (1, "'title'") in messages
    assert any(line == 2 for line, _ in messages)
    assert any(line == 3 for line, _ in messages)
    assert any(line == 6 for line, _ in messages)


def test_offline_reading_is_on_unless_turned_off():
    report = Report()
    assert parse_config(GOOD, P, report).offline is True
    assert parse_config(GOOD + "\n[offline]\nenabled = false\n", P, report).offline is False
    assert report.problems == []


def test_a_wrong_offline_setting_points_at_its_line():
    report = Report()
    assert parse_config(GOOD + '\n[offline]\nenabled = "no"\n', P, report) is None
    [problem] = report.problems
    assert problem.line == GOOD.count("\n") + 3 and "'enabled' must be true or false" in problem.message
    report = Report()
    parse_config(GOOD + "\n[offline]\nenable = false\n", P, report)
    assert any("did you mean 'enabled'" in w.message for w in report.warnings)
