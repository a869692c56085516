"""A build runs Python's cycle collector rarely, and gives the caller's thresholds back
however it ends (`helpcenter serve` builds again and again in one process)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from helpcenter.build.collector import YOUNG, rare_collections
from helpcenter.build.pipeline import build
from helpcenter.errors import BuildFailed
from helpers import mini_with_roster


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_the_collector_runs_rarely_inside_and_as_before_after(thresholds):
    seen = []
    with rare_collections():
        seen.append(gc.get_threshold())
    assert seen == [(YOUNG, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)


def test_a_caller_that_collects_even_more_rarely_keeps_its_setting(thresholds):
    gc.set_threshold(10 * YOUNG, 10, 10)
    with rare_collections():
        assert gc.get_threshold()[0] == 10 * YOUNG
    assert gc.get_threshold() == (10 * YOUNG, 10, 10)


def test_a_build_runs_the_collector_rarely_and_restores_it_even_when_it_fails(tmp_path: Path, thresholds, monkeypatch):
    import helpcenter.build.pipeline as pipeline

    content = mini_with_roster(tmp_path)
    during = []
    real_check = pipeline.check

    def check(*args, **kwargs):
        during.append(gc.get_threshold()[0])
        return real_check(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check", check)
    build(content, tmp_path / "site", jobs=1)
    assert during == [YOUNG]
    assert gc.get_threshold() == (700, 10, 10)

    (content / "site.toml").write_text("this is = = not toml\n")
    with pytest.raises(BuildFailed):
        build(content, tmp_path / "site", jobs=1)
    assert gc.get_threshold() == (700, 10, 10)


def test_loading_the_cached_articles_pauses_the_collector_and_restores_it(tmp_path: Path, monkeypatch):
    """The cached articles are loaded with no collection meanwhile (no cycles among them);
    the collector is as before afterwards, also when the caller had it off."""
    import helpcenter.build.cache_files as cache_files

    content = mini_with_roster(tmp_path)
    build(content, tmp_path / "site", jobs=1, cache_dir=tmp_path / "cache")
    during = []
    real = cache_files.load_shard

    def load_shard(path):
        during.append(gc.isenabled())
        return real(path)

    monkeypatch.setattr(cache_files, "load_shard", load_shard)
    article = content / "en" / "transfers" / "pending.md"
    for enabled in (True, False):
        article.write_text(article.read_text() + f"\nOne more line ({enabled}).\n")
        (gc.enable if enabled else gc.disable)()
        try:
            build(content, tmp_path / "site", jobs=1, cache_dir=tmp_path / "cache")
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert during and not any(during)
