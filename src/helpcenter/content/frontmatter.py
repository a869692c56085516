"""Pure front-matter parser: Markdown text -> (metadata, body, where the body starts).

Never swallows a YAML error (MkDocs' meta.py does, and writers lose their metadata
silently): every problem becomes a SourceError with the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcenter.content.yaml_errors import explain
from helpcenter.errors import SourceError

FENCE = "---"
MAX_YAML = 100_000  # characters: metadata is a few lines; more would only make YAML parsing slow
MAX_DEPTH = 50  # front matter is flat; deeper goes to the pure-Python parser and its limits
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, object]
    key_lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int  # 1-based line of the file where `body` starts


class BrokenFrontMatter(SourceError):
    """The front matter cannot be read, but its closing fence was found: the body after
    it is still Markdown, so its links can be checked in the same run."""

    def __init__(self, error: SourceError, body: str, body_line: int):
        super().__init__(error.problem.path, error.problem.line, error.problem.message, error.problem.source_line)
        self.body, self.body_line = body, body_line


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Values:
    """Dates stay dates; a value YAML cannot construct is an error with its line."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, TypeError, OverflowError) as exc:
            if node.tag == _TIMESTAMP:  # `updated: 2026-11-31`: kept as text, so the key's check says why
                return str(node.value)
            problem = "a key must be a single word such as title, not a list or a table"
            if not isinstance(exc, TypeError):
                problem = "this value cannot be read; put it in quotes"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


class _Loader(_Values, yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and aliases."""

    def compose_node(self, parent, index):  # `*alias` can expand a few lines into billions of items
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter", mark)
        return super().compose_node(parent, index)


def _mapping_no_duplicates(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[object, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_no_duplicates)


class _CLoader(_Values, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """_Loader's rules on libyaml's parser, when PyYAML was built with it: several times
    faster, and a large site has thousands of front matters. Aliases: see _has_alias."""


_CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_no_duplicates)


def _load(yaml_text: str) -> object:
    """Any error, or an alias, is left to _Loader: its messages and lines are the documented ones."""
    loader = _CLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is not None and not _has_alias(node):
            return loader.construct_document(node)
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return yaml.load(yaml_text, Loader=_Loader)


def _has_alias(root: yaml.Node) -> bool:
    """True when a node is reached twice (libyaml composes `*name` as the node it names), or
    nesting is deep enough that _Loader would give up: both are _Loader's to report."""
    seen: set[int] = set()
    todo = [(root, 0)]
    while todo:
        node, depth = todo.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                todo += ((key, depth + 1), (value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            todo += ((item, depth + 1) for item in node.value)
    return False


def split(text: str, path: Path) -> FrontMatter:
    """Split and parse the YAML front matter of an article's text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not text.strip():
        raise SourceError(path, 1, "empty file: an article needs front matter with a title")
    if lines[0].rstrip() != FENCE:
        raise SourceError(path, 1, "missing front matter: the first line must be '---'", lines[0])
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if close is None:
        raise SourceError(path, 1, "front matter is never closed: add a '---' line after it", lines[0])
    body = "\n".join(lines[close + 1 :])
    try:
        meta = _parse_yaml(lines, close, path)
    except SourceError as exc:
        raise BrokenFrontMatter(exc, body, close + 2) from None
    key_lines: dict[str, int] = {}
    for i in range(1, close):
        match = _KEY_LINE.match(lines[i])
        if match:
            key_lines.setdefault(match.group(1), i + 1)
    return FrontMatter(meta=meta, key_lines=key_lines, body=body, body_line=close + 2)


def _parse_yaml(lines: list[str], close: int, path: Path) -> dict:
    yaml_text = "\n".join(lines[1:close])
    if len(yaml_text) > MAX_YAML:
        raise SourceError(
            path,
            2,
            f"front matter too large ({len(yaml_text):,} characters; the limit is {MAX_YAML:,})",
            lines[1][:200],
        )
    try:
        meta = _load(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as exc:
        # the context mark is where the broken construct opened ("while parsing a flow
        # sequence"), which is the line to fix; the problem mark is where YAML gave up
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else yaml_text.count("\n", 0, getattr(exc, "position", 0)))
        line = min(line, close)  # errors at end of input point at the closing fence's line
        problem = explain(exc, lines[line - 1])
        raise SourceError(path, line, f"invalid YAML in front matter: {problem}", lines[line - 1]) from None
    except RecursionError:
        raise SourceError(
            path, 2, "front matter nested too deeply (lists or mappings inside each other)", lines[1][:200]
        ) from None
    except ValueError:  # PyYAML's scanner calls chr() on "\U00110000", past the last character
        line = _line_with(lines, close, _BEYOND_UNICODE)
        raise SourceError(path, line, f"invalid YAML in front matter: {_NOT_A_CHARACTER}", lines[line - 1]) from None
    if _has_lone_surrogate(meta):  # "\ud800" parses, then no UTF-8 file can hold it
        line = _line_with(lines, close, _SURROGATE)
        raise SourceError(path, line, f"invalid YAML in front matter: {_NOT_A_CHARACTER}", lines[line - 1])
    if not isinstance(meta, dict):
        raise SourceError(
            path,
            2,
            "front matter must be 'key: value' lines, such as title: How to restore a wallet",
            lines[1] if close > 1 else None,
        )
    return meta


_NOT_A_CHARACTER = (
    "an escape such as \\ud800 or \\U00110000 names no character (half of a surrogate pair, or past "
    "U+10FFFF): write the character itself, or its \\U0001F600 form"
)
_BEYOND_UNICODE = re.compile(r"\\U(?!0010[0-9a-fA-F]{4}|000[0-9a-fA-F]{5})[0-9a-fA-F]{8}")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}")


_LONE = re.compile("[\ud800-\udfff]")


def _line_with(lines: list[str], close: int, pattern: re.Pattern[str]) -> int:
    """The 1-based line of the front matter where `pattern` first matches (2 if none does)."""
    return next((i + 1 for i in range(1, close) if pattern.search(lines[i])), 2)


def _has_lone_surrogate(value: object) -> bool:
    if isinstance(value, str):
        return _LONE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False
