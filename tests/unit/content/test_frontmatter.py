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
        ("---\ntitle: x\ntitle: y\n---\n", 3, "duplicate key"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
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

    samples = [p.read_text(encoding="utf-8").split("---")[1] for p in sorted(ROOT_CONTENT.rglob("*.md"))]
    samples += [
        "updated: 2026-02-03\ntags: [a, 'b', \"c\"]\norder: 3\ndraft: no\n",
        "x: {a: [1, 2.5, null]}\n",
        "t: |\n  two\n  lines\n",
    ]
    for text in samples:
        assert _load(text) == yaml.load(text, Loader=_Loader)
