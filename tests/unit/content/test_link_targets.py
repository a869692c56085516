"""Links and images checked against what the site really has: ids that are not headings,
articles whose file name differs in case, images the site does not publish, and the line
of each broken link (not of the first mention of its URL)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpcenter.build.pipeline import check
from helpcenter.content.markdown import Renderer
from helpcenter.errors import BuildFailed
from helpers import MINI, write


def problems(content: Path) -> list[str]:
    try:
        checked = check(content, jobs=1)
    except BuildFailed as failed:
        return [f"{p.path.name}:{p.line}: {p.message}" for p in failed.report.errors]
    return [f"{p.path.name}:{p.line}: {p.message}" for p in checked.report.errors]


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINI, folder)
    return folder


def test_links_to_an_article_written_in_another_case_resolve(content):
    write(content / "en/recovery/x.md", "---\ntitle: X\n---\n\nSee [restore](Restore.md#steps) and [r](RESTORE.md).\n")
    assert problems(content) == []
    html = Renderer().render("[r](Restore.md)", ("en", "recovery", "x")).html
    assert 'href="/en/recovery/restore/"' in html


def test_ids_that_are_not_headings_are_anchors(content):
    write(
        content / "en/recovery/x.md",
        "---\ntitle: X\n---\n\n## Questions {: #faq }\n\nA paragraph with its own id.\n{: #para }\n\n"
        "[a](#faq) [b](#para) [c](x.md#para) [d](#nope)\n",
    )
    write(content / "en/recovery/y.md", "---\ntitle: Y\n---\n\nSee [the paragraph](x.md#para).\n")
    assert problems(content) == ["x.md:10: link to a missing anchor '#nope' in this article (headings: #faq)"]


@pytest.mark.parametrize("raw_html", [False, True])
def test_ids_in_html_are_anchors(content, raw_html):
    if raw_html:
        site = content / "site.toml"
        site.write_text("raw_html = true\n" + site.read_text(encoding="utf-8"), encoding="utf-8")
    write(
        content / "en/recovery/x.md",
        "---\ntitle: X\n---\n\n<a id=\"top\"></a>\n\n<span id='fee-table'>Fees</span>\n\n[a](#top) [b](#fee-table)\n",
    )
    assert problems(content) == []


def test_a_broken_link_is_reported_on_its_own_line(content):
    body = (
        "Links look like `[this](gone.md)` in Markdown.\n\n"  # line 5: in code
        "```\n[a link](gone.md)\n```\n\n"  # lines 7-9: in a code block
        "The old page gone.md has moved.\n\n"  # line 11: in text
        "![screen](restore-screen.png)\n\n"  # line 13: an image, checked before links used to be
        "See [the guide](gone.md).\n"  # line 15: the link
    )
    write(content / "en/recovery/restore-screen.png", b"png")
    write(content / "en/recovery/x.md", f"---\ntitle: X\n---\n\n{body}")
    assert problems(content) == ["x.md:15: link to a missing article: 'gone.md'"]


def test_a_missing_article_is_reported_with_what_was_meant(content):
    write(content / "en/recovery/x.md", "---\ntitle: X\n---\n\n[a](restor.md) [b](../Transfers/pending.md)\n")
    assert problems(content) == [
        "x.md:5: link to a missing article: 'restor.md' (did you mean 'restore.md'?)",
        "x.md:5: link to a missing article: '../Transfers/pending.md' (did you mean '../transfers/pending.md'?)",
    ]


@pytest.mark.parametrize(
    "src, target",
    [("../../roster.toml", "roster.toml"), ("restore.md", "en/recovery/restore.md"), ("/site.toml", "site.toml")],
)
def test_images_of_files_the_site_does_not_publish_are_errors(content, src, target):
    write(content / "roster.toml", (Path(__file__).parents[3] / "content" / "roster.toml").read_bytes())
    write(content / "en/recovery/x.md", f"---\ntitle: X\n---\n\n![file]({src})\n")
    found = problems(content)
    assert len(found) == 1 and found[0].startswith(f"x.md:5: image '{target}' is a file of the content folder"), found


def test_backslashes_in_links_are_reported_as_what_they_are(content):
    write(
        content / "en/recovery/x.md",
        "---\ntitle: X\n---\n\n[a](..\\..\\..\\etc\\passwd.md)\n\n[b](..\\transfers\\pending.md)\n",
    )
    assert problems(content) == [
        "x.md:5: link '..\\..\\..\\etc\\passwd.md' leaves the content folder (and paths in links are written "
        "with '/', not '\\')",
        "x.md:7: link '..\\transfers\\pending.md' has a backslash: paths in links are written with '/', "
        "e.g. '../transfers/pending.md'",
    ]


def test_headings_in_lists_count_toward_the_limit():
    """Refused before Markdown runs, at the 1,001st heading (test_hostile times such inputs)."""
    body = "".join(f"- ## Step {i}\n" for i in range(50_000))
    rendered = Renderer().render(body, ("en", "recovery", "x"), 5)
    assert rendered.problems[0][:2] == (5 + 1000, "more than 1000 headings: split the article")
