"""One article file's bytes -> an Article and its problems: front matter validated key by
key, the body rendered. Pure (no I/O), so a cold build runs it in worker processes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from helpcenter.config.options import Checker, date_problem, decode, describe
from helpcenter.content import aliases, frontmatter, snippets
from helpcenter.content.markdown import Renderer
from helpcenter.content.sources import Source
from helpcenter.errors import Problem, SourceError, line_of
from helpcenter.model import Article, Link

KNOWN_KEYS = {"title", "summary", "tags", "updated", "order", "draft", "layout", "category", "aliases", "featured"}
KNOWN_KEYS |= {"translated_from", "reviewed", "review_by"}  # translations and reviews (README)
LAYOUTS = ("article", "contact")
DATES = ("updated", "reviewed", "review_by")
TRANSLATED_FROM = re.compile(r"^(?P<lang>[A-Za-z0-9-]+)@(?P<digest>[0-9a-f]{6,64})$")


def content_digest(title: str, body: str) -> str:
    """What a translation is made from: the title and body, blind to trailing spaces and
    blank lines at either end (an editor's whitespace is no new version)."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").strip("\n").split("\n")]
    text = title.strip() + "\n\n" + "\n".join(lines).strip("\n")
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def parse_article(
    source: Source, raw: bytes, renderer: Renderer, shared: snippets.Snippets | None = None
) -> tuple[Article | None, list[Problem]]:
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
    readable = not problems
    meta = _validate_meta(fm, source, text, problems) if readable else {}
    if readable and fm.meta.get("aliases") is not None:
        meta["aliases"] = aliases.read(fm, source.path, text, renderer.base_path, problems)
    meta.setdefault("title", source.slug)
    expanded = snippets.expand(fm.body, fm.body_line, source.lang, shared or {}, path)
    problems += expanded.problems
    rendered = renderer.render(expanded.body, (source.lang, source.category, source.slug), fm.body_line)

    def placed(line: int, msg: str, src: str, warning: bool = False) -> Problem:
        file, number, note = snippets.place(expanded, line, fm.body_line, path)
        return Problem(file, number, msg + note, src, warning=warning)

    problems += [placed(line, msg, src) for line, msg, src in rendered.problems]
    problems += [placed(line, msg, src, True) for line, msg, src in rendered.warnings]
    article = Article(
        lang=source.lang,
        category=source.category,
        slug=source.slug,
        source=path,
        html=rendered.html,
        text=rendered.text,
        headings=rendered.headings,
        anchors=rendered.anchors,
        toc_html=rendered.toc_html,
        links=tuple(_placed_link(link, expanded, fm.body_line, path) for link in rendered.links),
        images=rendered.images,
        body_line=fm.body_line,
        digest=content_digest(str(meta["title"]), fm.body),
        includes=expanded.includes,
        markdown=expanded.body,
        **meta,
    )
    return article, problems


def _placed_link(link: Link, expanded: snippets.Expanded, body_line: int, path) -> Link:
    """A link written in a snippet carries the snippet's file and line."""
    file, number, _ = snippets.place(expanded, link.line, body_line, path)
    return link if file == path and number == link.line else link._replace(line=number, file=file)


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
    for key in DATES:
        if meta.get(key) is not None and (when := _date(meta[key], key, check)) is not None:
            out[key] = when
    if meta.get("translated_from") is not None:
        written = meta["translated_from"]
        if isinstance(written, str) and TRANSLATED_FROM.match(written.strip()):
            out["translated_from"] = written.strip()
        else:
            check.error(
                "'translated_from' records the version a translation was made from, such as en@3f2a9c1b0d: "
                f"run `helpcenter translated {source.path.as_posix()}` to write it",
                "translated_from",
            )
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


def _date(value: object, key: str, check: Checker) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (why := date_problem(value)) is None:
        return dt.date.fromisoformat(value.strip())
    check.error(
        f"'{key}': {why}"
        if isinstance(value, str)
        else f"'{key}' must be a date such as 2026-11-01, not {describe(value)}",
        key,
    )
    return None


def _inner(items: list) -> str:
    odd = next(t for t in items if not isinstance(t, (str, int, float)) or isinstance(t, bool))
    return describe(odd) + " inside"
