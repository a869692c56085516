"""One table of contacts and what "is this really us?" must answer for them.

tests/unit/config/test_contact_check.py runs it through Python (helpcenter check's rules);
tests/browser/test_verify.py runs it through verify.js in Chromium and requires the very
same answers. Phones, decided here: an international number written with 00 instead of +
is the same number; a national form (020 …) is the same number only when the channel
declares its country, and the answer says so (`country`).
"""

from __future__ import annotations

from helpcenter.model import Channel

CHANNELS = (
    Channel("email", "support@example.com"),  # 0
    Channel("domain", "example.com"),  # 1
    Channel("handle", "@examplewallet", platform="x"),  # 2
    Channel("handle", "@examplewallet", platform="youtube"),  # 3
    Channel("phone", "+44 20 7946 0000", country="GB"),  # 4
    Channel("phone", "+1 555 0100"),  # 5: no country, so no national form
    Channel("url", "https://status.example.org/wallet"),  # 6
    Channel("handle", "+44 7700 900123", platform="whatsapp"),  # 7
    Channel("phone", "+86 138 0013 8000", country="CN"),  # 8: a mobile, dialled without 0 at home
    Channel("app", "In-app chat"),  # 9
)

# input, verdict, the other fields that must hold (the rest is compared across languages)
CASES: list[tuple[str, str, dict]] = [
    ("", "empty", {}),
    ("  ", "empty", {}),
    # phones (the examples first)
    ("+44 20 7946 0000", "official", {"channel": 4, "country": None}),
    ("0044 20 7946 0000", "official", {"channel": 4, "country": None}),
    ("020 7946 0000", "official", {"channel": 4, "country": "GB"}),
    ("(020) 7946-0000", "official", {"channel": 4, "country": "GB"}),
    ("+44 (0)20 7946 0000", "official", {"channel": 4}),
    ("tel:+442079460000", "official", {"channel": 4}),
    ("＋４４ ２０ ７９４６ ００００", "official", {"channel": 4}),
    ("20 7946 0000", "unofficial", {}),
    ("+44 20 7946 0001", "unofficial", {}),
    ("+1 555 0100", "official", {"channel": 5}),
    ("001 555 0100", "official", {"channel": 5}),
    ("1 555 0100", "unofficial", {}),  # a national form, and channel 5 names no country
    ("555 0100", "unofficial", {}),
    ("+86 138 0013 8000", "official", {"channel": 8}),
    ("138 0013 8000", "official", {"channel": 8, "country": "CN"}),
    ("0138 0013 8000", "unofficial", {}),
    ("tel:abc", "invalid", {"kind": "phone"}),
    # e-mail
    ("support@example.com", "official", {"channel": 0, "kind": "email"}),
    ("Support@Example.COM", "official", {"channel": 0}),
    ("  support@example.com. ", "official", {"channel": 0}),
    ("mailto:support@example.com?subject=help", "official", {"channel": 0}),
    ("Example Support <support@example.com>", "official", {"channel": 0}),
    ("help@example.com", "unofficial", {"reason": "unlisted"}),
    ("support@ехаmple.com", "lookalike", {"channel": 0, "unicode": True}),
    ("suppοrt@example.com", "lookalike", {"channel": 0}),
    ("support@examp1e.com", "lookalike", {"channel": 0}),  # reads as our address
    ("support@example.co", "lookalike", {"channel": 1}),
    ("scam@gmail.com", "unofficial", {}),
    ("mailto:nobody", "invalid", {}),
    # websites and links
    ("example.com", "official", {"channel": 1, "kind": "url"}),
    ("EXAMPLE.COM.", "official", {"channel": 1}),
    ("www.example.com", "official", {"channel": 1}),
    ("https://www.example.com/login?x=1", "official", {"channel": 1}),
    ("HTTPS://Help.Example.com./", "official", {"channel": 1}),
    ("example.com/anything", "official", {"channel": 1}),
    ("https://status.example.org/wallet/incidents", "official", {"channel": 6}),
    ("https://status.example.org/other", "unofficial", {}),
    ("ｅｘａｍｐｌｅ.com", "lookalike", {"channel": 1, "unicode": True, "decoded": "example.com"}),
    ("xn--exmple-4nf.com", "lookalike", {"channel": 1, "unicode": True, "decoded": "exаmple.com"}),
    ("https://xn--mple-43d3a6i.com/login", "lookalike", {"channel": 1, "decoded": "ехаmple.com"}),
    ("https://exаmple.com", "lookalike", {"channel": 1}),
    ("examp1e.com", "lookalike", {"channel": 1}),
    ("exarnple.com", "lookalike", {"channel": 1}),
    ("exampel.com", "lookalike", {"channel": 1}),
    ("example.com.evil.xyz", "lookalike", {"channel": 1}),
    ("https://example.com.login.evil.xyz/path", "lookalike", {"channel": 1}),
    ("example.com-secure.xyz", "lookalike", {"channel": 1}),
    ("example-support.com", "lookalike", {"channel": 1}),
    ("help.exarnple.com", "lookalike", {"channel": 1}),
    ("examplewallet.net", "lookalike", {"channel": 1}),
    ("https://evil.xyz", "unofficial", {}),
    ("walletsupport.io", "unofficial", {}),
    ("https://example.com@evil.xyz/", "unofficial", {"decoy": True}),
    ("ftp://example.com", "invalid", {}),
    ("javascript:alert(1)", "invalid", {}),
    ("hello world", "invalid", {}),
    # handles: never official without their platform
    ("@examplewallet", "only_on", {"channel": 2, "platforms": ["x", "youtube"], "kind": "handle"}),
    ("examplewallet", "only_on", {"platforms": ["x", "youtube"]}),
    ("＠ExampleWallet", "only_on", {"platforms": ["x", "youtube"]}),
    ("telegram @examplewallet", "unofficial", {"platform": "telegram", "reason": "platform", "channel": 2}),
    ("电报 @examplewallet", "unofficial", {"platform": "telegram", "reason": "platform"}),
    ("X: @examplewallet", "official", {"channel": 2, "platform": "x"}),
    ("twitter @ExampleWallet", "official", {"channel": 2, "platform": "x"}),
    ("@examplewallet youtube", "official", {"channel": 3, "platform": "youtube"}),
    ("https://x.com/examplewallet", "official", {"channel": 2, "kind": "url", "platform": "x"}),
    ("twitter.com/ExampleWallet/", "official", {"channel": 2}),
    ("https://m.youtube.com/@examplewallet", "official", {"channel": 3}),
    ("https://www.youtube.com/c/examplewallet", "official", {"channel": 3}),
    ("https://t.me/examplewallet", "unofficial", {"platform": "telegram", "reason": "platform"}),
    ("https://x.com", "unofficial", {}),
    ("@examp1ewallet", "lookalike", {"channel": 2}),
    ("@examplewa11et", "lookalike", {"channel": 2}),
    ("@example_wallet", "lookalike", {"channel": 2}),
    ("@examplewallet_support", "lookalike", {"channel": 2}),
    ("@ехamplewallet", "lookalike", {"channel": 2, "unicode": True}),
    ("t.me/examp1ewallet", "lookalike", {"platform": "telegram"}),
    ("@cryptohelpdesk", "unofficial", {}),
    ("telegram @cryptohelpdesk", "unofficial", {"platform": "telegram"}),
    ("wa.me/447700900123", "official", {"channel": 7, "platform": "whatsapp"}),
    ("whatsapp +44 7700 900123", "official", {"channel": 7}),
    ("wa.me/15550100", "unofficial", {"platform": "whatsapp"}),
]
