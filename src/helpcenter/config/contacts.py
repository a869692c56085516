"""site.toml's official channels: what a valid value is per kind, and the keys a pasted or
written contact is compared with (computed here once, shipped to the browser as data)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from helpcenter.config.contact_rules import (
    COUNTRIES,
    LEADING,
    PHONE_DROP,
    PHONE_INTERNATIONAL,
    PHONE_MIN_DIGITS,
    PHONE_PUNCTUATION,
    PLATFORMS,
    SECOND_LEVEL,
    TRAILING,
    client_rules,
)
from helpcenter.model import Channel

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]*[a-z][a-z0-9-]*$")
_HANDLE = re.compile(r"^@?[^\s@/:]+$")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def is_ascii(text: str) -> bool:
    return all(ord(ch) < 128 for ch in text)


def trim(text: str) -> str:
    """Without the quotes, brackets and punctuation a contact is often pasted with."""
    start, end = 0, len(text)
    while start < end and text[start] in LEADING:
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return text[start:end]


def clean_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def registered_name(host: str) -> str:
    """The label a domain is registered under: "example" in help.example.com or example.co.uk."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def phone_key(text: str) -> tuple[str, bool] | None:
    """("+442079460000", True) for an international number, ("02079460000", False) for a
    national form, None when `text` is not a phone number at all."""
    plain = nfkc(text)
    head = plain.lstrip(PHONE_PUNCTUATION)
    if head.startswith(PHONE_INTERNATIONAL):
        for drop in PHONE_DROP:
            plain = plain.replace(drop, "")
    key = "".join(ch for ch in plain if ch not in PHONE_PUNCTUATION)
    digits = key[1:] if key.startswith("+") else key
    if not digits or not all("0" <= ch <= "9" for ch in digits) or len(digits) < PHONE_MIN_DIGITS:
        return None
    if key.startswith("+"):
        return key, True
    for prefix in PHONE_INTERNATIONAL:
        if prefix != "+" and key.startswith(prefix):
            return "+" + key[len(prefix) :], True
    return key, False


def national_keys(international: str, country: str) -> list[str]:
    """How a number is written inside `country` without its country code."""
    if country not in COUNTRIES:
        return []
    code, prefix, optional, bare = COUNTRIES[country]
    nsn = international[1 + len(code) :]
    if not prefix or (bare and nsn.startswith(bare)):
        return [nsn]
    return [prefix + nsn, nsn] if optional else [prefix + nsn]


def handle_key(value: str, platform: str) -> str:
    if PLATFORMS.get(platform, {}).get("phone"):
        found = phone_key(value)  # wa.me/15550100: always international, "+" or not
        if not found:
            return ""
        return found[0] if found[1] else "+" + found[0]
    return value.strip().lstrip("@＠").lower()


def value_problem(channel: Channel) -> tuple[str, str] | None:
    """(key, message with the fix) when a channel's value cannot be what its kind says."""
    kind, value, platform, country = channel.kind, channel.value, channel.platform, channel.country
    if platform and kind != "handle":
        return "platform", "'platform' applies only to kind = \"handle\""
    if country and kind != "phone":
        return "country", "'country' applies only to kind = \"phone\""
    if kind == "email":
        local, _, domain = value.rpartition("@")
        if not local or not _HANDLE.match(local) or not _HOST.match(domain.lower()):
            return (
                "value",
                "an 'email' channel's value must be one address such as \"support@example.com\" (no mailto: or name)",
            )
    elif kind == "domain":
        if not _HOST.match(value.lower().rstrip(".")):
            host = _link_host(value)
            fix = f'value = "{host}"' if host else 'a bare domain such as value = "example.com"'
            return (
                "value",
                f"a 'domain' channel's value must be the domain alone: write {fix} (a link is kind = \"url\")",
            )
    elif kind == "url":
        host = _link_host(value)
        if host is None or not value.lower().startswith(("https://", "http://")):
            return (
                "value",
                "a 'url' channel's value must start with https:// (or http://) and a domain, e.g. \"https://help.example.com/\"",
            )
        on = next((pid for pid, spec in PLATFORMS.items() if clean_host(host) in spec["hosts"]), None)
        if on:
            return (
                "value",
                f'a link to an account on {PLATFORMS[on]["name"]} is a handle: write kind = "handle", '
                f'platform = "{on}" and the account name as value',
            )
    elif kind == "phone":
        found = phone_key(value)
        if not found or not found[1] or not value.strip().startswith("+"):
            return (
                "value",
                "a 'phone' channel's value must be an international number: \"+\", the country code, "
                'then the number, e.g. "+44 20 7946 0000"',
            )
        if country:
            if country not in COUNTRIES:
                return (
                    "country",
                    f"unknown country '{country}': write its two-letter code ({', '.join(sorted(COUNTRIES))})",
                )
            code = COUNTRIES[country][0]
            if not found[0].startswith("+" + code):
                return "country", f'country = "{country}" dials +{code}, but this number does not start with +{code}'
    elif kind == "handle":
        if not platform:
            known = ", ".join(PLATFORMS)
            return (
                "value",
                "a 'handle' channel needs its platform, because the same name anywhere else is an impostor: "
                f'add platform = "x" (or one of {known})',
            )
        if PLATFORMS.get(platform, {}).get("phone"):
            if not handle_key(value, platform):
                return (
                    "value",
                    f"a {PLATFORMS[platform]['name']} account is a phone number: "
                    '"+", the country code, then the number',
                )
        elif not _HANDLE.match(value.strip()):
            return (
                "value",
                "a 'handle' channel's value must be the account name alone, such as \"@examplewallet\" "
                '(no link, spaces or "/")',
            )
    return None


