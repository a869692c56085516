"""The home, the article page and the tools every page has, in headless Chromium:

- the home starts with "How can we help?" and the search box (the header's dropdown, at the
  centre), the most-needed articles, the categories with their icons, contact and verify;
- `/` sends the visitor to the language their browser prefers (BCP 47 with scripts: zh-TW
  finds zh-Hant), or the one they picked before; without a match or JavaScript the chooser
  stays and offers search; the switcher keeps the article, or goes to its category;
- on a wide screen the table of contents sits beside the text, stays in view and marks the
  section being read; heading links copy an address that opens the page at that heading;
- the colour scheme is chosen, remembered, and applied before the first paint;
- the banner stays compact at 1280 and 390 px; print leaves out what paper cannot use;
- the "/" hint is not shown on touch screens.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpcenter.support.roster import parse_roster
from helpcenter.support.schedule import UTC, expand, status_at
from helpers import FIXTURES, MINI, ROOT, build_site, serve_directory, write

pytestmark = pytest.mark.browser

BUILT_AT = dt.datetime(2026, 10, 20, tzinfo=UTC)
ARTICLE = "recovery/lost-phone/"


@dataclass
class Sample:
    url: str
    out: Path
    at: dict[str, dt.datetime]  # an instant showing each banner state


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    base = tmp_path_factory.mktemp("home")
    roster_path = ROOT / "content" / "roster.toml"
    roster, problems = parse_roster(roster_path.read_text(encoding="utf-8"), roster_path)
    assert roster is not None, problems
    schedule = expand(roster, BUILT_AT)
    at: dict[str, dt.datetime] = {}
    t = BUILT_AT + dt.timedelta(hours=1)
    while t < schedule.valid_until and len(at) < 3:
        at.setdefault(status_at(schedule, t).state, t)
        t += dt.timedelta(hours=1)
    assert set(at) == {"online", "offline", "closed"}, at  # closed: New Year's Day
    build_site(ROOT / "content", base / "site", now=BUILT_AT)
    url, server = serve_directory(base / "site")
    yield Sample(url, base / "site", at)
    server.shutdown()


def open_page(context, sample: Sample, path: str, state: str = "offline"):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.clock.set_fixed_time(sample.at[state])
    page.goto(sample.url + path)
    page.wait_for_selector("#support-status .support-live:not([hidden])")
    return page


# -- home -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, question", [("en", "How can we help?"), ("zh", "有什么可以帮你？")])
def test_the_home_starts_with_the_question_and_the_search_box(browser, sample, lang, question):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = open_page(context, sample, f"{lang}/")
        assert page.locator("h1").inner_text() == question
        box = page.locator("main #site-search")  # the header's combobox, moved to the centre
        assert box.count() == 1 and page.locator("header #site-search").count() == 0
        rect = box.bounding_box()
        assert rect and abs(rect["x"] + rect["width"] / 2 - 640) < 20 and rect["y"] + rect["height"] < 400
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "site-search"
        page.keyboard.type("pending" if lang == "en" else "转账")
        page.wait_for_selector("#site-search-list:not([hidden]) a.result[role=option]")
        # most needed, large enough to tap
        featured = page.locator(".featured-list a")
        assert featured.count() >= 3
        assert all(featured.nth(i).bounding_box()["height"] >= 44 for i in range(featured.count()))
        # a clear way to a person and to the checker, before the topics
        contact = page.locator("main a.home-contact")
        assert contact.get_attribute("href") == f"/{lang}/contact/contact-support/"
        assert page.locator("main a.home-verify").get_attribute("href") == f"/{lang}/verify/"
        assert contact.bounding_box()["y"] < page.locator("#topics-title").bounding_box()["y"]
        # every category has its own icon, drawn in the page (no request, CSP-safe)
        cards = page.locator(".category-card")
        icons = [cards.nth(i).locator("h3 svg.icon").inner_html() for i in range(cards.count())]
        assert len(icons) == 4 and len(set(icons)) == 4
        assert page.errors == []
    finally:
        context.close()


def test_featured_articles_come_from_front_matter(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    article = next(content.glob("en/*/*.md"))
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", "---\nfeatured: true\n", 1), encoding="utf-8")
    build_site(content, tmp_path / "site")
    home = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<ul class="featured-list">(.*?)</ul>', home, re.S)
    assert listed and re.findall(r'href="/en/([^"]+)"', listed[0]) == [f"{article.parent.name}/{article.stem.lower()}/"]


def test_an_unknown_category_gets_the_generic_icon(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "multilang" / "content", content)
    build_site(content, tmp_path / "site")
    home = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    icons = dict(re.findall(r'<h3 id="cat-([\w-]+)"><svg class="icon"[^>]*>(.*?)</svg>', home))
    # "wallet" has an icon of its own; "reach-us" none: its last word is not known either
    assert set(icons) == {"wallet", "reach-us"} and icons["wallet"] != icons["reach-us"]
    assert "<circle" in icons["reach-us"] and "M9.1 9" in icons["reach-us"]


# -- the right language at once ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def multilang(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("languages")
    content = base / "content"
    shutil.copytree(FIXTURES / "multilang" / "content", content)
    write(
        content / "en" / "wallet" / "only-english.md",
        "---\ntitle: Only in English\nsummary: Not translated yet.\n---\n\nThis article has no translation.\n",
    )
    build_site(content, base / "site", now=dt.datetime(2026, 11, 30, tzinfo=UTC))
    url, server = serve_directory(base / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize(
    "locale, lands",
    [("zh-TW", "zh-Hant/"), ("zh-HK", "zh-Hant/"), ("ja-JP", "ja/"), ("en-GB", "en/"), ("en", "en/"), ("fr-FR", "")],
)
def test_the_root_sends_the_visitor_to_their_language(browser, multilang, locale, lands):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(multilang)
        page.wait_for_url(multilang + lands)
        page.wait_for_load_state()
        if not lands:  # no language of the site: the chooser, with search in the default language
            assert page.locator(".chooser a").count() == 3
            assert page.locator("main form[role=search]").get_attribute("action") == "/zh-Hant/search/"
    finally:
        context.close()


def test_a_simplified_chinese_browser_is_not_sent_to_traditional(browser, multilang):
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(multilang)
        assert page.url == multilang and page.locator(".chooser").is_visible()
    finally:
        context.close()


def test_the_language_picked_is_remembered_and_the_switcher_keeps_the_page(browser, multilang):
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(multilang)
        page.wait_for_url(multilang + "en/")
        page.goto(multilang + "en/wallet/restore/")
        page.click(".lang-switch a[hreflang=ja]")
        page.wait_for_url(multilang + "ja/wallet/restore/")  # the same article, translated
        page.goto(multilang)
        page.wait_for_url(multilang + "ja/")  # the choice beats the browser's English
        page.goto(multilang + "en/wallet/only-english/")
        # no translation: the nearest page in that language is the article's category
        assert page.locator(".lang-switch a[hreflang=ja]").get_attribute("href") == "/ja/wallet/"
    finally:
        context.close()


def test_without_javascript_the_chooser_stays(browser, multilang):
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(multilang)
        assert page.url == multilang and page.locator(".chooser a").count() == 3
    finally:
        context.close()


# -- article ------------------------------------------------------------------------------------------


def test_a_wide_article_keeps_its_contents_beside_the_text_and_marks_the_section(browser, sample):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = open_page(context, sample, "en/" + ARTICLE)
        toc, prose = page.locator(".article-toc"), page.locator(".prose")
        before = toc.bounding_box()
        assert before["x"] > prose.bounding_box()["x"] + prose.bounding_box()["width"]  # beside, on the right
        links = page.locator(".article-toc a")
        ids = [links.nth(i).get_attribute("href")[1:] for i in range(links.count())]
        assert len(ids) >= 3
        page.wait_for_selector(f".article-toc a[href='#{ids[0]}'][aria-current]")
        target = ids[len(ids) // 2]  # a section in the middle: the contents stay in view there
        page.locator(f"[id='{target}']").evaluate("h => h.scrollIntoView()")
        page.wait_for_selector(f".article-toc a[href='#{target}'][aria-current=location]")
        assert page.locator(".article-toc a[aria-current]").count() == 1
        after = toc.bounding_box()  # sticky: still in view far down the page
        assert 0 <= after["y"] < 100 and after["x"] == before["x"]
        # the text keeps a comfortable measure: 60-75 characters a line
        chars = page.evaluate("""() => { const p = document.querySelector('.prose p');
            const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(p).font;
            return p.clientWidth / c.measureText('abcdefghijklmnopqrstuvwxyz').width * 26; }""")
        assert 55 <= chars <= 80, chars
    finally:
        context.close()


def test_a_narrow_article_has_its_contents_above_the_text(browser, sample):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = open_page(context, sample, "zh/" + ARTICLE)
        toc, prose = page.locator(".article-toc").bounding_box(), page.locator(".prose").bounding_box()
        assert toc["y"] + toc["height"] <= prose["y"] + 1
        width = page.evaluate("document.querySelector('.prose').clientWidth")
        em = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)")
        assert width / em <= 40
    finally:
        context.close()


def test_chinese_text_keeps_about_38_characters_a_line(browser, sample):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = open_page(context, sample, "zh/" + ARTICLE)
        width, em = page.evaluate(
            "(() => { const p = document.querySelector('.prose p'); return [p.clientWidth, parseFloat(getComputedStyle(p).fontSize)]; })()"
        )
        assert 34 <= width / em <= 40, width / em
    finally:
        context.close()


def test_a_copied_heading_link_opens_the_page_at_that_heading(browser, sample):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sample.url.rstrip("/"))
    try:
        page = open_page(context, sample, "en/" + ARTICLE)
        heading = page.locator(".prose h2[id]").nth(2)
        link = heading.locator("a.heading-link")
        assert link.evaluate("a => getComputedStyle(a).opacity") == "0"  # out of the way until wanted
        link.focus()  # keyboard reachable, and visible when focused
        assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
        assert heading.inner_text().replace("#", "").strip() in link.get_attribute("aria-label")
        page.keyboard.press("Enter")
        page.wait_for_selector(".copy-status:not(:empty)")
        assert page.locator(".copy-status").get_attribute("role") == "status"
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == sample.url + "en/" + ARTICLE + "#" + heading.get_attribute("id")
        other = context.new_page()
        other.goto(copied)
        top = other.locator(f"[id='{heading.get_attribute('id')}']").evaluate("h => h.getBoundingClientRect().top")
        assert abs(top) < 5
    finally:
        context.close()


def test_updated_date_and_a_reviewed_hook(sample):
    html = (sample.out / "en" / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="meta"><span>Updated <time datetime="2026-', html)


def test_print_leaves_out_the_banner_search_and_navigation_and_shows_link_targets(browser, sample):
    context = browser.new_context()
    try:
        page = open_page(context, sample, "en/contact/contact-support/")
        page.emulate_media(media="print")
        for selector in (".support-banner", ".site-header", ".article-toc", ".breadcrumbs", ".pager", "#site-search"):
            assert page.locator(selector).first.is_hidden(), selector
        after = page.evaluate("""() => { const a = [...document.querySelectorAll('main a[href^="http"]')][0];
            return a && getComputedStyle(a, '::after').content; }""")
        assert after and "https://" in after
    finally:
        context.close()


# -- colour scheme ------------------------------------------------------------------------------------


def test_the_colour_scheme_is_chosen_remembered_and_applied_before_the_first_paint(browser, sample):
    context = browser.new_context(color_scheme="light")
    try:
        page = open_page(context, sample, "en/")
        switch = page.locator(".scheme-switch")
        background = lambda: page.evaluate("getComputedStyle(document.body).backgroundColor")
        light = background()
        assert switch.is_visible() and "System" in switch.get_attribute("aria-label")
        switch.click()  # light
        switch.click()  # dark
        assert page.evaluate("document.documentElement.dataset.scheme") == "dark" and background() != light
        assert "Dark" in switch.get_attribute("aria-label") and switch.inner_text() == "Dark"
        # on the next page the choice is in place before anything is painted: the head's
        # blocking script has run by the time the body starts
        page.add_init_script(
            "document.addEventListener('readystatechange', () => { if (!window.__first) "
            "window.__first = document.documentElement.dataset.scheme || 'none'; });"
        )
        page.goto(sample.url + "zh/" + ARTICLE)
        assert page.evaluate("window.__first") == "dark"
        switch.click()  # back to the system's
        assert page.evaluate("document.documentElement.dataset.scheme") is None and background() == light
    finally:
        context.close()


def test_the_scheme_script_blocks_before_the_stylesheet(sample):
    html = (sample.out / "en" / "index.html").read_text(encoding="utf-8")
    script = re.search(r'<script src="/assets/js/scheme\.js\?v=\w+"></script>', html)
    assert script and script.start() < html.index('rel="stylesheet"')


# -- banner height, touch ------------------------------------------------------------------------------


@pytest.mark.parametrize("width, most", [(1280, 100), (390, 130)])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_banner_stays_compact(browser, sample, width, most, lang):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        for state in ("offline", "online", "closed"):
            for path in (f"{lang}/", f"{lang}/{ARTICLE}", f"{lang}/contact/contact-support/"):
                page = open_page(context, sample, path, state)
                height = page.locator(".support-banner").bounding_box()["height"]
                assert height <= most, f"/{path} ({state}) at {width} px: {height} px"
                details = page.locator(".support-help details")
                if state == "offline" and details.count():  # collapsed, and opens on demand
                    assert not details.get_attribute("open") and details.locator("a").first.is_hidden()
                    details.locator("summary").click()
                    assert details.locator("a").first.is_visible()
                page.close()
    finally:
        context.close()


def test_the_slash_hint_is_hidden_on_touch_screens(browser, sample):
    for options, shown in (
        ({"viewport": {"width": 1280, "height": 800}}, True),
        ({"viewport": {"width": 390, "height": 800}, "has_touch": True, "is_mobile": True}, False),
    ):
        context = browser.new_context(**options)
        try:
            page = open_page(context, sample, f"en/{ARTICLE}")
            assert page.locator(".search-key").is_visible() is shown
        finally:
            context.close()
