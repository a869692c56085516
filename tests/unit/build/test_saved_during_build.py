"""A file saved while a build runs (a writer saving again, `helpcenter serve` building the
save before) is a change to the next build: what a build remembers of its inputs is what
it saw before reading them."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.build import pipeline
from helpcenter.build.cache import BuildCache
from helpers import mini_with_roster, tree_digest


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return mini_with_roster(tmp_path)


def warm(content: Path, out: Path):
    return pipeline.build(content, out, jobs=1, cache_dir=out.parent / "cache")


def equals_a_cold_build(content: Path, out: Path, tmp_path: Path) -> bool:
    pipeline.build(content, tmp_path / "cold", jobs=1)
    assert _diff(out, tmp_path / "cold") == []
    return tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_save_after_the_build_read_its_inputs(content, tmp_path):
    out = tmp_path / "site"
    article, text = _built_then_edited(content, out)
    publish = pipeline.publish

    def publish_then_save(*args, **kwargs):
        done = publish(*args, **kwargs)
        article.write_text(text.replace("Networks get busy.", "Networks are slow today, and busy."))
        return done

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(pipeline, "publish", publish_then_save)
        warm(content, out)
    assert "Networks get very busy." in (out / "en/transfers/pending/index.html").read_text()
    result = warm(content, out)  # not "nothing changed": the file saved during the last one is built
    assert result.site is not None
    assert "Networks are slow today, and busy." in (out / "en/transfers/pending/index.html").read_text()
    assert equals_a_cold_build(content, out, tmp_path)


def test_a_save_between_reading_an_article_and_remembering_it(content, tmp_path):
    out = tmp_path / "site"
    article, text = _built_then_edited(content, out)
    remember = BuildCache.remember_article

    def save_then_remember(self, path, digest, result):
        if str(path) == str(article):  # the file as a Path or as text
            article.write_text(text.replace("Networks get busy.", "Networks are slow today, and busy."))
        return remember(self, path, digest, result)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(BuildCache, "remember_article", save_then_remember)
        warm(content, out)
    warm(content, out)  # the parse was remembered under the stat read before it: parsed again
    assert "Networks are slow today, and busy." in (out / "en/transfers/pending/index.html").read_text()
    assert equals_a_cold_build(content, out, tmp_path)


def test_a_save_between_the_input_walk_and_reading_an_article(content, tmp_path):
    """Articles are remembered under the stats the input walk found: a save after the walk
    is read again by the next build, whatever this one read."""
    out = tmp_path / "site"
    article, text = _built_then_edited(content, out)
    read = BuildCache.article

    def save_then_read(self, path):
        if str(path) == str(article) and "slow today" not in article.read_text():
            article.write_text(text.replace("Networks get busy.", "Networks are slow today, and busy."))
        return read(self, path)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(BuildCache, "article", save_then_read)
        warm(content, out)
    warm(content, out)
    assert "Networks are slow today, and busy." in (out / "en/transfers/pending/index.html").read_text()
    assert equals_a_cold_build(content, out, tmp_path)


def _built_then_edited(content: Path, out: Path) -> tuple[Path, str]:
    """A first build, then an edit of one article: (the article, its text before the edit)."""
    warm(content, out)
    article = content / "en" / "transfers" / "pending.md"
    text = article.read_text()
    article.write_text(text.replace("Networks get busy.", "Networks get very busy."))
    return article, text


def _diff(a: Path, b: Path) -> list[str]:
    files = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    return sorted(
        f
        for f in files
        if not (a / f).is_file() or not (b / f).is_file() or (a / f).read_bytes() != (b / f).read_bytes()
    )
