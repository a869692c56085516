"""What the commands share: common options, and how a command reports failure."""

from __future__ import annotations

import sys
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


def fail(exc) -> None:
    """Print every problem of a failed build and exit 1 (no traceback: it is the input's fault)."""
    click.echo(exc.report.render("text"), err=True)
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def refuse(exc: Exception) -> None:
    """An --out the build must not replace, or a bad environment: one line, exit 2."""
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


def content_exists(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise click.UsageError(
            f"content folder '{content_dir}' not found (use --content DIR, or `helpcenter init` for a sample)"
        )
