"""`helpcenter mv OLD NEW`: move or rename an article the way `git mv` moves a file, and keep
every URL and link working: the old URL goes into the article's `aliases:` (the rest of the
file kept byte for byte) and every relative link to it, in every language, is rewritten.

OLD is an article's file, `<lang>/<category>/<slug>` or `<category>/<slug>` (every language
that has it). NEW is a file, `<category>/<slug>`, a slug in the same category, or a category
folder ending in `/`. Bad arguments raise MoveError: one line for the command line.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from helpcenter.config.options import did_you_mean
from helpcenter.config.site import load_config
from helpcenter.content import frontmatter, translations
from helpcenter.content.articles import content_digest
from helpcenter.content.sources import _SLUG, Source, discover
from helpcenter.errors import Report, SourceError
from helpcenter.model import SiteConfig


class MoveError(Exception):
    """A usage error of `helpcenter mv`, said in one line."""


@dataclass(frozen=True)
class Move:
    source: Source
    target: Path
    alias: str | None  # the old URL below the site root (None for a draft: it was never published)


@dataclass(frozen=True)
class Moved:
    moves: tuple[Move, ...]
    links: int  # relative links rewritten
    files: int  # in this many files


def move(content_dir: Path, old: str, new: str) -> Moved:
    report = Report()
    config = load_config(content_dir, report, None)
    if config is None:
        raise MoveError(f"{content_dir / 'site.toml'} has problems: run `helpcenter check` and fix them first")
    sources = discover(content_dir, config, Report())
    chosen = _old(content_dir, sources, old)
    moves = tuple(_move(content_dir, config, source, new, len(chosen)) for source in chosen)
    texts = {s.path: s.path.read_bytes().decode("utf-8", "surrogateescape") for s in sources}
    changed: dict[Path, str] = {}
    links = 0
    where = {m.source.path: m.target for m in moves}
    for source in sources:
        text, count = rewrite_links(texts[source.path], content_dir, source.path, where)
        links += count
        move_here = next((m for m in moves if m.source is source), None)
        if move_here is not None and move_here.alias is not None:
            text = add_alias(text, "/" + move_here.alias)
        if text != texts[source.path] or move_here is not None:
            changed[source.path] = text
    _translations_follow(content_dir, texts, changed, where)
    for path, text in changed.items():
        target = where.get(path, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.with_name(f".{target.name}.mv-tmp")
        scratch.write_bytes(text.encode("utf-8", "surrogateescape"))
        os.replace(scratch, target)
        if target != path:
            path.unlink()
    files = sum(1 for path, text in changed.items() if text != texts[path] and path not in where)
    return Moved(moves, links, files)


def _translations_follow(
    content_dir: Path, texts: dict[Path, str], changed: dict[Path, str], where: dict[Path, Path]
) -> None:
    """A link rewritten by the move changes its article's text, not its meaning: a translation
    that was current (`translated_from: <lang>@<digest>`) is recorded current again."""
    final = {where.get(path, path): path for path in texts}
    for path, text in list(changed.items()):
        before, after = _digest(texts[path], path), _digest(text, path)
        if before is None or after is None or before == after:
            continue
        lang, category, name = where.get(path, path).relative_to(content_dir).parts[-3:]
        for other in content_dir.iterdir():
            sibling = final.get(content_dir / other.name / category / name)
            if sibling is None or other.name == lang:
                continue
            current = changed.get(sibling, texts[sibling])
            if f"translated_from: {lang}@{before}" in current:
                changed[sibling] = translations.mark(current, lang, after)


def _digest(text: str, path: Path) -> str | None:
    try:
        fm = frontmatter.split(text, path)
    except SourceError:
        return None
    title = fm.meta.get("title")
    return content_digest(str(title) if title is not None else path.stem.lower(), fm.body)


# -- which articles, to where ---------------------------------------------------------------------


def _old(content_dir: Path, sources: list[Source], old: str) -> list[Source]:
    if old.endswith((".md", ".markdown")):
        path = Path(old)
        for candidate in (path, content_dir / path):
            found = [s for s in sources if candidate.exists() and s.path.resolve() == candidate.resolve()]
            if found:
                return found
        known = [s.path.relative_to(content_dir).as_posix() for s in sources]
        hint = did_you_mean(old.removeprefix(f"{content_dir.as_posix()}/"), known)
        raise MoveError(f"'{old}' is not an article of {content_dir}{hint}")
    parts = old.strip("/").split("/")
    if len(parts) == 3:
        found = [s for s in sources if (s.lang, s.category, s.slug) == tuple(parts)]
        known = [f"{s.lang}/{s.category}/{s.slug}" for s in sources]
    elif len(parts) == 2:
        found = [s for s in sources if (s.category, s.slug) == tuple(parts)]
        known = [f"{s.category}/{s.slug}" for s in sources]
    elif len(parts) == 1:
        found = [s for s in sources if s.slug == parts[0]]
        known = [s.slug for s in sources]
        if len({s.category for s in found}) > 1:
            where = ", ".join(sorted({f"{s.category}/{s.slug}" for s in found}))
            raise MoveError(f"'{old}' is in more than one category ({where}): name one as <category>/<slug>")
    else:
        found, known = [], []
    if not found:
        raise MoveError(
            f"no article '{old}'{did_you_mean(old.strip('/'), sorted(set(known)))}: name it by its file "
            "(content/en/transfers/pending.md), <lang>/<category>/<slug> or <category>/<slug>"
        )
    return found


def _move(content_dir: Path, config: SiteConfig, source: Source, new: str, count: int) -> Move:
    lang, category, slug = source.lang, source.category, source.slug
    suffix = source.path.suffix
    if new.endswith((".md", ".markdown")):
        if count > 1:
            raise MoveError(f"'{new}' is one file, but the article is in {count} languages: write <category>/<slug>")
        parts = _inside(content_dir, new)
        if len(parts) != 3:
            raise MoveError(f"'{new}' is not an article's place: articles live at <lang>/<category>/<slug>.md")
        new_lang, category, name = parts
        slug, suffix = name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1]
        _same_language(lang, new_lang, new)
    elif new.endswith("/") or Path(new).is_dir():
        parts = _inside(content_dir, new.rstrip("/")) if Path(new).is_dir() else new.strip("/").split("/")
        if len(parts) == 2:
            _same_language(lang, parts[0], new)
        category = parts[-1]
    else:
        parts = new.strip("/").split("/")
        if len(parts) == 3:
            _same_language(lang, parts[0], new)
        if len(parts) > 3:
            raise MoveError(f"'{new}' is not an article's place: write <category>/<slug>, a slug, or a file")
        category, slug = (category, parts[-1]) if len(parts) == 1 else (parts[-2], parts[-1])
    categories = [c.id for c in config.categories]
    if category not in categories:
        hint = did_you_mean(category, categories) or f" (categories: {', '.join(categories)})"
        raise MoveError(f"category '{category}' is not declared in site.toml{hint}")
    if not _SLUG.match(slug):
        raise MoveError(f"'{slug}' cannot be a URL: use lowercase letters, digits, '-', '_' and '.'")
    target = content_dir / lang / category / f"{slug}{suffix}"
    if (lang, category, slug) == (source.lang, source.category, source.slug):
        raise MoveError(f"{source.path} is already there")
    taken = [p for p in target.parent.glob(f"{slug}.*") if p.suffix in (".md", ".markdown")]
    if taken:
        raise MoveError(f"{taken[0]} already exists: refusing to overwrite it")
    return Move(source, target, _alias(source, f"{lang}/{category}/{slug}/"))


def _inside(content_dir: Path, given: str) -> list[str]:
    path = Path(given)
    for candidate in (path, content_dir / path):
        try:
            return list(candidate.absolute().relative_to(content_dir.absolute()).parts)
        except ValueError:
            continue
    raise MoveError(f"'{given}' is outside the content folder {content_dir}")


def _same_language(lang: str, new_lang: str, new: str) -> None:
    if new_lang != lang:
        raise MoveError(
            f"'{new}' is in '{new_lang}', the article in '{lang}': a translation is its own file; "
            "move within a language"
        )


def _alias(source: Source, new_path: str) -> str | None:
    """The article's URL, unless it is a draft (never published). Its front matter must read."""
    try:
        fm = frontmatter.split(source.path.read_text(encoding="utf-8"), source.path)
    except (SourceError, UnicodeDecodeError) as exc:
        raise MoveError(f"{source.path}: its front matter cannot be read; fix it first ({exc})") from None
    listed = fm.meta.get("aliases")
    listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    if any(isinstance(a, str) and a.strip().strip("/") == new_path.strip("/") for a in listed):
        raise MoveError(f"/{new_path} is one of {source.path.name}'s aliases: remove it from aliases first")
    return None if fm.meta.get("draft") is True else f"{source.lang}/{source.category}/{source.slug}/"


