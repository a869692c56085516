"""Pages in headless Chromium under a strict CSP: no console errors or CSP violations,
the language switcher leads to the other-language article, breadcrumbs link back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    ("{lang}/", "home"),
    ("{lang}/transfers/", "category"),
    ("{lang}/transfers/pending-transfer/", "article"),
    ("{lang}/contact/contact-support/", "article"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path, kind", PAGES)
def test_page_loads_cleanly_under_csp(page, site_url, lang, path, kind):
    response = page.goto(site_url + path.format(lang=lang))
    assert response.status == 200
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#support-status[role=status]").count() == 1
    assert page.locator("h1").count() == 1
    assert page.watch.errors == [], page.watch.errors


@pytest.mark.parametrize("lang, other", [("en", "zh"), ("zh", "en")])
def test_language_switcher_leads_to_the_translated_article(page, site_url, lang, other):
    page.goto(site_url + f"{lang}/recovery/lost-phone/")
    title = page.locator("h1").inner_text()
    page.locator(f".lang-switch a[hreflang={other}]").click()
    page.wait_for_url(f"**/{other}/recovery/lost-phone/")
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("h1").inner_text() != title


def test_breadcrumbs_link_back(page, site_url):
    page.goto(site_url + "en/security/token-approvals/")
    crumbs = page.locator(".breadcrumbs a")
    assert crumbs.count() == 3
    crumbs.nth(1).click()
    page.wait_for_url("**/en/security/")
    assert page.locator("a[href$='/en/security/token-approvals/']").count() >= 1
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_url("**/en/")


def test_unknown_url_shows_the_404_page(page, site_url):
    response = page.goto(site_url + "en/no-such-page/")
    assert response.status == 404
    assert page.locator("a[href$='/zh/']").count() >= 1


def test_dark_mode_changes_colours(browser, site_url):
    colours = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        pg = context.new_page()
        pg.goto(site_url + "en/")
        colours.append(pg.evaluate("getComputedStyle(document.body).backgroundColor"))
        context.close()
    assert colours[0] != colours[1]


def test_mobile_viewport_has_no_horizontal_scroll(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    pg = context.new_page()
    for path in ("zh/transfers/network-fees/", "en/security/token-approvals/", "zh/"):
        pg.goto(site_url + path)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    context.close()
