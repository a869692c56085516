"""Front matter `aliases:`: each old path read on its own (pure), then checked against the
site's live URLs and the other articles' aliases, every problem at `path:line`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpcenter.build.pipeline import check
from helpcenter.content.aliases import AliasProblem, page_file, parse
from helpcenter.errors import BuildFailed
from helpers import MINI, write


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("/en/transfers/old-slug/", "en/transfers/old-slug/"),
        ("/en/transfers/old-slug", "en/transfers/old-slug/"),  # served from old-slug/index.html
        ("  /kb/123-pending.html ", "kb/123-pending.html"),
        ("/hc/en-us/articles/360001234-Pending", "hc/en-us/articles/360001234-Pending/"),
        ("/zh/转账/卡住了/", "zh/转账/卡住了/"),
        ("/v1.2/faq/", "v1.2/faq/"),
    ],
)
def test_an_alias_is_a_path_below_the_site_root(written, path):
    assert parse(written) == path


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("", "an alias is empty"),
        ("en/transfers/old/", "starting with '/' (did you mean '/en/transfers/old/'?)"),
        ("en/transfers/old.md", "(did you mean '/en/transfers/old/'?)"),
        ("https://help.example.com/en/x/", "is a full URL: an alias is an old path of this site"),
        ("https://help.example.com/en/x/", "(did you mean '/en/x/'?)"),
        ("//elsewhere.example.org/x/", "is a full URL"),
        ("/en/x/?ref=mail", "did you mean '/en/x/'?"),
        ("/en/x/#fees", "has a query or an #anchor"),
        ("/en/old slug/", "did you mean '/en/old-slug/'?"),
        ("/en\\old/", "did you mean '/en/old/'?"),
        ("/en/*", "an alias is one exact path"),
        ("/en/:slug/", "an alias is one exact path"),
        ("/../outside/", "leaves the site with '..'"),
        ("/en/a/../b/", "did you mean '/en/b/'?"),
        ("/en//x/", "empty segment ('//'): did you mean '/en/x/'?"),
        ("/en/terms.pdf", "did you mean '/en/terms.pdf/'?"),
    ],
)
def test_a_malformed_alias_says_how_to_fix_it(written, fragment):
    with pytest.raises(AliasProblem) as caught:
        parse(written)
    assert fragment in str(caught.value)


def test_a_site_under_a_sub_path_takes_aliases_below_it():
    assert parse("/en/old/", "/help/") == "en/old/"
    with pytest.raises(AliasProblem, match=r"did you mean '/en/old/'\?"):
        parse("/help/en/old/", "/help/")
    with pytest.raises(AliasProblem, match=r"did you mean '/en/old/'\?"):
        parse("https://example.com/help/en/old/", "/help/")


def test_a_redirect_page_is_written_where_a_static_host_looks():
    assert page_file("en/old/") == "en/old/index.html"
    assert page_file("kb/1.html") == "kb/1.html"
    assert page_file("") == "index.html"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def with_aliases(content: Path, rel: str, front: str) -> Path:
    path = content / rel
    write(path, path.read_text(encoding="utf-8").replace("---\n", f"---\n{front}", 1))
    return path


def problems(content: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        check(content, jobs=1)
    return [p.format() for p in failed.value.report.sorted()]


def test_aliases_are_read_one_per_line_and_reach_the_model(content):
    with_aliases(content, "en/transfers/pending.md", "aliases:\n  - /en/transfers/stuck/\n  - /old/pending.html\n")
    with_aliases(content, "zh/transfers/pending.md", "aliases: /zh/transfers/stuck\n")
    site = check(content, jobs=1).site
    found = {a.key: [(x.path, x.line) for x in a.aliases] for a in site.articles if a.aliases}
    assert found == {
        ("en", "transfers", "pending"): [("en/transfers/stuck/", 3), ("old/pending.html", 4)],
        ("zh", "transfers", "pending"): [("zh/transfers/stuck/", 2)],
    }


def test_every_bad_alias_of_a_file_is_reported_at_its_line(content):
    with_aliases(content, "en/transfers/pending.md", "aliases:\n  - en/stuck/\n  - /en/x?y=1\ntags: 5\n")
    found = problems(content)
    assert any("pending.md:3: alias 'en/stuck/' must be a path" in p for p in found), found
    assert any("pending.md:4: alias '/en/x?y=1' has a query" in p for p in found), found
    assert any("pending.md:5: 'tags' must be a list" in p for p in found), found  # the other keys too


def test_an_alias_must_not_be_a_live_url(content):
    with_aliases(content, "en/transfers/pending.md", "aliases: [/en/recovery/restore/, /en/, /en/transfers/pending]\n")
    found = "\n".join(problems(content))
    assert "alias '/en/recovery/restore/' is the URL of" in found and "restore.md, which is published" in found
    assert "alias '/en/' is the URL of the en home page" in found
    assert "alias '/en/transfers/pending/' is this article's own URL: remove it" in found


def test_an_alias_claimed_twice_names_the_first_claim(content):
    with_aliases(content, "en/recovery/restore.md", "aliases: [/en/old/]\n")
    with_aliases(content, "en/transfers/pending.md", "aliases:\n  - /en/old\n")
    found = problems(content)
    assert any(
        "en/transfers/pending.md:3: alias '/en/old/' is already claimed by" in p and "restore.md:2" in p for p in found
    ), found


def test_aliases_of_the_sites_own_files_are_refused(content):
    with_aliases(content, "en/recovery/restore.md", "aliases: [/assets/old/, /search/en/]\n")
    found = "\n".join(problems(content))
    assert "alias '/assets/old/' is inside /assets/" in found and "alias '/search/en/' is inside /search/" in found


def test_aliases_must_be_paths(content):
    with_aliases(content, "en/recovery/restore.md", "aliases: {old: /x/}\n")
    assert any("'aliases' must be an old path or a list of them" in p for p in problems(content))
