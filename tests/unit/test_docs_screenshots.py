"""The README shows the screenshots kept in docs/ (made by docs/screenshots.py), and they stay small."""

from __future__ import annotations

import re

from helpers import ROOT


def test_the_readme_shows_the_kept_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", readme)
    kept = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.png"))
    assert len(shown) >= 6 and sorted(shown) == kept
    assert sum((ROOT / p).stat().st_size for p in kept) < 3 * 1024 * 1024
