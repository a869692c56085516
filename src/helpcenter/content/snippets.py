"""Shared passages: `content/<lang>/_snippets/NAME.md`, included in an article by a line

    --8<-- "NAME"

(the syntax of MkDocs' pymdownx.snippets, which no other Markdown line looks like). The
line's indentation is given to every line of the snippet, so a snippet can sit inside an
admonition or a list item. Snippets may include snippets; fenced code is left alone, so
an article can show the syntax itself.

Loading reads the files (content/loading.py); `expand` is pure, so a worker process runs
it with the article. An article records the digest of every snippet it includes: an
edit to a snippet parses and renders again exactly the articles that include it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from helpcenter.config.options import decode, did_you_mean
from helpcenter.errors import Problem, Report, SourceError

FOLDER = "_snippets"
SUFFIX = ".md"
MAX_DEPTH = 10
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)--8<--(?P<rest>.*)$")
_QUOTED = re.compile(r'^\s+"(?P<name>[^"]*)"\s*$')
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Snippet:
    path: Path
    text: str
    digest: str  # of the file's text: part of each including article's inputs


Snippets = dict[str, dict[str, Snippet]]  # lang -> name -> snippet


@dataclass(frozen=True)
class Origin:
    """Where one line of an expanded body comes from."""

    path: Path | None  # the snippet's file; None for the article's own line
    line: int  # in that file
    at: int  # the article's line (the outermost include line for a snippet's line)


@dataclass(frozen=True)
class Expanded:
    body: str
    origins: tuple[Origin, ...]  # one per line of `body`
    includes: tuple[tuple[str, str], ...]  # (name, digest) of every snippet used; "" for a missing one
    problems: tuple[Problem, ...]


def is_snippet(parts: tuple[str, ...]) -> bool:
    """A file of the content folder (its path's parts) that is a snippet, not an article."""
    return len(parts) >= 2 and parts[1] == FOLDER


def load(content_dir: Path, files: list[tuple[str, ...]], languages: tuple[str, ...], report: Report) -> Snippets:
    """Every snippet of the site's languages, by language and name; problems go to `report`."""
    found: Snippets = {lang: {} for lang in languages}
    for parts in files:
        if not is_snippet(parts) or parts[0] not in found or not parts[-1].endswith(SUFFIX):
            continue
        path = content_dir.joinpath(*parts)
        name = parts[-1][: -len(SUFFIX)]
        if len(parts) != 3 or not _NAME.match(name):
            report.error(
                path,
                1,
                f"snippets live at <lang>/{FOLDER}/<name>.md, the name in lowercase letters, digits, '-', '_' and '.'",
            )
            continue
        try:
            text = decode(path.read_bytes(), path).replace("\r\n", "\n")
        except SourceError as exc:
            report.add(exc.problem)
            continue
        found[parts[0]][name] = Snippet(path, text, hashlib.sha256(text.encode()).hexdigest()[:16])
    return found


def expand(body: str, body_line: int, lang: str, snippets: Snippets, path: Path) -> Expanded:
    """The article body with every include line replaced by its snippet. Pure."""
    state = _State(lang, snippets, path)
    lines = state.expand(body.split("\n"), None, body_line, None, (), "")
    return Expanded(
        "\n".join(text for text, _ in lines),
        tuple(origin for _, origin in lines),
        tuple(sorted(state.includes.items())),
        tuple(state.problems),
    )


class _State:
    def __init__(self, lang: str, snippets: Snippets, path: Path):
        self.lang, self.snippets, self.path = lang, snippets, path
        self.includes: dict[str, str] = {}
        self.problems: list[Problem] = []

    def expand(
        self,
        lines: list[str],
        file: Path | None,
        first: int,
        at: int | None,
        chain: tuple[str, ...],
        indent: str,
    ) -> list[tuple[str, Origin]]:
        out: list[tuple[str, Origin]] = []
        fenced = False
        for offset, line in enumerate(lines):
            number = first + offset
            here = number if at is None else at
            origin = Origin(file, number, here)
            if _FENCE.match(line):
                fenced = not fenced
            match = None if fenced else DIRECTIVE.match(line)
            if match is None:
                out.append((indent + line if line else line, origin))
                continue
            name = self._name(match.group("rest"), file, number, line)
            snippet = self._find(name, file, number, line, chain) if name else None
            if snippet is None:
                out.append(("", origin))  # keeps the lines after it where they are
                continue
            out += self.expand(
                snippet.text.rstrip("\n").split("\n"),
                snippet.path,
                1,
                here,
                (*chain, name or ""),
                indent + match.group("indent"),
            )
        return out

    def _name(self, rest: str, file: Path | None, number: int, line: str) -> str | None:
        quoted = _QUOTED.match(rest)
        if quoted is None or not _NAME.match(quoted.group("name")):
            self._problem(
                file,
                number,
                'an include line names one snippet in quotes, e.g. --8<-- "never-share-phrase" '
                f"(the file content/{self.lang}/{FOLDER}/never-share-phrase.md)",
                line,
            )
            return None
        return quoted.group("name")

    def _find(self, name: str, file: Path | None, number: int, line: str, chain: tuple[str, ...]) -> Snippet | None:
        mine = self.snippets.get(self.lang, {})
        snippet = mine.get(name)
        if snippet is None:
            self.includes.setdefault(name, "")
            self._problem(file, number, self._missing(name), line)
            return None
        self.includes[name] = snippet.digest
        if name in chain or len(chain) >= MAX_DEPTH:
            loop = " -> ".join((*chain, name))
            self._problem(
                file, number, f"snippet '{name}' includes itself ({loop}): remove one of these include lines", line
            )
            return None
        return snippet

    def _missing(self, name: str) -> str:
        where = f"content/{self.lang}/{FOLDER}/{name}.md"
        others = [lang for lang, found in self.snippets.items() if lang != self.lang and name in found]
        if others:
            return (
                f"snippet '{name}' has no '{self.lang}' version ({', '.join(others)} has one): an article "
                f"includes snippets of its own language; write {where}"
            )
        hint = did_you_mean(name, self.snippets.get(self.lang, {}))
        return f"no snippet '{name}'{hint}: write {where}, or correct the name"

    def _problem(self, file: Path | None, number: int, message: str, line: str) -> None:
        if file is not None:
            message += f" (in a snippet included by {self.path.name})"
        self.problems.append(Problem(file or self.path, number, message, line))


def place(expanded: Expanded, line: int, body_line: int, path: Path) -> tuple[Path, int, str]:
    """A line of the expanded body (as the renderer numbers it) -> (file, line, note): the
    snippet and its line, with a note naming the article, for a line that came from one."""
    index = line - body_line
    if not 0 <= index < len(expanded.origins):
        return path, line, ""
    origin = expanded.origins[index]
    if origin.path is None:
        return path, origin.line, ""
    return origin.path, origin.line, f" (in a snippet included by {path.name}:{origin.at})"
