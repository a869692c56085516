"""Shared fixtures: the sample site built once per session, served with a strict
Content-Security-Policy, and headless Chromium (Debian's, driven by Playwright).
The helpers they use, and tests import, are in helpers.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpers import CHROMIUM, CHROMIUM_ARGS, SAMPLE_CONTENT, PageWatch, serve_directory


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    build(SAMPLE_CONTENT, out)
    return out


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    url, server = serve_directory(sample_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or (shutil.which(CHROMIUM) is None and not os.access(CHROMIUM, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"headless Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    # a routed request still in flight when the test ends (a shard fetched after the
    # assertions) would fail inside its handler once the context is gone, and be
    # reported against the next test
    pg.unroute_all(behavior="ignoreErrors")
    context.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")
