"""The tables behind "is this contact really us?", defined once.

Python (`contact_check`, used by `helpcenter check`) reads them here; the build ships them
to the browser inside the verify page (`client_rules()`), where theme/static/js/verify.js
applies the same tables. A test runs one table of cases through both and requires the
same answers, so nothing here may be re-typed in JavaScript.
"""

from __future__ import annotations

from typing import Any

# Characters read as spaces when trimming and splitting (explicit: Python's and
# JavaScript's \s differ at the edges).
SPACE = " \t\r\n\f\v\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
# Quotes, brackets and sentence punctuation around a pasted contact are not part of it.
LEADING = SPACE + "([{<'\"‘“（《「『【"
TRAILING = SPACE + ".,;:!?)]}>'\"’”。，；：！？）》」』】"

# Characters that render like ASCII letters (a subset of Unicode's confusables.txt), and
# digits or signs that scammers put in for letters.
CONFUSABLES = dict(
    zip(
        "авеёкмнорстухѕіїјԁԛԝһӏɡɑıȷʟɩʏᴠᴡᴢꞵαβγεηικνορτυχωϲϳᴏᴄꮯꭰօսցզɾʋℓ01|!iǀ$@35",
        "abeekmhopctyxsiijdqwhlgaijliyvwzbabyenikvoptuxwcjoccdougqrulolllllsaes",
    )
)
# Letter pairs that read as one letter, and marks that are easy to miss.
SEQUENCES = (("rn", "m"), ("vv", "w"), ("cl", "d"))
IGNORED = "_-"

# How far a name may be from ours and still be taken as imitating it (edit distance:
# insertions, deletions, substitutions, swaps of neighbours).
NEAR = {"min_length": 4, "long": 6, "short_distance": 1, "long_distance": 2}
# Second-level labels under which the registered name is one label further left.
SECOND_LEVEL = ("co", "com", "org", "net", "gov", "edu", "ac")

# Platforms where a handle lives. `hosts`: links to an account (first path segment after
# the `skip` words); `names`: how people write the platform before or after a handle;
# `phone`: the handle is a phone number (wa.me/15550100).
PLATFORMS: dict[str, dict[str, Any]] = {
    "x": {"name": "X", "hosts": ["x.com", "twitter.com", "mobile.twitter.com"], "names": ["x", "twitter", "推特"]},
    "telegram": {"name": "Telegram", "hosts": ["t.me", "telegram.me"], "names": ["telegram", "tg", "电报"]},
    "whatsapp": {"name": "WhatsApp", "hosts": ["wa.me"], "names": ["whatsapp", "wa"], "phone": True},
    "discord": {"name": "Discord", "hosts": ["discord.gg", "discord.com"], "names": ["discord"], "skip": ["invite"]},
    "instagram": {"name": "Instagram", "hosts": ["instagram.com"], "names": ["instagram", "ig"]},
    "facebook": {
        "name": "Facebook",
        "hosts": ["facebook.com", "fb.com", "m.facebook.com"],
        "names": ["facebook", "fb"],
    },
    "youtube": {
        "name": "YouTube",
        "hosts": ["youtube.com", "m.youtube.com"],
        "names": ["youtube"],
        "skip": ["c", "user"],
    },
    "tiktok": {"name": "TikTok", "hosts": ["tiktok.com"], "names": ["tiktok"]},
    "github": {"name": "GitHub", "hosts": ["github.com"], "names": ["github"]},
    "reddit": {"name": "Reddit", "hosts": ["reddit.com"], "names": ["reddit"], "skip": ["u", "user", "r"]},
    "linkedin": {"name": "LinkedIn", "hosts": ["linkedin.com"], "names": ["linkedin"], "skip": ["in", "company"]},
    "threads": {"name": "Threads", "hosts": ["threads.net"], "names": ["threads"]},
    "weibo": {"name": "Weibo", "hosts": ["weibo.com"], "names": ["weibo", "微博"], "skip": ["u", "n"]},
    "wechat": {"name": "WeChat", "hosts": [], "names": ["wechat", "weixin", "微信"]},
    "line": {"name": "LINE", "hosts": ["line.me"], "names": ["line"], "skip": ["ti", "p"]},
    "signal": {"name": "Signal", "hosts": [], "names": ["signal"]},
}