def _link_host(value: str) -> str | None:
    match = re.match(r"^\s*(?:[a-z][a-z0-9+.-]*://)?([^/?#\s]+)", value, re.I)
    host = match.group(1).split("@")[-1].split(":")[0].lower().rstrip(".") if match else ""
    return host if _HOST.match(host) else None


@dataclass(frozen=True)
class Official:
    """The keys of site.toml's channels; each entry ends with the channel's position."""

    emails: tuple[tuple[str, int], ...]
    domains: tuple[tuple[str, int], ...]
    urls: tuple[tuple[str, str, int], ...]  # host, path without trailing "/", channel
    phones: tuple[tuple[str, tuple[str, ...], str, int], ...]  # international, national forms, country, channel
    handles: tuple[tuple[str, str, int], ...]  # platform, key, channel
    hosts: tuple[tuple[str, str, int], ...]  # every official host, its registered name, channel: for look-alikes
    values: tuple[str, ...] = ()  # each channel's value as site.toml writes it

    def as_json(self) -> dict[str, Any]:
        tables = [name for name in self.__dataclass_fields__ if name != "values"]
        return {name: [list(_flat(entry)) for entry in getattr(self, name)] for name in tables}


def _flat(entry: tuple) -> Iterable[Any]:
    return (list(part) if isinstance(part, tuple) else part for part in entry)


def official(channels: tuple[Channel, ...]) -> Official:
    emails, mail_domains, domains, urls, phones, handles = [], [], [], [], [], []
    for i, c in enumerate(channels):
        value = c.value.strip()
        if c.kind == "email":  # the domain we take mail at is ours too
            emails.append((value.lower().rstrip("."), i))
            mail_domains.append((clean_host(value.rpartition("@")[2]), i))
        elif c.kind == "domain":
            domains.append((clean_host(value), i))
        elif c.kind == "url":
            host = _link_host(value)
            if host:
                path = re.sub(r"^[a-z]+://[^/?#]*", "", value, flags=re.I)
                urls.append((clean_host(host), re.split(r"[?#]", path)[0].rstrip("/"), i))
        elif c.kind == "phone":
            found = phone_key(value)
            if found and found[1]:
                phones.append((found[0], tuple(national_keys(found[0], c.country)), c.country, i))
        elif c.kind == "handle":
            handles.append((c.platform, handle_key(value, c.platform), i))
    # look-alikes are named after the website first, then a link, then an address
    hosts = [(h, registered_name(h), i) for h, i in domains]
    hosts += [(h, registered_name(h), i) for h, _, i in urls]
    hosts += [(h, registered_name(h), i) for h, i in mail_domains]
    domains += mail_domains
    values = tuple(c.value for c in channels)
    return Official(tuple(emails), tuple(domains), tuple(urls), tuple(phones), tuple(handles), tuple(hosts), values)


def client_data(channels: tuple[Channel, ...]) -> str:
    """The rules and the official keys as the verify page embeds them: JSON that is safe
    inside a <script type="application/json"> block."""
    data = {"rules": client_rules(), "official": official(channels).as_json()}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
