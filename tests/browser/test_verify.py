""" "Is this really us?" and the official channels list, in headless Chromium.

The checker runs in the browser against the list published from site.toml; it must
accept harmless variants of official contacts and never accept a look-alike.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest

from contact_cases import CASES, CHANNELS
from helpcenter.config.contact_check import check
from helpcenter.config.contacts import client_data, official
from helpcenter.config.site import load_config
from helpcenter.errors import Report
from helpers import MINI, ROOT, build_site, serve_directory

pytestmark = pytest.mark.browser


@pytest.fixture
def verify_page(page, site_url):
    page.goto(site_url + "en/verify/")
    page.wait_for_selector("#verify-form:not([hidden])")
    return page


def _js_check(page, data: dict, values: list[str]) -> list[dict]:
    return page.evaluate(
        """async ([data, values]) => {
          const m = await import(document.querySelector('script[src*="verify.js"]').src);
          return values.map((v) => m.check(v, data));
        }""",
        [data, values],
    )


def test_the_browser_answers_exactly_as_python(verify_page):
    """One table of cases through helpcenter check's rules and through verify.js, with the
    data the build ships: every field of every answer must be the same."""
    data = json.loads(client_data(CHANNELS))
    values = [raw for raw, _, _ in CASES]
    got = dict(zip(values, _js_check(verify_page, data, values)))
    python = {raw: check(raw, official(CHANNELS)) for raw in values}
    assert {v: got[v] for v in values if got[v] != python[v]} == {}
    assert {v: got[v]["verdict"] for v, verdict, _ in CASES if got[v]["verdict"] != verdict} == {}


def _variants(raw: str) -> list[str]:
    return [raw.upper(), f"“{raw}”", f"({raw})。", "www." + raw, raw.replace(".", "。"), raw + "/x?y#z", "@" + raw]


def test_the_browser_agrees_on_variants_of_every_case(verify_page):
    """Beyond the expected answers: case, quotes, prefixes and odd dots, still the same in both."""
    data = json.loads(client_data(CHANNELS))
    values = sorted({v for raw, _, _ in CASES for v in _variants(raw)})
    got = dict(zip(values, _js_check(verify_page, data, values)))
    python = {raw: check(raw, official(CHANNELS)) for raw in values}
    assert {v: (got[v], python[v]) for v in values if got[v] != python[v]} == {}


# pieces contacts are made of, and the characters that make them tricky
PIECES = ["example", "examp1e", "wallet", "support", ".", ".com", "@", "＠", "/", ":", "//", "https://", "xn--", "www.",
          " ", "+", "00", "0", "44", "20 7946", "-", "_", "(0)", "а", "ο", "ｅ", "。", "telegram ", "x ", "t.me/", "wa.me/",
          "<", ">", "\u200b", "ß", "İ", "rn", "%", "?", "#", "\\"]  # fmt: skip


def test_the_browser_agrees_on_random_contacts(verify_page):
    rng = random.Random(20261130)
    values = sorted({"".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))) for _ in range(600)})
    data = json.loads(client_data(CHANNELS))
    got = dict(zip(values, _js_check(verify_page, data, values)))
    python = {raw: check(raw, official(CHANNELS)) for raw in values}
    assert {v: (got[v], python[v]) for v in values if got[v] != python[v]} == {}


def test_the_page_ships_the_rules_python_made(verify_page, sample_site: Path):
    shipped = json.loads(verify_page.locator("#contact-data").text_content())
    config = load_config(ROOT / "content", Report())
    assert shipped == json.loads(client_data(config.channels))
    assert "CONFUSABLE" not in (sample_site / "assets" / "js" / "verify.js").read_text(encoding="utf-8")


def test_the_script_knows_no_language_and_no_rules():
    source = (ROOT / "theme" / "static" / "js" / "verify.js").read_text(encoding="utf-8")
    assert '"zh"' not in source and '"en"' not in source and "'zh'" not in source
    # and keeps no copy of the tables: look-alike letters, platform hosts and prefixes come from the build
    assert not re.search(r"[\u0370-\u03ff\u0400-\u04ff]", source)
    assert not any(word in source for word in ("x.com", "twitter", "telegram", '"00"', "CONFUSABLE"))


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
    text = verify_page.locator("#verify-result").inner_text()
    assert "It matches example.com on our list of official channels." in text
    assert "Our website and this help center (help.example.com)" in text


def _answer(page, value: str, verdict: str) -> str:
    page.fill("#verify-input", value)
    page.click("#verify-form button[type=submit]")
    page.wait_for_selector(f"#verify-result[data-verdict={verdict}]")
    return page.locator("#verify-result").inner_text()


def test_a_handle_without_its_platform_is_never_official(verify_page):
    for value in ("@examplewallet", "examplewallet"):
        text = _answer(verify_page, value, "only_on")
        assert "Ours only on X" in text and "✓" not in text
        assert "@examplewallet is our account on X only. On any other platform" in text
        assert verify_page.locator("#verify-result .verify-advice li").count() == 4
    text = _answer(verify_page, "telegram @examplewallet", "unofficial")
    assert "@examplewallet is ours only on X. On Telegram, an account with this name is an impostor." in text
    text = _answer(verify_page, "x @examplewallet", "official")
    assert "It matches @examplewallet on X on our list of official channels." in text
    assert verify_page.watch.errors == []


def test_wording_names_each_channel_once(verify_page):
    text = _answer(verify_page, "exarnple.com", "lookalike")
    assert "It imitates example.com from our list of official channels" in text
    assert "our Our" not in text and "(example.com)" not in text


def test_a_national_phone_form_says_where_it_is_ours(verify_page):
    text = _answer(verify_page, "(555) 0100", "official")
    assert "only for calls made inside its country: United States." in text and "call +1 555 0100" in text
    assert "+1" in _answer(verify_page, "0015550100", "official")


def test_query_parameter_in_chinese(page, site_url):
    page.goto(site_url + "zh/verify/?q=%40examplewallet")
    result = page.locator("#verify-result")
    page.wait_for_selector("#verify-result[data-verdict=only_on]")
    assert "只有在 X 上才是我们" in result.inner_text()
    assert page.locator("#verify-input").input_value() == "@examplewallet"
    page.goto(site_url + "zh/verify/?q=%E7%94%B5%E6%8A%A5%20%40examplewallet")
    page.wait_for_selector("#verify-result[data-verdict=unofficial]")
    assert "在 Telegram 上，同名账号是冒充者。" in result.inner_text()
    page.goto(site_url + "zh/verify/?q=5550100")
    page.wait_for_selector("#verify-result[data-verdict=official]")
    assert "只有在美国境内拨打时" in result.inner_text()
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
    for lang, title in (("en", "Is this really us?"), ("zh", "这真的是我们吗？")):
        html = (sample_site / lang / "verify" / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in html
        assert 'id="official-channels"' in html and 'id="verify-result"' in html
        assert "<script>" not in html and "onclick" not in html  # nothing inline: CSP script-src 'self'


def test_any_declared_language_gets_its_strings_and_intl_names(browser, tmp_path):
    """A third language without theme strings: English words, French country and list names."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site = (content / "site.toml").read_text(encoding="utf-8")
    site = site.replace('languages = ["en", "zh"]', 'languages = ["en", "zh", "fr"]')
    site = re.sub(r'^(title|label) = \{ en = "([^"]+)", zh = "[^"]+" \}', r'\1 = "\2"', site, flags=re.M)
    site += (
        '\n[[channels]]\nkind = "phone"\nvalue = "+44 20 7946 0000"\ncountry = "GB"\n'
        '\n[[channels]]\nkind = "handle"\nplatform = "x"\nvalue = "@examplewallet"\n'
        '\n[[channels]]\nkind = "handle"\nplatform = "telegram"\nvalue = "@examplewallet"\n'
    )
    (content / "site.toml").write_text(site, encoding="utf-8")
    out = tmp_path / "site"
    build_site(content, out)
    url, server = serve_directory(out)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "fr/verify/?q=020%207946%200000")
        page.wait_for_selector("#verify-result[data-verdict=official]")
        assert "only for calls made inside its country: Royaume-Uni." in page.locator("#verify-result").inner_text()
        page.goto(url + "fr/verify/?q=%40examplewallet")
        page.wait_for_selector("#verify-result[data-verdict=only_on]")
        assert "Ours only on X et Telegram" in page.locator("#verify-result").inner_text()
    finally:
        context.close()
        server.shutdown()
