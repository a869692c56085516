"""What Python-Markdown's inline patterns need to match, so that its inline stage
(markdown.QuickInline) passes over those that cannot match a text.

Its InlineProcessor tries every inline pattern (links, emphasis, code, entities…) on
every piece of text, one Python call each, and most text has none of their marks: that
was about a third of parsing an article. Each pattern needs one of a few characters to
match at all (a link needs `[`, an entity `&`), so a pattern whose characters are not in
the text is passed over, which is what trying it would have come to. Only the patterns
below are passed over, and only while their regular expression is the one written here:
a pattern added by an extension, or changed by another version of Python-Markdown, is
always tried.
"""

from __future__ import annotations

# name -> (its regular expression, as Python-Markdown 3.11 compiles it; what a match
# holds at least one of). The patterns' regular expressions can be read in
# markdown/inlinepatterns.py; tests/unit/content/test_inline.py checks each entry.
NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", ("`",)),
    "escape": (r"\\(.)", ("\\",)),
    "reference": (r"(?<!\!)\[", ("[",)),
    "link": (r"(?<!\!)\[", ("[",)),
    "image_link": (r"\!\[", ("![",)),
    "image_reference": (r"\!\[", ("![",)),
    "short_reference": (r"(?<!\!)\[", ("[",)),
    "short_image_ref": (r"\!\[", ("![",)),
    "autolink": (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", ("<",)),
    "automail": (r"<([^<> !]+@[^@<> ]+)>", ("<",)),
    "linebreak": (r"  \n", ("  \n",)),
    "entity": (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", ("&",)),
    "em_strong": (r"\*|_", ("*", "_")),
}
# the raw HTML pattern is long; it starts with `<`, as every tag, comment or CDATA does
_HTML_START = r"(<(\/?+[a-zA-Z]"


def needs(name: str, expression: str) -> tuple[str, ...] | None:
    """What a match of the inline pattern registered as `name`, with this regular
    expression, holds at least one of; None when that is not known (then it is always tried)."""
    if name == "html" and expression.startswith(_HTML_START):
        return ("<",)
    known = NEEDS.get(name)
    return known[1] if known is not None and known[0] == expression else None
