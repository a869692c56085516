"""The Markdown renderer: extensions, headings, links, plain text, sanitising."""

from __future__ import annotations

from helpcenter.content.markdown import Renderer

SRC = ("en", "transfers", "pending")


def render(text: str, **kw):
    return Renderer(**kw).render(text, SRC, body_line=5)


def test_extensions_help_articles_need():
    out = render(
        '## Fees {#fees}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n!!! warning "Careful"\n    Never share it.\n'
    )
    assert '<h2 id="fees">Fees</h2>' in out.html
    assert "<table>" in out.html and "<pre><code>code" in out.html
    assert 'class="admonition warning"' in out.html and "Never share it." in out.html


def test_headings_toc_and_chinese_ids():
    out = render("## 为什么待确认\n\n### 手续费\n\n## Steps\n")
    assert [(h.level, h.id, h.text) for h in out.headings] == [
        (2, "为什么待确认", "为什么待确认"),
        (3, "手续费", "手续费"),
        (2, "steps", "Steps"),
    ]
    assert 'href="#为什么待确认"' in out.toc_html


def test_short_articles_get_no_toc():
    assert render("## One\n\ntext\n").toc_html == ""


def test_links_are_rewritten_with_their_source_lines():
    out = render("Intro.\n\nSee [fees](fees.md#why) and [restore](../recovery/restore.md).\n")
    assert 'href="/en/transfers/fees/#why"' in out.html
    assert [(l.key, l.anchor, l.line) for l in out.links] == [
        (("en", "transfers", "fees"), "why", 7),
        (("en", "recovery", "restore"), None, 7),
    ]


def test_plain_text_for_search():
    assert (
        render("## Title\n\nA **bold** word &amp; more.\n\n- one\n- two\n").text
        == "Title\nA bold word & more.\none\ntwo"
    )


def test_raw_html_is_sanitised_unless_trusted():
    text = '<script>alert(1)</script>\n\n<p onclick="x()">hi</p>\n\n<a href="javascript:alert(1)">x</a>\n'
    safe = render(text).html
    assert "<script" not in safe and "onclick" not in safe and "javascript:" not in safe
    assert "hi" in safe
    trusted = render(text, raw_html=True).html
    assert "<script>alert(1)</script>" in trusted


def test_an_image_on_another_site_is_a_warning_at_its_line():
    out = render("Intro.\n\n![Fee screen](https://cdn.example.net/fee.png)\n\n![Local](fee.png)\n")
    assert [(line, src) for line, _, src in out.warnings] == [(7, "![Fee screen](https://cdn.example.net/fee.png)")]
    assert "another site" in out.warnings[0][1]
    assert not out.problems
    assert [i.target for i in out.images] == ["en/transfers/fee.png"]
