"""Line numbers for keys of a TOML document.

`tomllib` parses without positions; errors must point at a line, so this scans the
text once and remembers where each key path is defined. Pure: text in, positions out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from helpcenter.config.options import date_problem
from helpcenter.errors import SourceError

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(key: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return tuple(p.strip("\"'") for p in parts)


@dataclass(frozen=True)
class TomlLines:
    """Maps key paths such as ("agents", 1, "shifts") to 1-based line numbers."""

    lines: tuple[str, ...]
    positions: dict[tuple[object, ...], int]

    def line(self, *path: object) -> int:
        """The line of the longest known prefix of `path`; 1 if nothing matches."""
        for n in range(len(path), 0, -1):
            found = self.positions.get(tuple(path[:n]))
            if found is not None:
                return found
        return 1

    def item_line(self, value: str, *path: object) -> int:
        """The line where the string `value` is written inside the value of `path`.

        Multi-line arrays put each item on its own line; fall back to the key's line.
        """
        start = self.line(*path)
        for offset, text in enumerate(self.lines[start - 1 : start + 200]):
            if f'"{value}"' in text or f"'{value}'" in text:
                return start + offset
            if offset and (_KEY.match(text) or _HEADER.match(text)):
                break
        return start

    def text(self, line: int) -> str | None:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else None


def scan(text: str) -> TomlLines:
    positions: dict[tuple[object, ...], int] = {}
    counts: dict[tuple[object, ...], int] = {}
    table: tuple[object, ...] = ()
    lines = tuple(text.split("\n"))  # TOML lines end at \n only (not \f, \x1e …)
    depth = 0  # inside a multi-line array or inline table: keys there are not top-level
    for number, raw in enumerate(lines, start=1):
        if depth == 0:
            header = _HEADER.match(raw)
            if header:
                names = _split_key(header.group(2))
                if header.group(1) == "[[":
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                    positions.setdefault(names, number)
                else:
                    table = names
                positions.setdefault(table, number)
                continue
            key = _KEY.match(raw)
            if key:
                positions.setdefault((*table, *_split_key(key.group(1))), number)
        depth += _bracket_balance(raw)
        depth = max(depth, 0)
    return TomlLines(lines, positions)


def _bracket_balance(raw: str) -> int:
    """Net count of opening brackets outside strings and comments after the `=`."""
    text = raw.split("=", 1)[1] if "=" in raw and _KEY.match(raw) else raw
    balance, quote = 0, ""
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            balance += 1
        elif ch in "]}":
            balance -= 1
    return balance


_HINTS = (  # tomllib's words -> what to do about them
    ("Unclosed array", "Unclosed array: a list opened with [ is never closed; end it with ]"),
    ("Unclosed inline table", "Unclosed inline table: end the { … } with } on the same line"),
    ("Cannot overwrite a value", "this key is written twice: keep one"),
    ("Cannot declare", "this table is written twice: keep one and merge their keys"),
    ("Expected '=' after a key", "a line without '=': write key = value"),
    ("Unterminated string", "a quote is never closed: end the text with the same quote"),
    ("Expected newline or end of document", "more than one value on this line: put text in quotes"),
)


def _explain(message: str, line: str) -> str:
    """tomllib's message with what to do about it; an unquoted text is the usual 'Invalid value'."""
    key, _, value = line.partition("=")
    value = value.split("#", 1)[0].strip()
    if message.startswith("Invalid date") or re.fullmatch(r"\d{4}-\d\d?-\d\d?", value):
        return date_problem(value) or f"{value} is not a date: write it as YYYY-MM-DD"
    for start, hint in _HINTS:
        if message.startswith(start):
            return hint
    if message.startswith("Illegal character '\\n'") or (message.startswith("Expected") and "'" in line):
        return "a quote is never closed: end the text with the same quote on this line"
    if message == "Invalid value":
        if not value:
            return "a value is missing after '='"
        return f'this value cannot be read: put text in quotes: {key.strip()} = "{value}"'
    return message


def parse(text: str, path) -> tuple[dict, TomlLines]:
    """Parse TOML, turning syntax errors into a SourceError with the line tomllib names."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        lines = text.split("\n")
        if match:
            line = int(match.group(1))
        else:  # "at end of document": the last line written is where it went wrong
            line = max((i for i, text in enumerate(lines, 1) if text.strip()), default=1)
        if str(exc).startswith("Unclosed"):  # noticed on a later line: point at the line that opened it
            line = next((i for i in range(min(line, len(lines)), 0, -1) if _bracket_balance(lines[i - 1]) > 0), line)
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc)) or "invalid TOML"
        source = lines[line - 1] if 1 <= line <= len(lines) else None
        raise SourceError(path, line, f"TOML syntax error: {_explain(message, source or '')}", source) from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        lines = text.split("\n")
        at = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        raise SourceError(
            path, at + 1, "TOML nested too deeply (arrays or tables inside each other)", lines[at][:200]
        ) from None
    return data, scan(text)
