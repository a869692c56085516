"""The one Markdown renderer: HTML, table of contents, headings, plain text and links.

Only this module imports `markdown` (and the sanitiser), so extensions and the HTML
allow-list are decided in one place.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from . import links
import posixpath

from .model import Heading, Image, Link

EXTENSIONS = ["tables", "fenced_code", "admonition", "attr_list", "sane_lists", "def_list", "toc", "md_in_html"]

# What help articles need from raw HTML; everything else (scripts, handlers, iframes,
# styles) is removed unless the site opts in with `raw_html = true`.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str
    headings: tuple[Heading, ...]
    text: str
    links: tuple[Link, ...]
    images: tuple[Image, ...]
    problems: tuple[tuple[int, str, str], ...]  # (line, message, source line) for bad links


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
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
        )
        self.rewriter = _LinkRewriter(self.md)
        self.md.treeprocessors.register(self.rewriter, "helpcenter-links", 1)

    def render(self, body: str, source: tuple[str, str, str], body_line: int = 1) -> Rendered:
        self.md.reset()
        self.rewriter.reset(source, self.base_path, body, body_line)
        body_html = self.md.convert(body)
        if not self.raw_html:
            body_html = sanitise(body_html)
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
        )


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


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
