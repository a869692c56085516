"""`helpcenter mv`: the file moves, its old URL becomes an alias (the rest of the file byte
for byte), relative links to it are rewritten in every language; bad arguments are one
line and exit 2, and change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.build.pipeline import check
from helpcenter.cli import main
from helpcenter.dev.move import add_alias, rewrite_links
from helpers import MINI, ROOT, tree_digest, write

URL = "/en/transfers/pending/"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("---\ntitle: T\n---\nbody\n", f"---\ntitle: T\naliases: [{URL}]\n---\nbody\n"),
        ("---\ntitle: T\naliases: [/a/]\n---\n", f"---\ntitle: T\naliases: [/a/, {URL}]\n---\n"),
        ("---\naliases: []\ntitle: T\n---\n", f"---\naliases: [{URL}]\ntitle: T\n---\n"),
        ("---\naliases: /a/\n---\n", f"---\naliases: [/a/, {URL}]\n---\n"),
        (
            "---\naliases:\n  - /a/\n  - /b/\ntags: [x]\n---\n",
            f"---\naliases:\n  - /a/\n  - /b/\n  - {URL}\ntags: [x]\n---\n",
        ),
        ("---\naliases:\ntitle: T\n---\n", f"---\naliases: [{URL}]\ntitle: T\n---\n"),
        ("\ufeff---\r\ntitle: T\r\n---\r\nbody\r\n", f"\ufeff---\r\ntitle: T\r\naliases: [{URL}]\r\n---\r\nbody\r\n"),
    ],
)
def test_the_alias_is_added_and_nothing_else_changes(before, after):
    assert add_alias(before, URL) == after


def test_links_to_a_moved_file_are_rewritten_and_others_left_alone(tmp_path):
    content = tmp_path / "content"
    old, new = content / "en/transfers/pending.md", content / "en/security/stuck.md"
    text = (
        "See [pending](pending.md#fee 'Fees'), [again](../transfers/pending.md) and [zh](../../zh/transfers/pending.md).\n"
        "[ref]: ./pending.md\n"
        "```\n[in code](pending.md)\n```\n"
        "[site](https://example.com/pending.md) [other](restore.md) [here](#top)\n"
    )
    here = content / "en/transfers/other.md"
    done, count = rewrite_links(text, content, here, {old: new})
    assert count == 3
    assert "[pending](../security/stuck.md#fee 'Fees')" in done and "[again](../security/stuck.md)" in done
    assert "[ref]: ../security/stuck.md" in done and "[in code](pending.md)" in done
    assert "[zh](../../zh/transfers/pending.md)" in done and "(https://example.com/pending.md)" in done
    assert "[other](restore.md)" in done
    # the moved file's own relative links keep pointing where they did
    own, count = rewrite_links("[o](other.md) [p](../recovery/x.md) [img](fee.png)\n", content, old, {old: new})
    assert own == "[o](../transfers/other.md) [p](../recovery/x.md) [img](../transfers/fee.png)\n" and count == 3


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    monkeypatch.chdir(tmp_path)
    return target


def mv(*args: str):
    return CliRunner().invoke(main, ["mv", *args, "--content", "content"])


def test_mv_moves_the_file_keeps_its_url_and_fixes_links(content):
    source = content / "en" / "recovery" / "lost-phone.md"
    original = source.read_bytes()
    linking = [p for p in content.rglob("*.md") if "lost-phone.md" in p.read_text(encoding="utf-8")]
    result = mv("content/en/recovery/lost-phone.md", "content/en/recovery/lost-device.md")
    assert result.exit_code == 0, result.output
    assert "alias /en/recovery/lost-phone/" in result.output
    moved = content / "en" / "recovery" / "lost-device.md"
    assert not source.exists() and moved.is_file()
    lines = original.decode().split("\n")
    close = lines.index("---", 1)
    assert moved.read_text(encoding="utf-8") == "\n".join(
        [*lines[:close], "aliases: [/en/recovery/lost-phone/]", *lines[close:]]
    )
    for path in linking:
        if path != source:
            assert "lost-device.md" in path.read_text(encoding="utf-8"), path
    site = check(content, jobs=1).site  # the site still checks: no link is broken
    [article] = [a for a in site.articles if a.slug == "lost-device"]
    assert [a.path for a in article.aliases] == ["en/recovery/lost-phone/"]


def test_mv_without_a_language_moves_every_translation(content):
    result = mv("transfers/pending", "recovery/")
    assert result.exit_code == 0, result.output
    for lang in ("en", "zh"):
        moved = content / lang / "recovery" / "pending.md"
        assert f"aliases: [/{lang}/transfers/pending/]" in moved.read_text(encoding="utf-8")
        assert not (content / lang / "transfers" / "pending.md").exists()
    check(content, jobs=1)


def test_a_draft_moves_without_an_alias(content):
    path = content / "en" / "recovery" / "lost-phone.md"
    write(path, path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1))
    result = mv("en/recovery/lost-phone", "phone-lost")
    assert result.exit_code == 0 and "a draft: no alias" in result.output
    assert "aliases" not in (content / "en" / "recovery" / "phone-lost.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("transfers/pendng", "x"), "no article 'transfers/pendng' (did you mean 'transfers/pending'?)"),
        (("content/en/faq/x.md", "y"), "'content/en/faq/x.md' is not an article of content"),
        (
            ("transfers/pending", "transfer/x"),
            "category 'transfer' is not declared in site.toml (did you mean 'transfers'?)",
        ),
        (("transfers/pending", "Pending_Now"), "'Pending_Now' cannot be a URL"),
        (("en/recovery/restore", "lost-phone"), "lost-phone.md already exists: refusing to overwrite it"),
        (("en/recovery/restore", "zh/recovery/x"), "a translation is its own file"),
        (("transfers/pending", "content/en/transfers/x.md"), "the article is in 2 languages"),
        (("transfers/pending", "transfers/pending"), "is already there"),
    ],
)
def test_bad_arguments_are_one_line_and_change_nothing(content, args, message):
    before = tree_digest(content)
    result = mv(*args)
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("error: ") and message in result.output
    assert tree_digest(content) == before


def test_a_translation_current_before_the_move_stays_current(tmp_path):
    """Rewriting a link changes the source's text, not its meaning: its up-to-date translation
    is recorded current again (and an already outdated one is left outdated)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    source = content / "en" / "transfers" / "pending-transfer.md"
    translation = content / "zh" / "transfers" / "pending-transfer.md"
    assert "translated_from: en@" in translation.read_text(encoding="utf-8")
    assert "network-fees.md" in source.read_text(encoding="utf-8")  # the source links to the moved article
    result = CliRunner().invoke(main, ["mv", "transfers/network-fees", "transfers/fees", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "fees.md" in source.read_text(encoding="utf-8")
    checked = check(content, strict=True, audits=True)  # no "translation outdated" warning
    assert not [p for p in checked.report.problems if "outdated" in p.message]
