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
from helpcenter.content.placeholders import scaffold_body
from helpcenter.dev.languages import title_languages
from helpcenter.errors import Report


def slugify(title: str) -> str:
    """A URL slug from a title: Latin letters as they are (accents dropped), Chinese
    characters as their pinyin (not in Japanese: kana mean kanji are not read in pinyin);
    empty when the title has neither."""
    han = any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in title)
    if han and not any("\u3040" <= ch <= "\u30ff" for ch in title):
        from pypinyin import lazy_pinyin  # only for titles with Han characters

        title = " ".join(lazy_pinyin(title))
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def choose_language(title: str, languages: tuple[str, ...]) -> str:
    """The site language `title` is written in, or a usage error that asks for --lang."""
    candidates = title_languages(title, languages)
    if len(candidates) == 1:
        return candidates[0]
    if (
        candidates
        and candidates[0].split("-")[0] != candidates[1].split("-")[0]
        and len([c for c in candidates if c.split("-")[0] == candidates[0].split("-")[0]]) == 1
    ):
        return candidates[0]  # e.g. Han only on a zh + ja site: Chinese (Japanese titles have kana)
    if candidates:
        raise click.UsageError(
            f"the title could be in {' or '.join(candidates)}: say which with --lang {candidates[0]}"
        )
    raise click.UsageError(
        f"the title's script matches none of the site's languages ({', '.join(languages)}): pass --lang"
    )


def new_article(
    content_dir: Path,
    title: str,
    category: str,
    lang: str | None,
    slug: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write content/<lang>/<category>/<slug>.md with front matter and the scaffold text
    of its language, as a draft: `check` flags it until the placeholders are replaced."""
    report = Report()
    config = load_config(content_dir, report)
    if config is None:
        raise click.ClickException("site.toml has problems:\n" + report.render())
    if not title.strip():
        raise click.BadParameter("the title is empty", param_hint="TITLE")
    lang = lang or choose_language(title, config.languages)
    if lang not in config.languages:
        raise click.BadParameter(f"'{lang}' is not one of {', '.join(config.languages)}", param_hint="--lang")
    if config.category(category) is None:
        known = ", ".join(c.id for c in config.categories)
        raise click.BadParameter(f"'{category}' is not declared in site.toml ({known})", param_hint="--category")
    slug = slug or slugify(title)
    if not slug:
        raise click.UsageError(
            "no file name can be made from this title (it has no Latin letters or Chinese characters): "
            "pass one with --slug, e.g. --slug lost-phone"
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", slug):  # also keeps the file inside the content folder
        raise click.BadParameter(
            f"'{slug}' cannot be a URL: use lowercase letters, digits, '-', '_' and '.'", param_hint="--slug"
        )
    path = content_dir / lang / category / f"{slug}.md"
    if path.exists():
        raise click.ClickException(f"{path} already exists; not overwriting it (choose another --slug)")
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    date = (today or dt.date.today()).isoformat()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {quoted}\nsummary: \ntags: []\nupdated: {date}\ndraft: true\n---\n\n" + scaffold_body(lang),
        encoding="utf-8",
    )
    return path


def init_site(directory: Path) -> Path:
    target = directory / "content"
    if target.exists():
        raise click.ClickException(f"{target} already exists; not overwriting it")
    shutil.copytree(bundled.sample_content_dir(), target)
    return target
