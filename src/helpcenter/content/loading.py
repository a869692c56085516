"""The content folder -> a validated Site, collecting every problem on the way: articles
found (sources), parsed (articles: in worker processes when there are many, or taken from
the cache), then checked together (duplicate URLs, links, images)."""

from __future__ import annotations

import posixpath
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from helpcenter.build import workers as policy
from helpcenter.build.cache import BuildCache
from helpcenter.build.progress import Progress, silent
from helpcenter.build.state import ParseResult, file_digest
from helpcenter.content import links, snippets
from helpcenter.content.articles import parse_article
from helpcenter.content.markdown import Renderer
from helpcenter.content.sources import FIX_ACCESS, Source, discover, scan, static_files
from helpcenter.errors import Problem, Report
from helpcenter.model import Article, Site, SiteConfig

Parsed = tuple[ParseResult, str | None]  # and the digest of the bytes parsed (None: unreadable)
# articles per parsing task at most: a worker holds a task's parsed articles, and their
# pickle, until it hands them back (6,250 at 100,000 articles held 340 MB in each worker)
CHUNK_MOST = 500


def _parse_chunk(args: tuple[list[tuple[Source, bytes | None]], str, bool, snippets.Snippets]) -> list[Parsed]:
    items, base_path, raw_html, shared = args
    renderer = Renderer(base_path, raw_html)
    return [_parse_one(source, raw, renderer, shared) for source, raw in items]


def _parse_one(source: Source, raw: bytes | None, renderer: Renderer, shared: snippets.Snippets) -> Parsed:
    """A file's bytes are read here, where they are parsed (a worker), unless the build had
    to read them already: the build's own process never holds every article's bytes."""
    if raw is None:
        try:
            raw = source.path.read_bytes()
        except OSError as exc:
            return (None, [_cannot_read(source, exc)]), None
    return parse_article(source, raw, renderer, shared), file_digest(raw)


def _cannot_read(source: Source, exc: OSError) -> Problem:
    """An article file the build cannot stat or read (wherever it found so)."""
    return Problem(source.path, 1, f"cannot read this article ({exc.strerror}): {FIX_ACCESS}")


def parse_all(
    items: list[tuple[Source, bytes | None]],
    config: SiteConfig,
    jobs: int,
    progress: Progress = silent,
    pool: Executor | None = None,
    shared: snippets.Snippets | None = None,
) -> Iterator[list[Parsed]]:
    """Parse results and digests, a chunk at a time in the order of `items`: in worker
    processes (`pool`, or one of its own) when there are enough articles to pay for them."""
    parallel = policy.worth_workers(jobs, len(items))
    size = min(CHUNK_MOST, max(50, len(items) // (jobs * 8))) if parallel else 100
    mine = shared or {}
    chunks = [(items[i : i + size], config.base_path, config.raw_html, mine) for i in range(0, len(items), size)]
    done = 0
    if items:
        progress("markdown", 0, len(items))
    if len(chunks) > 1 and parallel:
        with ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=policy.pool_context()))
            # a few chunks in flight, not all: work the build submits meanwhile (a parsed
            # language's search index) starts next instead of after the last chunk
            ahead = deque(pool.submit(_parse_chunk, args) for args in chunks[: jobs + 1])
            for args in [*chunks[jobs + 1 :], None]:
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


