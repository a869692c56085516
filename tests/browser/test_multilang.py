"""A site in Traditional Chinese, Japanese and English (tests/fixtures/multilang): nothing
about its languages is built in. It builds; every page carries its language and its
translations' hreflang; dates and the no-JavaScript hours come from each language's
strings; the contact page is the `layout: contact` article of a category named `reach-us`;
in Chromium at a fixed clock the banner speaks each language (Intl formats its times);
and search finds Japanese and Traditional Chinese text by substring.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from helpcenter.build.pipeline import check
from helpers import FIXTURES, build_site, serve_directory

pytestmark = pytest.mark.browser

CONTENT = FIXTURES / "multilang" / "content"
LANGS = ("zh-Hant", "ja", "en")
UTC = dt.UTC
BUILT_AT = dt.datetime(2026, 11, 30, tzinfo=UTC)  # Monday 09:00 in Tokyo, the team's zone
VISITOR = "Asia/Tokyo"


@dataclass
class Built:
    out: Path
    url: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    out = tmp_path_factory.mktemp("multilang") / "site"
    result = build_site(CONTENT, out, now=BUILT_AT, strict=True)
    assert result.articles == 9
    url, server = serve_directory(out)
    yield Built(out, url)
    server.shutdown()


def html(built: Built, rel: str) -> str:
    return (built.out / rel).read_text(encoding="utf-8")


# -- built pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_pages_lang_and_hreflang(built: Built, lang: str):
    for rel in ("", "wallet/", "reach-us/", "search/", "wallet/restore/"):
        page = html(built, f"{lang}/{rel}index.html")
        assert f'<html lang="{lang}"' in page, (lang, rel)
        for other in LANGS:
            assert f'<link rel="alternate" hreflang="{other}" href="https://help.example.com/{other}/{rel}">' in page
        assert f'hreflang="x-default" href="https://help.example.com/zh-Hant/{rel}"' in page
    article = html(built, f"{lang}/wallet/restore/index.html")
    for other in LANGS:
        if other != lang:  # the switcher and the "this article in" links name the translation
            assert f'href="/{other}/wallet/restore/" hreflang="{other}" lang="{other}"' in article


def test_the_sitemap_pairs_the_translations(built: Built):
    xml = html(built, "sitemap.xml")
    for lang in LANGS:
        assert f'hreflang="{lang}" href="https://help.example.com/{lang}/wallet/pending-transfer/"' in xml


DATES = {"zh-Hant": "更新於 <time datetime=\"2026-11-02\">2026年11月2日</time>",
         "ja": "更新日 <time datetime=\"2026-11-02\">2026年11月2日</time>",
         "en": "Updated <time datetime=\"2026-11-02\">2 November 2026</time>"}  # fmt: skip
HOURS = {  # the no-JavaScript view: weekly hours and holidays in each language's strings
    "zh-Hant": ("真人客服時間", "<th scope=\"row\">週一</th><td>09:00–18:00</td>", "新年假期 (2026年12月31日 – 2027年1月3日)"),
    "ja": ("サポート受付時間", "<th scope=\"row\">月曜</th><td>09:00–18:00</td>", "年末年始 (2026年12月31日 – 2027年1月3日)"),
    "en": ("Support hours", "<th scope=\"row\">Mon</th><td>09:00–18:00</td>", "New Year holiday (31 December 2026 – 3 January 2027)"),
}  # fmt: skip
CONTACT = {"zh-Hant": "聯絡客服", "ja": "サポートに問い合わせる", "en": "Contact support"}


@pytest.mark.parametrize("lang", LANGS)
def test_dates_hours_and_the_contact_page_in_each_language(built: Built, lang: str):
    article = html(built, f"{lang}/wallet/restore/index.html")
    assert DATES[lang] in article
    for text in HOURS[lang]:
        assert text in article, text
    assert '<th scope="col">' + {"zh-Hant": "線上客服", "ja": "チャット", "en": "Live chat"}[lang] in article
    # the footer's contact link goes to the layout: contact article, whatever its category is called
    assert f'<p><a href="/{lang}/reach-us/talk-to-us/">{CONTACT[lang]}</a></p>' in article
    assert not (built.out / lang / "contact").exists()
    contact = html(built, f"{lang}/reach-us/talk-to-us/index.html")
    assert 'class="deflect"' in contact and 'class="official-channels"' in contact
    assert "support@example.com" in contact
    # never a contact page among the self-service articles offered while support is offline
    help_links = re.search(r'<nav class="support-help".*?</nav>', article, re.S)
    assert help_links and "talk-to-us" not in help_links.group(0)
    assert f'<a class="search-contact" href="/{lang}/reach-us/talk-to-us/">' in html(built, f"{lang}/search/index.html")


def test_404_links_each_language_contact_page(built: Built):
    page = html(built, "404.html")
    for lang in LANGS:
        assert f'<a href="/{lang}/reach-us/talk-to-us/">{CONTACT[lang]}</a>' in page


def test_check_names_the_ui_strings_the_theme_lacks():
    # the default theme has core and banner strings in zh-Hant and ja, the fixture adds
    # search's beside its content; the rest shows in English, and check says so
    warnings = [p.message for p in check(CONTENT, audits=True, jobs=1).report.warnings]
    lacking = {m.split("'")[1]: m for m in warnings if "UI strings" in m}
    assert set(lacking) <= {"zh-Hant", "ja"}
    assert all("core.toml" not in m and "banner.toml" not in m and "search.toml" not in m for m in lacking.values())


# -- the banner in Chromium at a fixed clock ---------------------------------------------------

ONLINE = dt.datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # Tue 10:00 in Tokyo
OFFLINE = dt.datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # Fri 19:00: back Mon 09:00, in 2 d 14 h
CLOSED = dt.datetime(2027, 1, 1, 3, 0, tzinfo=UTC)  # New Year: ends Mon 00:00 (2 d 12 h), back 09:00 (2 d 21 h)

BANNER = {
    "zh-Hant": {
        ONLINE: ("真人客服正在服務。", "線上客服 — 約 5 分鐘內回覆"),
        OFFLINE: ("真人客服暫時離線。", "週一 09:00 恢復（2 天 14 小時後）", "時間為你所在的時區（Asia/Tokyo）。"),
        CLOSED: ("新年假期休息", "至 週一 00:00（2 天 12 小時後）。", "週一 09:00 恢復（2 天 21 小時後）"),
    },
    "ja": {
        ONLINE: ("サポートは対応中です。", "チャット — 5 分ほどで返信します"),
        OFFLINE: ("サポートは受付時間外です。", "月 09:00に再開（2 日 14 時間後）", "時刻はお使いのタイムゾーン（Asia/Tokyo）で表示しています。"),
        CLOSED: ("年末年始のため休業中", "月 00:00まで（2 日 12 時間後）。", "月 09:00に再開（2 日 21 時間後）"),
    },
    "en": {
        ONLINE: ("Support is online.", "Live chat — Replies in about 5 minutes"),
        OFFLINE: ("Support is offline.", "Back Mon 09:00 (in 2 d 14 h)", "Times in your time zone (Asia/Tokyo)."),
        CLOSED: ("Closed for New Year holiday", "until Mon 00:00 (in 2 d 12 h).", "Back Mon 09:00 (in 2 d 21 h)"),
    },
}  # fmt: skip
STATES = {ONLINE: "online", OFFLINE: "offline", CLOSED: "closed"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_banner_speaks_each_language(browser, built: Built, lang: str):
    context = browser.new_context(timezone_id=VISITOR)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for now, expected in BANNER[lang].items():
            page.clock.set_fixed_time(now)
            page.goto(built.url + f"{lang}/wallet/pending-transfer/")
            page.wait_for_selector("#support-status .support-live:not([hidden])")
            status = page.locator("#support-status")
            assert status.get_attribute("data-state") == STATES[now], (lang, now)
            text = " ".join(page.locator("#support-status .support-live").inner_text().split())
            for piece in expected:
                assert piece in text, (lang, now, piece, text)
        assert errors == []
    finally:
        context.close()


# -- search ------------------------------------------------------------------------------------


def search(page, built: Built, lang: str, query: str) -> list[str]:
    page.goto(built.url + f"{lang}/search/?q=" + quote(query))
    page.wait_for_function("() => document.querySelector('#search-status').textContent.length > 0")
    return page.eval_on_selector_all("#search-results a", "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize(
    ("lang", "query", "found"),
    [
        ("zh-Hant", "還原錢包", "/zh-Hant/wallet/restore/"),
        ("zh-Hant", "詞還原", "/zh-Hant/wallet/restore/"),  # straddles 助記詞 | 還原: found by substring
        ("zh-Hant", "處理中", "/zh-Hant/wallet/pending-transfer/"),
        ("ja", "復元", "/ja/wallet/restore/"),
        ("ja", "保留中", "/ja/wallet/pending-transfer/"),
        ("ja", "数料", "/ja/wallet/pending-transfer/"),  # inside 手数料
        ("en", "pending", "/en/wallet/pending-transfer/"),
    ],
)
def test_search_finds_text_by_substring(page, built: Built, lang: str, query: str, found: str):
    links = search(page, built, lang, query)
    assert links and links[0] == found, (query, links)
    assert page.watch.errors == []


@pytest.mark.parametrize(
    ("query", "found"), [("フレーズ", "/ja/wallet/restore/"), ("スマートフォン", "/ja/wallet/restore/")]
)
def test_search_finds_kana_by_substring(page, built: Built, query: str, found: str):
    links = search(page, built, "ja", query)
    assert found in links, (query, links)
