"""The one Markdown renderer: HTML, table of contents, headings, plain text and links.

Only this module imports `markdown`, so the extensions are decided in one place; the HTML
allow-list is content/sanitise.py's.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from helpcenter.content import links
from helpcenter.content.sanitise import sanitise
from helpcenter.model import Heading, Image, Link

EXTENSIONS = ["tables", "fenced_code", "admonition", "attr_list", "sane_lists", "def_list", "toc", "md_in_html"]

# ids the default theme gives its own elements (skip link target, banner, search, checker):
# headings never get one automatically, and an explicit one is an error.
RESERVED_IDS = {
    "main",
    "support-status",
    "support-strings",
    "toc-title",
    "related-title",
    "home-q",
    "site-search",
    "site-search-hint",
    "site-search-list",
    "deflect-title",
    "deflect-hint",
    "deflect-q",
    "deflect-list",
    "official-channels",
    "official-channels-title",
    "search-q",
    "search-status",
    "search-results",
    "search-more",
    "search-empty",
    "search-empty-title",
    "verify-form",
    "verify-input",
    "verify-result",
    "verify-strings",
}
# Python-Markdown recurses into nested blocks and some of its inline patterns are
# quadratic: past these limits an article is an error, not a build that hangs.
MAX_CHARS = 2_000_000
MAX_NESTING = 100  # columns of indentation and list/quote markers before a line's text
MAX_HEADINGS = 1000
MAX_BRACKETS = 100  # '[' open at once within one paragraph
_PREFIX = re.compile(r"(?:[ \t>]|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_HEADING = re.compile(r" {0,3}(#{1,6}(\s|$)|(=+|-+)\s*$)")
_ID_ATTR = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str
    headings: tuple[Heading, ...]
    text: str
    links: tuple[Link, ...]
    images: tuple[Image, ...]
    problems: tuple[tuple[int, str, str], ...]  # (line, message, source line) for bad links
    warnings: tuple[tuple[int, str, str], ...] = ()  # the same, for what works but should not be


class _LinkRewriter(Treeprocessor):
    """Rewrites `.md` links to site URLs and records them with their source line."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.reset(("", "", ""), "/", "", 1)

    def reset(self, source: tuple[str, str, str], base_path: str, body: str, body_line: int) -> None:
        self.source, self.base_path, self.body, self.body_line = source, base_path, body, body_line
        self.links: list[Link] = []
        self.images: list[Image] = []
        self.problems: list[tuple[int, str, str]] = []
        self.warnings: list[tuple[int, str, str]] = []
        self._cursor = 0

    def _line_of(self, href: str) -> tuple[int, str]:
        # Markdown keeps no positions; links appear in source order, so search forward.
        at = self.body.find(href, self._cursor)
        if at < 0:
            at = self.body.find(href)
        if at < 0:
            return self.body_line, ""
        self._cursor = at + len(href)
        number = self.body.count("\n", 0, at)
        return self.body_line + number, self.body.split("\n")[number]

    def run(self, root: etree.Element) -> None:
        for element in root.iter("img"):
            self._image(element)
        for element in root.iter("a"):
            href = element.get("href", "")
            if not links.is_article_link(href):
                continue
            resolved = links.resolve(self.source, href, self.base_path)
            line, source_line = self._line_of(href)
            if resolved.problem:
                self.problems.append((line, resolved.problem, source_line))
                continue
            element.set("href", resolved.url)
            self.links.append(Link(href, line, source_line, resolved.key, resolved.anchor))

    def _image(self, element: etree.Element) -> None:
        src = element.get("src", "")
        if src.lower().startswith(("http://", "https://", "//")):
            line, source_line = self._line_of(src)
            self.warnings.append(
                (
                    line,
                    f"image '{src}' is on another site: every visitor's browser would contact "
                    "it, and the recommended Content-Security-Policy blocks it; copy the image into "
                    "the content folder",
                    source_line,
                )
            )
            return
        if not src or "://" in src or src.startswith(("/", "data:", "#")):
            return
        line, source_line = self._line_of(src)
        here = f"{self.source[0]}/{self.source[1]}"
        target = posixpath.normpath(posixpath.join(here, src.split("#", 1)[0].split("?", 1)[0]))
        if target.startswith("..") or posixpath.isabs(target):
            self.problems.append((line, f"image '{src}' leaves the content folder", source_line))
            return
        element.set("src", self.base_path + target)
        self.images.append(Image(target, line, source_line, element.get("alt", "")))


class Renderer:
    """Wraps one configured Markdown instance; reuse it across articles (reset each time)."""

    def __init__(self, base_path: str = "/", raw_html: bool = False):
        self.base_path = base_path
        self.raw_html = raw_html
        self.md = markdown.Markdown(
            extensions=EXTENSIONS,
            extension_configs={"toc": {"slugify": _slugify, "toc_depth": "2-3"}},
        )
        self.rewriter = _LinkRewriter(self.md)
        self.md.treeprocessors.register(self.rewriter, "helpcenter-links", 1)

    def render(self, body: str, source: tuple[str, str, str], body_line: int = 1) -> Rendered:
        self.md.reset()
        self.rewriter.reset(source, self.base_path, body, body_line)
        limit = too_complex(body)
        try:
            body_html = self.md.convert(body) if limit is None else ""
        except RecursionError:
            limit = (0, "nested too deeply for the Markdown renderer (lists or quotes inside each other)")
        if limit is not None:
            line = body.split("\n")[limit[0]][:200] if body else ""
            return Rendered(
                html="",
                toc_html="",
                headings=(),
                text="",
                links=(),
                images=(),
                problems=((body_line + limit[0], limit[1], line),),
            )
        if not self.raw_html:
            body_html = sanitise(body_html)
        for taken in sorted(set(_ID_ATTR.findall(body_html)) & RESERVED_IDS):
            number, source_line = self.rewriter._line_of(
                next((n for n in (f'"{taken}"', f"#{taken}") if n in body), taken)
            )
            self.rewriter.problems.append(
                (number, f"id '{taken}' is used by the page layout itself: choose another", source_line)
            )
        headings = tuple(_flatten(getattr(self.md, "toc_tokens", [])))
        toc_html = self.md.toc if len(headings) >= 3 else ""
        return Rendered(
            html=body_html,
            toc_html=toc_html,
            headings=headings,
            text=plain_text(body_html),
            links=tuple(self.rewriter.links),
            images=tuple(self.rewriter.images),
            problems=tuple(self.rewriter.problems),
            warnings=tuple(self.rewriter.warnings),
        )


def _slugify(text: str, sep: str) -> str:
    slug = slugify_unicode(text, sep)
    return f"{slug}{sep}1" if slug in RESERVED_IDS else slug


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
        headings += bool(_HEADING.match(line))
        if headings > MAX_HEADINGS:
            return number, f"more than {MAX_HEADINGS} headings: split the article"
        if "[" in line:
            for bracket in re.findall(r"[\[\]]", line):
                brackets = brackets + 1 if bracket == "[" else max(0, brackets - 1)
                if brackets > MAX_BRACKETS:
                    return number, f"more than {MAX_BRACKETS} '[' open at once in one paragraph"
    return None


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html.unescape(re.sub(r"<[^>]+>", "", token["name"]))))
        out.extend(_flatten(token.get("children", [])))
    return out


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|td|th|div|pre|blockquote|dd|dt)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, one line per block, for search and excerpts."""
    text = _BLOCK_END.sub("\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
