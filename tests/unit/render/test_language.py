"""Any language site.toml declares: UI strings looked up by language tag, dates from the
strings, per-language texts, and `helpcenter check` warning about untranslated strings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcenter.build.pipeline import check
from helpcenter.errors import BuildFailed
from helpcenter.render.language import format_date, in_language
from helpcenter.render.theme import default_theme_dir, load_strings, missing_strings
from helpers import MINI, write


def _theme(root: Path, core: str) -> Path:
    write(root / "i18n" / "core.toml", core)
    return root


def test_strings_come_from_the_most_specific_tag_then_english(tmp_path):
    theme = _theme(
        tmp_path,
        '[en]\na = "A"\nb = "B"\nc = "C"\n[zh]\na = "甲"\nb = "乙"\n[zh-hant]\nb = "乙（繁）"\n[ja]\na = "あ"\n'
        '[pt]\na = "um"\nb = "dois"\nc = "três"\n',
    )
    strings = load_strings((theme,), ("zh-Hant-TW", "zh", "ja", "ko", "en-GB", "pt-BR"))
    # tags compare case-blind; simplified-Chinese zh is another script than zh-Hant: not used
    assert strings["zh-Hant-TW"]["core"] == {"a": "A", "b": "乙（繁）", "c": "C"}
    assert strings["pt-BR"]["core"] == {"a": "um", "b": "dois", "c": "três"}
    assert strings["zh"]["core"] == {"a": "甲", "b": "乙", "c": "C"}
    assert strings["ja"]["core"] == {"a": "あ", "b": "B", "c": "C"}
    assert strings["ko"]["core"] == {"a": "A", "b": "B", "c": "C"}  # no strings at all: English
    assert strings["en-GB"]["core"] == {"a": "A", "b": "B", "c": "C"}
    # "c" shows in English in all but English
    assert missing_strings((theme,), ("zh-Hant-TW", "ja", "en-GB", "pt-BR")) == {"zh-Hant-TW": ["core"], "ja": ["core"]}
    write(theme / "i18n" / "core.toml", '[en]\na = "A"\n[zh-Hant]\na = "甲"\n')
    assert missing_strings((theme,), ("zh-Hant-TW", "ja", "en-GB")) == {"ja": ["core"]}


def test_default_theme_is_complete_in_its_languages():
    assert missing_strings((default_theme_dir(),), ("en", "zh")) == {}
    # zh-Hant and ja have the core and banner strings; the rest (search, verify) falls back
    lacking = missing_strings((default_theme_dir(),), ("zh-Hant", "ja"))
    assert all("core" not in stems and "banner" not in stems for stems in lacking.values()), lacking


def test_dates_follow_the_language_strings():
    day = dt.date(2026, 11, 1)
    strings = load_strings((default_theme_dir(),), ("en", "zh", "zh-Hant", "ja", "ko"))
    written = {lang: format_date(day, s["core"]) for lang, s in strings.items()}
    assert written == {
        "en": "1 November 2026",
        "zh": "2026年11月1日",
        "zh-Hant": "2026年11月1日",
        "ja": "2026年11月1日",
        "ko": "1 November 2026",  # no Korean strings: English
    }
    assert format_date(None, {}) == ""
    assert format_date(day, {}) == "2026-11-01"


def test_per_language_texts_fall_back_by_tag_then_english():
    table = {"en": "Live chat", "zh": "在线客服", "zh-Hant": "線上客服"}
    assert in_language(table, "zh-Hant-TW") == "線上客服"
    assert in_language(table, "zh") == "在线客服"
    assert in_language(table, "zh-Hans") == "Live chat"  # zh-Hans is not zh-Hant, and not looked up as zh
    assert in_language(table, "zh-CN") == "在线客服"
    assert in_language(table, "ja") == "Live chat"
    assert in_language({"ja": "チャット"}, "ko") == "チャット"


def test_check_warns_about_a_language_without_ui_strings(tmp_path):
    content = tmp_path / "content"
    for path in MINI.rglob("*"):
        if path.is_file():
            write(content / path.relative_to(MINI), path.read_bytes())
    site = (content / "site.toml").read_text(encoding="utf-8")
    site = site.replace('languages = ["en", "zh"]', 'languages = ["en", "zh", "ko"]')
    site = site.replace(
        '{ en = "Mini Help", zh = "迷你帮助" }', '{ en = "Mini Help", zh = "迷你帮助", ko = "미니 도움말" }'
    )
    site = site.replace('{ en = "Recovery", zh = "恢复" }', '{ en = "Recovery", zh = "恢复", ko = "복구" }')
    site = site.replace('{ en = "Transfers", zh = "转账" }', '{ en = "Transfers", zh = "转账", ko = "송금" }')
    site = site.replace('{ en = "E-mail", zh = "邮箱" }', '{ en = "E-mail", zh = "邮箱", ko = "이메일" }')
    (content / "site.toml").write_text(site, encoding="utf-8")
    warnings = [p for p in check(content, audits=True, jobs=1).report.warnings if "UI strings" in p.message]
    assert len(warnings) == 1, warnings
    assert warnings[0].path.name == "site.toml" and warnings[0].line == 3
    assert "'ko'" in warnings[0].message and "i18n/core.toml" in warnings[0].message
    assert warnings[0].source_line and "languages" in warnings[0].source_line
    # beside the content, a theme/i18n table for the language silences it, file by file
    english = (default_theme_dir() / "i18n").glob("*.toml")
    for path in english:
        lines = path.read_text(encoding="utf-8").split("[zh]")[0].replace("[en]", "[ko]")
        write(tmp_path / "theme" / "i18n" / path.name, lines)
    assert not [p for p in check(content, audits=True, jobs=1).report.warnings if "UI strings" in p.message]


def test_check_warns_about_roster_texts_a_language_lacks(tmp_path):
    content = tmp_path / "content"
    for path in MINI.rglob("*"):
        if path.is_file():
            write(content / path.relative_to(MINI), path.read_bytes())
    write(
        content / "roster.toml",
        'timezone = "Asia/Tokyo"\n'
        "[channels.chat]\n"
        'title = { en = "Live chat", zh = "在线客服" }\n'
        'reply = { en = "In 5 minutes" }\n'
        "[[agents]]\n"
        'id = "a"\n'
        'channels = ["chat"]\n'
        'shifts = ["Mon-Fri 09:00-17:00"]\n'
        "[[holidays]]\n"
        'name = { en = "New Year", zh-CN = "元旦" }\n'
        'dates = "2027-01-01"\n',
    )
    # a per-language text names every site language (one rule for site.toml, roster.toml and
    # front matter): zh-CN is not zh, and reply has no zh
    with pytest.raises(BuildFailed) as failed:
        check(content, audits=True, jobs=1)
    problems = [p for p in failed.value.report.errors if p.path.name == "roster.toml"]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (4, "'reply' has no text for zh"),
        (10, "'name' has no text for zh"),
    ]
    assert problems[0].source_line == 'reply = { en = "In 5 minutes" }'
