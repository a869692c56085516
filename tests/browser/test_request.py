""" "Prepare your request" on contact pages, in headless Chromium: the message it writes,
and the secret guard that refuses recovery phrases (real BIP-39 phrases with valid
checksums, made by the reference implementation), private keys and keystore files,
while innocent text passes."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from mnemonic import Mnemonic

from helpers import ROOT

pytestmark = pytest.mark.browser
CONTACT = "en/contact/contact-support/"
DATA = ROOT / "theme" / "static" / "data"


def phrase(language: str, bits: int, seed: int) -> list[str]:
    entropy = bytes((seed * 37 + i * 11) % 256 for i in range(bits // 8))
    return Mnemonic(language).to_mnemonic(entropy).split()


def test_the_shipped_word_lists_are_bip39s():
    for name, language in [
        ("english", "english"),
        ("chinese-simplified", "chinese_simplified"),
        ("chinese-traditional", "chinese_traditional"),
    ]:
        shipped = (DATA / f"bip39-{name}.txt").read_text(encoding="utf-8").split()
        assert shipped == Mnemonic(language).wordlist


def _secrets() -> list[tuple[str, str, str]]:
    """(case, field, text) that must be refused."""
    en12, en24 = phrase("english", 128, 1), phrase("english", 256, 2)
    zh12 = phrase("chinese_simplified", 128, 3)
    zh_tw = phrase("chinese_traditional", 160, 4)
    typo = list(en12)
    typo[3] = typo[3][:-1] + ("x" if typo[3][-1] != "x" else "y")  # one letter wrong
    typo[7] = typo[7][:4] if len(typo[7]) > 4 else typo[7] + "e"  # cut short, or one letter more
    numbered = " ".join(f"{i}. {w}" for i, w in enumerate(en24, 1))
    return [
        ("12 words", "what", "My phrase is " + " ".join(en12) + " please help"),
        ("24 words numbered", "what", numbered),
        ("12 words on lines, capitalised", "device", "\n".join(w.capitalize() for w in en12)),
        ("typos", "what", " ".join(typo)),
        ("Chinese apart", "what", "助记词是 " + " ".join(zh12)),
        ("Chinese together", "what", "我的助记词:" + "".join(zh12) + "。"),
        ("Traditional together", "network", "".join(zh_tw)),
        ("hex key", "what", "key: 0x" + "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
        (
            "hex key in txid is still one when it is not alone",
            "txid",
            "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 is my key",
        ),
        ("WIF", "what", "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"),
        (
            "xprv",
            "version",
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LPF"
            "8AvgpBwnqWmh5HfBKVWhGDQnbeG8zr9h1",
        ),
        ("keystore", "what", '{"version":3,"crypto":{"ciphertext":"ab12","cipherparams":{"iv":"00"},"kdf":"scrypt"}}'),
    ]


INNOCENT = [
    ("what", "I sent 0.5 ETH to an exchange two hours ago and it still shows pending. The fee was low."),
    ("what", "I lost my phone and need to restore my wallet on a new one. I still have my backup written down."),
    ("what", "Which words should I check? The app says the order is wrong when I restore. Help!"),
    ("what", "我昨天转账到交易所,已经过了两个小时还没有到账,手续费好像设置得太低了。"),
    ("what", "换了新手机以后想恢复钱包,但是应用提示顺序不对,请问应该怎么办?"),
    ("txid", "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
    ("network", "Bitcoin, to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    ("device", "iPhone 15, iOS 18.1"),
]


@pytest.fixture
def contact(page, site_url):
    page.goto(site_url + CONTACT)
    page.wait_for_selector("form.request-form:not([hidden])")
    return page


def fill(page, values: dict[str, str]) -> str:
    page.fill("#rq-what", values.pop("what", "My transfer is stuck."))
    for name, value in values.items():
        page.fill(f"[name={name}]", value)
    page.click("form.request-form button[type=submit]")
    page.wait_for_function(
        "() => ['ready', 'refused', 'empty'].includes(document.querySelector('form.request-form').dataset.state)"
    )
    state = page.eval_on_selector("form.request-form", "f => f.dataset.state")
    page.eval_on_selector("form.request-form", "f => { delete f.dataset.state }")
    return state


def test_a_request_becomes_a_ready_message_for_the_official_address(contact):
    state = fill(
        contact,
        {
            "what": "Withdrawal stuck since this morning.",
            "network": "Ethereum",
            "txid": "0x" + "ab" * 32,
            "version": "4.2.1",
            "device": "Pixel 8",
        },
    )
    assert state == "ready"
    href = contact.get_attribute(".request-send", "href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "support@example.com"
    query = parse_qs(parts.query)
    assert query["subject"][0].startswith("Support request: ")
    body = query["body"][0]
    for text in [
        "Withdrawal stuck since this morning.",
        "Network or coin: Ethereum",
        "Transaction ID: 0x" + "ab" * 32,
        "Wallet app version: 4.2.1",
        "Device: Pixel 8",
    ]:
        assert text in body
    assert contact.input_value("#rq-message").endswith(body)
    assert contact.watch.errors == []


def test_an_empty_request_asks_for_a_description(contact):
    contact.fill("#rq-what", "  ")
    contact.click("form.request-form button[type=submit]")
    contact.wait_for_function("() => document.querySelector('form.request-form').dataset.state === 'empty'")
    assert "describe what happened" in contact.inner_text(".request-refused")


@pytest.mark.parametrize(("case", "field", "text"), _secrets(), ids=[c for c, _, _ in _secrets()])
def test_secrets_are_refused(contact, case, field, text):
    values = {field: text}
    assert fill(contact, values) == "refused", case
    assert contact.is_hidden(".request-output")
    message = contact.inner_text(".request-refused")
    assert "not prepared" in message and "Support never needs" in message


def test_innocent_text_passes(contact):
    for field, text in INNOCENT:
        assert fill(contact, {field: text}) == "ready", text
    # and every paragraph of the sample help center, in both languages
    paragraphs = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", body) if len(p.strip()) > 40]
    verdicts = contact.evaluate(
        """async ([urls, texts]) => {
            const m = await import(document.querySelector("form.request-form").dataset.guard);
            const lists = await m.loadLists(urls);
            return Promise.all(texts.map((t) => m.secretIn(t, lists)));
        }""",
        [json.loads(contact.get_attribute("form.request-form", "data-wordlists")), paragraphs],
    )
    refused = [(v, p) for p, v in zip(paragraphs, verdicts) if v]
    assert len(paragraphs) > 100 and refused == []


def test_the_page_prefills_the_article_it_came_from(page, site_url):
    about = site_url + "en/transfers/pending/"
    page.goto(f"{site_url}{CONTACT}?about=/en/transfers/pending/&title=Why%20is%20my%20transfer%20pending%3F#request")
    page.wait_for_selector("form.request-form:not([hidden])")
    assert page.input_value("#rq-what").startswith("Why is my transfer pending?")
    assert fill(page, {"what": "Why is my transfer pending? Still stuck."}) == "ready"
    assert f"Page: {about}" in page.input_value("#rq-message")
    # another site's address is never carried into the message
    page.goto(f"{site_url}{CONTACT}?about=https://evil.example/&title=x")
    page.wait_for_selector("form.request-form:not([hidden])")
    assert fill(page, {"what": "x"}) == "ready"
    assert "evil.example" not in page.input_value("#rq-message")


def test_the_chinese_form_speaks_chinese(page, site_url):
    page.goto(site_url + "zh/contact/contact-support/")
    page.wait_for_selector("form.request-form:not([hidden])")
    assert page.inner_text("#request-title") == "准备你的求助信息"
    assert fill(page, {"what": " ".join(phrase("chinese_simplified", 128, 9))}) == "refused"
    assert "助记词" in page.inner_text(".request-refused")
