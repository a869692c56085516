"""The bad-input corpus: every folder of tests/corpus/bad_inputs/ is one broken input.

A case is laid over a copy of the mini fixture site:

    <case>/content/…     files written over the copy (site.toml, roster.toml, articles)
    <case>/theme/…       optional: files of a theme folder beside the content folder
    <case>/delete.txt    optional: paths to remove from the copy, one per line
    <case>/setup.txt     optional: what files cannot say, one step per line (paths relative
                         to the content folder; names may use \\xNN escapes for raw bytes):
                           symlink LINK TARGET | mkdir PATH | fifo PATH | move FROM TO | chmod MODE PATH
                           | env NAME=VALUE | non-root (chmod does not stop root: skipped as root)
    <case>/expected.txt  one `path:line: message` fragment per line, or `error: message`
                         for a one-line error (exit 2)
    <case>/exit.txt      optional: the exit status every command must give (default 1)
    <case>/command.txt   optional: another command to run, e.g. `roster --at 2026-11-23T09:30`
    <case>/previous-urls.txt  optional: the URL manifest of the last build (site/urls.txt
                         beside the content folder, which check compares with)

`helpcenter check --strict` (and the case's command, with `--content`) must exit with the
case's status, with no traceback, and report every expected line (warnings read `path:line:
warning: message`, as the CLI prints them). `helpcenter build` must do the same and leave a
previously published site byte for byte as it was, with nothing beside it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpers import CORPUS, MINI, ROOT, leftovers, tree_digest

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
EXPECTED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.*)$")
ONE_LINE = re.compile(r"^error: (?P<message>.+)$")
BEFORE_THIS_ROUND = 81  # cases at commit 3249dc8 (the corpus merged from 'tests')


def test_the_corpus_is_big_enough():
    assert len(CASES) >= BEFORE_THIS_ROUND + 60
    kinds = {name.split("-", 1)[0] for name in CASES}
    assert {"fm", "link", "roster", "enc", "cfg", "img", "fs", "theme", "env"} <= kinds
    for name in CASES:
        lines = expected_lines(name)
        assert lines and all(EXPECTED.match(line) or ONE_LINE.match(line) for line in lines), name
        assert exit_status(name) in (1, 2), name


def _raw(word: str) -> str:
    """A path word of setup.txt: \\xNN escapes become raw bytes (as os.fsdecode reads them)."""
    return os.fsdecode(word.encode("latin-1").decode("unicode_escape").encode("latin-1"))


def prepare(name: str, tmp_path: Path, other_user: bool = False) -> tuple[Path, dict[str, str]]:
    """The case's content folder (and theme folder beside it), and its environment;
    `other_user`: the command will run as a user whom chmod does stop."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    case = CORPUS / name
    for overlay, target in ((case / "content", content), (case / "theme", tmp_path / "theme")):
        if overlay.is_dir():
            for src in sorted(overlay.rglob("*")):
                if src.is_file():
                    dest = target / src.relative_to(overlay)
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
    env: dict[str, str] = {}
    setup = case / "setup.txt"
    for step in setup.read_text(encoding="utf-8").splitlines() if setup.is_file() else []:
        op, *args = step.split()
        if op == "non-root" and os.geteuid() == 0 and not other_user:
            pytest.skip("chmod does not stop root: test_unreadable_input_as_root_without_override runs it")
        elif op == "symlink":
            (content / _raw(args[0])).symlink_to(_raw(args[1]))
        elif op == "fifo":
            os.mkfifo(content / _raw(args[0]))
        elif op == "mkdir":
            (content / _raw(args[0])).mkdir(parents=True)
        elif op == "move":
            (content / _raw(args[0])).rename(content / _raw(args[1]))
        elif op == "chmod":
            os.chmod(content / _raw(args[1]), int(args[0], 8))
        elif op == "env":
            key, _, value = args[0].partition("=")
            env[key] = value
        elif op != "non-root":
            raise AssertionError(f"{name}/setup.txt: unknown step {step!r}")
    return content, env


def exit_status(name: str) -> int:
    status = CORPUS / name / "exit.txt"
    return int(status.read_text(encoding="utf-8")) if status.is_file() else 1


@pytest.fixture(autouse=True)
def _restore_permissions(tmp_path):
    """chmod 000 in a case would stop pytest from removing its temporary folder."""
    yield
    for folder, dirs, _ in os.walk(tmp_path):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)


def formatted(problem: dict, content: Path) -> str:
    path = Path(problem["path"])
    try:  # absolute, not resolved: a case may be about a symbolic link
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(content)).as_posix()
    except ValueError:
        rel = path.as_posix()
    kind = "warning: " if problem["severity"] == "warning" else ""
    return f"{rel}:{problem['line']}: {kind}{problem['message']}"


