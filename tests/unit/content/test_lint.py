"""`helpcenter check` audits: unofficial contact points, alt text, translations, orphans."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from helpcenter.cli import main
from helpers import MINI


def check(content: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--content", str(content), *args])


def findings(result, content: Path) -> list[str]:
    """The text report's findings, paths relative to the content folder, each followed by
    the offending line it quotes (indented); the summary line is left out."""
    prefix = f"{content}/"
    lines: list[str] = []
    for line in result.output.splitlines():
        if line.startswith(prefix):
            lines.append(line[len(prefix) :])
        elif line.startswith("    ") and lines:
            lines.append(line)
    return lines


UNLINKED = "note: no other article links here (it is reachable only from its category page and search)"
# what the mini fixture reports whatever lost-phone.md says: no article links to restore.md
MINI_NOTES = [f"en/recovery/restore.md:1: {UNLINKED}", f"zh/recovery/restore.md:1: {UNLINKED}"]
LOST_PHONE_NOTES = [
    f"en/recovery/lost-phone.md:1: {UNLINKED}",
    "en/recovery/lost-phone.md:1: note: no zh version of this article (recovery/lost-phone)",
]
UNOFFICIAL = "is not among site.toml's official channels (write look-alike examples inside `code`)"


def make(tmp_path: Path, body: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "en/recovery/lost-phone.md").write_text(f"---\ntitle: L\n---\n\n{body}\n", encoding="utf-8")
    return content


def test_unofficial_contacts_warn_and_fail_with_strict(tmp_path):
    content = make(
        tmp_path, "Write to help@examp1e-support.com or call +44 20 7946 0000.\n\nVisit wallet-support.xyz today."
    )
    result = check(content)
    assert result.exit_code == 0
    line5 = "    Write to help@examp1e-support.com or call +44 20 7946 0000."
    assert findings(result, content) == [
        *LOST_PHONE_NOTES,
        f"en/recovery/lost-phone.md:5: warning: unofficial contact point: e-mail address 'help@examp1e-support.com' (it imitates 'support@example.com') {UNOFFICIAL}",
        line5,
        f"en/recovery/lost-phone.md:5: warning: unofficial contact point: phone number '+44 20 7946 0000' {UNOFFICIAL}",
        line5,
        f"en/recovery/lost-phone.md:7: warning: unofficial contact point: domain 'wallet-support.xyz' {UNOFFICIAL}",
        "    Visit wallet-support.xyz today.",
        *MINI_NOTES,
    ]
    strict = check(content, "--strict", "--format", "github")
    assert strict.exit_code == 1
    warnings = [line for line in strict.output.splitlines() if line.startswith("::warning ")]
    at = f"file={content}/en/recovery/lost-phone.md,line="
    assert warnings == [
        f"::warning {at}5::unofficial contact point: e-mail address 'help@examp1e-support.com' (it imitates 'support@example.com') {UNOFFICIAL}",
        f"::warning {at}5::unofficial contact point: phone number '+44 20 7946 0000' {UNOFFICIAL}",
        f"::warning {at}7::unofficial contact point: domain 'wallet-support.xyz' {UNOFFICIAL}",
    ]


def test_official_contacts_and_code_examples_pass(tmp_path):
    content = make(
        tmp_path,
        "Write to support@example.com or visit https://help.example.com/en/ and www.example.com.\n\n"
        "Scammers use look-alikes such as `support@exarnple.com` and `example.com.evil.xyz`.\n\n"
        "```\nfake@evil.xyz\n```\n\nUpdated on 2026-11-01.",
    )
    result = check(content, "--strict")
    assert result.exit_code == 0, result.output
    assert findings(result, content) == [*LOST_PHONE_NOTES, *MINI_NOTES]  # notes only: no warning


def test_images_missing_or_without_alt(tmp_path):
    content = make(tmp_path, "![](screen.png)\n\n![Fee screen](gone.png)")
    (content / "en/recovery/screen.png").write_bytes(b"\x89PNG\r\n")
    result = check(content)
    assert result.exit_code == 1
    assert findings(result, content) == [
        *LOST_PHONE_NOTES,
        "en/recovery/lost-phone.md:5: warning: image without alt text: describe it for screen readers",
        "    ![](screen.png)",
        "en/recovery/lost-phone.md:7: image not found: 'en/recovery/gone.png'",
        "    ![Fee screen](gone.png)",
        *MINI_NOTES,
    ]


def test_images_are_copied_and_linked(tmp_path):
    content = make(tmp_path, "![Fee screen](screen.png)")
    (content / "en/recovery/screen.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out)]).exit_code == 0
    assert (out / "en/recovery/screen.png").read_bytes() == b"\x89PNG\r\n"
    assert 'src="/en/recovery/screen.png"' in (out / "en/recovery/lost-phone/index.html").read_text()


def test_missing_translations_and_orphans_are_notes(tmp_path):
    content = make(tmp_path, "Nothing links here.")
    result = check(content, "--strict")
    assert result.exit_code == 0, "notes never fail a check, even with --strict"
    assert findings(result, content) == [*LOST_PHONE_NOTES, *MINI_NOTES]


def test_a_broken_translation_is_not_reported_missing(tmp_path):
    content = make(tmp_path, "Body.")
    # zh exists but cannot be read at all (not UTF-8): its own error is what the writer must fix
    (content / "zh/recovery/lost-phone.md").write_bytes("---\ntitle: 丢失\n---\n".encode("gb18030"))
    (content / "zh/transfers/pending.md").write_text("---\ntitle: 待处理: 转账\n---\n\n正文\n", encoding="utf-8")
    result = check(content)
    assert result.exit_code == 1
    assert "zh/recovery/lost-phone.md:2: lost-phone.md is not UTF-8" in result.output
    assert "zh/transfers/pending.md:2: invalid YAML in front matter" in result.output
    assert "no zh version" not in result.output, result.output


def test_contacts_are_judged_by_the_verify_page_rules(tmp_path):
    """The issue's phone examples and handles: the same answers as the verify page."""
    content = make(
        tmp_path,
        "Call +44 20 7946 0000, 0044 20 7946 0000 or, in the UK, 020 7946 0000.\n\n"
        "Follow https://x.com/examplewallet or @examplewallet on X.\n\n"
        "Not https://t.me/examplewallet, nor support@examp1e.com.",
    )
    site = content / "site.toml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + '\n[[channels]]\nkind = "phone"\nvalue = "+44 20 7946 0000"\ncountry = "GB"\n'
        + '\n[[channels]]\nkind = "handle"\nplatform = "x"\nvalue = "@examplewallet"\n',
        encoding="utf-8",
    )
    output = check(content).output
    warnings = [line for line in output.splitlines() if "warning:" in line]
    assert [w.split("warning: ", 1)[1] for w in warnings] == [
        "unofficial contact point: account 'https://t.me/examplewallet' on Telegram (that name is ours only on X) "
        "is not among site.toml's official channels (write look-alike examples inside `code`)",
        "unofficial contact point: e-mail address 'support@examp1e.com' (it imitates 'support@example.com') "
        "is not among site.toml's official channels (write look-alike examples inside `code`)",
    ], output
