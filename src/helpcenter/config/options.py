"""Typed options shared by site.toml, roster.toml and front matter (MkDocs' config_options.py).

One rule per behaviour, so the three files cannot drift apart again:

- encoding: every input is UTF-8; a byte-order mark is ignored; anything else is
  `<file>:<line>: <file> is not UTF-8 (byte 0xNN at offset N); save it as UTF-8`;
- unknown keys: reported with "did you mean" and the known keys; their severity is a
  declared option of each schema (a warning in site.toml and front matter, an error in
  roster.toml, whose contract says so); `--strict` fails on warnings anyway;
- per-language texts: one text (used for every language) or a table with a text for
  every language of the site;
- messages name kinds of values in a writer's words ("text", "a whole number", "true or
  false"), never Python's type names.

`Checker` binds one file and a way to find a key's line, so each check is one call.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

from helpcenter.errors import Problem, SourceError

Severity = Literal["error", "warning"]
Locate = Callable[..., int]


def describe(value: object) -> str:
    """What a value is, in a writer's words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table of keys and values"
    return "a value of an unsupported kind"


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one of `choices` is close to `word`, else ''."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_input(path: Path) -> bytes:
    """The bytes of an input file the writer names by its place (site.toml, roster.toml); a
    SourceError when it is a folder, a link to nothing or unreadable, never a silent skip."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        message = f"{path.name} is a folder: it must be a file (move the folder away and write the file)"
    except FileNotFoundError:
        message = f"{path.name} is a symbolic link to nothing: remove it or restore what it points to"
    except OSError as exc:
        message = f"cannot read {path.name} ({exc.strerror}): let the build read it (chmod u+rw)"
    raise SourceError(path, 1, message)


def decode(raw: bytes, path: Path) -> str:
    """Bytes of an input file -> its text (a BOM dropped); a SourceError when it is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw.split(b"\n")[line - 1].decode("utf-8", "replace")
        message = (
            f"{path.name} is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 (most editors: 'Save with encoding')"
        )
        raise SourceError(path, line, message, bad) from None
    return text.removeprefix("\ufeff")


_MONTHS = "January February March April May June July August September October November December".split()
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)


def date_problem(text: str) -> str | None:
    """Why `text` written as YYYY-MM-DD is no real date ('...: November has 30 days'); None if it is."""
    match = _ISO_DATE.match(text.strip())
    if not match:
        return f"'{text.strip()}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01"
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"{text.strip()} is not a real date: there is no month {month} (months are 01 to 12)"
    days = calendar.monthrange(year, month)[1] if year else 31
    if not 1 <= day <= days:
        which = f"{_MONTHS[month - 1]} {year}" if month == 2 else _MONTHS[month - 1]
        return f"{text.strip()} is not a real date: {which} has {days} days"
    if len(match.group(2)) != 2 or len(match.group(3)) != 2:
        return f"'{text.strip()}' is not a date: write it as YYYY-MM-DD with two-digit month and day"
    return None


class Checker:
    """Typed options for one file: each reports `path:line: message` and returns a clean value."""

    def __init__(self, path: Path, locate: Locate, source_line: Callable[[int], str | None], problems: list[Problem]):
        self.path, self.locate, self.source_line, self.problems = path, locate, source_line, problems
        self.errors = 0

    def report(self, severity: Severity, message: str, *keypath: object) -> None:
        line = self.locate(*keypath)
        self.problems.append(Problem(self.path, line, message, self.source_line(line), severity == "warning"))
        self.errors += severity == "error"

    def error(self, message: str, *keypath: object) -> None:
        self.report("error", message, *keypath)

    def warn(self, message: str, *keypath: object) -> None:
        self.report("warning", message, *keypath)

    @property
    def ok(self) -> bool:
        return not self.errors

    def unknown_keys(
        self, table: dict, known: Iterable[str], *keypath: object, severity: Severity, where: str = ""
    ) -> None:
        """Every key of `table` not in `known`, with the nearest known key and the full list."""
        allowed = sorted(known)
        for key in sorted(set(table) - set(allowed), key=str):
            inside = f" in {where}" if where else ""
            hint = did_you_mean(key, allowed) or f" (known keys: {', '.join(allowed)})"
            self.report(severity, f"unknown key '{key}'{inside}{hint}", *keypath, key)

    def text(self, value: object, *keypath: object, numbers: bool = False) -> str | None:
        """One text; with `numbers`, a number is read as text too (YAML reads `title: 2026` as one)."""
        if isinstance(value, str) or (numbers and isinstance(value, (int, float)) and not isinstance(value, bool)):
            return str(value).strip()
        self.error(f"'{keypath[-1]}' must be text, not {describe(value)}", *keypath)
        return None

    def texts(
        self, value: object, languages: Sequence[str], *keypath: object, required: bool = True, where: str = ""
    ) -> dict[str, str]:
        """A per-language text: one text for every language, or a table with a text for each of `languages`."""
        name = keypath[-1]
        example = ", ".join(f'{lang} = "…"' for lang in languages or ("en", "zh"))
        if value is None:
            if required:
                inside = f" for {where}" if where else ""
                self.error(f"missing '{name}'{inside}: write one text, or a table {{ {example} }}", *keypath[:-1])
            return {}
        if isinstance(value, str):
            if not value.strip():
                self.error(f"'{name}' is empty", *keypath)
                return {}
            return {lang: value for lang in languages} if languages else {"": value}
        if (
            not isinstance(value, dict)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value.values())
        ):
            self.error(
                f"'{name}' must be one text or a table of texts per language, e.g. {{ {example} }}; "
                f"found {describe(value)}",
                *keypath,
            )
            return {}
        missing = [lang for lang in languages if lang not in value]
        if missing:
            self.error(f"'{name}' has no text for {', '.join(missing)} (every site language needs one)", *keypath)
        for lang in sorted(set(value) - set(languages)) if languages else ():
            self.warn(
                f"'{name}' has a text for '{lang}', which is not a site language{did_you_mean(lang, languages)}",
                *keypath,
            )
        return {str(k): v for k, v in value.items()}

    def whole_number(
        self, value: object, *keypath: object, low: int | None = None, high: int | None = None
    ) -> int | None:
        span = f" from {low} to {high}" if low is not None and high is not None else ""
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(f"'{keypath[-1]}' must be a whole number{span}, not {describe(value)}", *keypath)
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(f"'{keypath[-1]}' must be a whole number{span}, not {value}", *keypath)
            return None
        return value

    def flag(self, value: object, *keypath: object) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(f"'{keypath[-1]}' must be true or false, not {describe(value)}", *keypath)
        return None

    def choice(self, value: object, choices: Sequence[str], *keypath: object) -> str | None:
        if isinstance(value, str) and value in choices:
            return value
        shown = f"'{value}'" if isinstance(value, str) else describe(value)
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        self.error(f"'{keypath[-1]}' must be one of {', '.join(choices)}, not {shown}{hint}", *keypath)
        return None

    def text_list(self, value: object, *keypath: object, example: str = "[a, b]") -> list[str] | None:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        self.error(f"'{keypath[-1]}' must be a list of texts such as {example}, not {describe(value)}", *keypath)
        return None


_EVERY = re.compile(r"^\s*(?P<n>\d{1,4})\s*(?P<unit>days?|weeks?|months?|years?)\s*$")


def parse_every(text: str) -> tuple[int, str] | None:
    """'180 days' -> (180, 'day'); None when it is not such a period."""
    match = _EVERY.match(text.lower())
    if match is None or int(match.group("n")) == 0:
        return None
    return int(match.group("n")), match.group("unit").rstrip("s")
