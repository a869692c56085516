"""The bad-input corpus: every folder of tests/bad_inputs/ is one broken input.

A case is laid over a copy of the mini fixture site:

    tests/bad_inputs/<case>/content/…   files written over the copy (site.toml, roster.toml, articles)
    tests/bad_inputs/<case>/delete.txt  optional: paths to remove from the copy, one per line
    tests/bad_inputs/<case>/expected.txt  one `path:line: message` fragment per line
    tests/bad_inputs/<case>/command.txt   optional: another command to run, e.g. `roster --at 2026-11-23T09:30`
    tests/bad_inputs/<case>/previous-urls.txt  optional: the URL manifest of the last build (site/urls.txt
                                          beside the content folder, which check compares with)

`helpcenter check --strict` (or the case's command, with `--content`) must then exit 1
with no traceback and report, for every expected line, a problem at that path and line
whose message contains the fragment (warnings read `path:line: warning: message`, as the
CLI prints them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpers import CORPUS, MINI

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
EXPECTED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.*)$")


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40
    kinds = {name.split("-", 1)[0] for name in CASES}
    assert {"fm", "link", "roster", "enc", "cfg"} <= kinds
    for name in CASES:
        lines = (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines and all(EXPECTED.match(line) for line in lines), name


def prepare(name: str, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    case = CORPUS / name
    overlay = case / "content"
    if overlay.is_dir():
        for src in sorted(overlay.rglob("*")):
            if src.is_file():
                dest = content / src.relative_to(overlay)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(src.read_bytes())
    previous = case / "previous-urls.txt"
    if previous.is_file():
        (tmp_path / "site").mkdir()
        shutil.copy(previous, tmp_path / "site" / "urls.txt")
    deletions = case / "delete.txt"
    if deletions.is_file():
        for rel in deletions.read_text(encoding="utf-8").split():
            (content / rel).unlink()
    return content


def formatted(problem: dict, content: Path) -> str:
    path = Path(problem["path"])
    try:
        rel = path.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    kind = "warning: " if problem["severity"] == "warning" else ""
    return f"{rel}:{problem['line']}: {kind}{problem['message']}"


def expected_lines(name: str) -> list[str]:
    return (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", [n for n in CASES if (CORPUS / n / "command.txt").is_file()])
def test_other_commands_report_bad_input_too(name, tmp_path):
    content = prepare(name, tmp_path)
    args = (CORPUS / name / "command.txt").read_text(encoding="utf-8").split()
    result = CliRunner().invoke(main, [*args, "--content", str(content)])
    assert isinstance(result.exception, SystemExit), f"crashed instead of reporting:\n{result.output}"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    found = [line.replace(f"{content}{os.sep}", "").replace(os.sep, "/") for line in result.output.splitlines()]
    for expected in expected_lines(name):
        assert any(line.startswith(expected) or expected in line for line in found), (
            f"expected '{expected}' in the output of `helpcenter {' '.join(args)}`:\n{result.output}"
        )


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_reported_where_it_is(name, tmp_path):
    content = prepare(name, tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--strict", "--format", "json"])
    assert isinstance(result.exception, SystemExit), f"crashed instead of reporting:\n{result.output}"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = [p for p in json.loads(result.output) if p["severity"] in ("error", "warning")]
    assert all(isinstance(p["line"], int) and p["line"] >= 1 for p in problems)
    found = [formatted(p, content) for p in problems]
    for expected in expected_lines(name):
        assert any(expected in line for line in found), (
            f"expected '{expected}' among the problems reported:\n" + "\n".join(found)
        )
