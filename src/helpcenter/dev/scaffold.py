"""Writer helpers: a new article with correct front matter, and a sample content folder."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import click

from helpcenter import bundled
from helpcenter.config.site import load_config
from helpcenter.errors import Report


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def new_article(
    content_dir: Path,
    title: str,
    category: str,
    lang: str | None,
    slug: str | None = None,
    today: dt.date | None = None,
) -> Path:
    report = Report()
    config = load_config(content_dir, report)
    if config is None:
        raise click.ClickException("site.toml has problems:\n" + report.render())
    lang = lang or config.default_language
    if lang not in config.languages:
        raise click.BadParameter(f"'{lang}' is not one of {', '.join(config.languages)}", param_hint="--lang")
    if config.category(category) is None:
        known = ", ".join(c.id for c in config.categories)
        raise click.BadParameter(f"'{category}' is not declared in site.toml ({known})", param_hint="--category")
    slug = slug or slugify(title)
    if not slug:
        raise click.BadParameter(
            "the title has no Latin letters to make a file name from; pass --slug", param_hint="--slug"
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", slug):  # also keeps the file inside the content folder
        raise click.BadParameter(
            f"'{slug}' cannot be a URL: use lowercase letters, digits, '-', '_' and '.'", param_hint="--slug"
        )
    path = content_dir / lang / category / f"{slug}.md"
    if path.exists():
        raise click.ClickException(f"{path} already exists; not overwriting it")
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    date = (today or dt.date.today()).isoformat()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {quoted}\nsummary: \ntags: []\nupdated: {date}\n---\n\n"
        "Start with the answer in one or two sentences.\n\n## Steps\n\n1. \n",
        encoding="utf-8",
    )
    return path


def init_site(directory: Path) -> Path:
    target = directory / "content"
    if target.exists():
        raise click.ClickException(f"{target} already exists; not overwriting it")
    shutil.copytree(bundled.sample_content_dir(), target)
    return target
