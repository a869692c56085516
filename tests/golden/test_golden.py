"""The mini fixture's built pages, compared with committed golden output.

After an intended change to templates or rendering, refresh with
`pytest tests/golden/test_golden.py --update-golden` and review the diff in git.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

from helpers import GOLDEN, MINI, build_site

COMPARED = (".html", ".xml", ".txt")


def normalised(text: str) -> str:
    # asset hashes change with every stylesheet or script edit; pages are compared without them
    return re.sub(r"\?v=[0-9a-f]{10}", "?v=HASH", text)


def compared_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): normalised(p.read_text(encoding="utf-8"))
        for p in sorted(root.rglob("*"))
        if p.suffix in COMPARED and p.is_file() and p.relative_to(root).parts[0] != "assets"  # theme files, not pages
    }


def test_mini_site_matches_golden_output(tmp_path, request, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    out = tmp_path / "site"
    build_site(MINI, out)
    actual = compared_files(out)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in actual.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = compared_files(GOLDEN)
    assert sorted(actual) == sorted(expected), "pages added or removed (run with --update-golden if intended)"
    for rel in expected:
        if actual[rel] != expected[rel]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[rel].splitlines(),
                    actual[rel].splitlines(),
                    "golden/" + rel,
                    "built/" + rel,
                    lineterm="",
                    n=2,
                )
            )
            raise AssertionError(f"{rel} differs from golden output (--update-golden if intended):\n{diff[:4000]}")
