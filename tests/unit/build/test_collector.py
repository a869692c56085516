"""A build runs Python's cycle collector rarely, and gives the caller's thresholds back
however it ends (`helpcenter serve` builds again and again in one process)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from helpcenter.build.collector import YOUNG, aged, last_build, rare_collections
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


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


def _young() -> list[list[int]]:
    """A thousand new objects, in a young generation: the collector paused while they are
    made (a collection then, due to what ran before, could carry them to the oldest)."""
    gc.disable()
    try:
        kept = [[n] for n in range(1000)]
        assert not _in_generation(kept, 2)
        return kept
    finally:
        gc.enable()


def test_in_a_last_build_aged_puts_what_is_alive_in_the_oldest_generation_where_cycles_are_still_collected():
    kept = _young()
    cycle: list[object] = []
    cycle.append(cycle)
    with last_build():
        aged()
        assert _in_generation(kept, 2) and _in_generation(kept[0], 2)
        assert gc.get_count()[0] < 100  # no young collection owed for them
        probe = weakref.ref(_Cyclic())
        aged()
    assert probe() is not None  # kept alive by its own cycle, now old
    gc.collect()
    assert probe() is None  # a full collection still frees it
    assert kept[999] == [999] and cycle[0] is cycle


def test_elsewhere_aged_leaves_objects_where_young_collections_free_dead_cycles():
    """A process that builds again and again (`helpcenter serve`) ages nothing: each build's
    dead cycles go with the next young collections, not with a full one that rarely comes."""
    gc.disable()  # as _young(): no collection of its own between making them and the check
    try:
        kept = [[n] for n in range(1000)]
        aged()
        assert not _in_generation(kept, 2)
    finally:
        gc.enable()
    probe = weakref.ref(_Cyclic())
    gc.collect(1)
    assert probe() is None


def test_a_cache_file_is_loaded_straight_into_the_oldest_generation_in_a_last_build(tmp_path: Path):
    from helpcenter.build.cache_files import dump, load

    dump({"articles": [(n, [n]) for n in range(10_000)]}, tmp_path / "part.pickle")
    gc.collect()
    with last_build():
        loaded = load(tmp_path / "part.pickle")
    assert isinstance(loaded, dict) and loaded["articles"][-1] == (9_999, [9_999])
    assert _in_generation(loaded, 2) and _in_generation(loaded["articles"][0][1], 2)
    assert gc.get_count()[0] < 100
    assert gc.isenabled()


def test_the_build_command_is_a_last_build_and_the_flag_ends_with_it(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    import helpcenter.build.collector as collector
    import helpcenter.build.pipeline as pipeline
    from helpcenter.cli import main

    content = mini_with_roster(tmp_path)
    during = []
    real_check = pipeline.check

    def check(*args, **kwargs):
        during.append(collector._last_build)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check", check)
    result = CliRunner().invoke(
        main, ["build", "--content", str(content), "--out", str(tmp_path / "site"), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert during == [True]
    assert collector._last_build is False
    pipeline.build(content, tmp_path / "site", jobs=1)  # called as a library (the preview): not one
    assert during == [True, False]


class _Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_builds_inside_rare_collections_end_without_a_collection_and_are_collected_after(tmp_path, thresholds):
    """`helpcenter serve` builds inside rare_collections(): a build's end starts no walk of
    the young objects it made (the browser is told first), collect_young() walks them."""
    from helpcenter.build.collector import collect_young

    content = mini_with_roster(tmp_path)
    walks: list[int] = []  # the young objects each collection found

    def walked(phase: str, info: dict) -> None:
        if phase == "start":
            walks.append(gc.get_count()[0])

    with rare_collections():
        build(content, tmp_path / "site", jobs=1)
        gc.callbacks.append(walked)
        try:
            build(content, tmp_path / "site", jobs=1, cache_dir=tmp_path / "cache")
            left = gc.get_count()[0]
        finally:
            gc.callbacks.remove(walked)
        # a collection the build started walked YOUNG objects at least, not the 700 of the default
        assert all(count > YOUNG for count in walks), (walks, left)
        collect_young()
        assert gc.get_count()[0] < 700 and gc.get_threshold()[0] == YOUNG
    assert gc.get_threshold() == (700, 10, 10)
