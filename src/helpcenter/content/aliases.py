"""Front matter `aliases:`: the old URLs of an article, each published as a redirect to it.

`read` takes them from a front matter and `parse` reads one alias as written (both pure);
`check` runs once every article is known and reports an alias that is a live URL, or one
claimed by two articles. An alias is written as the old URL's path below the site's base
URL, e.g. `/en/transfers/old-slug/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from helpcenter.config.options import describe
from helpcenter.content import frontmatter
from helpcenter.errors import Problem, Report, line_of
from helpcenter.model import Alias, Article, Site

T = TypeVar("T")

EXAMPLE = "/en/transfers/old-slug/"
PAGE_SUFFIXES = (".html", ".htm")  # a redirect page is HTML: a folder URL or an .html file
RESERVED = ("assets/", "search/", "__helpcenter/")  # the build's own files; the preview server's
_UNSAFE = re.compile(r"[\s\\\x00-\x1f\x7f]")


class AliasProblem(ValueError):
    """Why an alias as written cannot be used, with how to fix it."""


def parse(value: str, base_path: str = "/") -> str:
    """An alias as written -> its path below the site root, without the leading slash
    (`en/transfers/old-slug/`). Raises AliasProblem saying what is wrong and how to fix it."""
    text = value.strip()
    if not text:
        raise AliasProblem(f"an alias is empty: write the old URL's path, such as {EXAMPLE}")
    if "://" in text or text.startswith("//"):
        return _from_url(text, base_path)
    if not text.startswith("/"):
        guess = "/" + text.removesuffix(".md").removeprefix("./") + ("/" if text.endswith(".md") else "")
        raise AliasProblem(
            f"alias '{text}' must be a path from the site's root, starting with '/' (did you mean '{guess}'?)"
        )
    if base_path != "/" and text.startswith(base_path):
        raise AliasProblem(
            f"alias '{text}' starts with the site's base path {base_path}: write the path below it "
            f"(did you mean '/{text[len(base_path) :]}'?)"
        )
    if "?" in text or "#" in text:
        path = text.split("?", 1)[0].split("#", 1)[0]
        raise AliasProblem(f"alias '{text}' has a query or an #anchor: write the path alone (did you mean '{path}'?)")
    if _UNSAFE.search(text):
        fixed = _UNSAFE.sub("-", text.replace("\\", "/"))
        raise AliasProblem(
            f"alias '{text}' contains a space or a backslash, which a URL cannot: did you mean '{fixed}'?"
        )
    if "*" in text or "/:" in text:
        raise AliasProblem(
            f"alias '{text}' contains '*' or a segment starting with ':', which mean patterns in _redirects: "
            "an alias is one exact path"
        )
    segments = text[1:].split("/")
    if any(s in (".", "..") for s in segments):
        kept: list[str] = []
        for segment in segments:
            if segment == ".." and not kept:
                raise AliasProblem(
                    f"alias '{text}' leaves the site with '..': write the old URL's path, such as {EXAMPLE}"
                )
            if segment == "..":
                kept.pop()
            elif segment != ".":
                kept.append(segment)
        raise AliasProblem(f"alias '{text}' has '.' or '..' segments: did you mean '/{'/'.join(kept)}'?")
    if "" in segments[:-1]:
        fixed = "/" + "/".join(s for s in segments if s) + ("/" if text.endswith("/") else "")
        raise AliasProblem(f"alias '{text}' has an empty segment ('//'): did you mean '{fixed}'?")
    last = segments[-1]
    if last and "." in last and not last.lower().endswith(PAGE_SUFFIXES):
        raise AliasProblem(
            f"alias '{text}' ends in a file name: a redirect page can only be published at a folder URL "
            f"(did you mean '{text}/'?) or an .html path"
        )
    path = text[1:]
    if path and not path.endswith("/") and not last.lower().endswith(PAGE_SUFFIXES):
        path += "/"  # /en/old is served from /en/old/index.html, like every page of the site
    return path


def _from_url(text: str, base_path: str) -> str:
    path = urlsplit(text if "://" in text else "https:" + text).path or "/"
    below = "/" + path[len(base_path) :] if path.startswith(base_path) else None
    hint = f" (did you mean '{below}'?)" if below else f", such as {EXAMPLE}"
    raise AliasProblem(
        f"alias '{text}' is a full URL: an alias is an old path of this site, written below its base URL{hint}; "
        "a redirect from another site belongs in that site's settings"
    )


def read(
    fm: frontmatter.FrontMatter, path: Path, text: str, base_path: str, problems: list[Problem]
) -> tuple[Alias, ...]:
    """`aliases:` one path or a list of them, each on the line it is written on."""
    value = fm.meta["aliases"]
    key_line = fm.key_lines.get("aliases", 1)
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
    if items is None or not all(isinstance(item, str) for item in items):
        found = (
            describe(value)
            if items is None
            else "a list with " + describe(next(i for i in items if not isinstance(i, str))) + " inside"
        )
        problems.append(
            Problem(
                path,
                key_line,
                f"'aliases' must be an old path or a list of them, such as [{EXAMPLE}], not {found}",
                line_of(text, key_line),
            )
        )
        return ()
    lines = text.replace("\r\n", "\n").split("\n")[: fm.body_line - 1]
    found_aliases: list[Alias] = []
    for item in items:
        line = next((n for n in range(key_line, len(lines) + 1) if item.strip() in lines[n - 1]), key_line)
        source_line = lines[line - 1] if line <= len(lines) else ""
        try:
            found_aliases.append(Alias(parse(item, base_path), line, source_line))
        except AliasProblem as exc:
            problems.append(Problem(path, line, str(exc), source_line))
    return tuple(found_aliases)


def page_file(path: str) -> str:
    """The output file a redirect at `path` is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def check(site: Site, taken: Mapping[str, T], report: Report, name_of: Callable[[T], str]) -> None:
    """Report aliases that are a URL the site publishes (`taken`: output file -> what publishes
    it, in words by `name_of`) or that two articles claim. An alias of this very article's
    URL says so."""
    claimed: dict[str, tuple[Article, Alias]] = {}
    for article in sorted((a for a in site.articles if a.aliases), key=lambda a: a.source_key):
        for alias in article.aliases:
            rel = page_file(alias.path)
            owner = taken.get(rel)
            if rel == article.path + "index.html":
                report.error(
                    article.source,
                    alias.line,
                    f"alias '/{alias.path}' is this article's own URL: remove it from aliases",
                    alias.source_line,
                )
            elif rel.startswith(RESERVED):
                report.error(
                    article.source,
                    alias.line,
                    f"alias '/{alias.path}' is inside /{rel.split('/')[0]}/, where the build publishes its own "
                    f"files: an alias is an old URL of a page, such as {EXAMPLE}",
                    alias.source_line,
                )
            elif owner is not None:
                report.error(
                    article.source,
                    alias.line,
                    f"alias '/{alias.path}' is the URL of {name_of(owner)}, which is published: an alias must be an "
                    "old URL no page uses any more; remove it, or move or delete that page first",
                    alias.source_line,
                )
            elif rel in claimed:
                first, first_alias = claimed[rel]
                report.error(
                    article.source,
                    alias.line,
                    f"alias '/{alias.path}' is already claimed by {_shown(first.source)}:{first_alias.line}: an old "
                    "URL can redirect to one article only; keep it in one of them",
                    alias.source_line,
                )
            else:
                claimed[rel] = (article, alias)


def _shown(path: Path) -> str:
    """As problems show paths (from the current folder); outside it, <lang>/<category>/<file>."""
    shown = Problem(path, 1, "").display_path()
    return "/".join(path.parts[-3:]) if Path(shown).is_absolute() else shown
