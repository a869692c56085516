"""Is a contact one of ours? The reference answer for `helpcenter check`, and the one
theme/static/js/verify.js must give in the browser for the same tables (a test runs one
table of cases through both).

`check()` returns a plain dict, the same shape JavaScript returns:
verdict   empty | invalid | official | only_on | lookalike | unofficial
kind      empty | email | phone | handle | url
channel   position in site.toml's [[channels]] of the channel it matches or imitates
platform  the platform the contact is on (t.me/… is on telegram), if any
platforms where a handle without a platform is ours (only_on), or ours instead (unofficial)
country   a national phone form matched: the same number only when dialled in this country
reason    unlisted (our domain, not a published address) | platform (our name, wrong platform)
decoy     a link with "name@" before its host      unicode  the host or address is not plain ASCII
decoded   the host as it reads once punycode and compatibility forms are undone
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from typing import Any

from helpcenter.config.contact_rules import (
    CONFUSABLES,
    IGNORED,
    NEAR,
    PLATFORMS,
    SEQUENCES,
    SPACE,
    platform_alias,
)
from helpcenter.config.contacts import Official, clean_host, handle_key, is_ascii, nfkc, phone_key, trim

Result = dict[str, Any]
_ANGLE = re.compile(r"<([^<>]+)>")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.I)
_PHONE_SHAPE = re.compile(r"^\+?[0-9 ().\-\u2010\u2011\u2012\u2013\u2014\u2212/]+$")


def result(verdict: str, kind: str, **extra: Any) -> Result:
    base: Result = {
        "verdict": verdict,
        "kind": kind,
        "channel": None,
        "platform": None,
        "platforms": [],
        "country": None,
        "reason": None,
        "decoy": False,
        "unicode": False,
        "decoded": None,
    }
    base.update(extra)
    return base


def skeleton(text: str) -> str:
    """The shape a string has to the eye: what a look-alike shares with the real thing."""
    out = "".join("l" if ch == "I" else ch for ch in nfkc(text)).lower()
    out = "".join(ch for ch in unicodedata.normalize("NFD", out) if not 0x300 <= ord(ch) <= 0x36F)
    out = "".join(CONFUSABLES.get(ch, ch) for ch in out)
    for pair, one in SEQUENCES:
        out = out.replace(pair, one)
    return "".join(ch for ch in out if ch not in IGNORED)


def distance(a: str, b: str) -> int:
    """Optimal string alignment: insertions, deletions, substitutions, adjacent swaps."""
    d = [[i] + [0] * len(b) for i in range(len(a) + 1)]
    for j in range(1, len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def near(a: str, b: str) -> bool:
    limit = NEAR["long_distance"] if len(b) > NEAR["long"] else NEAR["short_distance"]
    return distance(a, b) <= limit


def unpuny(host: str) -> str:
    labels = []
    for label in host.split("."):
        if label.lower().startswith("xn--") and is_ascii(label):
            with contextlib.suppress(UnicodeError):  # not punycode after all: shown as written
                label = codecs.decode(label[4:].lower().encode("ascii"), "punycode")
        labels.append(label)
    return ".".join(labels)


def shown(host: str) -> str:
    return clean_host(nfkc(unpuny(host.lower())).lower())


def check(raw: str, official: Official) -> Result:
    angle = _ANGLE.search(raw)  # "Support <support@example.com>"
    text = trim(unicodedata.normalize("NFC", angle.group(1) if angle else raw))
    lower = text.lower()
    if not text:
        return result("empty", "empty")
    if lower.startswith("mailto:"):
        return _email(text[7:].split("?")[0], official)
    if lower.startswith("tel:"):
        return _phone(text[4:], official)
    on = _platform_form(text, official)
    if on is not None:
        return on
    plain = nfkc(text)
    if _PHONE_SHAPE.match(plain) and sum("0" <= ch <= "9" for ch in plain) >= 5:
        return _phone(text, official)
    if "@" in text[1:] and not text.startswith(("@", "＠")) and _email_shape(text):
        return _email(text, official)
    if text[0] in "@＠" and not any(ch in SPACE or ch in "@/." for ch in text[1:]):
        return _handle(text, None, official, "handle")
    if not any(ch in SPACE or ch in ".:/" for ch in text) and not all("0" <= ch <= "9" for ch in text):
        return _handle(text, None, official, "handle")
    return _url(text, official)


def _email_shape(text: str) -> bool:
    local, _, domain = text.rpartition("@")
    bad_local = any(ch in SPACE or ch in "@/:" for ch in local)
    return bool(local) and bool(domain) and not bad_local and not any(ch in SPACE or ch in "@/" for ch in domain)


def _platform_form(text: str, official: Official) -> Result | None:
    """ "telegram @name", "X: @name", "@name twitter": a platform named beside a handle."""
    words = [w for w in re.split("[" + re.escape(SPACE + ":：") + "]+", text) if w]
    if len(words) < 2:
        return None
    first, last = platform_alias(nfkc(words[0]).lower()), platform_alias(nfkc(words[-1]).lower())
    if first and (len(words) == 2 or PLATFORMS[first].get("phone")):
        return _handle(" ".join(words[1:]), first, official, "handle")
    if last and len(words) == 2:
        return _handle(words[0], last, official, "handle")
    return None


def _phone(text: str, official: Official) -> Result:
    found = phone_key(text)
    if not found:
        return result("invalid", "phone")
    key, international = found
    for intl, national, country, channel in official.phones:
        if international and key == intl:
            return result("official", "phone", channel=channel)
        if not international and key in national:
            return result("official", "phone", channel=channel, country=country)
    return result("unofficial", "phone")


def _email(text: str, official: Official) -> Result:
    local, _, domain = text.rpartition("@")
    domain = domain.rstrip(".")
    if not local or not domain:
        return result("invalid", "email")
    address = f"{local}@{domain}".lower()
    match = next((i for key, i in official.emails if key == address), None)
    if match is not None and is_ascii(address):
        return result("official", "email", channel=match)
    twin = next((i for key, i in official.emails if skeleton(key) == skeleton(address)), None)
    pristine = is_ascii(domain) and not _has_punycode(domain)
    if twin is None and pristine and _official_host(clean_host(domain), official) is not None:
        return result("unofficial", "email", reason="unlisted")
    like = twin if twin is not None else _lookalike_host(shown(domain), official)
    if like is not None:
        return result("lookalike", "email", channel=like, unicode=not is_ascii(text), decoded=shown(domain))
    return result("unofficial", "email")


def _has_punycode(host: str) -> bool:
    return any(label.lower().startswith("xn--") for label in host.split("."))


def _official_host(host: str, official: Official) -> int | None:
    return next((i for key, i in official.domains if host == key or host.endswith("." + key)), None)


def _lookalike_host(host: str, official: Official) -> int | None:
    bare = skeleton(host)
    labels = bare.split(".")
    for key, name, channel in official.hosts:
        sk = skeleton(key)
        if bare == sk or bare.endswith("." + sk):
            return channel
        if key + "." in host or key + "-" in host:  # example.com.evil.xyz, example.com-secure.xyz
            return channel
        sk_name = skeleton(name)
        if len(name) >= NEAR["min_length"] and any(sk_name in label or near(label, sk_name) for label in labels):
            return channel
    return None


def _lookalike_handle(key: str, official: Official) -> int | None:
    sk = skeleton(key)
    for _, mine, channel in official.handles:
        k = skeleton(mine)
        if k and (sk == k or near(sk, k) or (len(k) >= NEAR["min_length"] and k in sk)):
            return channel
    return None


def _handle(text: str, platform: str | None, official: Official, kind: str, decoy: bool = False) -> Result:
    phone_platform = bool(platform and PLATFORMS[platform].get("phone"))
    key = handle_key(text, platform) if phone_platform and platform else text.strip(SPACE).lstrip("@＠").lower()
    if not key or any(ch in SPACE or ch in "/@" for ch in key):
        return result("invalid", kind, platform=platform, decoy=decoy)
    mine = [(p, i) for p, k, i in official.handles if k == key and is_ascii(key)]
    platforms = list(dict.fromkeys(p for p, _ in mine))
    if platform is None and mine:
        return result("only_on", kind, channel=mine[0][1], platforms=platforms)
    exact = next((i for p, i in mine if p == platform), None)
    if exact is not None:
        return result("official", kind, channel=exact, platform=platform, decoy=decoy)
    if mine:
        return result(
            "unofficial",
            kind,
            channel=mine[0][1],
            platform=platform,
            platforms=platforms,
            reason="platform",
            decoy=decoy,
        )
    like = None if phone_platform else _lookalike_handle(key, official)
    if like is not None:
        return result("lookalike", kind, channel=like, platform=platform, unicode=not is_ascii(key), decoy=decoy)
    return result("unofficial", kind, platform=platform, decoy=decoy)


def _url(text: str, official: Official) -> Result:
    scheme = _SCHEME.match(text)
    rest = text[scheme.end() :] if scheme else text.lstrip("/")
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return result("invalid", "url")
    cut = next((i for i, ch in enumerate(rest) if ch in "/?#\\"), len(rest))
    authority, tail = rest[:cut], rest[cut:]
    decoy = "@" in authority
    host_raw = re.sub(r":[0-9]*$", "", authority.rpartition("@")[2]).rstrip(".")
    if not host_raw or any(ch in SPACE for ch in host_raw) or "." not in nfkc(host_raw):
        return result("invalid", "url", decoy=decoy)
    pristine = is_ascii(host_raw) and not _has_punycode(host_raw)
    host = clean_host(host_raw)
    path = re.split(r"[?#]", tail)[0]
    if pristine:
        on = next((pid for pid, spec in PLATFORMS.items() if host in spec["hosts"]), None)
        if on:
            skip = PLATFORMS[on].get("skip", [])
            segment = next((s for s in path.split("/") if s and s not in skip), None)
            if segment:
                return _handle(segment, on, official, "url", decoy)
        match = _official_host(host, official)
        if match is None:
            trimmed = path.rstrip("/")
            match = next((i for h, p, i in official.urls if h == host and (trimmed + "/").startswith(p + "/")), None)
        if match is not None:
            return result("official", "url", channel=match, decoy=decoy)
        if any(h == host for h, _, _ in official.urls):  # a shared host: only the listed path is ours
            return result("unofficial", "url", decoy=decoy)
    like = _lookalike_host(shown(host_raw), official)
    if like is not None:
        return result("lookalike", "url", channel=like, unicode=not pristine, decoded=shown(host_raw), decoy=decoy)
    return result("unofficial", "url", decoy=decoy)
