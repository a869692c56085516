"""Writers' commands: scaffold, move and mark articles, scaffold notices, report on feedback, copy the sample."""

from __future__ import annotations

from pathlib import Path

import click

from helpcenter.cli.options import CONTENT, content_exists, refuse


@click.command()
@click.argument("title")
@click.option("--category", required=True, help="Category id, as declared in site.toml.")
@click.option("--lang", help="Language (default: the one the title is written in).")
@click.option("--slug", help="File name without .md (default: from the title).")
@CONTENT
def new(title: str, category: str, lang: str | None, slug: str | None, content_dir: Path) -> None:
    """Create a new article with front matter, refusing to overwrite."""
    from helpcenter.dev.scaffold import new_article

    content_exists(content_dir)
    path = new_article(content_dir, title, category, lang, slug)
    click.echo(str(path))


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--from", "source_lang", metavar="LANG", help="The language translated from (default: the site's first).")
def translated(path: Path, source_lang: str | None) -> None:
    """Record that the translation PATH is up to date with its source (translated_from)."""
    from helpcenter.dev.translated import mark_translated

    source, value = mark_translated(path, source_lang)
    click.echo(f"{path}: translated_from: {value} ({source})")


@click.command()
@click.argument("old")
@click.argument("new")
@CONTENT
def mv(old: str, new: str, content_dir: Path) -> None:
    """Move or rename an article (like git mv), keeping its old URL as an alias and
    rewriting relative links to it in every language.

    OLD: content/en/transfers/pending.md, en/transfers/pending, or transfers/pending (every
    language). NEW: a file, transfers/new-slug, new-slug (same category), or security/."""
    from helpcenter.dev.move import MoveError, move

    content_exists(content_dir)
    try:
        moved = move(content_dir, old, new)
    except MoveError as exc:
        refuse(exc)
        return
    for item in moved.moves:
        kept = f" (alias /{item.alias})" if item.alias else " (a draft: no alias)"
        click.echo(f"moved {item.source.path} -> {item.target}{kept}")
    click.echo(f"rewrote {moved.links} link{'s' if moved.links != 1 else ''} in {moved.files} other files")


@click.group()
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

    content_exists(content_dir)
    click.echo(str(new_notice(content_dir, title, starts, hours)))


@click.command()
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


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
def init(directory: Path) -> None:
    """Copy the sample content (a fictional wallet's help center) into DIRECTORY/content."""
    from helpcenter.dev.scaffold import init_site

    click.echo(f"wrote {init_site(directory)}")
