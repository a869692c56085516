"""Where a link is written in an article's Markdown source, and how a writer's backslash in
one is explained: what the Markdown renderer's link rewriter reports links with."""

from __future__ import annotations

import posixpath
import re

# Python-Markdown replaces a backslash escape (`\.`) by a placeholder until its last step
_ESCAPED = re.compile("\x02(\\d+)\x03")
_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)|(`+)[^`\n]+?\2", re.M | re.S)
_TARGET_BEFORE = "(<\"'="


def as_written(href: str) -> str:
    """The href as the writer typed it: each escape placeholder back to backslash + character."""
    return _ESCAPED.sub(lambda m: "\\" + chr(int(m.group(1))), href)


def without_code(body: str) -> str:
    """`body` with fenced code and code spans blanked (same length, same lines)."""
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def as_target(text: str, href: str, start: int) -> int:
    """Where `href` is written as a link target in `text` from `start`, or -1."""
    at = text.find(href, start)
    while at > 0 and text[at - 1] not in _TARGET_BEFORE and not text[max(0, at - 12) : at].rstrip().endswith("]:"):
        at = text.find(href, at + 1)
    return at


def backslash_problem(what: str, written: str, source: tuple[str, str, str]) -> str:
    slashed = written.replace("\\", "/")
    if slashed.startswith("//"):
        return (
            f"{what} '{written}' has a backslash: browsers read it as '{slashed}', another site; write paths with '/'"
        )
    target = posixpath.normpath(posixpath.join(f"{source[0]}/{source[1]}", slashed.split("#", 1)[0]))
    if target.startswith("..") and not slashed.startswith("/"):
        return f"{what} '{written}' leaves the content folder (and paths in links are written with '/', not '\\')"
    return f"{what} '{written}' has a backslash: paths in links are written with '/', e.g. '{slashed}'"
