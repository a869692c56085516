"""build(): the stages of a build, in order, one named call each (MkDocs' build())."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from helpcenter.build.cache import BuildCache, Signer, files_fingerprint, salt
from helpcenter.build.progress import Progress, silent
from helpcenter.build.publish import Stage, as_published, claim_output, staged
from helpcenter.build.workers import EARLY_SEARCH_FROM, Workers
from helpcenter.config.site import load_config
from helpcenter.errors import BuildFailed, Report
from helpcenter.model import Site
from helpcenter.render.theme import theme_dirs
from helpcenter.search.stage import Output, indexes_afresh, search_outputs, unavailable
from helpcenter.search.synonyms import load as load_synonyms
from helpcenter.support.notices import Notice, load_notices
from helpcenter.support.stage import load_support

# Markdown, Jinja, Whoosh and the segmenter are imported where they are used, so a
# rebuild with nothing to do (or `--help`) does not pay for loading them.

CACHE_DIR = ".helpcenter-cache"


@dataclass(frozen=True)
class Checked:
    site: Site
    support: object | None
    report: Report
    notices: tuple[Notice, ...] = ()
    built_at: dt.datetime | None = None  # the notices page lists those active at this instant


@dataclass(frozen=True)
class BuildResult:
    site: Site | None  # None when nothing changed and the site model was not loaded
    report: Report  # warnings only: a build with errors raises BuildFailed
    articles: int
    pages: int
    written: int  # output files written by this build (all of them unless incremental)


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so two builds of one input are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def check(
    content_dir: Path,
    *,
    base_url: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
    now: dt.datetime | None = None,
    audits: bool = False,
    cache: BuildCache | None = None,
    progress: Progress = silent,
    pool: Executor | None = None,
    on_language: Callable[[Site, str, list], None] | None = None,
) -> Checked:
    """Load and validate everything a build would, writing nothing. Raises BuildFailed.

    `audits` adds what only `helpcenter check` reports: unofficial contact points,
    images without alt text, missing translations and orphan articles.
    """
    from helpcenter.content.loading import load_site
    from helpcenter.content.static import check_active_files

    report = Report()
    config = load_config(content_dir, report, base_url)
    if config is None:
        raise BuildFailed(report, strict)
    now = now or build_time()
    support = load_support(content_dir, report, now, config.languages)
    notices = load_notices(
        content_dir,
        report,
        config.languages,
        [c.id for c in config.categories],
        list(support.json.get("order", [])) if support is not None else [],
        getattr(support, "timezone", "UTC"),
    )
    load_synonyms(content_dir, report)  # reported here; the search stage reads them again
    ready = (lambda lang, articles: on_language(Site(config, ()), lang, articles)) if on_language else None
    site = load_site(content_dir, config, report, jobs or default_jobs(), cache, progress, pool, ready)
    check_active_files(content_dir, site, report)
    if audits:
        from helpcenter.content.lint import audit
        from helpcenter.render.theme import warn_missing_strings
        from helpcenter.support.languages import warn_untranslated

        audit(site, report)
        warn_missing_strings(config.path, theme_dirs(content_dir), config.languages, report)
        if support is not None:
            warn_untranslated(content_dir / "roster.toml", config.languages, report)
    if report.failed(strict):
        raise BuildFailed(report, strict)
    return Checked(site, support, report, notices, now)


def build(
    content_dir: Path,
    out_dir: Path,
    *,
    base_url: str | None = None,
    strict: bool = False,
    theme: Path | None = None,
    jobs: int | None = None,
    now: dt.datetime | None = None,
    cache_dir: Path | None = None,
    progress: Progress = silent,
) -> BuildResult:
    """Build `content_dir` into `out_dir`. With a `cache_dir`, a build redoes only what
    depends on what changed; its output is byte-identical to a cold build's."""
    now = now or build_time()
    jobs = jobs or default_jobs()
    dirs = theme_dirs(content_dir, theme)
    cache = open_cache(content_dir, out_dir, base_url, dirs, cache_dir)
    claim = claim_output(content_dir, out_dir, dirs)  # refuses an --out that holds anything else
    try:
        unchanged = nothing_changed(content_dir, out_dir, dirs, cache, now, strict)
        if unchanged is not None:
            return unchanged
        incremental = cache.reusable_output(out_dir) and as_published(out_dir, cache.previous.extra.get("published"))
        with Workers(jobs) as workers:
            # a language the search stage will index afresh starts as soon as it is parsed
            started: dict[str, Future] = {}

            def on_language(site: Site, lang: str, articles: list) -> None:
                if (
                    jobs > 1
                    and len(articles) >= EARLY_SEARCH_FROM
                    and indexes_afresh(cache, incremental, site.config, lang, articles)
                ):
                    from helpcenter.search.indexing import start_language

                    started[lang] = start_language(workers.pool, site, lang, articles, keep=cache.directory is not None)

            checked = check(
                content_dir,
                base_url=base_url,
                strict=strict,
                jobs=jobs,
                now=now,
                cache=cache,
                progress=progress,
                pool=workers.pool,
                on_language=on_language,
            )
            indexed = {lang: future.result() for lang, future in started.items()}
        with staged(out_dir, incremental=incremental) as stage:
            pages, written = publish(checked, content_dir, dirs, stage, cache, jobs, progress, indexed)
    except Exception as exc:
        cache.forget()
        from helpcenter.render.template_errors import template_problem

        problem = template_problem(exc)
        if problem is None:
            raise
        report = Report()
        report.add(problem)
        raise BuildFailed(report, strict) from exc
    except BaseException:
        cache.forget()
        raise
    finally:
        claim.release()
    cache.state.extra.update(
        published=stage.record,
        fingerprint=fingerprint(content_dir, dirs, checked.support),
        counts=(len(checked.site.articles), pages, len(checked.report.warnings)),
    )
    cache.save(out_dir)
    return BuildResult(checked.site, checked.report, len(checked.site.articles), pages, written)


