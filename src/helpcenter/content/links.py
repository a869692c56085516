"""Links between articles: `.md` paths -> site URLs, and checks that targets and anchors exist.

`resolve` is pure path arithmetic, so the Markdown stage can rewrite links before the
targets are rendered; `check` runs once every article is known.
"""

from __future__ import annotations

import posixpath
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
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
    lang, category, slug = parts[0], parts[1], parts[2][: -len(".md")]
    url = f"{base_path}{lang}/{category}/{slug}/" + (f"#{anchor}" if anchor else "")
    return Resolved((lang, category, slug), anchor, url)


def check(
    site: Site,
    drafts: set[tuple[str, str, str]],
    report: Report,
    unreadable: AbstractSet[tuple[str, str, str]] = frozenset(),
) -> None:
    """Report links to missing articles or anchors, with the line of the link. Links to an
    `unreadable` article (its file exists, with an error of its own) are not reported: the
    writer has one mistake to fix, not one per article linking to it."""
    articles = site.by_key()
    anchor_warning = site.config.missing_anchor == "warning"
    for article in site.articles:
        for link in article.links:
            if link.key not in unreadable:
                _check_link(article, link, articles, drafts, report, anchor_warning)


def _check_link(
    article: Article,
    link: Link,
    articles: dict[tuple[str, str, str], Article],
    drafts: set[tuple[str, str, str]],
    report: Report,
    anchor_warning: bool,
) -> None:
    if link.key is None:
        return  # already reported when the link was resolved
    target = articles.get(link.key)
    path = link.file or article.source
    note = f" (in a snippet included by {article.source.name})" if link.file else ""
    if target is None:
        what = "a draft" if link.key in drafts else "a missing article"
        hint = "" if link.key in drafts else _nearest_article(link, articles)
        report.error(path, link.line, f"link to {what}: '{link.target}'{hint}{note}", link.source_line)
        return
    if link.anchor and link.anchor not in {h.id for h in target.headings}:
        where = "this article" if target is article else f"'{'/'.join(link.key)}.md'"
        ids = [h.id for h in target.headings]
        hint = did_you_mean(link.anchor, ids).replace("'", "'#", 1) if ids else ""
        known = ", ".join(f"#{h.id}" for h in target.headings[:8]) or "none"
        add = report.warn if anchor_warning else report.error
        add(
            path,
            link.line,
            f"link to a missing anchor '#{link.anchor}' in {where}{hint} (headings: {known}){note}",
            link.source_line,
        )


def _nearest_article(link: Link, articles: dict[tuple[str, str, str], Article]) -> str:
    """' (did you mean '../transfers/pending.md'?)': the closest article of the link's
    language, written as the link was (same folder or `../category/`)."""
    assert link.key is not None
    lang, category, slug = link.key
    names = {f"{c}/{s}": (c, s) for (lg, c, s) in articles if lg == lang}
    hint = did_you_mean(f"{category}/{slug}", names)
    if not hint:
        return ""
    found_category, found_slug = names[hint.split("'")[1]]
    prefix = link.target.split("#", 1)[0].rsplit("/", 1)[0] + "/" if "/" in link.target.split("#", 1)[0] else ""
    if found_category != category:
        prefix = f"../{found_category}/"
    anchor = f"#{link.anchor}" if link.anchor else ""
    return f" (did you mean '{prefix}{found_slug}.md{anchor}'?)"
