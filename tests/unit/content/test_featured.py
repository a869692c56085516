"""`featured:` in front matter: true or false, anything else a `path:line` problem."""

from __future__ import annotations

import shutil

import pytest

from helpcenter.build.pipeline import check
from helpcenter.errors import BuildFailed
from helpers import MINI


def test_featured_must_be_true_or_false(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text(encoding="utf-8").replace("---\n", "---\nfeatured: maybe\n", 1))
    with pytest.raises(BuildFailed) as failed:
        check(content, jobs=1)
    [problem] = failed.value.report.problems
    assert problem.path == article and problem.line == 2
    assert "'featured' must be true or false" in problem.message


def test_featured_articles_are_read(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text(encoding="utf-8").replace("---\n", "---\nfeatured: true\n", 1))
    site = check(content, jobs=1).site
    assert [a.key for a in site.articles if a.featured] == [("en", "transfers", "pending")]
