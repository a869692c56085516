"""A build large enough for worker processes (Markdown, a language's search index started
as soon as that language is parsed, pages) writes exactly what a build in one process
writes, and a failing one still loses nothing."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpcenter.build.workers import Workers, worth_early_search, worth_workers
from helpcenter.errors import BuildFailed
from helpcenter.search.spool import Files, Spooled
from helpers import ROOT, tree_digest

EN = [
    "wallet",
    "recovery",
    "phrase",
    "transfer",
    "pending",
    "network",
    "fee",
    "support",
    "agent",
    "backup",
    "device",
    "address",
    "confirm",
]
ZH = [
    "钱包",
    "恢复",
    "助记词",
    "转账",
    "待确认",
    "网络",
    "手续费",
    "客服",
    "备份",
    "设备",
    "地址",
    "确认",
    "安全",
    "验证",
]
PER_LANGUAGE = 260  # enough for workers: parallel parsing, and each language's index started early


def write_site(root: Path) -> Path:
    rng = random.Random(3)
    content = root / "content"
    content.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.toml", content / "site.toml")
    for lang, words, space in (("en", EN, " "), ("zh", ZH, "")):
        for n in range(PER_LANGUAGE):
            category = ("recovery", "transfers", "security", "contact")[n % 4]
            folder = content / lang / category
            folder.mkdir(parents=True, exist_ok=True)
            body = "\n\n".join(
                f"## {rng.choice(words)} {p}\n\n" + space.join(rng.choices(words, k=40)) for p in range(3)
            )
            (folder / f"a{n:04d}.md").write_text(
                f"---\ntitle: {space.join(rng.choices(words, k=3))} {n}\nsummary: {space.join(rng.choices(words, k=8))}\n---\n\n{body}\n",
                encoding="utf-8",
            )
    return content


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return write_site(tmp_path)


@pytest.fixture
def spools(tmp_path, monkeypatch) -> Path:
    """The temporary folder where indexing processes spool their files (search.spool):
    every build must leave it empty, whether it succeeds or fails."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_site_is_large_enough_for_every_kind_of_worker():
    assert worth_workers(2, 2 * PER_LANGUAGE) and worth_early_search(2, PER_LANGUAGE, 2)


def test_workers_build_what_one_process_builds(content, tmp_path, monkeypatch, spools):
    started, spooled = [], []
    original = Workers.__exit__
    take = Files.add

    def spy(self, *exc):
        started.append(self._pool is not None)
        return original(self, *exc)

    def took(self, part):
        spooled.append(isinstance(part, Spooled))
        return take(self, part)

    monkeypatch.setattr(Workers, "__exit__", spy)
    monkeypatch.setattr(Files, "add", took)
    build(content, tmp_path / "parallel", jobs=2)
    assert started == [True]  # the pool ran (parsing and early search)
    assert spooled == [True, True]  # each language's search files came back spooled
    assert list(spools.iterdir()) == []
    build(content, tmp_path / "serial", jobs=1)
    assert tree_digest(tmp_path / "parallel") == tree_digest(tmp_path / "serial")


def test_a_cached_parallel_build_then_an_edit_equals_a_cold_build(content, tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=2, cache_dir=cache)
    article = content / "zh" / "transfers" / "a0001.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n新的一段：备份很重要。\n", encoding="utf-8")
    result = build(content, out, jobs=2, cache_dir=cache)
    assert 0 < result.written < 200
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_bad_article_fails_a_parallel_build_and_keeps_the_old_site(content, tmp_path, spools):
    out = tmp_path / "site"
    build(content, out, jobs=2)
    before = tree_digest(out)
    (content / "en" / "recovery" / "a0000.md").write_text("---\ntitle: Broken\n---\n\nSee [this](missing.md).\n")
    with pytest.raises(BuildFailed) as failed:
        build(content, out, jobs=2)  # both languages were indexed meanwhile, for nothing
    assert any("missing.md" in p.message for p in failed.value.report.problems)
    assert tree_digest(out) == before
    assert list(spools.iterdir()) == []


def test_a_failed_build_removes_the_spools_of_what_it_indexed(spools):
    """Indexes that finished for a build that then failed, collected or not: their spooled
    files are removed (reap), as are none that a cancelled index never wrote."""
    from concurrent.futures import Future

    from helpcenter.build.early import Started
    from helpcenter.search.results import LanguageStats
    from helpcenter.search.spool import spool

    stats = LanguageStats(1, 1, 1, 1, 0.0)
    done, cancelled, failed = Future(), Future(), Future()
    done.set_result(([[0]], stats, spool({"search/zh/meta.json": b"{}"}), None))
    cancelled.cancel()
    failed.set_exception(RuntimeError("the index crashed"))
    started = Started(futures={"zh": done, "fr": cancelled, "de": failed})
    started.indexed["en"] = ([[0]], stats, spool({"search/en/meta.json": b"{}"}), None)
    assert len(list(spools.iterdir())) == 2
    started.reap()
    assert list(spools.iterdir()) == []


def test_a_parsing_task_holds_at_most_chunk_most_articles(content, tmp_path, monkeypatch):
    """A worker holds a task's parsed articles until it hands them back: at 100,000
    articles an uncapped task (a sixteenth of a language) held hundreds of megabytes."""
    from helpcenter.content import loading

    monkeypatch.setattr(loading, "CHUNK_MOST", 20)
    sizes: list[int] = []
    parse_all = loading.parse_all

    def spy(*args, **kwargs):
        for chunk in parse_all(*args, **kwargs):
            sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr(loading, "parse_all", spy)
    build(content, tmp_path / "site", jobs=2)
    assert sum(sizes) == 2 * PER_LANGUAGE and max(sizes) == 20
