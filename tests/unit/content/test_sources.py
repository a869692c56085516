"""discover(): the article files of a content folder; the preview asks again and again for
the same files, and gets the same sources without their paths made again."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpcenter.config.site import load_config
from helpcenter.content.sources import discover, scan
from helpcenter.errors import Report
from helpers import MINI


def _discover(content: Path) -> tuple[list, Report]:
    report = Report()
    config = load_config(content, report, None)
    assert config is not None
    return discover(content, config, report, scan(content, report)), report


def test_the_same_files_give_the_same_sources_again_and_a_change_is_seen(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    first, _ = _discover(content)
    again, _ = _discover(content)
    assert again == first and again[0] is first[0]  # the same frozen objects, shared
    (content / "en" / "transfers" / "added.md").write_text("---\ntitle: Added\n---\n\nText.\n", encoding="utf-8")
    (content / "en" / "transfers" / "pending.md").unlink()
    changed, _ = _discover(content)
    slugs = {s.slug for s in changed if s.lang == "en" and s.category == "transfers"}
    assert "added" in slugs and "pending" not in slugs
    elsewhere = tmp_path / "other"
    shutil.copytree(content, elsewhere)
    assert {s.path.parent.parent.parent for s in _discover(elsewhere)[0]} == {elsewhere}


def test_a_file_that_does_not_fit_is_reported_every_time(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "en" / "transfers" / "Bad Name.md").write_text("---\ntitle: Bad\n---\n\nText.\n", encoding="utf-8")
    for _ in range(2):
        sources, report = _discover(content)
        assert [p.message.split(" cannot")[0] for p in report.problems] == ["file name 'Bad Name.md'"]
        assert "bad name" not in {s.slug for s in sources}
