"""Property-based tests: the parsers of user input never crash.

Any text given to the front-matter parser, the roster parser, site.toml's parser or the
link rewriter yields a result or clean user errors that carry the file's path and a
line inside the file — never a traceback. Inputs are both arbitrary text and valid
files with random damage (the kind of mistakes writers make, and worse).
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpcenter.config.site import parse_config
from helpcenter.content import frontmatter
from helpcenter.content.articles import parse_article
from helpcenter.content.links import is_article_link, resolve
from helpcenter.content.markdown import Renderer
from helpcenter.content.sources import Source
from helpcenter.errors import Problem, Report, SourceError
from helpcenter.support.roster import parse_roster
from helpcenter.support.stage import support_for
from helpers import ROOT

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARTICLE = Path("content/en/recovery/fuzzed.md")
ROSTER = Path("content/roster.toml")
SITE = Path("content/site.toml")
NOW = dt.datetime(2026, 10, 20, tzinfo=dt.UTC)


def line_count(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def assert_points_into(problem: Problem, path: Path, text: str) -> None:
    assert problem.path == path, problem
    assert isinstance(problem.line, int) and 1 <= problem.line <= line_count(text) + 1, (problem, line_count(text))
    assert problem.message and "Traceback" not in problem.message


# -- tricky pieces that random damage is made of ------------------------------------------------
TRICKY = [
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x0b",
    "\x1c",
    "\u2028",
    "\u0085",
    "\ufeff",
    "\u202e",
    "é",
    "助记词",
    "---",
    "...",
    ":",
    ": ",
    "- ",
    "? ",
    "#",
    "&a",
    "*a",
    "&a [1]",
    "!!python/object/apply:os.system ['x']",
    "!!binary AAA=",
    "!!int x",
    "!!float y",
    "!!timestamp 2026-02-30",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31",
    "0001-01-01",
    "24:00",
    "25:61",
    "Mon-Sun",
    "Fri-Mon",
    "Sun-Sat",
    "[",
    "]",
    "{",
    "}",
    "[[",
    "]]",
    "'",
    '"',
    '"""',
    "'''",
    "\\",
    "\\u",
    "=",
    " = ",
    "%YAML 1.1",
    "%TAG ! x",
    "|",
    ">",
    "|-",
    "1e999",
    "-0",
    "0x",
    "0o8",
    "inf",
    "nan",
    "true",
    "yes",
    "null",
    "~",
    "[" * 60,
    "{a: " * 40,
    "x" * 300,
    "../",
    "..",
    "%2e%2e/",
    "/etc/passwd",
    "C:\\",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "javascript:alert(1)",
]
pieces = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))


def damaged(text: str):
    """A strategy of `text` with a few random edits: lines dropped, doubled, cut, or spliced."""

    @st.composite
    def build(draw):
        lines = text.split("\n")
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(lines) - 1))
            action = draw(st.sampled_from(["drop", "double", "cut", "insert", "replace-value", "append"]))
            if action == "drop" and len(lines) > 1:
                del lines[i]
            elif action == "double":
                lines.insert(i, lines[i])
            elif action == "cut":
                lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
            elif action == "insert":
                lines.insert(i, draw(pieces))
            elif action == "replace-value" and "=" in lines[i]:
                lines[i] = lines[i].split("=", 1)[0] + "= " + draw(toml_values)
            elif action == "replace-value" and ":" in lines[i]:
                lines[i] = lines[i].split(":", 1)[0] + ": " + draw(pieces)
            else:
                lines[i] = lines[i] + draw(pieces)
        return "\n".join(lines)

    return build()


toml_values = st.one_of(
    st.text(max_size=20).map(json.dumps),
    st.sampled_from(TRICKY).map(json.dumps),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [
            "true",
            "false",
            "[]",
            "{}",
            '["chat"]',
            '{ en = "x" }',
            "{ en = 5 }",
            "2026-11-11",
            "1979-05-27T07:32:00Z",
            '"Mon-Fri 09:00-17:00"',
            '["Sat 22:00-02:00"]',
            '"2026-12-28..2026-12-31"',
            '"00:00-24:00"',
            "inf",
            "nan",
            '"Europe/London"',
            '"America/New_York"',
            '"Mars/Base"',
            '"UTC"',
            '"../../etc/localtime"',
            "3.5",
        ]
    ),
    st.sampled_from(TRICKY),
)


# -- front matter -----------------------------------------------------------------------------------
SAMPLE_ARTICLE = (ROOT / "content/en/transfers/pending-transfer.md").read_text(encoding="utf-8")


def check_split(text: str) -> None:
    try:
        fm = frontmatter.split(text, ARTICLE)
    except SourceError as exc:
        assert_points_into(exc.problem, ARTICLE, text)
        return
    assert isinstance(fm.meta, dict)
    assert 2 <= fm.body_line <= line_count(text) + 1
    assert all(1 <= line < fm.body_line for line in fm.key_lines.values())


