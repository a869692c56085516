import datetime as dt
from pathlib import Path

import pytest

from helpcenter.content.frontmatter import split
from helpcenter.errors import SourceError
from helpers import ROOT

ROOT_CONTENT = ROOT / "content"

P = Path("a.md")


def test_splits_meta_body_and_body_line():
    fm = split("---\ntitle: Hi\ntags: [a, b]\nupdated: 2026-11-01\n---\n\nBody\n", P)
    assert fm.meta == {"title": "Hi", "tags": ["a", "b"], "updated": dt.date(2026, 11, 1)}
    assert fm.key_lines == {"title": 2, "tags": 3, "updated": 4}
    assert fm.body_line == 6
    assert fm.body.strip() == "Body"


def test_crlf_and_bom_are_accepted():
    fm = split("\ufeff---\r\ntitle: Hi\r\n---\r\nBody", P)
    assert fm.meta["title"] == "Hi" and fm.body == "Body"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("", 1, "empty file"),
        ("   \n\n", 1, "empty file"),
        ("title: x\n", 1, "first line must be '---'"),
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\ntitle: x\ntags: [a, b\n---\n", 3, "invalid YAML"),
        ("---\ntitle: x\n  bad: indent\n---\n", 3, "invalid YAML"),
        ("---\ntitle: x\ntitle: y\n---\n", 3, "'title' is written twice: keep one"),
        ("---\n- a\n- b\n---\n", 2, "must be 'key: value' lines"),
    ],
)
def test_errors_point_at_the_line(text, line, words):
    with pytest.raises(SourceError) as info:
        split(text, P)
    problem = info.value.problem
    assert problem.line == line
    assert words in problem.message


def test_empty_front_matter_is_an_empty_mapping():
    assert split("---\n---\nbody", P).meta == {}


def test_libyaml_and_python_parsers_read_front_matter_alike():
    import yaml

    from helpcenter.content.frontmatter import _load, _Loader

    articles = [
        p for p in sorted(ROOT_CONTENT.rglob("*.md")) if "_snippets" not in p.parts
    ]  # snippets: no front matter
    samples = [p.read_text(encoding="utf-8").split("---")[1] for p in articles]
    samples += [
        "updated: 2026-02-03\ntags: [a, 'b', \"c\"]\norder: 3\ndraft: no\n",
        "x: {a: [1, 2.5, null]}\n",
        "t: |\n  two\n  lines\n",
    ]
    for text in samples:
        assert _load(text) == yaml.load(text, Loader=_Loader)


@pytest.mark.parametrize(
    "yaml_text, line, words",
    [
        ("title: x\n\ttags: [a]\n", 3, "a tab is used here: indent with spaces"),
        ("title: Fees: what you pay\n", 2, 'put the title in quotes: title: "Fees: what you pay"'),
        ('title: "Fees\nsummary: x\n', 2, 'the quote " opened here is never closed'),
        ("title: 'Fees\nsummary: x\n", 2, "the quote ' opened here is never closed"),
        ("title: x\ntags: [a, b\n", 3, "the list opened with [ here is never closed"),
        ("title: x\n  bad: indent\n", 3, "remove the spaces at its start"),
        ("title: x\njust words\nsummary: y\n", 3, "this line is not 'key: value'"),
        ('title: "Fees" and more\n', 2, "text continues after the closing quote"),
        ("title: @home\n", 2, 'a value cannot start with @: put the title in quotes: title: "@home"'),
        ("[a]: x\n", 2, "a key must be a single word"),
    ],
)
def test_yaml_errors_say_how_to_fix_them(yaml_text, line, words):
    with pytest.raises(SourceError) as info:
        split(f"---\n{yaml_text}---\nBody\n", P)
    problem = info.value.problem
    assert (problem.line, words in problem.message) == (line, True), problem.message
    assert "token" not in problem.message and "scalar" not in problem.message


def test_an_impossible_date_is_read_as_text_for_the_updated_check():
    assert split("---\ntitle: x\nupdated: 2026-11-31\n---\n", P).meta["updated"] == "2026-11-31"


def test_a_broken_front_matter_still_gives_its_body():
    from helpcenter.content.frontmatter import BrokenFrontMatter

    with pytest.raises(BrokenFrontMatter) as info:
        split("---\ntitle: a: b\n---\n\n[x](y.md)\n", P)
    assert info.value.body_line == 4 and "[x](y.md)" in info.value.body
