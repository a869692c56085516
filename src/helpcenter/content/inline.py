"""Python-Markdown's inline stage, without trying the patterns that cannot match.

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

import xml.etree.ElementTree as etree
from collections.abc import Sequence

from markdown import util
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

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


def needs(name: str, pattern: Pattern) -> tuple[str, ...] | None:
    """What a match of the inline pattern registered as `name` holds at least one of, or
    None when that is not known (the pattern is then always tried)."""
    expression = pattern.pattern
    if name == "html" and expression.startswith(_HTML_START):
        return ("<",)
    known = NEEDS.get(name)
    return known[1] if known is not None and known[0] == expression else None


class QuickInline(InlineProcessor):
    """InlineProcessor, passing over the patterns whose characters a text lacks."""

    _needs: Sequence[tuple[str, ...] | None] = ()  # per pattern index; set by run()

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        patterns = self.inlinePatterns
        found: list[tuple[str, ...] | None] = [None] * len(patterns)
        for name in [*NEEDS, "html"]:
            if name in patterns:
                found[patterns.get_index_for_name(name)] = needs(name, patterns[name])
        self._needs = found
        return super().run(tree, ancestors)

    # InlineProcessor's private method (name-mangled), as it is in Python-Markdown 3.5-3.11;
    # tests/unit/content/test_inline.py fails if it is no longer the one called
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns = self.inlinePatterns
        needs = self._needs
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        if len(needs) != count:  # called outside run(), or the patterns changed since: try them all
            needs = [None] * count
        while patternIndex < count:
            need = needs[patternIndex]
            # a pattern is passed over only from the text's start, as trying it would
            # have searched from there
            if start == 0 and need is not None:
                for mark in need:
                    if mark in data:
                        break
                else:
                    patternIndex += 1
                    continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data