def expected_lines(name: str) -> list[str]:
    return (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", [n for n in CASES if (CORPUS / n / "command.txt").is_file()])
def test_other_commands_report_bad_input_too(name, tmp_path):
    content, env = prepare(name, tmp_path)
    args = (CORPUS / name / "command.txt").read_text(encoding="utf-8").split()
    result = CliRunner().invoke(main, [*args, "--content", str(content)], env=env)
    assert isinstance(result.exception, SystemExit), f"crashed instead of reporting:\n{result.output}"
    assert result.exit_code == exit_status(name), result.output
    assert "Traceback" not in result.output
    found = [line.replace(f"{content}{os.sep}", "").replace(os.sep, "/") for line in result.output.splitlines()]
    for expected in expected_lines(name):
        assert any(line.startswith(expected) or expected in line for line in found), (
            f"expected '{expected}' in the output of `helpcenter {' '.join(args)}`:\n{result.output}"
        )


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_reported_where_it_is(name, tmp_path):
    content, env = prepare(name, tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--strict", "--format", "json"], env=env)
    assert isinstance(result.exception, SystemExit), f"crashed instead of reporting:\n{result.output}"
    assert result.exit_code == exit_status(name), result.output
    assert "Traceback" not in result.output
    if exit_status(name) == 2:
        assert_one_line(name, result.output)
        return
    problems = [p for p in json.loads(result.output) if p["severity"] in ("error", "warning")]
    assert all(isinstance(p["line"], int) and p["line"] >= 1 for p in problems)
    found = [formatted(p, content) for p in problems]
    for expected in expected_lines(name):
        assert any(expected in line for line in found), (
            f"expected '{expected}' among the problems reported:\n" + "\n".join(found)
        )


def assert_one_line(name: str, output: str) -> None:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    for expected in expected_lines(name):
        assert expected in lines[0], f"expected '{expected}', got:\n{output}"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The mini site, built once: each case copies it and fails to build over it."""
    base = tmp_path_factory.mktemp("published")
    result = CliRunner().invoke(main, ["build", "--content", str(MINI), "--out", str(base / "site"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return base


# audits (lint-) are `helpcenter check`'s alone; a case with its own command is about that command
BUILT = [n for n in CASES if not n.startswith("lint-") and not (CORPUS / n / "command.txt").is_file()]


@pytest.mark.parametrize("name", BUILT)
def test_a_failed_build_leaves_the_published_site_as_it_was(name, tmp_path, published):
    content, env = prepare(name, tmp_path)
    shutil.copytree(published, tmp_path / "public", symlinks=True)
    out = tmp_path / "public" / "site"
    before = tree_digest(out)
    args = ["build", "--content", str(content), "--out", str(out), "--jobs", "1", "--strict"]
    result = CliRunner().invoke(main, args, env=env)
    assert isinstance(result.exception, SystemExit), f"crashed instead of reporting:\n{result.output}"
    assert result.exit_code == exit_status(name), result.output
    assert "Traceback" not in result.output
    if exit_status(name) == 2:
        assert_one_line(name, result.output)
    else:
        for expected in expected_lines(name):
            message = EXPECTED.match(expected)["message"]  # type: ignore[index]
            assert message in result.output, f"expected '{message}' in:\n{result.output}"
    assert tree_digest(out) == before, "the published site was modified"
    assert leftovers(out) == [], "something was left beside the published site"


NON_ROOT = [
    n for n in CASES if (CORPUS / n / "setup.txt").is_file() and "non-root" in (CORPUS / n / "setup.txt").read_text()
]
# root without the capabilities that let it ignore file modes: chmod 000 stops it as it stops anyone
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]


def without_override(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`helpcenter ARGS` in a process without the capabilities that let root ignore file modes."""
    return subprocess.run(
        [*NO_OVERRIDE, sys.executable, "-m", "helpcenter", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="not root: the tests above run these cases as this user")
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is not installed")
@pytest.mark.parametrize("name", NON_ROOT)
def test_unreadable_input_as_root_without_override(name, tmp_path):
    """As root (CI runs so), `check` runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH,
    so the case's chmod 000 files and folders are as unreadable to it as to any writer."""
    content, env = prepare(name, tmp_path, other_user=True)
    result = without_override(env, "check", "--content", str(content), "--strict", "--format", "json")
    assert result.returncode == exit_status(name), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    found = [formatted(p, content) for p in json.loads(result.stdout) if p["severity"] in ("error", "warning")]
    for expected in expected_lines(name):
        assert any(expected in line for line in found), f"expected '{expected}' among:\n" + "\n".join(found)


@pytest.mark.skipif(os.geteuid() != 0, reason="not root: the tests above run these cases as this user")
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is not installed")
@pytest.mark.parametrize("name", NON_ROOT)
def test_unreadable_input_fails_the_build_as_root_without_override(name, tmp_path, published):
    content, env = prepare(name, tmp_path, other_user=True)
    shutil.copytree(published, tmp_path / "public", symlinks=True)
    out = tmp_path / "public" / "site"
    before = tree_digest(out)
    result = without_override(env, "build", "--content", str(content), "--out", str(out), "--jobs", "1", "--strict")
    assert result.returncode == exit_status(name), result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for expected in expected_lines(name):
        assert EXPECTED.match(expected)["message"] in result.stderr + result.stdout  # type: ignore[index]
    assert tree_digest(out) == before, "the published site was modified"
    assert leftovers(out) == [], "something was left beside the published site"
