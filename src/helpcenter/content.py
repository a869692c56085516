"""Walk the content folder into Articles, collecting every problem on the way.

`parse_article` is a pure function of a file's bytes, so a cold build can run it in
worker processes; `load_site` ties the results into a validated Site.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from . import frontmatter, links
from .cache import BuildCache
from .errors import Problem, Report, SourceError, line_of
from .markdown import Renderer
from .model import Article, Site, SiteConfig
from .progress import Progress, silent

ARTICLE_SUFFIXES = (".md", ".markdown")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
KNOWN_KEYS = {"title", "summary", "tags", "updated", "order", "draft", "layout", "category"}
LAYOUTS = ("article", "contact")


@dataclass(frozen=True)
class Source:
    """One article file found in the content folder, before it is read."""

    path: Path
    lang: str
    category: str
    slug: str


def scan(content_dir: Path, report: Report | None = None) -> list[tuple[str, ...]]:
    """Every file below the content folder, as its path's parts relative to it, sorted.

    Hidden folders are skipped and folder links are not followed (as `Path.rglob`). A
    symbolic link (to a file or a folder) whose target is outside the content folder is
    an error, and nothing behind it is read or published. One `os.scandir` pass: large
    sites have tens of thousands of files, and pathlib costs ~100 µs per file here.
    """
    root = content_dir.resolve()
    files: list[tuple[str, ...]] = []

    def visit(folder: str, rel: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        below = []
        for entry in entries:
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if entry.name.startswith(".") and target.is_dir():
                    continue
                if not target.is_relative_to(root):
                    if report is not None:
                        report.error(Path(entry.path), 1, f"symbolic link that leaves the content folder (to {os.readlink(entry.path)}): refusing to read it")
                    continue
                if entry.is_file():
                    files.append((*rel, entry.name))
            elif entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    below.append(entry)
            elif entry.is_file(follow_symlinks=False):
                files.append((*rel, entry.name))
        for entry in below:
            visit(entry.path, (*rel, entry.name))

    visit(str(content_dir), ())
    files.sort()
    return files


def discover(content_dir: Path, config: SiteConfig, report: Report,
             files: list[tuple[str, ...]] | None = None) -> list[Source]:
    """Find article files; report folders and files that do not fit the layout."""
    languages = set(config.languages)
    categories = {c.id for c in config.categories}
    found: list[Source] = []
    for parts in scan(content_dir, report) if files is None else files:
        name = parts[-1]
        if not name.endswith(ARTICLE_SUFFIXES) or name.startswith(".") or parts[0] == "theme":
            continue
        if len(parts) == 1:
            continue  # README.md and notes beside site.toml are not articles
        path = content_dir.joinpath(*parts)
        first = _first_line(path)
        if len(parts) != 3:
            report.error(path, 1, "articles live at <lang>/<category>/<slug>.md", first)
            continue
        lang, category, name = parts
        slug = name.rsplit(".", 1)[0].lower()
        if lang not in languages:
            report.error(path, 1, f"language folder '{lang}' is not declared in site.toml (languages: {', '.join(config.languages)})", first)
            continue
        if category not in categories:
            report.error(path, 1, f"category folder '{category}' is not declared in site.toml (categories: {', '.join(sorted(categories))})", first)
            continue
        if not _SLUG.match(slug):
            report.error(path, 1, f"file name '{name}' cannot be a URL: use lowercase letters, digits, '-', '_' and '.'", first)
            continue
        found.append(Source(path, lang, category, slug))
    return found


def _first_line(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return f.readline(500).decode("utf-8", "replace").rstrip("\n")
    except OSError:
        return None


def parse_article(source: Source, raw: bytes, renderer: Renderer) -> tuple[Article | None, list[Problem]]:
    """Bytes of one article file -> Article (or None) and its problems. No I/O."""
    path = source.path
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw.split(b"\n")[line - 1].decode("utf-8", "replace")
        return None, [Problem(path, line, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8", bad)]
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
        if not isinstance(tags, list) or not all(isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in tags):
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


# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400


def _parse_chunk(args: tuple[list[tuple[Source, bytes]], str, bool]) -> list[tuple[Article | None, list[Problem]]]:
    items, base_path, raw_html = args
    renderer = Renderer(base_path, raw_html)
    return [parse_article(source, raw, renderer) for source, raw in items]


def parse_all(items: list[tuple[Source, bytes]], config: SiteConfig, jobs: int, progress: Progress = silent,
              pool: Executor | None = None) -> Iterator[list[tuple[Article | None, list[Problem]]]]:
    """Parse results, a chunk at a time in the order of `items`: in worker processes (`pool`,
    or one of its own) when there are enough articles to pay for them."""
    size = max(50, len(items) // (jobs * 8)) if jobs > 1 and len(items) >= PARALLEL_THRESHOLD else 100
    chunks = [(items[i : i + size], config.base_path, config.raw_html) for i in range(0, len(items), size)]
    done = 0
    if items:
        progress("markdown", 0, len(items))
    if len(chunks) > 1 and jobs > 1 and len(items) >= PARALLEL_THRESHOLD:
        with ExitStack() as stack:
            if pool is None:
                from .workers import pool_context

                pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()))
            # a few chunks in flight, not all: work the build submits meanwhile (a parsed
            # language's search index) starts next instead of after the last chunk
            ahead = deque(pool.submit(_parse_chunk, args) for args in chunks[: jobs + 1])
            for args in chunks[jobs + 1 :] + [None]:
                chunk = ahead.popleft().result()
                if args is not None:
                    ahead.append(pool.submit(_parse_chunk, args))
                done += len(chunk)
                progress("markdown", done, len(items))
                yield chunk
            for future in ahead:
                chunk = future.result()
                done += len(chunk)
                progress("markdown", done, len(items))
                yield chunk
    else:
        for args in chunks:
            chunk = _parse_chunk(args)
            done += len(chunk)
            progress("markdown", done, len(items))
            yield chunk


def load_site(content_dir: Path, config: SiteConfig, report: Report, jobs: int = 1, cache: BuildCache | None = None,
              progress: Progress = silent, pool: Executor | None = None,
              on_language: Callable[[str, list[Article]], None] | None = None) -> Site:
    """Every article of the content folder, validated and linked; problems go to `report`.

    With a cache, only files whose bytes changed since the last build are parsed again.
    `on_language(lang, articles)` is called as soon as a language's articles are all parsed
    (published ones, sorted by key, before links are checked), so a build can start work
    on them while the other languages are still being parsed; the largest language first.
    """
    cache = cache or BuildCache(None, "")
    files = scan(content_dir, report)
    sources = discover(content_dir, config, report, files)
    results: dict[Path, tuple[Article | None, list[Problem]]] = {}
    misses: list[tuple[Source, bytes]] = []
    digests: dict[Path, str] = {}
    for source in sources:
        cached, raw, digest = cache.article(source.path)
        if cached is not None:
            results[source.path] = cached  # type: ignore[assignment]
        else:
            misses.append((source, raw if raw is not None else source.path.read_bytes()))
            digests[source.path] = digest or ""
    size: dict[str, int] = {}
    for source, raw in misses:
        size[source.lang] = size.get(source.lang, 0) + len(raw)
    misses.sort(key=lambda item: -size[item[0].lang])  # stable: each language keeps its order
    waiting = {lang: sum(1 for s in sources if s.lang == lang and s.path not in results) for lang in config.languages}

    def arrived(lang: str) -> None:
        if on_language is not None and waiting.get(lang) == 0:
            mine = (results[s.path][0] for s in sources if s.lang == lang)
            on_language(lang, sorted((a for a in mine if a is not None and not a.draft), key=lambda a: a.key))

    for lang in sorted(waiting, key=lambda lang: -size.get(lang, 0)):
        arrived(lang)  # nothing to parse: ready now
    position = 0
    for chunk in parse_all(misses, config, jobs, progress, pool):
        for (source, _), result in zip(misses[position : position + len(chunk)], chunk):
            results[source.path] = result
            cache.remember_article(source.path, digests[source.path], result)
            waiting[source.lang] -= 1
            arrived(source.lang)
        position += len(chunk)
    articles: list[Article] = []
    unreadable: set[tuple[str, str, str]] = set()
    for source in sources:
        article, problems = results[source.path]
        report.extend(problems)
        if article is not None:
            articles.append(article)
        else:
            unreadable.add((source.lang, source.category, source.slug))
    _check_duplicates(articles, report)
    drafts = {a.key for a in articles if a.draft}
    published = tuple(sorted((a for a in articles if not a.draft), key=lambda a: a.key))
    site = Site(config, published, tuple(p.as_posix() for p in static_files(content_dir, files)))
    links.check(site, drafts, report, unreadable)
    _check_images(content_dir, site, report)
    return site


def _check_duplicates(articles: list[Article], report: Report) -> None:
    first: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: str(a.source)):
        other = first.setdefault(article.path, article)
        if other is not article:
            report.error(
                article.source, 1,
                f"duplicate URL /{article.path}: '{other.source.name}' already uses it",
                article.source.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0],
            )


def _check_images(content_dir: Path, site: Site, report: Report) -> None:
    for article in site.articles:
        for image in article.images:
            if not (content_dir / image.target).is_file():
                report.error(article.source, image.line, f"image not found: '{image.target}'", image.source_line)


def static_files(content_dir: Path, files: list[tuple[str, ...]] | None = None) -> list[Path]:
    """Non-article files inside language folders (images, PDFs …), relative to the content folder."""
    return [
        Path(*parts)
        for parts in (scan(content_dir) if files is None else files)
        if len(parts) > 1 and parts[0] != "theme" and not parts[-1].endswith(ARTICLE_SUFFIXES)
        and not parts[-1].startswith(".")
    ]
