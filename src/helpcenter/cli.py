"""The command line: options only; each command calls one library function.

Work is imported inside the commands so `--help` stays instant.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

CONTENT = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="Content folder (site.toml, roster.toml, <lang>/<category>/<slug>.md).",
)
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
PREVIOUS_URLS = click.option(
    "--previous-urls",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="URL manifest (urls.txt) of the published site: warn about each URL this build drops.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="helpcenter")
def main() -> None:
    """Build multilingual self-service help centers from Markdown."""


def _fail(exc) -> None:
    """Print every problem of a failed build and exit 1 (no traceback: it is the input's fault)."""
    click.echo(exc.report.render("text"), err=True)
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def _refuse(exc: Exception) -> None:
    """An --out the build must not replace, or a bad environment: one line, exit 2."""
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


def _content_exists(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise click.UsageError(
            f"content folder '{content_dir}' not found (use --content DIR, or `helpcenter init` for a sample)"
        )


@main.command()
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
    from helpcenter.build.defaults import default_cache_dir
    from helpcenter.build.guard import UnsafeOutput
    from helpcenter.build.pipeline import build as run_build
    from helpcenter.errors import BadEnvironment, BuildFailed

    _content_exists(content_dir)
    started = time.perf_counter()
    from helpcenter.build.progress import Reporter

    cache_dir = None if no_cache else default_cache_dir(out_dir)
    progress = Reporter()
    try:
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
        _fail(exc)
        return
    except (UnsafeOutput, BadEnvironment) as exc:
        progress.close()
        _refuse(exc)
        return
    progress.close()
    if result.report.problems:
        click.echo(result.report.render("text"), err=True)
    for warning in result.cache_warnings:
        click.echo(f"warning: {warning}", err=True)
    elapsed = time.perf_counter() - started
    click.echo(
        f"built {result.articles} articles, {result.pages} pages into {out_dir} "
        f"in {elapsed:.2f}s ({result.written} files written, {len(result.report.warnings)} warnings)",
        err=True,
    )


@main.command()
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

    _content_exists(content_dir)
    previous = previous_urls or previous_manifest(content_dir.absolute().parent / "site")
    try:
        now = build_time()
        checked = run_check(content_dir, strict=strict, audits=True, now=now, previous_urls=previous)
    except BadEnvironment as exc:
        _refuse(exc)
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


@main.command()
@CONTENT
@click.option("--at", "at", metavar="ISO-TIME", help="Instant to evaluate, e.g. 2026-11-23T09:30+08:00 (default: now).")
@click.option("--tz", metavar="ZONE", help="Time zone to print times in (default: the team's).")
def roster(content_dir: Path, at: str | None, tz: str | None) -> None:
    """Show whether support is online at an instant, the next changes and weekly coverage."""
    from helpcenter.support.report import run

    sys.exit(run(content_dir, at, tz))


@main.command()
@click.argument("title")
@click.option("--category", required=True, help="Category id, as declared in site.toml.")
@click.option("--lang", help="Language (default: the one the title is written in).")
@click.option("--slug", help="File name without .md (default: from the title).")
@CONTENT
def new(title: str, category: str, lang: str | None, slug: str | None, content_dir: Path) -> None:
    """Create a new article with front matter, refusing to overwrite."""
    from helpcenter.dev.scaffold import new_article

    _content_exists(content_dir)
    path = new_article(content_dir, title, category, lang, slug)
    click.echo(str(path))


@main.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--from", "source_lang", metavar="LANG", help="The language translated from (default: the site's first).")
def translated(path: Path, source_lang: str | None) -> None:
    """Record that the translation PATH is up to date with its source (translated_from)."""
    from helpcenter.dev.translated import mark_translated

    source, value = mark_translated(path, source_lang)
    click.echo(f"{path}: translated_from: {value} ({source})")


@main.command()
@click.argument("old")
@click.argument("new")
@CONTENT
def mv(old: str, new: str, content_dir: Path) -> None:
    """Move or rename an article (like git mv), keeping its old URL as an alias and
    rewriting relative links to it in every language.

    OLD: content/en/transfers/pending.md, en/transfers/pending, or transfers/pending (every
    language). NEW: a file, transfers/new-slug, new-slug (same category), or security/."""
    from helpcenter.dev.move import MoveError, move

    _content_exists(content_dir)
    try:
        moved = move(content_dir, old, new)
    except MoveError as exc:
        _refuse(exc)
        return
    for item in moved.moves:
        kept = f" (alias /{item.alias})" if item.alias else " (a draft: no alias)"
        click.echo(f"moved {item.source.path} -> {item.target}{kept}")
    click.echo(f"rewrote {moved.links} link{'s' if moved.links != 1 else ''} in {moved.files} other files")


@main.group()
def notice() -> None:
    """Notices of known problems (content/notices/)."""


@notice.command("new")
@click.argument("title")
@click.option("--starts", required=True, metavar="'YYYY-MM-DD HH:MM'", help="When it starts, in the team's zone.")
@click.option("--hours", type=click.IntRange(1, 24 * 90), default=24, show_default=True, help="How long it lasts.")
@CONTENT
def notice_new(title: str, starts: str, hours: int, content_dir: Path) -> None:
    """Write a notice file with every site language to fill in."""
    from helpcenter.dev.scaffold import new_notice

    _content_exists(content_dir)
    click.echo(str(new_notice(content_dir, title, starts, hours)))


@main.command()
@click.argument("log", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="Rows per list.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Report format."
)
def feedback(log: Path, top: int, fmt: str) -> None:
    """Report on a feedback log (JSON lines from the [feedback] endpoint): the articles most
    often marked unhelpful and the searches that found nothing, per language."""
    import json

    from helpcenter.config.options import decode
    from helpcenter.dev.feedback_report import as_json, parse_log, render
    from helpcenter.errors import SourceError

    try:
        text = decode(log.read_bytes(), log)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{log}: {exc.strerror}") from exc
    report = parse_log(text)
    click.echo(
        json.dumps(as_json(report, top), ensure_ascii=False, indent=2) if fmt == "json" else render(report, top),
        nl=fmt == "json",
    )


@main.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
def init(directory: Path) -> None:
    """Copy the sample content (a fictional wallet's help center) into DIRECTORY/content."""
    from helpcenter.dev.scaffold import init_site

    click.echo(f"wrote {init_site(directory)}")


@main.command()
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
    from helpcenter.dev.serve import PortUnavailable
    from helpcenter.dev.serve import serve as run_serve
    from helpcenter.errors import BadEnvironment

    _content_exists(content_dir)
    try:
        run_serve(content_dir, out_dir, port, theme_dir)
    except (UnsafeOutput, BadEnvironment, PortUnavailable) as exc:
        _refuse(exc)


if __name__ == "__main__":
    main()
