"""The typed options every input file is validated with: one rule per behaviour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcenter.config.options import Checker, date_problem, decode, describe, did_you_mean
from helpcenter.errors import Problem, SourceError

P = Path("x.toml")


def checker(problems: list[Problem]) -> Checker:
    return Checker(P, lambda *key: len(key), lambda n: f"line {n}", problems)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("a", "text"),
        (3, "a whole number"),
        (2.5, "a number"),
        (True, "true or false"),
        ([1], "a list"),
        ({"a": 1}, "a table of keys and values"),
        (dt.date(2026, 1, 1), "a date"),
        (None, "nothing"),
    ],
)
def test_values_are_described_in_a_writers_words(value, words):
    assert describe(value) == words


def test_no_python_type_names_reach_a_message():
    problems: list[Problem] = []
    check = checker(problems)
    check.text(["a"], "title")
    check.whole_number("3", "order")
    check.flag("yes", "draft")
    check.text_list("a", "tags")
    check.texts(3, ("en", "zh"), "title")
    for word in ("str", "int", "bool", "list'", "dict", "NoneType", "True", "False"):
        assert not any(word in p.message for p in problems), (word, [p.message for p in problems])
    assert len(problems) == 5


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-11-31", "2026-11-31 is not a real date: November has 30 days"),
        ("2027-02-29", "2027-02-29 is not a real date: February 2027 has 28 days"),
        ("2026-13-01", "2026-13-01 is not a real date: there is no month 13"),
        ("last week", "'last week' is not a date: write it as YYYY-MM-DD"),
        ("2026-1-5", "two-digit month and day"),
    ],
)
def test_dates_say_why_they_are_not_dates(text, why):
    assert why in (date_problem(text) or "")


def test_real_dates_have_no_problem():
    assert date_problem("2028-02-29") is None and date_problem("2026-12-31") is None


def test_did_you_mean():
    assert did_you_mean("sumary", ["title", "summary"]) == " (did you mean 'summary'?)"
    assert did_you_mean("zzz", ["title", "summary"]) == ""


def test_unknown_key_severity_is_declared_by_the_schema():
    problems: list[Problem] = []
    check = checker(problems)
    check.unknown_keys({"titel": 1}, ["title"], severity="warning")
    check.unknown_keys({"shift": 1}, ["shifts"], "agents", 0, severity="error", where="an agent")
    assert [(p.warning, p.message) for p in problems] == [
        (True, "unknown key 'titel' (did you mean 'title'?)"),
        (False, "unknown key 'shift' in an agent (did you mean 'shifts'?)"),
    ]
    assert problems[1].line == 3 and problems[1].source_line == "line 3"


def test_a_per_language_text_is_one_text_or_every_language():
    problems: list[Problem] = []
    check = checker(problems)
    assert check.texts("Help", ("en", "zh"), "title") == {"en": "Help", "zh": "Help"}
    assert check.texts({"en": "Help", "zh": "帮助"}, ("en", "zh"), "title") == {"en": "Help", "zh": "帮助"}
    assert problems == []
    check.texts({"en": "Help"}, ("en", "zh"), "title")
    check.texts({"en": "Help", "zh": "帮助", "zn": "x"}, ("en", "zh"), "title")
    assert [p.message for p in problems] == [
        "'title' has no text for zh (every site language needs one)",
        "'title' has a text for 'zn', which is not a site language (did you mean 'zh'?)",
    ]
    assert [p.warning for p in problems] == [False, True]


def test_decoding_is_one_rule_for_every_file():
    assert decode("\ufefftitle = 1".encode(), P) == "title = 1"
    with pytest.raises(SourceError) as info:
        decode(b"a = 1\nb = '\xe9'\n", P)
    problem = info.value.problem
    assert (problem.line, problem.message.split(";")[0]) == (2, "x.toml is not UTF-8 (byte 0xe9 at offset 11)")
    assert problem.source_line == "b = '\ufffd'"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("timezone = Asia/Shanghai\n", 1, 'put text in quotes: timezone = "Asia/Shanghai"'),
        ("a = [1, 2\n", 1, "a list opened with [ is never closed"),
        ('a = "x\n', 1, "a quote is never closed"),
        ("a = 1\na = 2\n", 2, "this key is written twice"),
        ("a = 2026-11-31\n", 1, "2026-11-31 is not a real date: November has 30 days"),
        ("a = \n", 1, "a value is missing after '='"),
    ],
)
def test_toml_syntax_errors_say_how_to_fix_them(text, line, words):
    from helpcenter.config.toml_lines import parse

    with pytest.raises(SourceError) as info:
        parse(text, P)
    assert info.value.problem.line == line
    assert info.value.problem.message.startswith("TOML syntax error: ") and words in info.value.problem.message
