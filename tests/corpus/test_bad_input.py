"""Every kind of bad input: `path:line: message` + the offending line, exit 1, no
traceback, and the previously built site left byte-for-byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpers import MINI, leftovers, tree_digest, write


@pytest.fixture
def site(tmp_path: Path):
    """A content folder copied from the mini fixture, already built once into `out`."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return content, out, tree_digest(out)


def run_build(content: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out), "--jobs", "1", *extra])


ARTICLE = "en/recovery/restore.md"

CASES = {
    "invalid yaml": (
        ARTICLE,
        "---\ntitle: Restore\ntags: [a, b\n---\nBody\n",
        ARTICLE,
        3,
        "invalid YAML",
        "tags: [a, b",
    ),
    "missing title": (
        ARTICLE,
        "---\nsummary: no title\n---\nBody\n",
        ARTICLE,
        1,
        "missing required field 'title'",
        "---",
    ),
    "wrong type": (
        ARTICLE,
        "---\ntitle: Restore\ntags: 5\n---\nBody\n",
        ARTICLE,
        3,
        "'tags' must be a list",
        "tags: 5",
    ),
    "undeclared category": (
        "en/faq/x.md",
        "---\ntitle: X\n---\n",
        "en/faq/x.md",
        1,
        "category folder 'faq' is not declared",
        "---",
    ),
    "undeclared language": (
        "fr/recovery/x.md",
        "---\ntitle: X\n---\n",
        "fr/recovery/x.md",
        1,
        "language folder 'fr' is not declared",
        "---",
    ),
    "duplicate url": (
        "en/recovery/Restore.markdown",
        "---\ntitle: Again\n---\n",
        "en/recovery/restore.md",
        1,
        "duplicate URL /en/recovery/restore/",
        "---",
    ),
    "missing article": (
        ARTICLE,
        "---\ntitle: R\n---\n\nText\n\nSee [gone](../transfers/gone.md).\n",
        ARTICLE,
        7,
        "link to a missing article",
        "See [gone](../transfers/gone.md).",
    ),
    "missing anchor": (
        ARTICLE,
        "---\ntitle: R\n---\nSee [it](../transfers/pending.md#nope).\n",
        ARTICLE,
        4,
        "missing anchor '#nope'",
        "See [it](../transfers/pending.md#nope).",
    ),
    "not utf-8": (ARTICLE, b"---\ntitle: R\n---\n\ncaf\xe9 au lait\n", ARTICLE, 5, "not UTF-8", "caf"),
    "empty file": (ARTICLE, "", ARTICLE, 1, "empty file", None),
    "never closed": (ARTICLE, "---\ntitle: R\n\nBody without a closing fence\n", ARTICLE, 1, "never closed", "---"),
    "alias of a live page": (
        ARTICLE,
        "---\ntitle: R\naliases: [/en/transfers/pending/]\n---\nBody\n",
        ARTICLE,
        3,
        "alias '/en/transfers/pending/' is the URL of",
        "aliases: [/en/transfers/pending/]",
    ),
    "malformed alias": (
        ARTICLE,
        "---\ntitle: R\naliases:\n  - en/old-restore\n---\nBody\n",
        ARTICLE,
        4,
        "(did you mean '/en/old-restore'?)",
        "- en/old-restore",
    ),
    "site.toml syntax": (
        "site.toml",
        'title = { en = "Mini" }\nbase_url = "https://x.example/"\nlanguages = ["en", "zh"\n',
        "site.toml",
        3,
        "TOML syntax error",
        'languages = ["en", "zh"',
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_and_old_site_kept(site, name):
    content, out, before = site
    rel, text, bad_rel, line, words, offending = CASES[name]
    write(content / rel, text)
    result = run_build(content, out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    expected_path = str(Path(content / bad_rel).resolve())
    heads = [l for l in result.output.splitlines() if not l.startswith("    ")]
    matching = [
        h
        for h in heads
        if h.split(":")[0]
        and Path(h.split(":", 1)[0]).resolve() == Path(expected_path)
        and f":{line}: " in h
        and words in h
    ]
    assert matching, f"no '{bad_rel}:{line}: …{words}…' in:\n{result.output}"
    if offending is not None:
        index = result.output.splitlines().index(matching[0])
        assert offending in result.output.splitlines()[index + 1]
    assert tree_digest(out) == before, "the previous site was modified"
    assert leftovers(out) == [], "temporary folder left behind"


def test_a_dropped_url_fails_a_strict_build_and_keeps_the_old_site(site):
    content, out, before = site
    (content / "en" / "recovery" / "lost-phone.md").unlink()
    result = run_build(content, out, "--strict")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "urls.txt:" in result.output and "warning: /en/recovery/lost-phone/ was published" in result.output
    assert tree_digest(out) == before and leftovers(out) == []


def test_unknown_key_is_a_warning_and_an_error_with_strict(site):
    content, out, before = site
    write(content / ARTICLE, "---\ntitle: R\nauthor: me\n---\n## Steps\n")
    result = run_build(content, out, "--strict")
    assert result.exit_code == 1
    assert "restore.md:3: warning: unknown key 'author'" in result.output
    assert tree_digest(out) == before
    result = run_build(content, out)
    assert result.exit_code == 0, result.output
    assert "restore.md:3: warning: unknown key 'author'" in result.output


def test_all_problems_are_reported_at_once(site):
    content, out, before = site
    write(content / ARTICLE, "---\ntitle: R\ntags: 5\n---\n")
    write(content / "en/recovery/lost-phone.md", "---\nsummary: x\n---\n")
    write(content / "zh/transfers/pending.md", "---\ntitle: P\n---\n[x](nope.md)\n")
    result = run_build(content, out)
    assert result.exit_code == 1
    assert "restore.md:3:" in result.output
    assert "lost-phone.md:1:" in result.output
    assert "pending.md:4:" in result.output
    assert "build failed with 3 problems" in result.output
    assert tree_digest(out) == before


def test_site_toml_problems_are_all_reported(site):
    content, out, before = site
    write(
        content / "site.toml",
        'title = { en = "Mini" }\nlanguages = ["en", "zh"]\nbase_url = 5\n\n[categories.recovery]\norder = "first"\n',
    )
    result = run_build(content, out)
    assert result.exit_code == 1
    assert "site.toml:1: 'title' has no text for zh" in result.output
    assert "site.toml:3: 'base_url' must be" in result.output
    assert "site.toml:5: missing 'title'" in result.output
    assert "site.toml:6: 'order' must be a whole number, not text" in result.output
    assert tree_digest(out) == before


def test_usage_errors_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content", str(tmp_path / "nope")])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["build", "--bogus"])
    assert result.exit_code == 2


def test_symlinks_out_of_the_content_folder_are_errors(site, tmp_path):
    content, out, before = site
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.png").write_bytes(b"secret")
    (outside / "article.md").write_text("---\ntitle: Outside\n---\n")
    (content / "en/recovery/pic.png").symlink_to(outside / "secret.png")
    (content / "en/recovery/imgs").symlink_to(outside / "dir")
    (content / "en/recovery/borrowed.md").symlink_to(outside / "article.md")
    result = run_build(content, out)
    assert result.exit_code == 1
    for name in ("pic.png", "imgs", "borrowed.md"):
        assert f"recovery/{name}:1: symbolic link that leaves the content folder" in result.output, result.output
    assert tree_digest(out) == before


def test_a_broken_article_is_one_problem_not_one_per_link_to_it(site):
    content, out, before = site
    pending = content / "en" / "transfers" / "pending.md"
    pending.write_text(pending.read_text().replace("title:", "title: [broken", 1))
    result = run_build(content, out)
    assert result.exit_code == 1
    assert "en/transfers/pending.md:" in result.output and "invalid YAML" in result.output
    assert "link to a missing article" not in result.output  # restore.md links to it: no second problem
    assert "build failed with 1 problem" in result.output
    assert tree_digest(out) == before
