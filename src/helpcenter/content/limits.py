"""Limits an article must keep to so that rendering it stays fast and shallow: its size,
nesting, headings (wherever they are: in lists and quotes too) and open brackets."""

from __future__ import annotations

import re

# Python-Markdown recurses into nested blocks and some of its inline patterns are
# quadratic: past these limits an article is an error, not a build that hangs.
MAX_CHARS = 2_000_000
MAX_NESTING = 100  # columns of indentation and list/quote markers before a line's text
MAX_HEADINGS = 1000
MAX_BRACKETS = 100  # '[' open at once within one paragraph
_PREFIX = re.compile(r"(?:[ \t>]|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_HEADING = re.compile(r" {0,3}(#{1,6}(\s|$)|(=+|-+)\s*$)")
_ATX = re.compile(r"#{1,6}(\s|$)")


def too_complex(body: str) -> tuple[int, str] | None:
    """(0-based line, message) when rendering `body` would be slow or recurse too deep."""
    if len(body) > MAX_CHARS:
        return 0, f"article too large ({len(body):,} characters; the limit is {MAX_CHARS:,}): split it"
    headings = brackets = 0
    for number, line in enumerate(body.split("\n")):
        if not line.strip():
            brackets = 0
            continue
        prefix = m.group(0) if (m := _PREFIX.match(line)) else ""  # (the pattern matches "" at least)
        if len(prefix.expandtabs(4)) > MAX_NESTING:
            return number, f"nested too deeply (lists or quotes more than {MAX_NESTING} columns in)"
        # a heading counts wherever it is: `- ## Step` and `> ## Step` are headings too
        headings += bool(_HEADING.match(line) or (prefix and _ATX.match(line, len(prefix))))
        if headings > MAX_HEADINGS:
            return number, f"more than {MAX_HEADINGS} headings: split the article"
        if "[" in line:
            for bracket in re.findall(r"[\[\]]", line):
                brackets = brackets + 1 if bracket == "[" else max(0, brackets - 1)
                if brackets > MAX_BRACKETS:
                    return number, f"more than {MAX_BRACKETS} '[' open at once in one paragraph"
    return None