@FUZZ
@given(st.text())
@example("---\ntitle: a\nupdated: 2026-02-30\n---\n")
@example("---\n? [a]\n: b\n---\n")
@example("---\ntitle: " + "[" * 3000 + "\n---\n")
@example("---\r\ntitle: x\r---\n")
def test_front_matter_of_any_text(text):
    check_split(text)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["title", "summary", "tags", "updated", "order", "draft", "layout", "category", "x", "- ", "? "]
            ),
            pieces,
        ),
        max_size=8,
    ),
    st.sampled_from(["---", "...", "--- ", ""]),
    st.text(max_size=50),
)
def test_front_matter_of_yaml_like_lines(pairs, fence, body):
    check_split("---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + fence + "\n" + body)


@FUZZ
@given(damaged(SAMPLE_ARTICLE))
def test_front_matter_of_a_damaged_article(text):
    check_split(text)


RENDERER = Renderer("/help/")


@FUZZ
@given(
    st.one_of(
        damaged(SAMPLE_ARTICLE).map(lambda t: t.encode("utf-8")),
        st.binary(max_size=300),
        damaged(SAMPLE_ARTICLE).map(lambda t: t.encode("utf-16")),
    )
)
def test_a_whole_article_file_becomes_an_article_or_problems(raw):
    """Bytes -> decode, front matter, fields, Markdown, links: never an exception."""
    source = Source(str(ARTICLE), "en", "recovery", "fuzzed")
    article, problems = parse_article(source, raw, RENDERER)
    text = raw.decode("utf-8", "replace")
    for problem in problems:
        assert_points_into(problem, ARTICLE, text)
    if article is None:
        assert any(not p.warning for p in problems)
    else:
        assert article.title and "<script" not in article.html.lower()


# -- links ----------------------------------------------------------------------------------------------
SEGMENTS = [
    "..",
    ".",
    "",
    "en",
    "zh",
    "recovery",
    "transfers",
    "x.md",
    "pending.md",
    "%2e%2e",
    "%2E%2e%2f",
    "%2F",
    "a b",
    "\\..",
    "..\\..",
    "//",
    "~",
    "助记词.md",
    "#",
    "#x",
    "?q=1",
    ";",
    "%00",
    "\x00",
    ".md",
    "..md",
    "...md",
]
hrefs = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=8).map("/".join),
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=8).map(lambda parts: "/".join(parts) + ".md"),
)
sources = st.sampled_from([("en", "recovery", "restore"), ("zh", "transfers", "pending"), ("en", "a", "b")])


@settings(max_examples=400, deadline=None)
@given(sources, hrefs, st.sampled_from(["/", "/help/", "/a b/"]))
@example(("en", "recovery", "x"), "../../../../etc/passwd.md", "/")
@example(("en", "recovery", "x"), "%2e%2e/%2e%2e/%2e%2e/x.md", "/")
def test_links_resolve_inside_the_site_or_are_refused(source, href, base):
    if not is_article_link(href):
        return
    resolved = resolve(source, href, base)
    if resolved.problem is not None:
        assert href in resolved.problem and resolved.key is None
        return
    if resolved.key == source and not href.split("#", 1)[0]:
        assert resolved.url in ("", f"#{resolved.anchor}")
        return
    lang, category, slug = resolved.key
    for part in resolved.key:
        assert "/" not in part and part not in (".", "..")
    assert resolved.url.startswith(f"{base}{lang}/{category}/")
    path = resolved.url.split("#", 1)[0]
    assert posixpath.normpath(path).startswith(posixpath.normpath(base))


@FUZZ
@given(st.lists(st.tuples(st.text(max_size=10), hrefs), max_size=5), st.integers(1, 50))
def test_links_in_a_body_are_rewritten_or_reported(pairs, body_line):
    body = "\n\n".join(f"[{label}]({href})" for label, href in pairs)
    rendered = RENDERER.render(body, ("en", "recovery", "restore"), body_line)
    last = body_line + body.count("\n")
    for line, message, _ in rendered.problems:
        assert body_line <= line <= last and message
    for link in rendered.links:
        assert body_line <= link.line <= last
        assert link.key is None or ".." not in link.key


# -- roster.toml --------------------------------------------------------------------------------------
SAMPLE_ROSTER = (ROOT / "content/roster.toml").read_text(encoding="utf-8")


def check_roster(text: str) -> None:
    roster, problems = parse_roster(text, ROSTER)
    for problem in problems:
        assert_points_into(problem, ROSTER, text)
    if roster is None:
        assert any(not p.warning for p in problems)
    else:  # a roster the parser accepts must also expand: that is what a build does next
        support_for(roster, NOW)


@FUZZ
@given(st.text())
@example("timezone = " + "[" * 3000)
@example('timezone = "UTC"\n\r\n[channels.chat]')
def test_roster_of_any_text(text):
    check_roster(text)


@FUZZ
@given(damaged(SAMPLE_ROSTER))
def test_roster_with_random_damage(text):
    check_roster(text)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["timezone", "channels", "shifts", "leave", "dates", "hours", "date", "id", "name", "title", "reply"]
            ),
            toml_values,
        ),
        max_size=6,
    ),
    st.sampled_from(["agents", "holidays", "overrides"]),
)
def test_roster_with_random_values_in_a_table(pairs, table):
    head = 'timezone = "Asia/Shanghai"\n[channels.chat]\ntitle = { en = "Chat" }\nreply = { en = "Soon" }\n'
    check_roster(head + f"[[{table}]]\n" + "".join(f"{k} = {v}\n" for k, v in pairs))


# -- site.toml ------------------------------------------------------------------------------------------
SAMPLE_SITE = (ROOT / "content/site.toml").read_text(encoding="utf-8")


@FUZZ
@given(st.one_of(damaged(SAMPLE_SITE), st.text()))
def test_site_toml_with_random_damage(text):
    report = Report()
    config = parse_config(text, SITE, report)
    for problem in report.problems:
        assert_points_into(problem, SITE, text)
    if config is None:
        assert report.errors