def fingerprint(content_dir: Path, dirs: tuple[Path, ...], support: object | None) -> str:
    """Every input file's stat, and the roster's state now (upcoming holidays move with time)."""
    return Signer({})((files_fingerprint(content_dir, *dirs), support))


def nothing_changed(
    content_dir: Path, out_dir: Path, dirs: tuple[Path, ...], cache: BuildCache, now: dt.datetime, strict: bool
) -> BuildResult | None:
    """The fast path of a warm build: when no input changed, only support.json (stamped
    with the build time) is written again. None when there is real work to do."""
    counts = cache.previous.extra.get("counts")
    if cache.directory is None or counts is None or (strict and counts[2]):
        return None
    report = Report()
    support = load_support(content_dir, report, now)
    if report.problems or not cache.fingerprint_matches(fingerprint(content_dir, dirs, support), out_dir):
        return None
    record = cache.previous.extra.get("published")
    if not as_published(out_dir, record):  # a file added to or changed in the output since
        return None
    written = 0
    text = support_json(support) if support is not None else None
    if text is not None and (out_dir / "support.json").read_bytes() != text.encode():
        with staged(out_dir, incremental=True) as stage:
            stage.write("support.json", text)
            written = 1
        record = stage.record
    cache.keep_previous(out_dir, published=record)
    return BuildResult(None, report, counts[0], counts[1], written)


