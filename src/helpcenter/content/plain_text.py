"""The plain text of an article's rendered HTML, for search and excerpts."""

from __future__ import annotations

import html
import re

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|td|th|div|pre|blockquote|dd|dt)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, one line per block, for search and excerpts."""
    text = _BLOCK_END.sub("\n", fragment)
    text = _SPACE.sub(" ", html.unescape(_TAG.sub("", text)))  # runs of spaces never cross a line
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
