"""Commands that build, check and preview a site, and report on its roster."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from helpcenter.cli.options import CONTENT, PREVIOUS_URLS, STRICT, content_exists, fail, refuse


@click.command()
@CONTENT
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Output folder (a link to the published version); replaced only when the build succeeds.",
)
@click.option("--base-url", help="Public URL of the site, e.g. https://example.com/help/ (overrides site.toml).")
@click.option(
    "--theme",
    "theme_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Theme folder whose files override the default theme's.",
)
@click.option("--jobs", type=click.IntRange(1, 64), help="Worker processes (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Rebuild everything; ignore and do not write the build cache.")
@PREVIOUS_URLS
@STRICT
def build(
    content_dir: Path,
    out_dir: Path,
    base_url: str | None,
    theme_dir: Path | None,
    jobs: int | None,
    no_cache: bool,
    previous_urls: Path | None,
    strict: bool,
) -> None:
    """Build the site into the output folder."""
    from helpcenter.build.collector import last_build
    from helpcenter.build.defaults import default_cache_dir
    from helpcenter.build.guard import UnsafeOutput
    from helpcenter.build.pipeline import build as run_build
    from helpcenter.errors import BadEnvironment, BuildFailed

    content_exists(content_dir)
    started = time.perf_counter()
    from helpcenter.build.progress import Reporter

    cache_dir = None if no_cache else default_cache_dir(out_dir)
    progress = Reporter()
    try:
        with last_build():  # the program ends with it (cli.run)
            result = run_build(
                content_dir,
                out_dir,
                base_url=base_url,
                strict=strict,
                theme=theme_dir,
                jobs=jobs,
                cache_dir=cache_dir,
                progress=progress,
                previous_urls=previous_urls,
            )
    except BuildFailed as exc:
        progress.close()
        fail(exc)
        return
    except (UnsafeOutput, BadEnvironment) as exc:
        progress.close()
        refuse(exc)
        return
    progress.close()
    if result.report.problems:
        click.echo(result.report.render("text"), err=True)
    for warning in result.cache_warnings:
        click.echo(f"warning: {warning}", err=True)
    elapsed = time.perf_counter() - started
    click.echo(
        built_line(result.articles, result.pages, out_dir, elapsed, result.written, len(result.report.warnings)),
        err=True,
    )


@click.command()
@CONTENT
@STRICT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="github prints ::error annotations for pull requests.",
)
@click.option("--reviews", is_flag=True, help="Also list every article's review due date, soonest first.")
@PREVIOUS_URLS
def check(content_dir: Path, strict: bool, fmt: str, reviews: bool, previous_urls: Path | None) -> None:
    """Validate content, links and roster without writing a site (and compare its URLs with
    --previous-urls, or the manifest of site/ beside the content folder)."""
    from helpcenter.build.defaults import build_time, previous_manifest
    from helpcenter.build.pipeline import check as run_check
    from helpcenter.errors import BadEnvironment, BuildFailed, failed_with

    content_exists(content_dir)
    previous = previous_urls or previous_manifest(content_dir.absolute().parent / "site")
    try:
        now = build_time()
        checked = run_check(content_dir, strict=strict, audits=True, now=now, previous_urls=previous)
    except BadEnvironment as exc:
        refuse(exc)
        return
    except BuildFailed as exc:
        if reviews and exc.site is not None:
            _review_list(exc.site, now)
        click.echo(exc.report.render(fmt))
        if fmt == "text":
            click.echo(f"error: {failed_with('check', exc.count)}", err=True)
        sys.exit(1)
    if reviews:
        _review_list(checked.site, now)
    if checked.report.problems or fmt == "json":
        click.echo(checked.report.render(fmt))
    if fmt == "text":
        report = checked.report
        click.echo(
            f"ok: {len(checked.site.articles)} articles, {len(report.warnings)} warnings, {len(report.notes)} notes",
            err=True,
        )


def _review_list(site, now) -> None:
    from helpcenter.content.reviews import format_list, review_list

    click.echo(format_list(review_list(site), now.date()), err=True)


@click.command()
@CONTENT
@click.option("--at", "at", metavar="ISO-TIME", help="Instant to evaluate, e.g. 2026-11-23T09:30+08:00 (default: now).")
@click.option("--tz", metavar="ZONE", help="Time zone to print times in (default: the team's).")
def roster(content_dir: Path, at: str | None, tz: str | None) -> None:
    """Show whether support is online at an instant, the next changes and weekly coverage."""
    from helpcenter.support.report import run

    sys.exit(run(content_dir, at, tz))


@click.command()
@CONTENT
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".helpcenter-serve"),
    show_default=True,
    help="Where the preview is built.",
)
@click.option(
    "--theme",
    "theme_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Theme folder whose files override the default theme's.",
)
def serve(content_dir: Path, port: int, out_dir: Path, theme_dir: Path | None) -> None:
    """Serve the site locally and rebuild it on every save (live reload)."""
    from helpcenter.build.guard import UnsafeOutput
    from helpcenter.dev.serve import serve as run_serve
    from helpcenter.dev.server import PortUnavailable
    from helpcenter.errors import BadEnvironment

    content_exists(content_dir)
    try:
        run_serve(content_dir, out_dir, port, theme_dir)
    except (UnsafeOutput, BadEnvironment, PortUnavailable) as exc:
        refuse(exc)


def built_line(articles: int, pages: int, out_dir: Path, elapsed: float, written: int, warnings: int) -> str:
    """The build's last line: "built 54 articles, 70 pages into site in 0.08s (1 file written, 0 warnings)"."""
    from helpcenter.errors import counted

    return (
        f"built {counted(articles, 'article')}, {counted(pages, 'page')} into {out_dir} "
        f"in {elapsed:.2f}s ({counted(written, 'file')} written, {counted(warnings, 'warning')})"
    )