def load_site(
    content_dir: Path,
    config: SiteConfig,
    report: Report,
    jobs: int = 1,
    cache: BuildCache | None = None,
    progress: Progress = silent,
    pool: Executor | None = None,
    on_language: Callable[[str, list[Article]], None] | None = None,
) -> Site:
    """Every article of the content folder, validated and linked; problems go to `report`.

    With a cache, only files whose bytes changed since the last build are parsed again.
    `on_language(lang, articles)` is called as soon as a language's articles are all parsed
    (published ones, sorted by key, before links are checked), so a build can start work
    on them while the other languages are still being parsed; the largest language first.
    """
    cache = cache or BuildCache(None, "")
    files = scan(content_dir, report)
    sources = discover(content_dir, config, report, files)
    shared = snippets.load(content_dir, files, config.languages, report)
    results: dict[str, ParseResult] = {}  # by Source.file
    misses: list[tuple[Source, bytes | None]] = []  # bytes when read already (else by the parse)
    size: dict[str, int] = {}
    unreadable: set[tuple[str, str, str]] = set()
    for source in list(sources):
        try:
            cached, raw, _ = cache.article(source.file)
            if cached is not None and _snippet_changed(cached, shared.get(source.lang, {})):
                cached = None  # the file is unchanged, a snippet it includes is not
        except OSError as exc:
            report.add(_cannot_read(source, exc))
            sources.remove(source)
            unreadable.add((source.lang, source.category, source.slug))
            continue
        if cached is not None:
            results[source.file] = cached
        else:
            misses.append((source, raw))
            size[source.lang] = size.get(source.lang, 0) + cache.stats[source.file][1]
    misses.sort(key=lambda item: -size[item[0].lang])  # stable: each language keeps its order
    by_lang: dict[str, list[Source]] = {lang: [] for lang in config.languages}
    for source in sources:
        by_lang.setdefault(source.lang, []).append(source)
    waiting = {lang: sum(1 for s in by_lang[lang] if s.file not in results) for lang in config.languages}

    def arrived(lang: str) -> None:
        if on_language is not None and waiting.get(lang) == 0:
            mine = (results[s.file][0] for s in by_lang[lang])
            on_language(lang, sorted((a for a in mine if a is not None and not a.draft), key=lambda a: a.key))

    for lang in sorted(waiting, key=lambda lang: -size.get(lang, 0)):
        arrived(lang)  # nothing to parse: ready now
    position = 0
    for chunk in parse_all(misses, config, jobs, progress, pool, shared):
        for (source, _), (result, digest) in zip(misses[position : position + len(chunk)], chunk):
            results[source.file] = result
            if digest is not None:  # an unreadable file is read again next time
                cache.remember_article(source.file, digest, result)
            waiting[source.lang] -= 1
            arrived(source.lang)
        position += len(chunk)
    articles: list[Article] = []
    for source in sources:
        article, problems = results[source.file]
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


def _snippet_changed(result: ParseResult, mine: dict[str, snippets.Snippet]) -> bool:
    article = result[0]
    if article is None:
        return False
    return any((mine[name].digest if name in mine else "") != digest for name, digest in article.includes)


def _check_duplicates(articles: list[Article], report: Report) -> None:
    by_path: dict[str, Article] = {}
    clashing = {a.path for a in articles if by_path.setdefault(a.path, a) is not a}
    if not clashing:
        return
    first: dict[str, Article] = {}  # the file sorted first keeps the URL, the others are told
    for article in sorted((a for a in articles if a.path in clashing), key=lambda a: a.source_key):
        other = first.setdefault(article.path, article)
        if other is not article:
            report.error(
                article.source,
                1,
                f"duplicate URL /{article.path}: '{other.source.name}' already uses it",
                article.source.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0],
            )


def _check_images(content_dir: Path, site: Site, report: Report) -> None:
    """An image must be a file the site publishes: not missing, and not one of the content
    folder's files that stay private (site.toml, roster.toml, an article's .md, notices/)."""
    published = set(site.static_files)
    for article in site.articles:
        for image in article.images:
            target = posixpath.normpath(image.target)
            if target in published:
                continue
            if not (content_dir / target).is_file() or target.startswith(".."):
                if not image.site_path:  # a site path may name a generated file (/assets/…)
                    report.error(article.source, image.line, f"image not found: '{image.target}'", image.source_line)
                continue
            report.error(
                article.source,
                image.line,
                f"image '{image.target}' is a file of the content folder that the site does not publish "
                "(site.toml, roster.toml, articles' .md files and notices stay private): use an image file "
                "beside the articles",
                image.source_line,
            )