# -- editing the files (pure) -----------------------------------------------------------------------

_ALIASES = re.compile(r"^aliases\s*:(?P<rest>[^\r\n]*)")
_ITEM = re.compile(r"^(?P<indent>\s*)-\s")


def add_alias(text: str, url: str) -> str:
    """`url` added to the front matter's `aliases:`, everything else byte for byte."""
    lines = text.splitlines(keepends=True)
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    eol = lines[0][len(lines[0].rstrip("\r\n")) :] or "\n"
    at = next((i for i in range(1, close) if _ALIASES.match(lines[i])), None)
    if at is None:
        return "".join([*lines[:close], f"aliases: [{url}]{eol}", *lines[close:]])
    line = lines[at]
    rest = _ALIASES.match(line).group("rest")  # type: ignore[union-attr]
    value = rest.strip()
    end = line[len(line.rstrip("\r\n")) :]
    head = line[: len(line.rstrip("\r\n")) - len(rest)]
    if not value:
        items = [i for i in range(at + 1, close) if _ITEM.match(lines[i])]
        if not items:
            return "".join([*lines[:at], f"{head} [{url}]{end}", *lines[at + 1 :]])
        indent = _ITEM.match(lines[items[0]]).group("indent")  # type: ignore[union-attr]
        last = items[-1]
        return "".join([*lines[: last + 1], f"{indent}- {url}{eol}", *lines[last + 1 :]])
    if value.startswith("[") and value.endswith("]"):
        inner = value[1:-1].strip()
        listed = f"[{inner}, {url}]" if inner else f"[{url}]"
        return "".join([*lines[:at], f"{head} {listed}{end}", *lines[at + 1 :]])
    if value[0] not in "[{|>&*!#":
        return "".join([*lines[:at], f"{head} [{value}, {url}]{end}", *lines[at + 1 :]])
    raise MoveError(f"'aliases:' is written in a form this command does not edit; add {url} to it by hand")