def support_json(support) -> str:
    return json.dumps(support.json, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def open_cache(
    content_dir: Path, out_dir: Path, base_url: str | None, dirs: tuple[Path, ...], cache_dir: Path | None
) -> BuildCache:
    directory = None
    if cache_dir is not None:
        key = hashlib.sha256(f"{content_dir.absolute()}\0{out_dir.absolute()}".encode()).hexdigest()[:16]
        directory = cache_dir / key
    return BuildCache(directory, salt(base_url, [str(d.absolute()) for d in dirs]))


def default_cache_dir(out_dir: Path) -> Path:
    return out_dir.absolute().parent / CACHE_DIR


def publish(
    checked: Checked,
    content_dir: Path,
    dirs: tuple[Path, ...],
    stage: Stage,
    cache: BuildCache,
    jobs: int,
    progress: Progress = silent,
    indexed: dict[str, tuple] | None = None,
) -> tuple[int, int]:
    """Write every output file whose inputs changed; returns (pages, files written)."""
    from helpcenter.content.static import check_collision
    from helpcenter.render.page_writer import write_pages

    pages = written = 0
    pending = []  # pages to render: all at the end, in worker processes when there are many
    seen: set[str] = set()
    collisions = Report()
    for rel, sig, make, is_page in outputs(checked, content_dir, dirs, stage, cache, jobs, progress, indexed or {}):
        if rel in seen:  # a static file of the content folder where the build generates one
            check_collision(content_dir, rel, collisions)
        seen.add(rel)
        pages += is_page
        same = cache.unchanged(rel, sig)  # also records the signature for the next build
        if stage.incremental and same:
            continue
        if is_page:
            pending.append((rel, make))
        else:
            stage.write(rel, make())
        written += 1
    if collisions.problems:
        raise BuildFailed(collisions, False)
    write_pages(pending, stage, jobs, progress)
    stage.remove(cache.removed_outputs())
    return pages, written


def outputs(
    checked: Checked,
    content_dir: Path,
    dirs: tuple[Path, ...],
    stage: Stage,
    cache: BuildCache,
    jobs: int,
    progress: Progress = silent,
    indexed: dict[str, tuple] | None = None,
) -> Iterator[Output]:
    """Every file of the site as (path, signature of its inputs, how to make it, is a page)."""
    from helpcenter.render.notices import notice_outputs
    from helpcenter.render.pages import PageRenderer, RenderInputs, theme_signature
    from helpcenter.render.sitemap import robots, sitemap
    from helpcenter.render.theme import collect_assets, load_strings

    site = checked.site
    related = yield from search_outputs(site, cache, jobs, stage.incremental, progress, indexed or {})
    assets = collect_assets(dirs)
    for name, asset in assets.items():
        yield f"assets/{name}", asset.version, lambda a=asset: a.data, False
    for rel in site.static_files:
        data = (content_dir / rel).read_bytes()
        yield rel, _digest(data), lambda d=data: d, False
    if checked.support is not None:
        text = support_json(checked.support)
        yield "support.json", _digest(text.encode()), lambda t=text: t, False
    for name, text in (("sitemap.xml", sitemap(site)), ("robots.txt", robots(site))):
        yield name, _digest(text.encode()), lambda t=text: t, False
    strings = load_strings(dirs, site.config.languages)
    renderer = PageRenderer(
        RenderInputs(
            site=site,
            theme_dirs=dirs,
            strings=strings,
            assets=assets,
            support=checked.support,
            related=related,
        )
    )
    # notices change nothing else: their files are signed by their own bytes
    yield from notice_outputs(site, checked.notices, checked.built_at or build_time(), renderer.notices_page, strings)
    signer = cache.signer()
    theme_sig = theme_signature(dirs)
    # Everything pages are made from, at once: when none of it changed, no page did.
    world_part = signer(
        (theme_sig, site.config, checked.support, strings, sorted((n, a.version) for n, a in assets.items()))
    )
    # (sources and related are plain strings and tuples: their repr is digest enough)
    world = _digest(repr((world_part, sorted(signer.sources.items()), sorted(related.items()))).encode())
    previous = cache.previous.extra.get("pages")
    if stage.incremental and previous is not None and previous[0] == world:
        cache.state.extra["pages"] = previous
        for rel in previous[1]:
            yield rel, cache.previous.outputs.get(rel, ""), unavailable(rel), True
        return
    rels = []
    for page in renderer.pages():
        rels.append(page.rel)
        yield (
            page.rel,
            page_signature(world_part, page, signer.sources),
            lambda p=page: renderer.render(p.template, p.context()),
            True,
        )
    cache.state.extra["pages"] = (world, rels)


def page_signature(world: str, page, sources: dict[str, str]) -> str:
    """What a page is made from: everything pages share, its template, and each article it
    shows (by URL and source digest: an article is a function of its file and the config)."""
    digest = hashlib.sha256(f"{world}\0{page.rel}\0{page.template}".encode())
    for article in page.shows:
        digest.update(
            b"\0-" if article is None else f"\0{article.path}\0{sources.get(str(article.source), '')}".encode()
        )
    return digest.hexdigest()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
