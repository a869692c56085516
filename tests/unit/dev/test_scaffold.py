"""`helpcenter new`: any title, the language from its script, the scaffold in that language,
as a draft that `check` flags until its placeholders are replaced."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.dev.languages import title_languages
from helpcenter.dev.scaffold import slugify
from helpers import MINI, ROOT


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def new(content, *args):
    return CliRunner().invoke(main, ["new", *args, "--category", "transfers", "--content", str(content)])


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("转账消失了", "zhuan-zhang-xiao-shi-le"),
        ("錢包被盜了怎麼辦", "qian-bao-bei-dao-le-zen-me-ban"),
        ("Why is my transfer pending?", "why-is-my-transfer-pending"),
        ("Café fees: déjà vu", "cafe-fees-deja-vu"),
        ("用 2FA 登录", "yong-2fa-deng-lu"),
        ("お問い合わせ", ""),
    ],
)
def test_slugs_come_from_latin_letters_or_pinyin(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("title", "languages", "expected"),
    [
        ("转账消失了", ("zh", "en"), ["zh"]),
        ("My transfer vanished", ("zh", "en"), ["en"]),
        ("お問い合わせ", ("zh-Hant", "ja", "en"), ["ja"]),
        ("轉賬", ("zh-Hant", "ja", "en"), ["zh-Hant", "ja"]),
        ("Перевод", ("zh", "en"), []),
        ("Transfer", ("en", "fr"), ["en", "fr"]),
    ],
)
def test_the_language_comes_from_the_title_script(title, languages, expected):
    assert title_languages(title, languages) == expected


def test_a_chinese_title_without_lang_or_slug_lands_in_chinese(content):
    result = new(content, "转账消失了")
    assert result.exit_code == 0, result.output
    path = content / "zh" / "transfers" / "zhuan-zhang-xiao-shi-le.md"
    assert result.output.strip().endswith(str(path.relative_to(content.parent))) or str(path) in result.output
    text = path.read_text(encoding="utf-8")
    assert 'title: "转账消失了"' in text and "draft: true" in text
    assert "先用一两句话直接回答问题。" in text and "## 操作步骤" in text
    assert "Start with the answer" not in text


def test_an_english_title_lands_in_english(content):
    result = new(content, "My transfer vanished")
    assert result.exit_code == 0, result.output
    text = (content / "en" / "transfers" / "my-transfer-vanished.md").read_text(encoding="utf-8")
    assert "Start with the answer in one or two sentences." in text and "## Steps" in text


def test_a_title_without_a_usable_script_asks_for_lang_and_slug(content):
    result = new(content, "Перевод")
    assert result.exit_code == 2
    assert "pass --lang" in result.output and "Traceback" not in result.output
    result = new(content, "Перевод", "--lang", "en")
    assert result.exit_code == 2
    assert "--slug" in result.output


def test_check_flags_a_published_scaffold_until_it_is_written(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    runner = CliRunner()
    assert new(content, "Lost phone", "--lang", "en").exit_code == 0
    path = content / "en" / "transfers" / "lost-phone.md"
    check = ["check", "--strict", "--content", str(content)]
    # a draft is not published: nothing to flag yet
    assert runner.invoke(main, check).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = runner.invoke(main, check)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "lost-phone.md:" in line and "warning:" in line]
    assert [line.split(":", 2)[1] for line in lines] == ["3", "8", "12"]
    assert "the summary is empty" in lines[0]
    assert "still holds the text `helpcenter new` wrote" in lines[1]
    assert "an empty list item" in lines[2]
    path.write_text(
        "---\ntitle: Lost phone\nsummary: Restore the wallet on a new phone.\n---\n\n"
        "Restore it from your recovery phrase on the new phone.\n\n## Steps\n\n1. Install the app.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, check)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.replace("0 warnings", "")
