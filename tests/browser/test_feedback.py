""" "Did this solve your problem?" in headless Chromium: Yes thanks, No offers related
articles and a request pre-filled with the article; with an endpoint the vote is sent by
sendBeacon (path, language, vote — nothing else), without one nothing is sent."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest

from helpers import SAMPLE_CONTENT, Handler, build_site

pytestmark = pytest.mark.browser
ARTICLE = "en/transfers/pending-transfer/"


@pytest.fixture(scope="module")
def beacon_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("fb") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    with (content / "site.toml").open("a", encoding="utf-8") as f:
        f.write('\n[feedback]\nendpoint = "/feedback-endpoint"\n')
    out = content.parent / "site"
    build_site(content, out)
    received: list[bytes] = []

    class Collector(Handler):
        def do_POST(self) -> None:  # the endpoint: records what it is sent
            received.append(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            self.send_response(204)
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Collector, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", received
    server.shutdown()


def test_no_offers_related_articles_and_a_prefilled_request(page, site_url):
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.goto(site_url + ARTICLE)
    page.click(".feedback button[data-vote=no]")
    assert page.is_visible(".feedback-no")
    assert page.locator(".feedback-no li a").count() >= 1
    link = page.locator("a.feedback-request")
    href = link.get_attribute("href")
    assert "about=" in href and href.endswith("#request")
    link.click()
    page.wait_for_selector("form.request-form:not([hidden])")
    title = page.evaluate("() => new URLSearchParams(location.search).get('title')")
    assert title and page.input_value("#rq-what") == title + "\n"
    assert sent == [], "no endpoint configured: nothing may be sent"
    assert page.watch.errors == []


def test_yes_thanks(page, site_url):
    page.goto(site_url + ARTICLE)
    page.click(".feedback button[data-vote=yes]")
    assert page.inner_text(".feedback-thanks") == "Thank you for telling us."
    assert page.is_hidden(".feedback-buttons") and page.is_hidden(".feedback-no")


def test_a_vote_is_beaconed_to_the_configured_endpoint(page, beacon_site):
    url, received = beacon_site
    page.goto(url + "zh/transfers/pending-transfer/")
    with page.expect_request(lambda r: r.url.endswith("/feedback-endpoint") and r.method == "POST"):
        page.click(".feedback button[data-vote=no]")
    page.wait_for_function("() => true")
    for _ in range(50):
        if received:
            break
        page.wait_for_timeout(100)
    assert [json.loads(body) for body in received] == [
        {"type": "vote", "page": "zh/transfers/pending-transfer/", "lang": "zh", "vote": "no"}
    ]


def test_a_search_that_finds_nothing_is_reported_once(page, beacon_site):
    url, received = beacon_site
    received.clear()
    page.goto(url + "en/search/?q=zzqx%20flurbo")
    page.wait_for_selector("#search-empty:not([hidden])")
    for _ in range(60):
        if received:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    assert [json.loads(body) for body in received] == [{"type": "search-none", "lang": "en", "q": "zzqx flurbo"}]
