"""One article file's bytes -> an Article and its problems: front matter validated key by
key, the body rendered. Pure (no I/O), so a cold build runs it in worker processes."""

from __future__ import annotations

import datetime as dt

from helpcenter.content import frontmatter
from helpcenter.content.markdown import Renderer
from helpcenter.content.sources import Source
from helpcenter.errors import Problem, SourceError, line_of
from helpcenter.model import Article

KNOWN_KEYS = {"title", "summary", "tags", "updated", "order", "draft", "layout", "category"}
LAYOUTS = ("article", "contact")


def parse_article(source: Source, raw: bytes, renderer: Renderer) -> tuple[Article | None, list[Problem]]:
    """Bytes of one article file -> Article (or None) and its problems. No I/O."""
    path = source.path
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw.split(b"\n")[line - 1].decode("utf-8", "replace")
        return None, [
            Problem(
                path,
                line,
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
                bad,
            )
        ]
    try:
        fm = frontmatter.split(text, path)
    except SourceError as exc:
        return None, [exc.problem]
    problems: list[Problem] = []
    meta = _validate_meta(fm, source, text, problems)
    if meta is None:
        return None, problems
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


def _validate_meta(fm: frontmatter.FrontMatter, source: Source, text: str, problems: list[Problem]) -> dict | None:
    meta, path = fm.meta, source.path

    def where(key: str) -> tuple[int, str | None]:
        line = fm.key_lines.get(key, 1)
        return line, line_of(text, line)

    def bad(key: str, message: str, warning: bool = False) -> None:
        line, src = where(key)
        problems.append(Problem(path, line, message, src, warning))

    out: dict[str, object] = {}
    title = meta.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        problems.append(Problem(path, 1, "missing required field 'title'", "---"))
    elif not isinstance(title, (str, int, float)) or isinstance(title, bool):
        bad("title", f"'title' must be text, not {_kind(title)}")
    else:
        out["title"] = str(title).strip()

    if "summary" in meta:
        if isinstance(meta["summary"], (str, int, float)) and not isinstance(meta["summary"], bool):
            out["summary"] = str(meta["summary"]).strip()
        elif meta["summary"] is not None:
            bad("summary", f"'summary' must be text, not {_kind(meta['summary'])}")
    if "tags" in meta and meta["tags"] is not None:
        tags = meta["tags"]
        if not isinstance(tags, list) or not all(
            isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in tags
        ):
            bad("tags", f"'tags' must be a list such as [pending, fees], not {_kind(tags)}")
        else:
            out["tags"] = tuple(str(t).strip() for t in tags if str(t).strip())
    if "updated" in meta and meta["updated"] is not None:
        updated = meta["updated"]
        if isinstance(updated, dt.datetime):
            out["updated"] = updated.date()
        elif isinstance(updated, dt.date):
            out["updated"] = updated
        else:
            try:
                out["updated"] = dt.date.fromisoformat(str(updated))
            except ValueError:
                bad("updated", f"'updated' must be a date such as 2026-11-01, not {updated!r}")
    if "order" in meta and meta["order"] is not None:
        if isinstance(meta["order"], int) and not isinstance(meta["order"], bool):
            out["order"] = meta["order"]
        else:
            bad("order", f"'order' must be a whole number, not {_kind(meta['order'])}")
    if "draft" in meta:
        if isinstance(meta["draft"], bool):
            out["draft"] = meta["draft"]
        else:
            bad("draft", "'draft' must be true or false")
    if "layout" in meta:
        if meta["layout"] in LAYOUTS:
            out["layout"] = meta["layout"]
        else:
            bad("layout", f"'layout' must be one of {', '.join(LAYOUTS)}")
    if "category" in meta and meta["category"] != source.category:
        bad("category", f"'category: {meta['category']}' disagrees with the folder '{source.category}'")
    for key in sorted(set(meta) - KNOWN_KEYS, key=str):
        bad(str(key), f"unknown key '{key}' (known: {', '.join(sorted(KNOWN_KEYS))})", warning=True)
    if any(not p.warning for p in problems):
        return None
    out.pop("category", None)
    return out


def _kind(value: object) -> str:
    return {int: "a number", float: "a number", bool: "true/false", dict: "a mapping", list: "a list"}.get(
        type(value), type(value).__name__
    )
