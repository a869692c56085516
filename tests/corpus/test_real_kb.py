"""The build on ~300 real help-center articles (../shared/corpus/real-kb, MIT/BSD) with the
site.toml in tests/fixtures/real-kb: it builds, and reports what is wrong in the sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpers import ROOT, missing

REAL_KB = ROOT.parent / "shared" / "corpus" / "real-kb"


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory) -> Path:
    if not REAL_KB.is_dir():
        missing("../shared/corpus/real-kb is not beside this checkout")
    content = tmp_path_factory.mktemp("real-kb") / "content"
    shutil.copytree(REAL_KB, content)
    shutil.copy(ROOT / "tests" / "fixtures" / "real-kb" / "site.toml", content / "site.toml")
    return content


def test_real_articles_build_with_their_problems_reported(real_kb, tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--content", str(real_kb), "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output[-3000:]
    assert "Traceback" not in result.output
    articles = sorted(p for p in real_kb.rglob("*.md") if len(p.relative_to(real_kb).parts) == 3)
    assert len(articles) > 250
    pages = list(out.glob("*/*/*/index.html"))
    assert len(pages) == len(articles)
    # the sources' own provenance key is reported, not silently dropped
    assert "warning: unknown key 'source'" in result.output
    # their broken in-page anchors are reported with the line of the link
    assert "bitcoin-vocabulary.md:30: warning: link to a missing anchor '#block-chain'" in result.output
    assert (out / "zh" / "search" / "index.html").is_file()
    assert list((out / "search" / "zh").rglob("meta.json"))


def test_strict_check_fails_on_the_same_problems(real_kb):
    result = CliRunner().invoke(main, ["check", "--content", str(real_kb), "--strict", "--format", "github"])
    assert result.exit_code == 1
    assert "::warning file=" in result.output and "line=30::link to a missing anchor" in result.output
