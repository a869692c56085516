"""The official-contact rules in Python: the shared table of cases, the national phone forms,
and site.toml's channel values checked by kind (`path:line` errors that say the fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contact_cases import CASES, CHANNELS
from helpcenter.config.contact_check import check, skeleton, unpuny
from helpcenter.config.contacts import client_data, national_keys, official
from helpcenter.config.site import parse_config
from helpcenter.errors import Report

OFFICIAL = official(CHANNELS)


@pytest.mark.parametrize(("raw", "verdict", "fields"), CASES, ids=[c[0] or "blank" for c in CASES])
def test_the_table_of_cases(raw, verdict, fields):
    got = check(raw, OFFICIAL)
    assert got["verdict"] == verdict, got
    assert {k: got[k] for k in fields} == fields, got


def test_the_table_covers_every_verdict_and_kind():
    verdicts = {check(raw, OFFICIAL)["verdict"] for raw, _, _ in CASES}
    kinds = {check(raw, OFFICIAL)["kind"] for raw, _, _ in CASES}
    assert verdicts == {"empty", "invalid", "official", "only_on", "lookalike", "unofficial"}
    assert kinds == {"empty", "email", "phone", "handle", "url"}


def test_national_forms_follow_the_declared_country():
    assert national_keys("+442079460000", "GB") == ["02079460000"]
    assert national_keys("+15550100", "US") == ["15550100", "5550100"]  # the leading 1 is optional
    assert national_keys("+8613800138000", "CN") == ["13800138000"]  # mobiles: no 0
    assert national_keys("+861012345678", "CN") == ["01012345678"]
    assert national_keys("+34912345678", "ES") == ["912345678"]  # no trunk prefix
    assert national_keys("+442079460000", "") == []


def test_helpers_shared_with_the_browser():
    assert unpuny("www.xn--mple-43d3a6i.com") == "www.ехаmple.com"
    assert unpuny("xn--mnchen-3ya.de") == "münchen.de"
    assert unpuny("xn--not-valid-!.com") == "xn--not-valid-!.com"
    assert skeleton("ЕхаmрIе") == skeleton("example") == "example"


def test_the_shipped_data_is_json_safe_inside_a_script_block():
    text = client_data(CHANNELS)
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["official"]["phones"][0] == ["+442079460000", ["02079460000"], "GB", 4]
    assert data["rules"]["platforms"]["x"]["hosts"] == ["x.com", "twitter.com", "mobile.twitter.com"]


SITE = """title = "Help"
languages = ["en"]
[categories.recovery]
title = "Recovery"
"""


def problems(channels: str) -> list[str]:
    report = Report()
    parse_config(SITE + channels, Path("site.toml"), report)
    return [f"{p.line}: {p.message}" for p in report.problems]


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ('kind = "phone"\nvalue = "tel:abc"', "7: a 'phone' channel's value must be an international number"),
        ('kind = "phone"\nvalue = "020 7946 0000"', "7: a 'phone' channel's value must be an international number"),
        ('kind = "phone"\nvalue = "+1 555 0100"\ncountry = "GB"', '8: country = "GB" dials +44'),
        ('kind = "phone"\nvalue = "+1 555 0100"\ncountry = "XX"', "8: unknown country 'XX'"),
        (
            'kind = "domain"\nvalue = "https://example.com"',
            "7: a 'domain' channel's value must be the domain alone: write value = \"example.com\"",
        ),
        ('kind = "domain"\nvalue = "example com"', "7: a 'domain' channel's value must be the domain alone"),
        (
            'kind = "email"\nvalue = "Support <support@example.com>"',
            "7: an 'email' channel's value must be one address",
        ),
        (
            'kind = "url"\nvalue = "https://t.me/examplewallet"',
            '7: a link to an account on Telegram is a handle: write kind = "handle", platform = "telegram"',
        ),
        ('kind = "handle"\nvalue = "@examplewallet"', "7: a 'handle' channel needs its platform"),
        (
            'kind = "handle"\nvalue = "https://x.com/examplewallet"\nplatform = "x"',
            "7: a 'handle' channel's value must be the account name alone",
        ),
        ('kind = "handle"\nvalue = "@examplewallet"\nplatform = "whatsapp"', "7: a WhatsApp account is a phone number"),
        (
            'kind = "email"\nvalue = "support@example.com"\nplatform = "x"',
            "8: 'platform' applies only to kind = \"handle\"",
        ),
        ('kind = "handle"\nvalue = "@examplewallet"\nplatform = "mastodon"', "8: warning? unknown platform 'mastodon'"),
    ],
)
def test_channel_values_are_checked_by_kind(channel, expected):
    found = problems("[[channels]]\n" + channel + "\n")
    line, message = expected.split(": ", 1)
    message = message.replace("warning? ", "")
    assert any(p.startswith(line + ": ") and message in p for p in found), found


def test_good_channels_and_the_older_network_key():
    assert (
        problems(
            '[[channels]]\nkind = "handle"\nvalue = "@examplewallet"\nnetwork = "x"\n'
            '[[channels]]\nkind = "phone"\nvalue = "+44 20 7946 0000"\ncountry = "gb"\n'
            '[[channels]]\nkind = "handle"\nvalue = "+44 7700 900123"\nplatform = "WhatsApp"\n'
            '[[channels]]\nkind = "domain"\nvalue = "Example.COM."\n'
        )
        == []
    )
