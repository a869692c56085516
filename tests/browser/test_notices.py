"""Notices of known problems in headless Chromium: a notice appears when the visitor's
clock passes `starts` and vanishes at `ends`, with no rebuild; it comes first on the pages
of the categories it concerns; the notices page and feed list it for visitors without JS."""

from __future__ import annotations

import datetime as dt
import json

import pytest

pytestmark = pytest.mark.browser
UTC = dt.UTC
# content/notices/2026-12-06-maintenance.toml: 02:00–04:00 Asia/Shanghai on 6 December
STARTS = dt.datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
ENDS = dt.datetime(2026, 12, 5, 20, 0, tzinfo=UTC)


def load(page, url: str, now: dt.datetime) -> None:
    page.clock.install(time=now - dt.timedelta(seconds=5))
    page.clock.pause_at(now)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.support-banner').dataset.notices !== undefined")


def shown(page) -> list[str]:
    return page.eval_on_selector_all(".support-notices .notice", "ns => ns.map(n => n.dataset.id)")


def test_a_notice_appears_at_starts_and_vanishes_at_ends(page, site_url):
    load(page, site_url + "en/transfers/pending-transfer/", STARTS - dt.timedelta(minutes=1))
    assert shown(page) == [] and page.is_hidden(".support-notices")
    page.clock.run_for(61_000)
    page.wait_for_function("() => document.querySelectorAll('.support-notices .notice').length === 1")
    assert shown(page) == ["2026-12-06-maintenance"]
    text = page.text_content(".support-notices")  # the details are closed: the title shows, the body on demand
    assert "Planned maintenance" in text and "Your funds are safe" in text
    page.clock.run_for(2 * 3600 * 1000)
    page.wait_for_function("() => document.querySelectorAll('.support-notices .notice').length === 0")
    assert page.is_hidden(".support-notices")
    assert page.watch.errors == []


def test_the_notice_speaks_the_page_language(page, site_url):
    load(page, site_url + "zh/", STARTS + dt.timedelta(minutes=30))
    assert shown(page) == ["2026-12-06-maintenance"]
    assert "计划维护" in page.inner_text(".support-notices")


def test_notices_json_the_page_and_the_feed(page, site_url, sample_site):
    data = json.loads((sample_site / "notices.json").read_text(encoding="utf-8"))
    (notice,) = data["notices"]
    assert (notice["starts"], notice["ends"]) == ("2026-12-05T18:00:00Z", "2026-12-05T20:00:00Z")
    assert notice["categories"] == ["transfers"] and "<strong>" in notice["html"]["en"]
    page.goto(site_url + "en/notices/")
    assert "Planned maintenance" in page.inner_text("main")
    feed = (sample_site / "en" / "notices.xml").read_text(encoding="utf-8")
    assert "<feed" in feed and "2026-12-06-maintenance" in feed
    # every page links to the notices page, for visitors without JavaScript
    page.goto(site_url + "en/security/")
    assert page.get_attribute("a.support-notices-link", "href").endswith("/en/notices/")
