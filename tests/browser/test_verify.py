""" "Is this really us?" and the official channels list, in headless Chromium.

The checker runs in the browser against the list published from site.toml; it must
accept harmless variants of official contacts and never accept a look-alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

OFFICIAL = [
    "support@example.com",
    "Support@Example.COM",
    "  support@example.com. ",
    "mailto:support@example.com",
    "Example Support <support@example.com>",
    "support@example.com.",
    "example.com",
    "EXAMPLE.COM.",
    "www.example.com",
    "https://www.example.com/login?x=1",
    "https://help.example.com/en/",
    "help.example.com",
    "HTTPS://Help.Example.com./",
    "example.com/anything",
    "+1 555 0100",
    "+1 (555) 010-0",
    "+1-555-0100",
    "001 555 0100",
    "1 555 0100",
    "tel:+15550100",
    "＋１ ５５５ ０１００",
    "@examplewallet",
    "@ExampleWallet",
    "examplewallet",
    "https://x.com/examplewallet",
    "https://twitter.com/ExampleWallet/",
    "x.com/examplewallet",
]
LOOKALIKE = [
    "support@ехаmple.com",  # Cyrillic е, х, а
    "suppοrt@example.com",  # Greek omicron
    "support@examp1e.com",
    "support@exarnple.com",
    "support@example.co",
    "https://exаmple.com",  # Cyrillic а
    "xn--exmple-4nf.com",
    "https://xn--mple-43d3a6i.com/login",  # the same, as punycode
    "examp1e.com",
    "exarnple.com",
    "ex4mple.com",
    "exampel.com",
    "example.co",
    "examplewallet.net",
    "example.com.evil.xyz",
    "https://example.com.login.evil.xyz/path",
    "example.com-secure.xyz",
    "example-support.com",
    "help.exarnple.com",
    "ｅｘａｍｐｌｅ.com",  # full-width letters
    "@examp1ewallet",
    "@examplewa11et",
    "@example_wallet",
    "@examplewallet_support",
    "@ехamplewallet",
]
UNOFFICIAL = [
    "https://evil.xyz",
    "scam@gmail.com",
    "help@example.com",
    "+1 555 0199",
    "+44 20 7946 0000",
    "@cryptohelpdesk",
    "https://t.me/examplewallet",  # no Telegram account: only X
    "https://example.com@evil.xyz/",  # the part before @ is a decoy
    "walletsupport.io",
]


@pytest.fixture
def verify_page(page, site_url):
    page.goto(site_url + "en/verify/")
    page.wait_for_selector("#verify-form:not([hidden])")
    return page


def _check_all(page, values: list[str]) -> dict[str, str]:
    return page.evaluate(
        """async (values) => {
          const m = await import(document.querySelector('script[src*="verify.js"]').src);
          const index = m.officialIndex(JSON.parse(document.getElementById('official-channels').textContent));
          return Object.fromEntries(values.map((v) => [v, m.check(v, index).verdict]));
        }""",
        values,
    )


def test_official_variants_match(verify_page):
    got = _check_all(verify_page, OFFICIAL)
    assert {v: r for v, r in got.items() if r != "official"} == {}


def test_lookalikes_never_match(verify_page):
    got = _check_all(verify_page, LOOKALIKE)
    assert {v: r for v, r in got.items() if r != "lookalike"} == {}


def test_unofficial_contacts(verify_page):
    got = _check_all(verify_page, UNOFFICIAL)
    assert {v: r for v, r in got.items() if r != "unofficial"} == {}


def test_punycode_decoder(verify_page):
    decoded = verify_page.evaluate(
        """async () => {
          const m = await import(document.querySelector('script[src*="verify.js"]').src);
          return [m.punycodeDecode('exmple-4nf'), m.punycodeDecode('mnchen-3ya'), m.unpuny('www.xn--mple-43d3a6i.com')];
        }"""
    )
    assert decoded == ["exаmple", "münchen", "www.ехаmple.com"]


def test_lookalike_in_the_page(verify_page):
    verify_page.fill("#verify-input", "support@exаmple.com")
    verify_page.click("#verify-form button[type=submit]")
    result = verify_page.locator("#verify-result")
    assert result.get_attribute("data-verdict") == "lookalike"
    text = result.inner_text()
    assert "Not official" in text and "U+0430" in text and "support@example.com" in text
    assert verify_page.locator("#verify-result .verify-advice li").count() == 4
    assert verify_page.watch.errors == []


def test_typing_checks_without_submit(verify_page):
    verify_page.fill("#verify-input", "https://help.example.com/en/")
    verify_page.wait_for_selector("#verify-result[data-verdict=official]")
    assert "Our website" in verify_page.locator("#verify-result").inner_text()


def test_query_parameter_in_chinese(page, site_url):
    page.goto(site_url + "zh/verify/?q=%40examplewallet")
    result = page.locator("#verify-result")
    page.wait_for_selector("#verify-result[data-verdict=official]")
    assert "官方渠道" in result.inner_text()
    assert page.locator("#verify-input").input_value() == "@examplewallet"
    page.goto(site_url + "zh/verify/?q=support%40examp1e.com")
    page.wait_for_selector("#verify-result[data-verdict=lookalike]")
    assert "不是官方" in result.inner_text()
    assert page.watch.errors == []


def test_page_without_javascript_still_lists_the_channels(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "en/verify/")
        assert not page.locator("#verify-form").is_visible()
        assert page.locator(".verify-nojs").is_visible()
        assert page.locator(".channel-list .channel").count() == 5
        assert "never asks for your recovery phrase or private key" in page.locator(".official-rule").inner_text()
        published = json.loads(page.locator("#official-channels").text_content())
        assert {c["kind"] for c in published} == {"app", "email", "domain", "handle", "phone"}
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contact_article_lists_official_channels(sample_site: Path, lang):
    html = (sample_site / lang / "contact" / "contact-support" / "index.html").read_text(encoding="utf-8")
    assert 'class="official-channels"' in html
    assert "support@example.com" in html and "@examplewallet" in html and 'href="tel:+15550100"' in html
    rule = "never asks for your recovery phrase or private key" if lang == "en" else "绝不会索要你的助记词或私钥"
    assert rule in html
    assert f'href="/{lang}/verify/"' in html


def test_verify_page_in_both_languages(sample_site: Path):
    for lang, title in (("en", "Is this really us?"), ("zh", "这真的是我们吗?")):
        html = (sample_site / lang / "verify" / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in html
        assert 'id="official-channels"' in html and 'id="verify-result"' in html
        assert "<script>" not in html and "onclick" not in html  # nothing inline: CSP script-src 'self'
