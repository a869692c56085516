"""Problems in user input: where they are, how they print, and how a build fails on them.

Every stage collects problems into a `Report` instead of raising at the first one,
so a writer sees every mistake of a build at once (Lektor's reporter, MkDocs' strict).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    message: str
    source_line: str | None = None
    warning: bool = False
    note: bool = False  # informational (e.g. a missing translation): never fails a build

    @property
    def severity(self) -> str:
        return "note" if self.note else "warning" if self.warning else "error"

    def display_path(self) -> str:
        try:
            rel = os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            rel = ".."
        shown = str(self.path) if rel.startswith("..") else rel
        # a file name that is not UTF-8 holds lone surrogates: shown as \xff, printable anywhere
        return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def format(self) -> str:
        """`path:line: message`, then the offending line indented (like Jinja's errors)."""
        kind = "" if self.severity == "error" else f"{self.severity}: "
        head = f"{self.display_path()}:{self.line}: {kind}{self.message}"
        if self.source_line is not None and self.source_line.strip():
            return f"{head}\n    {self.source_line.strip()}"
        return head

    def format_github(self) -> str:
        """A GitHub workflow command: data and properties escaped as the runner unescapes them,
        so no file name or message can end the line and start a command of its own."""
        level = {"note": "notice"}.get(self.severity, self.severity)
        return f"::{level} file={_github_property(self.display_path())},line={self.line}::{_github_data(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.display_path(),
            "line": self.line,
            "message": self.message,
            "source_line": self.source_line,
            "severity": self.severity,
        }


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


class SourceError(Exception):
    """A single problem raised by a pure parser; callers add it to a Report."""

    def __init__(self, path: Path, line: int, message: str, source_line: str | None = None):
        super().__init__(f"{path}:{line}: {message}")
        self.problem = Problem(Path(path), line, message, source_line)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Path, line: int, message: str, source_line: str | None = None) -> None:
        self.problems.append(Problem(Path(path), line, message, source_line))

    def warn(self, path: Path, line: int, message: str, source_line: str | None = None) -> None:
        self.problems.append(Problem(Path(path), line, message, source_line, warning=True))

    def note(self, path: Path, line: int, message: str, source_line: str | None = None) -> None:
        self.problems.append(Problem(Path(path), line, message, source_line, note=True))

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.note]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=lambda p: (str(p.path), p.line, p.message))

    def render(self, fmt: str = "text") -> str:
        problems = self.sorted()
        if fmt == "github":
            return "\n".join(p.format_github() for p in problems)
        if fmt == "json":
            return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
        return "\n".join(p.format() for p in problems)


class BadEnvironment(Exception):
    """A problem with how the command was run (an environment variable, a folder it cannot
    write), not with the content: the CLI prints it as one line and exits 2."""


class CannotWrite(OSError, BadEnvironment):
    """The output's folder refused a write (read-only, full, a file where a folder must be):
    an OSError with its errno for callers of the library, one line for the CLI."""

    def __init__(self, errno: int | None, message: str):
        super().__init__(errno, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BuildFailed(Exception):
    """Raised when a build stops on problems in user input; the old output is untouched."""

    def __init__(self, report: Report, strict: bool, site: object = None):
        self.report = report
        self.strict = strict
        self.site = site  # the Site, when the content could be loaded (check --reviews lists it)
        n_err, n_warn = len(report.errors), len(report.warnings)
        self.count = n_err + (n_warn if strict else 0)
        super().__init__(failed_with("build", self.count))


def failed_with(what: str, count: int) -> str:
    """The summary line's words: "check failed with 3 problems"."""
    return f"{what} failed with {counted(count, 'problem')}"


def counted(count: int, word: str) -> str:
    """A count and its word, which agree: "1 problem", "3 problems"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def line_of(text: str, line: int) -> str | None:
    """The 1-based `line` of `text`, or None past the end."""
    lines = text.splitlines()
    return lines[line - 1] if 1 <= line <= len(lines) else None
