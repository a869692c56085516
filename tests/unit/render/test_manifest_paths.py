"""How the URL map names an article file: as a problem would show it, found cheaply."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpcenter.errors import Problem
from helpcenter.render.manifest import _Shown


@pytest.mark.parametrize(
    "rel",
    [
        "content/en/transfers/pending.md",
        "site/.work/content/en/transfers/pending.md",  # a hidden folder is an ordinary name
        "content/en/transfers/.pending.md",
        "content/./en/transfers/pending.md",
        "content/../content/en/transfers/pending.md",
        "内容/zh/transfers/pending.md",
    ],
)
def test_shown_as_a_problem_shows_it(rel: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for path in (Path(rel), tmp_path / rel):
        expected = Problem(path, 1, "").display_path()
        assert _Shown()(path) == expected


def test_outside_the_current_folder_the_last_three_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    path = Path(os.sep, "elsewhere", "content", "en", "transfers", "pending.md")
    assert _Shown()(path) == "en/transfers/pending.md"


def test_a_sites_urls_are_made_once_and_handed_out_as_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build asks for them three times (aliases, vanished URLs, the manifest)."""
    from helpcenter.build.pipeline import check
    from helpcenter.render import manifest
    from helpers import ROOT

    made = []
    make = manifest._page_urls
    monkeypatch.setattr(manifest, "_page_urls", lambda s: made.append(s) or make(s))
    site = check(ROOT / "content").site  # asks for them once (aliases)
    first, listed = manifest.page_urls(site), manifest.urls(site)
    first.clear()
    listed.append("/changed/")
    assert manifest.page_urls(site) == make(site) and manifest.urls(site)[-1] != "/changed/"
    assert "/en/" in manifest.urls(site) and manifest.manifest(site).count("\n") == len(manifest.urls(site))
    assert made == [site]  # once for this site
    before = manifest.urls(site)
    other = check(ROOT / "content").site  # another build: made again
    assert made == [site, other] and manifest.urls(other) == before