_INLINE = re.compile(r"(\]\(\s*<?)([^)\s>]+)(?=>?(?:\s+[\"'(][^)]*)?\s*\))")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(?:\s|$))", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def rewrite_links(text: str, content_dir: Path, path: Path, where: dict[Path, Path]) -> tuple[str, int]:
    """Relative links in the file at `path` that point to a moved file, pointed at its new
    place; when the file itself moves (`where`), every relative link re-aimed from there."""
    here = path.parent.relative_to(content_dir).as_posix()
    there = where.get(path, path).parent.relative_to(content_dir).as_posix()
    moved = {k.relative_to(content_dir).as_posix(): v.relative_to(content_dir).as_posix() for k, v in where.items()}
    count = 0

    def fix(target: str) -> str:
        nonlocal count
        if not target or "://" in target or target.startswith(("/", "#", "mailto:", "tel:", "data:", "javascript:")):
            return target
        path_part, mark, rest = _split(target)
        if not path_part:
            return target
        old = posixpath.normpath(posixpath.join(here, unquote(path_part)))
        if old.startswith(".."):
            return target
        new = moved.get(old)
        if new is None and here == there:
            return target
        count += 1
        return posixpath.relpath(new or old, there) + mark + rest

    out, fenced = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced:
            line = _INLINE.sub(lambda m: m.group(1) + fix(m.group(2)), line)
            line = _REFERENCE.sub(lambda m: m.group(1) + fix(m.group(2)), line)
        out.append(line)
    return "".join(out), count


def _split(target: str) -> tuple[str, str, str]:
    for mark in ("#", "?"):
        if mark in target:
            path, rest = target.split(mark, 1)
            return path, mark, rest
    return target, "", ""
