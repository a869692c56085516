"""A site built with --base-url https://example.com/help/ works when served under /help/:
every link, asset, search shard and support.json resolves there."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from helpers import SAMPLE_CONTENT, build_site

pytestmark = pytest.mark.browser


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder at /help/ and nothing at the root, like a host with a sub-path."""

    def translate_path(self, path: str) -> str:
        if not path.startswith("/help/"):
            return str(Path(self.directory) / "__nowhere__")
        return super().translate_path(path[len("/help") :])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("subpath") / "site"
    build_site(SAMPLE_CONTENT, out, base_url="https://example.com/help/")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPathHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}/help/"
    server.shutdown()


def test_every_local_reference_stays_under_the_sub_path(subpath_site):
    out, _ = subpath_site
    for page in list(out.rglob("*.html"))[:200]:
        html = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src|action)="(/[^"]*)"', html):
            assert ref.startswith("/help/"), (page, ref)
        if 'rel="canonical"' in html:
            assert 'rel="canonical" href="https://example.com/help/' in html, page


def test_pages_assets_search_and_banner_resolve_in_the_browser(subpath_site, page):
    out, url = subpath_site
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url + "en/transfers/pending-transfer/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    assert page.locator("#support-status").get_attribute("data-state") in ("online", "offline", "closed")
    page.locator(".breadcrumbs a").nth(1).click()
    page.wait_for_url("**/help/en/transfers/")
    page.goto(url + "en/search/?q=pending+transfer")
    page.locator("#search-results a").first.wait_for(timeout=10000)
    first = page.locator("#search-results a").first.get_attribute("href")
    assert urlparse(urljoin(url, first)).path.startswith("/help/en/")
    assert failed == [], failed
    assert page.watch.errors == [], page.watch.errors
