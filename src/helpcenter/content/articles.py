"""One article file's bytes -> an Article and its problems: front matter validated key by
key, the body rendered. Pure (no I/O), so a cold build runs it in worker processes."""

from __future__ import annotations

import datetime as dt

from helpcenter.config.options import Checker, date_problem, decode, describe
from helpcenter.content import frontmatter
from helpcenter.content.markdown import Renderer
from helpcenter.content.sources import Source
from helpcenter.errors import Problem, SourceError, line_of
from helpcenter.model import Article

KNOWN_KEYS = {"title", "summary", "tags", "updated", "order", "draft", "layout", "category", "featured"}
LAYOUTS = ("article", "contact")


def parse_article(source: Source, raw: bytes, renderer: Renderer) -> tuple[Article | None, list[Problem]]:
    """Bytes of one article file -> Article (or None) and its problems. No I/O.

    An article whose front matter is broken is still returned (with its slug as the
    title) when its body can be found: its links are checked in the same run, and its
    other languages do not read as missing. Its errors fail the build all the same.
    """
    path = source.path
    problems: list[Problem] = []
    try:
        text = decode(raw, path)
        fm = frontmatter.split(text, path)
    except frontmatter.BrokenFrontMatter as exc:
        problems.append(exc.problem)
        fm = frontmatter.FrontMatter({}, {}, exc.body, exc.body_line)
    except SourceError as exc:
        return None, [exc.problem]
    meta = _validate_meta(fm, source, text, problems) if not problems else {}
    meta.setdefault("title", source.slug)
    rendered = renderer.render(fm.body, (source.lang, source.category, source.slug), fm.body_line)
    problems += [Problem(path, line, msg, src) for line, msg, src in rendered.problems]
    problems += [Problem(path, line, msg, src, warning=True) for line, msg, src in rendered.warnings]
    article = Article(
        lang=source.lang,
        category=source.category,
        slug=source.slug,
        source=path,
        html=rendered.html,
        text=rendered.text,
        headings=rendered.headings,
        toc_html=rendered.toc_html,
        links=rendered.links,
        images=rendered.images,
        body_line=fm.body_line,
        **meta,
    )
    return article, problems


def _validate_meta(fm: frontmatter.FrontMatter, source: Source, text: str, problems: list[Problem]) -> dict:
    """The declared fields that are valid; every problem of the others added to `problems`."""
    meta = fm.meta
    check = Checker(source.path, lambda key, *_: fm.key_lines.get(str(key), 1), lambda n: line_of(text, n), problems)
    out: dict[str, object] = {}
    title = meta.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        problems.append(Problem(source.path, 1, "missing required field 'title': add a line such as title: …", "---"))
    elif (value := check.text(title, "title", numbers=True)) is not None:
        out["title"] = value
    if meta.get("summary") is not None and (value := check.text(meta["summary"], "summary", numbers=True)) is not None:
        out["summary"] = value
    if "tags" in meta and meta["tags"] is not None:
        tags = meta["tags"]
        if not isinstance(tags, list) or not all(
            isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in tags
        ):
            found = "a list with " + _inner(tags) if isinstance(tags, list) else describe(tags)
            check.error(f"'tags' must be a list such as [pending, fees], not {found}", "tags")
        else:
            out["tags"] = tuple(str(t).strip() for t in tags if str(t).strip())
    if "updated" in meta and meta["updated"] is not None:
        updated = _date(meta["updated"], check)
        if updated is not None:
            out["updated"] = updated
    if meta.get("order") is not None and (order := check.whole_number(meta["order"], "order")) is not None:
        out["order"] = order
    if "draft" in meta and (draft := check.flag(meta["draft"], "draft")) is not None:
        out["draft"] = draft
    if "featured" in meta and (featured := check.flag(meta["featured"], "featured")) is not None:
        out["featured"] = featured
    if "layout" in meta and (layout := check.choice(meta["layout"], LAYOUTS, "layout")) is not None:
        out["layout"] = layout
    if "category" in meta and meta["category"] != source.category:
        check.error(f"'category: {meta['category']}' disagrees with the folder '{source.category}'", "category")
    check.unknown_keys(meta, KNOWN_KEYS, severity="warning")
    out.pop("category", None)
    return out


def _date(value: object, check: Checker) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (why := date_problem(value)) is None:
        return dt.date.fromisoformat(value.strip())
    check.error(
        f"'updated': {why}"
        if isinstance(value, str)
        else f"'updated' must be a date such as 2026-11-01, not {describe(value)}",
        "updated",
    )
    return None


def _inner(items: list) -> str:
    odd = next(t for t in items if not isinstance(t, (str, int, float)) or isinstance(t, bool))
    return describe(odd) + " inside"
