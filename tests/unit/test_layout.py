"""The house rules a reader relies on: every module under 300 lines, every Whoosh import in
search/engine.py, every Markdown import in content/markdown.py, and no grab-bag module."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "helpcenter"


def test_every_module_stays_under_300_lines():
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 300
    }
    assert long == {}, "split these by job"


@pytest.mark.parametrize(("library", "module"), [("whoosh", "search/engine.py"), ("markdown", "content/markdown.py")])
def test_a_library_the_build_is_built_on_is_imported_in_one_module_only(library, module):
    importers = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if re.search(rf"^\s*(from|import) {library}\b", p.read_text(encoding="utf-8"), re.M)
    }
    assert importers == {module}


def test_no_grab_bag_modules():
    assert not [p for p in PACKAGE.rglob("*.py") if p.stem in {"utils", "helpers", "misc", "common"}]
