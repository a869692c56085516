"""The one Markdown renderer: HTML, table of contents, headings, plain text and links.

Only this module imports `markdown`, so the extensions are decided in one place; the HTML
allow-list is content/sanitise.py's.
"""

from __future__ import annotations

import bisect
import html
import itertools
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

import markdown
from markdown import util
from markdown.extensions import admonition, attr_list, def_list, fenced_code, md_in_html, sane_lists, tables, toc
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from helpcenter.content import links
from helpcenter.content.inline import NEEDS, needs
from helpcenter.content.limits import too_complex
from helpcenter.content.link_source import as_target, as_written, backslash_problem, without_code
from helpcenter.content.plain_text import plain_text
from helpcenter.content.sanitise import sanitise
from helpcenter.model import Heading, Image, Link

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
_ID_ATTR = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


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
    anchors: tuple[str, ...] = ()  # every id of the body, sorted


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
        self._lines: list[str] | None = None  # made on the first lookup: most articles need none
        self._starts: list[int] = []
        self._searched = ""

    def _line_of(self, href: str) -> tuple[int, str]:
        """The line where `href` is written, and that line. Markdown keeps no positions, but
        links and images come in source order: search forward from the previous one, as a
        link target (after `(`, `<`, a quote, `=` or `]:`) outside code, so an earlier mention
        of the same URL in text or code is not taken for it. Linear in the body's length."""
        if self._lines is None:
            self._lines = self.body.split("\n")
            self._starts = list(itertools.accumulate((len(line) + 1 for line in self._lines[:-1]), initial=0))
            self._searched = without_code(self.body)
        at = as_target(self._searched, href, self._cursor)
        if at < 0:
            at = as_target(self._searched, href, 0)
        if at < 0:
            at = self.body.find(href)
        if at < 0:
            return self.body_line, ""
        self._cursor = at + len(href)
        number = bisect.bisect_right(self._starts, at) - 1
        return self.body_line + number, self._lines[number]

    def run(self, root: etree.Element) -> None:
        for element in root.iter():  # document order: each search starts where the last ended
            if element.tag == "img":
                self._image(element)
            elif element.tag == "a":
                self._link(element)

    def _link(self, element: etree.Element) -> None:
        href = element.get("href", "")
        written = as_written(href)  # a backslash Markdown took for an escape is shown as typed
        backslash = "\\" in written and links.is_relative(href)
        if not links.is_article_link(href) and not backslash:
            return
        line, source_line = self._line_of(written)
        if backslash:  # browsers read '\' as '/': '/\host' is another site, '..\..' climbs
            self.problems.append((line, backslash_problem("link", written, self.source), source_line))
            return
        resolved = links.resolve(self.source, href, self.base_path)
        if resolved.problem:
            self.problems.append((line, resolved.problem, source_line))
            return
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
        if src.startswith(self.base_path) and "://" not in src:  # a path of this site: one of its files?
            line, source_line = self._line_of(src)
            rest = unquote(src[len(self.base_path) :].split("#", 1)[0].split("?", 1)[0])
            self.images.append(Image(rest, line, source_line, element.get("alt", ""), site_path=True))
            return
        if not src or "://" in src or src.startswith(("/", "data:", "#")):
            return
        written = as_written(src)
        line, source_line = self._line_of(written)
        if "\\" in written:
            self.problems.append((line, backslash_problem("image", written, self.source), source_line))
            return
        here = f"{self.source[0]}/{self.source[1]}"
        target = posixpath.normpath(posixpath.join(here, unquote(src.split("#", 1)[0].split("?", 1)[0])))
        if target.startswith("..") or posixpath.isabs(target):
            self.problems.append((line, f"image '{src}' leaves the content folder", source_line))
            return
        element.set("src", self.base_path + target)
        self.images.append(Image(target, line, source_line, element.get("alt", "")))


class QuickInline(InlineProcessor):
    """Python-Markdown's inline stage, passing over the patterns whose marks a text lacks
    (content/inline.py says which they are and why that changes nothing)."""

    _needs: Sequence[tuple[str, ...] | None] = ()  # per pattern index; set by run()

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        patterns = self.inlinePatterns
        found: list[tuple[str, ...] | None] = [None] * len(patterns)
        for name in [*NEEDS, "html"]:
            if name in patterns:
                found[patterns.get_index_for_name(name)] = needs(name, patterns[name].pattern)
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


class Renderer:
    """Wraps one configured Markdown instance; reuse it across articles (reset each time)."""

    def __init__(self, base_path: str = "/", raw_html: bool = False):
        self.base_path = base_path
        self.raw_html = raw_html
        # the extensions as objects, not names: a name is looked up among every installed
        # package's entry points, 80 ms for the first Markdown() of each process
        self.md = markdown.Markdown(
            extensions=[
                tables.TableExtension(),
                fenced_code.FencedCodeExtension(),
                admonition.AdmonitionExtension(),
                attr_list.AttrListExtension(),
                sane_lists.SaneListExtension(),
                def_list.DefListExtension(),
                toc.TocExtension(slugify=_slugify, toc_depth="2-3"),
                md_in_html.MarkdownInHtmlExtension(),
            ]
        )
        self.md.treeprocessors.register(QuickInline(self.md), "inline", 20)  # in place of Markdown's own
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
        ids = {a or b for a, b in _ID_ATTR.findall(body_html)}
        for taken in sorted(ids & RESERVED_IDS):
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
            anchors=tuple(sorted(ids)),
        )


def _slugify(text: str, sep: str) -> str:
    slug = toc.slugify_unicode(text, sep)
    return f"{slug}{sep}1" if slug in RESERVED_IDS else slug


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html.unescape(re.sub(r"<[^>]+>", "", token["name"]))))
        out.extend(_flatten(token.get("children", [])))
    return out
