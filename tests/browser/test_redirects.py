"""An article moved with `helpcenter mv` keeps its old URL: on a plain static server sending
the strict Content-Security-Policy, the old address lands on the article, in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpers import CSP, MINI, build_site, serve_directory

pytestmark = pytest.mark.browser


def test_the_old_url_of_a_moved_article_lands_on_it(page, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "site"
    build_site(content, out)
    moved = CliRunner().invoke(main, ["mv", "transfers/pending", "pending-transfer", "--content", str(content)])
    assert moved.exit_code == 0, moved.output
    build_site(content, out)
    url, server = serve_directory(out)
    try:
        response = page.goto(url + "en/transfers/pending/")
        assert response is not None and response.status == 200
        assert response.headers["content-security-policy"] == CSP
        page.wait_for_url(url + "en/transfers/pending-transfer/")
        assert page.locator("h1").inner_text() == "Why is my transfer pending?"
        page.wait_for_load_state("networkidle")
        assert page.watch.errors == [], page.watch.errors  # no CSP violation on either page
        # links in the other articles, in every language, lead to the new URL
        for lang in ("en", "zh"):
            page.goto(url + f"{lang}/recovery/restore/")
            assert page.locator(f'main a[href^="/{lang}/transfers/pending-transfer/"]').count() == 1
            assert page.locator(f'main a[href^="/{lang}/transfers/pending/"]').count() == 0
    finally:
        server.shutdown()
        server.server_close()
