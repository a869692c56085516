"""build(): the stages of a build, in order, one named call each (MkDocs' build())."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.build.cache import BuildCache
from helpcenter.build.cache_files import not_saved
from helpcenter.build.claim import claim_output
from helpcenter.build.collector import rare_collections
from helpcenter.build.defaults import build_time, default_jobs, previous_manifest
from helpcenter.build.fast_path import fingerprint, input_digests, inputs_unchanged, nothing_changed
from helpcenter.build.outputs import Checked, page_inputs, publish
from helpcenter.build.progress import Progress, silent
from helpcenter.build.publish import Stage, staged
from helpcenter.build.result import BuildResult
from helpcenter.build.state import BuildCounts, salt
from helpcenter.config.site import load_config
from helpcenter.errors import BuildFailed, Report
from helpcenter.model import Article, Site
from helpcenter.render.theme import theme_dirs
from helpcenter.support.notices import load_notices
from helpcenter.support.stage import load_support

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from helpcenter.build.early import Started

# Markdown, Jinja, Whoosh, the segmenter, the search stage and the worker pool are imported
# where they are used, so a rebuild with nothing (or only notices) to do does not pay for them.


@rare_collections()
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
    previous_urls: Path | None = None,
    render_inputs: bool = False,
) -> BuildResult:
    """Build `content_dir` into `out_dir`. With a `cache_dir`, a build redoes only what
    depends on what changed; its output is byte-identical to a cold build's. A URL of the
    previous output (or of the `previous_urls` manifest) that this build drops is a warning.
    `render_inputs`: the result must carry what pages render from (`rendered_from`), even
    when nothing changed (the preview's quick page needs it)."""
    now = now or build_time()
    jobs = jobs or default_jobs()
    # one spelling of every input path, whatever the current folder: the cache is keyed by them
    content_dir, out_dir = content_dir.absolute(), out_dir.absolute()
    dirs = theme_dirs(content_dir, theme.absolute() if theme is not None else None)
    cache = open_cache(content_dir, out_dir, base_url, dirs, cache_dir)
    claim = claim_output(content_dir, out_dir, dirs)  # refuses an --out that holds anything else
    cache.check_output_soon(out_dir)  # whether the output is as the last build left it, meanwhile
    started: Started | None = None
    try:
        # before any input is read: a file saved while this build runs is a change to the next one
        digests = input_digests(content_dir, dirs, cache)
        with failure_forgets(cache, strict):
            if not previous_urls and not render_inputs:
                unchanged = nothing_changed(content_dir, out_dir, dirs, digests, cache, now, strict)
                if unchanged is not None:
                    return unchanged
            if (
                render_inputs
                and not previous_urls
                and inputs_unchanged(content_dir, out_dir, digests, cache, now, strict)
            ):
                loaded = check(
                    content_dir, base_url=base_url, strict=strict, jobs=jobs, now=now, cache=cache, themes=dirs
                )
                return inputs_again(loaded, dirs, cache)
            incremental = cache.reusable_output(out_dir)
            previous = previous_urls or previous_manifest(out_dir)
            checked, started = check_and_index(
                content_dir, dirs, base_url, strict, jobs, now, cache, incremental, progress, previous
            )
            before = cache.previous.published if incremental else None
            with staged(out_dir, incremental=incremental, spare=cache.previous.spare, before=before) as stage:
                pages, written = publish(checked, content_dir, dirs, stage, cache, jobs, progress, started)
    finally:
        if started is not None:
            started.reap()
        cache.settle()
        claim.release()
    remember(cache, out_dir, fingerprint(digests, checked.support), checked, pages, stage)
    return BuildResult(
        checked.site,
        checked.report,
        len(checked.site.articles),
        pages,
        written,
        tuple(cache.warnings),
        cache.rendered_from,
    )


# -- the stages, in the order build() calls them ----------------------------------------------


def open_cache(
    content_dir: Path, out_dir: Path, base_url: str | None, dirs: tuple[Path, ...], cache_dir: Path | None
) -> BuildCache:
    directory = None
    if cache_dir is not None:
        key = hashlib.sha256(f"{content_dir.absolute()}\0{out_dir.absolute()}".encode()).hexdigest()[:16]
        directory = cache_dir / key
    return BuildCache(directory, salt(base_url, [str(d.absolute()) for d in dirs]))


@contextmanager
def failure_forgets(cache: BuildCache, strict: bool) -> Iterator[None]:
    """A failed build tells the cache (BuildCache.failed); a template's mistake, wherever
    met, is reported as a problem in the template."""
    try:
        yield
    except Exception as exc:
        cache.failed()
        from helpcenter.render.template_errors import template_problem

        problem = template_problem(exc)
        if problem is None:
            raise
        report = Report()
        report.add(problem)
        raise BuildFailed(report, strict) from exc
    except BaseException:
        cache.failed()
        raise


def inputs_again(checked: Checked, dirs: tuple[Path, ...], cache: BuildCache) -> BuildResult:
    """What pages render from, when no input changed since the previous build: the site as
    check() loaded it (from the cache), the related lists that build kept; nothing written."""
    related = {key: value for state in cache.previous.search.values() for key, value in state.related.items()}
    counts = cache.previous.counts
    pages = counts.pages if counts is not None else 0
    inputs = page_inputs(checked, dirs, cache, related)
    return BuildResult(
        checked.site, checked.report, len(checked.site.articles), pages, 0, tuple(cache.warnings), inputs
    )


def check_and_index(
    content_dir: Path,
    dirs: tuple[Path, ...],
    base_url: str | None,
    strict: bool,
    jobs: int,
    now: dt.datetime,
    cache: BuildCache,
    incremental: bool,
    progress: Progress,
    previous_urls: Path | None = None,
) -> tuple[Checked, Started]:
    """check(), with the search work of each language started as soon as it is parsed
    (build.early); returns the languages indexed meanwhile and the patches started."""
    from helpcenter.build.early import Started, starter
    from helpcenter.build.trim import give_back
    from helpcenter.build.workers import Workers

    started = Started()
    try:
        with Workers(jobs) as workers:
            checked = check(
                content_dir,
                base_url=base_url,
                strict=strict,
                jobs=jobs,
                now=now,
                cache=cache,
                progress=progress,
                pool=workers.pool,
                on_language=starter(cache, incremental, jobs, workers, started),
                themes=dirs,
                previous_urls=previous_urls,
            )
            give_back()  # what reading the articles freed (the workers' answers), while a language indexes
            for lang, future in started.futures.items():
                started.indexed[lang] = future.result()
                # what indexing freed goes back to the system, while the last language indexes:
                # an idle worker of 50,000 articles held a gigabyte until the pool stopped
                for _ in range(jobs):
                    workers.pool.submit(give_back)
            return checked, started
    except BaseException:
        started.reap()  # the pool has stopped: each index it started has finished, or never will
        raise


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
    on_language: Callable[[Site, str, list[Article]], None] | None = None,
    themes: tuple[Path, ...] | None = None,
    previous_urls: Path | None = None,
) -> Checked:
    """Load and validate everything a build would, writing nothing. Raises BuildFailed.

    `audits` adds what only `helpcenter check` reports: unofficial contact points,
    images without alt text, missing translations and orphan articles. `previous_urls`:
    a manifest of URLs published before; each one this site drops is a warning.
    """
    from helpcenter.content.loading import load_site
    from helpcenter.content.static import check_active_files, check_readable
    from helpcenter.render.theme_check import check_theme
    from helpcenter.search.synonyms import load as load_synonyms

    report = Report()
    config = load_config(content_dir, report, base_url)
    if config is None:
        raise BuildFailed(report, strict)
    now = now or build_time()
    support = load_support(content_dir, report, now, config.languages)
    channels = list(support.json.get("order", [])) if support is not None else []
    zone = support.timezone if support is not None else "UTC"
    categories = [c.id for c in config.categories]
    notices = load_notices(content_dir, report, config.languages, categories, channels, zone)
    load_synonyms(content_dir, report)  # reported here; the search stage reads them again
    ready = (lambda lang, articles: on_language(Site(config, ()), lang, articles)) if on_language else None
    site = load_site(content_dir, config, report, jobs or default_jobs(), cache, progress, pool, ready)
    check_active_files(content_dir, site, report)
    check_readable(content_dir, site, report)
    check_urls(site, report, previous_urls)
    theme_broken = check_theme(themes or theme_dirs(content_dir), report)
    if audits:
        from helpcenter.content.lint import audit
        from helpcenter.render.theme import warn_missing_strings
        from helpcenter.support.languages import warn_untranslated

        audit(site, report)
        from helpcenter.content import reviews, translations

        translations.check(site, report)
        reviews.report_overdue(site, now.date(), report)
        if not theme_broken:
            warn_missing_strings(config.path, theme_dirs(content_dir), config.languages, report)
        if support is not None:
            warn_untranslated(content_dir / "roster.toml", config.languages, report)
    if report.failed(strict):
        raise BuildFailed(report, strict, site)
    return Checked(site, support, report, notices, now)


def check_urls(site: Site, report: Report, previous_urls: Path | None) -> None:
    """Aliases that clash with a live URL or with each other; URLs published before that
    this site would drop."""
    from helpcenter.content.aliases import check as check_aliases
    from helpcenter.render.manifest import describe, page_urls, report_vanished

    check_aliases(site, page_urls(site), report, describe)
    if previous_urls is not None:
        report_vanished(site, previous_urls, report)


def remember(cache: BuildCache, out_dir: Path, fingerprint: str, checked: Checked, pages: int, stage: Stage) -> None:
    """Save what this build did, for the next one."""
    cache.state.fingerprint = fingerprint
    cache.state.published = stage.record
    cache.state.spare = stage.spare
    cache.state.counts = BuildCounts(len(checked.site.articles), pages, tuple(checked.report.problems))
    try:
        cache.save(out_dir)
    except OSError as exc:  # the site is published already: the next build is merely cold
        cache.forget_quietly()
        cache.warnings.append(not_saved(exc))
