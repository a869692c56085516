"""The inline stage that passes over patterns a text cannot match (content/inline.py) renders
exactly what Python-Markdown's own does."""

from __future__ import annotations

import random
import string

import pytest
from markdown.treeprocessors import InlineProcessor

from helpcenter.content.inline import NEEDS, needs
from helpcenter.content.markdown import QuickInline, Renderer

MARKS = ["*", "**", "_", "`", "``", "\\", "\\*", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;", "&#35;"]
ATOMS = [
    *MARKS,
    "  \n",
    "\n",
    " ",
    "word",
    "中文",
    "<b>",
    "</b>",
    "<http://x.example/>",
    "<a@b.example>",
    "[x](../en/a.md)",
    "[r]",
    "[r]: http://r.example/",
    "{: #id }",
    "# ",
    "- ",
    "1. ",
    "> ",
    "|",
    "```",
    "<!-- c -->",
]


def stock() -> Renderer:
    renderer = Renderer("/", raw_html=True)
    renderer.md.treeprocessors.register(InlineProcessor(renderer.md), "inline", 20)
    return renderer


def test_every_pattern_it_knows_is_passed_over_with_this_markdown():
    """Each entry still matches the pattern Python-Markdown registers under its name (an
    upgrade that changes one makes it always tried: this says which to look at again)."""
    md = Renderer().md
    patterns = md.treeprocessors["inline"].inlinePatterns
    assert isinstance(md.treeprocessors["inline"], QuickInline)
    for name in [*NEEDS, "html"]:
        assert name in patterns, name
        assert needs(name, patterns[name].pattern) is not None, name


@pytest.mark.parametrize("name", [*NEEDS, "html"])
def test_a_pattern_never_matches_a_text_without_what_it_needs(name):
    pattern = Renderer().md.treeprocessors["inline"].inlinePatterns[name]
    marks = needs(name, pattern.pattern)
    assert marks is not None
    alphabet = [a for a in [*ATOMS, *string.printable] if not any(m in a for m in marks)]
    rng = random.Random(name)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        if any(m in text for m in marks):  # pieces side by side can make one ("  " + "\n")
            continue
        assert pattern.getCompiledRegExp().search(text) is None, (name, text)


def test_an_unknown_or_changed_pattern_is_always_tried():
    assert needs("link", r"\[\[") is None  # not the expression written down
    assert needs("wikilink", r"\[\[") is None  # an extension's


def test_it_renders_what_markdowns_own_inline_stage_renders():
    ours, theirs = Renderer("/", raw_html=True), stock()
    rng = random.Random(7)
    for _ in range(1500):
        text = "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 40)))
        assert ours.render(text, ("en", "c", "s")) == theirs.render(text, ("en", "c", "s")), text


def test_it_is_the_method_markdown_calls(monkeypatch):
    """The override has InlineProcessor's private name: if Python-Markdown renamed it, the
    override would never run. Plain words then try no pattern at all."""
    tried: list[str] = []
    apply = InlineProcessor._InlineProcessor__applyPattern

    def counted(self, pattern, *args):
        tried.append(type(pattern).__name__)
        return apply(self, pattern, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counted)
    html = Renderer().render("Plain words, nothing else.", ("en", "c", "s")).html
    assert html == "<p>Plain words, nothing else.</p>"
    assert tried == []
    Renderer().render("A [link](https://wallet.example/) here.", ("en", "c", "s"))
    assert "LinkInlineProcessor" in tried


def test_called_outside_a_run_it_tries_every_pattern():
    inline = QuickInline(Renderer().md)  # never run: it knows no pattern's marks yet
    inline.stashed_nodes, inline.ancestors = {}, []  # what run() starts from, as Markdown's own does
    assert inline._InlineProcessor__handleInline("plain *emphasis*") != "plain *emphasis*"  # a placeholder