# Phone numbers. Written with "+" or with "00" in front of the country code, a number is
# international and the same everywhere; without either it is a national form, which is
# the same number only when dialled inside the country a channel declares (`country`).
PHONE_PUNCTUATION = " ()-./\u2010\u2011\u2012\u2013\u2014\u2212" + SPACE
PHONE_INTERNATIONAL = ("+", "00")
PHONE_DROP = ("(0)",)  # "+44 (0)20 …": the trunk prefix written inside an international number
PHONE_MIN_DIGITS = 5

_CN_MOBILE = ("13", "14", "15", "16", "17", "18", "19")
# country -> (calling code, trunk prefix dialled before national numbers, prefix optional,
# national numbers dialled without the prefix when they start with one of these).
COUNTRIES: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {
    "US": ("1", "1", True, ()), "CA": ("1", "1", True, ()), "GB": ("44", "0", False, ()),
    "IE": ("353", "0", False, ()), "DE": ("49", "0", False, ()), "FR": ("33", "0", False, ()),
    "NL": ("31", "0", False, ()), "BE": ("32", "0", False, ()), "CH": ("41", "0", False, ()),
    "AT": ("43", "0", False, ()), "SE": ("46", "0", False, ()), "FI": ("358", "0", False, ()),
    "NO": ("47", "", False, ()), "DK": ("45", "", False, ()), "ES": ("34", "", False, ()),
    "PT": ("351", "", False, ()), "IT": ("39", "", False, ()), "PL": ("48", "", False, ()),
    "CZ": ("420", "", False, ()), "GR": ("30", "", False, ()), "TR": ("90", "0", False, ()),
    "RU": ("7", "8", False, ()), "UA": ("380", "0", False, ()), "IL": ("972", "0", False, ()),
    "AE": ("971", "0", False, ()), "SA": ("966", "0", False, ()), "IN": ("91", "0", True, ()),
    "PK": ("92", "0", False, ()), "CN": ("86", "0", False, _CN_MOBILE), "HK": ("852", "", False, ()),
    "MO": ("853", "", False, ()), "TW": ("886", "0", False, ()), "JP": ("81", "0", False, ()),
    "KR": ("82", "0", False, ()), "SG": ("65", "", False, ()), "MY": ("60", "0", False, ()),
    "TH": ("66", "0", False, ()), "VN": ("84", "0", False, ()), "PH": ("63", "0", False, ()),
    "ID": ("62", "0", False, ()), "AU": ("61", "0", False, ()), "NZ": ("64", "0", False, ()),
    "BR": ("55", "0", False, ()), "MX": ("52", "", False, ()), "AR": ("54", "0", False, ()),
    "ZA": ("27", "0", False, ()), "NG": ("234", "0", False, ()), "KE": ("254", "0", False, ()),
    "EG": ("20", "0", False, ()),
}  # fmt: skip


def platform_alias(word: str) -> str | None:
    """The platform id a written name such as "Twitter" or "电报" stands for."""
    for pid, spec in PLATFORMS.items():
        if word == pid or word in spec["names"]:
            return pid
    return None


def client_rules() -> dict[str, Any]:
    """The tables as the browser receives them (JSON-ready)."""
    return {
        "space": SPACE,
        "leading": LEADING,
        "trailing": TRAILING,
        "confusables": CONFUSABLES,
        "sequences": [list(pair) for pair in SEQUENCES],
        "ignored": IGNORED,
        "near": NEAR,
        "second_level": list(SECOND_LEVEL),
        "platforms": {
            pid: {
                "name": spec["name"],
                "hosts": spec["hosts"],
                "names": spec["names"],
                "skip": spec.get("skip", []),
                "phone": bool(spec.get("phone")),
            }
            for pid, spec in PLATFORMS.items()
        },
        "phone": {
            "punctuation": PHONE_PUNCTUATION,
            "international": list(PHONE_INTERNATIONAL),
            "drop": list(PHONE_DROP),
            "min_digits": PHONE_MIN_DIGITS,
        },
    }
