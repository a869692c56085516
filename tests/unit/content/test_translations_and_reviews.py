"""Translations that record their source's version, and review dates: the pure parts, then
`helpcenter translated` and `helpcenter check` on a copy of the mini site."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.content.articles import content_digest
from helpcenter.content.reviews import add_period, parse_every
from helpcenter.content.translations import mark
from helpers import MINI


def test_the_digest_ignores_an_editors_whitespace_but_not_words():
    base = content_digest("Title", "One.\n\nTwo.")
    assert content_digest("Title ", "\nOne.  \n\nTwo.\n\n") == base
    assert content_digest("Title", "One.\n\nTwo!") != base
    assert content_digest("Other title", "One.\n\nTwo.") != base


def test_mark_adds_or_replaces_the_key_in_the_front_matter_only():
    text = "---\ntitle: T\n---\n\ntranslated_from: not front matter\n"
    once = mark(text, "en", "abc123")
    assert once == "---\ntitle: T\ntranslated_from: en@abc123\n---\n\ntranslated_from: not front matter\n"
    assert mark(once, "en", "def456") == once.replace("abc123", "def456")
    with pytest.raises(ValueError, match="no front matter"):
        mark("Just text", "en", "abc123")


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("180 days", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("6 months", dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        ("1 year", dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        ("2 weeks", dt.date(2026, 1, 1), dt.date(2026, 1, 15)),
    ],
)
def test_review_periods(text, start, due):
    every = parse_every(text)
    assert every is not None
    assert add_period(start, every) == due


@pytest.mark.parametrize("text", ["", "soon", "0 days", "6 fortnights", "-3 days"])
def test_review_periods_that_are_not(text):
    assert parse_every(text) is None


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def run(*args: str, epoch: str = "1795000000"):  # 2026-11-18
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": epoch}, catch_exceptions=False)


def test_translated_records_the_source_then_an_edit_makes_check_warn(content):
    translation = content / "zh" / "transfers" / "pending.md"
    result = run("translated", str(translation))
    assert result.exit_code == 0, result.output
    assert "translated_from: en@" in translation.read_text()
    assert run("check", "--strict", "--content", str(content)).exit_code == 0
    source = content / "en" / "transfers" / "pending.md"
    source.write_text(source.read_text().replace("Networks get busy.", "Networks get very busy."))
    result = run("check", "--content", str(content))
    assert result.exit_code == 0
    assert "zh/transfers/pending.md:" in result.output
    assert "warning: translation outdated: " in result.output
    assert "en/transfers/pending.md (updated 2026-09-30) changed since this was translated" in result.output
    assert run("check", "--strict", "--content", str(content)).exit_code == 1
    assert run("translated", str(translation)).exit_code == 0
    assert run("check", "--strict", "--content", str(content)).exit_code == 0


def test_outdated_translations_can_be_notes_or_errors(content):
    translation = content / "zh" / "transfers" / "pending.md"
    translation.write_text(mark(translation.read_text(), "en", "0000000000"))
    site = content / "site.toml"
    site.write_text(site.read_text() + '\n[translations]\noutdated = "note"\n')
    result = run("check", "--strict", "--content", str(content))
    assert result.exit_code == 0 and "note: translation outdated" in result.output
    site.write_text(site.read_text().replace('"note"', '"error"'))
    result = run("check", "--content", str(content))
    assert result.exit_code == 1 and "translation outdated" in result.output


def test_translated_from_a_language_without_the_article(content):
    translation = content / "zh" / "transfers" / "pending.md"
    translation.write_text(mark(translation.read_text(), "eng", "abcdef"))
    result = run("check", "--content", str(content))
    assert result.exit_code == 1
    assert "translated_from names 'eng', which has no version of this article (did you mean 'en'?)" in result.output


def test_translated_refuses_in_one_line(content):
    result = run("translated", str(content / "zh" / "transfers" / "pending.md"), "--from", "fr")
    assert result.exit_code == 2
    assert "--from fr: no such version of transfers/pending.md (it exists in en)" in result.output
    assert "Traceback" not in result.output


def test_an_overdue_review_by_fails_check_strict_and_the_list_is_sorted(content):
    restore = content / "en" / "recovery" / "restore.md"
    restore.write_text(restore.read_text().replace("---\n", "---\nreview_by: 2026-10-01\n", 1))
    phone = content / "en" / "recovery" / "lost-phone.md"
    phone.write_text(phone.read_text().replace("---\n", "---\nreviewed: 2026-09-01\n", 1))
    site = content / "site.toml"
    site.write_text(site.read_text() + '\n[reviews]\nevery = "6 months"\n')
    assert run("check", "--content", str(content)).exit_code == 0
    result = run("check", "--strict", "--reviews", "--content", str(content))
    assert result.exit_code == 1
    assert "en/recovery/restore.md:2: warning: review overdue since 2026-10-01 (48 days; review_by)" in result.output
    listed = [line for line in result.output.splitlines() if line.startswith("  20")]
    assert [line.split()[0] for line in listed] == sorted(line.split()[0] for line in listed)
    assert listed[0].split()[:3] == ["2026-10-01", "overdue", "48"]
    assert any(
        line.split()[:2] == ["2027-03-01", "in"] and "lost-phone.md" in line for line in listed
    )  # reviewed + 6 months
