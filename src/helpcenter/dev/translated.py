"""`helpcenter translated PATH`: record in a translation which version of its source it
was made from (content/translations.py explains the `translated_from` key)."""

from __future__ import annotations

from pathlib import Path

import click

from helpcenter.config.options import decode, did_you_mean
from helpcenter.config.site import load_config
from helpcenter.content import frontmatter, translations
from helpcenter.content.articles import content_digest
from helpcenter.errors import Report, SourceError


def mark_translated(path: Path, source_lang: str | None) -> tuple[Path, str]:
    """Write `translated_from` into the article at `path`; returns (source file, the value).
    Problems are usage errors: one line, exit 2."""
    if not path.is_file() or path.suffix != ".md":
        raise click.UsageError(f"'{path}' is not an article file (<lang>/<category>/<slug>.md)")
    lang_dir = path.parent.parent
    content_dir = lang_dir.parent
    report = Report()
    config = load_config(content_dir, report)
    if config is None or path.parent.parent.name not in config.languages:
        raise click.UsageError(f"'{path}' is not inside a language folder of a content folder with a site.toml")
    lang = lang_dir.name
    others = [
        other
        for other in config.languages
        if other != lang and (content_dir / other / path.parent.name / path.name).is_file()
    ]
    if source_lang is None:
        if not others:
            raise click.UsageError(f"no other language has {path.parent.name}/{path.name}: nothing it translates")
        if len(others) > 1 and config.default_language not in others:
            raise click.UsageError(f"{' and '.join(others)} have this article: say which with --from {others[0]}")
        source_lang = config.default_language if config.default_language in others else others[0]
    elif source_lang not in others:
        raise click.UsageError(
            f"--from {source_lang}: no such version of {path.parent.name}/{path.name}"
            f"{did_you_mean(source_lang, others)}" + (f" (it exists in {', '.join(others)})" if others else "")
        )
    source = content_dir / source_lang / path.parent.name / path.name
    value = f"{source_lang}@{_digest(source)}"
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        marked = translations.mark(text, source_lang, value.split("@", 1)[1])
    except ValueError as exc:
        raise click.UsageError(f"{path}: {exc}") from None
    if marked != text:
        path.write_bytes(marked.encode("utf-8"))
    return source, value


def _digest(source: Path) -> str:
    try:
        fm = frontmatter.split(decode(source.read_bytes(), source), source)
    except SourceError as exc:
        raise click.UsageError(f"{exc}: fix the source first") from None
    title = fm.meta.get("title")
    return content_digest(str(title) if title is not None else source.stem.lower(), fm.body)
