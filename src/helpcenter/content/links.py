"""Links between articles: `.md` paths -> site URLs, and checks that targets and anchors exist.

`resolve` is pure path arithmetic, so the Markdown stage can rewrite links before the
targets are rendered; `check` runs once every article is known.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from helpcenter.config.options import did_you_mean
from helpcenter.errors import Report
from helpcenter.model import Article, Link, Site


@dataclass(frozen=True)
class Resolved:
    key: tuple[str, str, str] | None  # target article; None when the link leaves the content
    anchor: str | None
    url: str
    problem: str | None = None


def is_relative(href: str) -> bool:
    """Not a URL with a scheme (https:, mailto: …): a path the site or the content folder resolves."""
    return "://" not in href and not href.startswith(("mailto:", "tel:", "data:", "javascript:"))


def is_article_link(href: str) -> bool:
    """Relative links to Markdown files (and bare `#anchors`) are ours to rewrite."""
    if not href or "://" in href or href.startswith(("/", "mailto:", "tel:", "data:", "javascript:")):
        return False
    path = href.split("#", 1)[0].split("?", 1)[0]
    return path.endswith(".md") or (path == "" and href.startswith("#"))


def resolve(source: tuple[str, str, str], href: str, base_path: str) -> Resolved:
    """Resolve `href`, written in the article `source` = (lang, category, slug)."""
    path, _, fragment = href.partition("#")
    anchor = unquote(fragment) or None
    if not path:  # "#anchor" within the same article
        lang, category, slug = source
        return Resolved(source, anchor, f"#{anchor}" if anchor else "")
    here = f"{source[0]}/{source[1]}"
    target = posixpath.normpath(posixpath.join(here, unquote(path)))
    if target.startswith("../") or target == ".." or posixpath.isabs(target):
        return Resolved(None, anchor, href, f"link '{href}' leaves the content folder")
    parts = target.split("/")
    if len(parts) != 3 or not parts[2].endswith(".md") or not parts[2][: -len(".md")].strip("."):
        return Resolved(None, anchor, href, f"link '{href}' does not point to an article (<lang>/<category>/<slug>.md)")
    # file names are slugs in lowercase (Restore.md is /restore/): links find them so too
    lang, category, slug = parts[0], parts[1], parts[2][: -len(".md")].lower()
    url = f"{base_path}{lang}/{category}/{slug}/" + (f"#{anchor}" if anchor else "")
    return Resolved((lang, category, slug), anchor, url)


def _written_in(article: Article, link: Link) -> tuple[Path, str]:
    """Where a link's problem is reported: a link written in a snippet, there."""
    if link.file:
        return link.file, f" (in a snippet included by {article.source.name})"
    return article.source, ""


def check(
    site: Site,
    drafts: set[tuple[str, str, str]],
    report: Report,
    unreadable: AbstractSet[tuple[str, str, str]] = frozenset(),
) -> None:
    """Report links to missing articles or anchors, with the line of the link. Links to an
    `unreadable` article (its file exists, with an error of its own) are not reported: the
    writer has one mistake to fix, not one per article linking to it. Linear in the number
    of links: every lookup is in a table made once."""
    articles = site.by_key()
    anchors: dict[tuple[str, str, str], set[str]] = {}  # of the articles links point into, made once each
    suggest = None  # its tables are made at the first missing article (most builds have none)
    anchor_warning = site.config.missing_anchor == "warning"
    for article in site.articles:
        for link in article.links:
            if link.key is None or link.key in unreadable:
                continue  # leaving the content folder was reported when the link was resolved
            target = articles.get(link.key)
            if target is None:
                path, note = _written_in(article, link)
                what = "a draft" if link.key in drafts else "a missing article"
                suggest = suggest or _Suggest(articles)
                hint = "" if link.key in drafts else suggest(article.key, link.key, link.anchor)
                report.error(path, link.line, f"link to {what}: '{link.target}'{hint}{note}", link.source_line)
            elif (
                link.anchor
                and link.anchor not in target.anchors  # most are: no need to unpack its headings
                and link.anchor not in (ids_in := _ids(anchors, link.key, target))
            ):
                where = "this article" if target is article else f"'{'/'.join(link.key)}.md'"
                ids = sorted(ids_in)
                hint = did_you_mean(link.anchor, ids).replace("'", "'#", 1) if ids else ""
                known = ", ".join(f"#{h.id}" for h in target.headings[:8]) or "none"
                add = report.warn if anchor_warning else report.error
                path, note = _written_in(article, link)
                add(
                    path,
                    link.line,
                    f"link to a missing anchor '#{link.anchor}' in {where}{hint} (headings: {known}){note}",
                    link.source_line,
                )


def _ids(known: dict[tuple[str, str, str], set[str]], key: tuple[str, str, str], article: Article) -> set[str]:
    found = known.get(key)
    if found is None:
        found = known[key] = {h.id for h in article.headings} | set(article.anchors)
    return found


class _Suggest:
    """The article a writer probably meant: the same path in other case, else the closest name
    in the folder the link points into (whose own name may differ in case)."""

    def __init__(self, keys: Iterable[tuple[str, str, str]]):
        self.folded: dict[tuple[str, ...], tuple[str, str, str]] = {}
        self.folders: dict[tuple[str, str], tuple[str, str]] = {}
        self.slugs: dict[tuple[str, str], list[str]] = {}
        self.paths: dict[str, dict[str, tuple[str, str, str]]] = {}  # lang -> "category/slug" -> key
        for key in keys:
            self.folded[tuple(part.casefold() for part in key)] = key
            self.folders[(key[0].casefold(), key[1].casefold())] = key[:2]
            self.slugs.setdefault(key[:2], []).append(key[2])
            self.paths.setdefault(key[0], {})[f"{key[1]}/{key[2]}"] = key

    def __call__(self, here: tuple[str, str, str], key: tuple[str, str, str], anchor: str | None = None) -> str:
        found = self.folded.get(tuple(part.casefold() for part in key))
        if found is None:
            folder = self.folders.get((key[0].casefold(), key[1].casefold()))
            near = difflib.get_close_matches(key[2], self.slugs.get(folder, []), n=1) if folder else []
            found = (*folder, near[0]) if folder and near else None
        if found is None:  # the closest name in another category of the language
            others = {k[2]: k for p, k in self.paths.get(key[0], {}).items() if k[1].casefold() != key[1].casefold()}
            near = difflib.get_close_matches(key[2], list(others), n=1)
            found = others[near[0]] if near else None
        if found is None:
            return ""
        fragment = f"#{anchor}" if anchor else ""
        return f" (did you mean '{posixpath.relpath('/'.join(found), f'{here[0]}/{here[1]}')}.md{fragment}'?)"
