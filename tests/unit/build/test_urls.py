"""No published URL vanishes unnoticed: each build writes urls.txt, and build and check
compare the site with the previous manifest; aliases keep a moved article's URL alive and
keep warm builds byte-identical to cold ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.build.pipeline import build
from helpcenter.cli import main
from helpcenter.errors import BuildFailed
from helpers import MINI, tree_digest, write

GONE = "/en/recovery/lost-phone/"


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    write(target / "en" / "files" / "terms.pdf", b"%PDF-1.4\n")
    return target


def warm(content: Path, out: Path, **options):
    return build(content, out, jobs=1, cache_dir=out.parent / "cache", **options)


def add_alias(content: Path, rel: str, alias: str) -> None:
    path = content / rel
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\naliases: [{alias}]\n", 1))


def test_the_manifest_lists_what_visitors_open(content, tmp_path):
    add_alias(content, "en/transfers/pending.md", "/en/old-pending/")
    out = tmp_path / "site"
    warm(content, out)
    lines = (out / "urls.txt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    assert {"/", "/en/", "/en/recovery/", GONE, "/zh/search/", "/en/files/terms.pdf", "/en/old-pending/"} <= set(lines)
    assert not any(line.startswith(("/assets/", "/search/")) or line.endswith(".json") for line in lines)
    assert "/404.html" not in lines and "urls.txt" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_deleted_article_warns_and_fails_a_strict_build_until_aliased(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    before = tree_digest(out)
    (content / "en" / "recovery" / "lost-phone.md").unlink()
    with pytest.raises(BuildFailed) as failed:
        warm(content, out, strict=True)
    [problem] = failed.value.report.warnings
    assert problem.path == out / "urls.txt" and problem.source_line == GONE
    assert problem.line == (out / "urls.txt").read_text(encoding="utf-8").splitlines().index(GONE) + 1
    assert f"{GONE} was published and this build drops it" in problem.message
    assert f"aliases: [{GONE}]" in problem.message
    assert tree_digest(out) == before  # a failed build leaves the site as it was

    add_alias(content, "en/recovery/restore.md", GONE)
    result = warm(content, out, strict=True)
    assert not result.report.warnings
    assert 'url=/en/recovery/restore/"' in (out / "en" / "recovery" / "lost-phone" / "index.html").read_text()
    assert "/en/recovery/lost-phone/ /en/recovery/restore/ 301" in (out / "_redirects").read_text()
    build(content, tmp_path / "cold" / "site", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold" / "site")


def test_a_renamed_alias_warns_too(content, tmp_path):
    add_alias(content, "en/recovery/restore.md", "/en/old-restore/")
    out = tmp_path / "site"
    warm(content, out)
    path = content / "en" / "recovery" / "restore.md"
    path.write_text(path.read_text(encoding="utf-8").replace("/en/old-restore/", "/en/older-restore/"))
    result = warm(content, out)
    assert [p.source_line for p in result.report.warnings] == ["/en/old-restore/"]


def test_warm_builds_with_aliases_equal_cold_builds(content, tmp_path):
    out = tmp_path / "site"
    add_alias(content, "en/transfers/pending.md", "/en/stuck/")
    warm(content, out)
    add_alias(content, "zh/transfers/pending.md", "/zh/stuck/")  # a new alias: its page and _redirects
    path = content / "en" / "transfers" / "pending.md"
    path.write_text(path.read_text(encoding="utf-8").replace("/en/stuck/", "/en/stuck.html"))
    warm(content, out)
    assert (out / "en" / "stuck.html").is_file() and not (out / "en" / "stuck").exists()
    build(content, tmp_path / "cold" / "site", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold" / "site")


def run_check(content: Path, *extra: str):
    return CliRunner().invoke(main, ["check", "--content", str(content), "--strict", *extra])


def test_check_compares_with_the_site_beside_the_content_folder(content, tmp_path):
    warm(content, tmp_path / "site")
    assert run_check(content).exit_code == 0
    (content / "en" / "recovery" / "lost-phone.md").unlink()
    result = run_check(content)
    assert result.exit_code == 1 and "urls.txt:" in result.output and f"warning: {GONE} was published" in result.output
    add_alias(content, "en/recovery/restore.md", GONE)
    result = run_check(content)
    assert result.exit_code == 0, result.output


def test_previous_urls_names_the_live_sites_manifest(content, tmp_path):
    live = tmp_path / "live-urls.txt"
    write(live, "/en/\n/en/kb/123-old-article/\n/en/recovery/restore/\n")
    result = run_check(content, "--previous-urls", str(live))
    assert result.exit_code == 1
    assert f"{live}:2: warning: /en/kb/123-old-article/ was published" in result.output
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["build", "--content", str(content), "--out", str(out), "--jobs", "1", "--previous-urls", str(live)]
    )
    assert result.exit_code == 0 and "/en/kb/123-old-article/ was published" in result.output
    missing = CliRunner().invoke(main, ["check", "--content", str(content), "--previous-urls", str(tmp_path / "no")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_thousands_of_dropped_urls_are_all_reported_at_once_and_quickly(content, tmp_path, monkeypatch):
    """A category renamed drops every URL in it: each is reported, the file an URL's slug
    still names is suggested, and close matches (a comparison with every article) are
    looked for a bounded number of times: 90,000 such searches once took a build hours."""
    import difflib

    from helpcenter.render import manifest

    searches = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: searches.append(a[0]) or real(*a, **k))
    previous = tmp_path / "urls.txt"
    dropped = [f"/en/old-{n}/article-{n}/" for n in range(3000)] + ["/en/renamed/lost-phone/"]
    previous.write_text("\n".join(["/", *dropped]) + "\n", encoding="utf-8")
    result = build(content, tmp_path / "site", jobs=1, previous_urls=previous)
    warned = [p.source_line for p in result.report.warnings]
    assert warned == dropped
    moved = result.report.warnings[-1].message
    assert "(perhaps " in moved and "lost-phone.md)" in moved  # the same file name: no search needed
    assert len(searches) == manifest._Candidates.SEARCHES
