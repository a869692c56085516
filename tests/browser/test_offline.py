"""Offline reading, in headless Chromium with the network really cut (the server stopped):

- after one visit to an article, and one search from it, the article opens again and the
  search over the same words still finds it, while support.json and notices.json are never
  kept, so the banner says "unknown" instead of repeating an old answer;
- a rebuild with other assets installs a new worker whose activation deletes the old cache;
- `[offline] enabled = false` publishes a worker that removes itself, and pages register none.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import MINI, ROOT, build_site, serve_directory, write

pytestmark = pytest.mark.browser

BUILT_AT = dt.datetime(2026, 10, 20, tzinfo=dt.UTC)
ARTICLE = "en/transfers/pending-transfer/"

CACHES = "async () => { const out = {}; for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname); return out; }"
# waits (up to 20 s) until `path` is in a cache; evaluate() awaits it, wait_for_function would not
KEPT = """async (path) => {
  for (let i = 0; i < 400; i++) {
    if (await caches.match(path)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}"""


def controlled(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def test_a_visited_article_and_its_search_work_offline_and_the_banner_says_unknown(browser, tmp_path):
    build_site(ROOT / "content", tmp_path / "site", now=BUILT_AT)
    url, server = serve_directory(tmp_path / "site")
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(BUILT_AT + dt.timedelta(days=1))
        page.goto(url + ARTICLE)
        page.wait_for_selector("#support-status .support-live:not([hidden])")
        assert page.locator("#support-status").get_attribute("data-state") != "unknown"
        controlled(page)
        title = page.locator("h1").inner_text()
        page.fill("#site-search", "pending transfer")
        page.wait_for_selector("#site-search-list:not([hidden]) a.result[role=option]")
        found = page.locator("#site-search-list a.result").first.get_attribute("href")
        # the first page and what it loaded, fetched before the worker took over, are kept too
        for loaded in [
            "/" + ARTICLE,
            *page.eval_on_selector_all("link[rel=stylesheet], script[src]", "els => els.map((e) => e.href || e.src)"),
        ]:
            assert page.evaluate(KEPT, loaded), loaded
        kept = page.evaluate(CACHES)
        assert len(kept) == 1 and next(iter(kept)).startswith("helpcenter-/-")
        paths = next(iter(kept.values()))
        assert "/support.json" not in paths and "/notices.json" not in paths
        assert any("/search/en/v/" in p for p in paths) and any("/search/en/p/" in p for p in paths)

        server.shutdown()  # the network is gone, for the worker too
        server.server_close()
        context.set_offline(True)
        page.reload()
        assert page.locator("h1").inner_text() == title
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # styled
        page.wait_for_selector("#support-status .support-live:not([hidden])")
        status = page.locator("#support-status")
        assert status.get_attribute("data-state") == "unknown"
        assert "Support status unavailable" in status.inner_text()
        assert "online" not in status.inner_text().lower().replace("support status unavailable", "")
        hours = page.locator(".support-static details")  # the usual hours, on demand: compact
        assert hours.locator("summary").is_visible() and hours.locator("table").is_hidden()
        page.fill("#site-search", "pending transfer")
        page.wait_for_selector("#site-search-list:not([hidden]) a.result[role=option]")
        assert page.locator("#site-search-list a.result").first.get_attribute("href") == found
    finally:
        context.close()


def test_a_rebuild_with_other_assets_replaces_the_worker_and_its_cache(browser, tmp_path):
    theme = tmp_path / "theme"
    out = tmp_path / "site"
    build_site(MINI, out, now=BUILT_AT)
    url, server = serve_directory(out)
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.goto(url + "en/")
        controlled(page)
        assert page.evaluate(KEPT, "/en/")
        first = set(page.evaluate(CACHES))
        worker = (out / "sw.js").read_text(encoding="utf-8")
        write(theme / "static" / "css" / "extra.css", ".brand { letter-spacing: .01em; }\n")
        build_site(MINI, out, now=BUILT_AT, theme=theme)
        assert (out / "sw.js").read_text(encoding="utf-8") != worker
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        gone = """async (names) => {
          for (let i = 0; i < 400; i++) {
            if (!(await caches.keys()).some((k) => names.includes(k))) return true;
            await new Promise((r) => setTimeout(r, 50));
          }
          return false;
        }"""
        assert page.evaluate(gone, sorted(first)), page.evaluate(CACHES)  # the old cache is deleted
        page.reload()
        assert page.evaluate(KEPT, "/en/")
        now = set(page.evaluate(CACHES))
        assert len(now) == 1 and now != first
    finally:
        context.close()
        server.shutdown()


def test_offline_reading_can_be_turned_off(browser, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site_toml = content / "site.toml"
    site_toml.write_text(site_toml.read_text(encoding="utf-8") + "\n[offline]\nenabled = false\n", encoding="utf-8")
    out = tmp_path / "site"
    build_site(content, out, now=BUILT_AT)
    html = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "data-sw=" not in html
    worker = (out / "sw.js").read_text(encoding="utf-8")
    assert "unregister()" in worker and "fetch" not in worker


def test_a_search_page_opened_with_a_query_starts_the_worker_after_its_results(browser, tmp_path):
    """The worker's start, and every request it then takes over, would delay the first results."""
    build_site(MINI, tmp_path / "site", now=BUILT_AT)
    url, server = serve_directory(tmp_path / "site")
    context = browser.new_context(service_workers="allow")
    # what the results list answers at the moment the page registers its worker
    context.add_init_script(
        """window.__answered = [];
        if (navigator.serviceWorker) {
          const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
          navigator.serviceWorker.register = (...args) => {
            window.__answered.push(document.querySelector("#search-results")?.dataset.query ?? null);
            return register(...args);
          };
        }"""
    )
    try:
        page = context.new_page()
        page.goto(url + "en/search/?q=" + "lost%20phone")
        controlled(page)
        assert page.evaluate("() => window.__answered") == ["lost phone"]
        page.goto(url + "en/search/")  # without a query: at once, as every other page
        controlled(page)
        assert page.evaluate("() => window.__answered") == [None]
    finally:
        context.close()
        server.shutdown()
