"""site.toml -> frozen SiteConfig, reporting every problem at once (MkDocs' config/base.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpcenter.config import toml_lines
from helpcenter.config.contact_rules import PLATFORMS
from helpcenter.config.contacts import value_problem
from helpcenter.config.options import Checker, decode, did_you_mean, parse_every, read_input
from helpcenter.errors import Report, SourceError
from helpcenter.model import Category, Channel, SiteConfig

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = {
    "title",
    "base_url",
    "languages",
    "language_names",
    "categories",
    "channels",
    "raw_html",
    "checks",
    "feedback",
    "translations",
    "reviews",
    "offline",
}
_OFFLINE_KEYS = {"enabled"}
_FEEDBACK_KEYS = {"endpoint"}
_CHECK_KEYS = {"missing_anchor"}
_CATEGORY_KEYS = {"title", "order", "description"}
_CHANNEL_KEYS = {"kind", "value", "label", "platform", "country", "network"}  # network: older name of platform
CHANNEL_KINDS = ("email", "domain", "url", "phone", "handle", "app")
RESERVED_CATEGORIES = ("search", "verify", "notices")  # the theme's own /<lang>/search/, verify/, notices/ pages


def _checker(path: Path, lines: toml_lines.TomlLines, report: Report) -> Checker:
    return Checker(path, lines.line, lines.text, report.problems)


def load_config(content_dir: Path, report: Report, base_url: str | None = None) -> SiteConfig | None:
    path = content_dir / "site.toml"
    if not os.path.lexists(path):
        report.error(path, 1, "site.toml not found: every content folder needs one")
        return None
    try:
        text = decode(read_input(path), path)
    except SourceError as exc:
        report.add(exc.problem)
        return None
    return parse_config(text, path, report, base_url)


def parse_config(text: str, path: Path, report: Report, base_url: str | None = None) -> SiteConfig | None:
    """Pure: the text of site.toml -> SiteConfig, or None with problems added to `report`."""
    try:
        data, lines = toml_lines.parse(text, path)
    except SourceError as exc:
        report.add(exc.problem)
        return None
    check = _checker(path, lines, report)
    check.unknown_keys(data, _TOP_KEYS, severity="warning")

    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        check.error('\'languages\' must be a non-empty list of language codes, e.g. ["zh", "en"]', "languages")
        languages = []
    for lang in languages:
        if not _LANG.match(lang):
            check.error(f"'{lang}' is not a language code such as 'en' or 'zh'", "languages")
    if len(set(languages)) != len(languages):
        check.error("'languages' lists a language twice", "languages")
    langs = tuple(languages)

    title = check.texts(data.get("title"), langs, "title")
    names = data.get("language_names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        check.error("'language_names' must be a table such as { en = \"English\" }", "language_names")
        names = {}
    for lang in sorted(set(names) - set(languages)):
        check.warn(
            f"'language_names' names '{lang}', which is not in 'languages'{did_you_mean(lang, languages)}",
            "language_names",
        )

    url = base_url if base_url is not None else data.get("base_url", "/")
    if not _safe_base_url(url):
        check.error(
            "'base_url' must be an absolute URL such as \"https://help.example.com/\" (http or https) or a "
            "path starting with a single '/' such as \"/help/\" (no backslashes, spaces or control characters)",
            "base_url",
        )
        url = "/"
    if not url.endswith("/"):
        url += "/"

    categories = _categories(data.get("categories"), langs, check)
    channels = _channels(data.get("channels", []), langs, check)
    raw_html = check.flag(data.get("raw_html", False), "raw_html")
    checks = data.get("checks", {})
    if not isinstance(checks, dict):
        check.error("'checks' must be a table", "checks")
        checks = {}
    check.unknown_keys(checks, _CHECK_KEYS, "checks", severity="warning", where="[checks]")
    missing_anchor = check.choice(
        checks.get("missing_anchor", "error"), ("error", "warning"), "checks", "missing_anchor"
    )
    feedback_endpoint = _feedback(data.get("feedback", {}), check)
    outdated, every = _writers(data, check)
    offline = _offline(data.get("offline", {}), check)
    if not check.ok:
        return None
    return SiteConfig(
        path=path,
        title=title,
        base_url=url,
        languages=langs,
        categories=categories,
        channels=channels,
        language_names={str(k): str(v) for k, v in names.items()},
        raw_html=bool(raw_html),
        missing_anchor=missing_anchor or "error",
        feedback_endpoint=feedback_endpoint,
        outdated_translations=outdated,
        review_every=every,
        offline=offline,
    )


def _offline(table: object, check: Checker) -> bool:
    """[offline] enabled: the service worker that keeps visited pages for offline reading (on by default)."""
    if not isinstance(table, dict):
        check.error("'offline' must be a table such as [offline] with enabled = false", "offline")
        return True
    check.unknown_keys(table, _OFFLINE_KEYS, "offline", severity="warning", where="[offline]")
    enabled = check.flag(table.get("enabled", True), "offline", "enabled")
    return True if enabled is None else bool(enabled)


def _feedback(table: object, check: Checker) -> str:
    """[feedback] endpoint: where votes and searches without results are sent (off when absent)."""
    if not isinstance(table, dict):
        check.error("'feedback' must be a table such as [feedback] with endpoint = \"https://…\"", "feedback")
        return ""
    check.unknown_keys(table, _FEEDBACK_KEYS, "feedback", severity="warning", where="[feedback]")
    endpoint = table.get("endpoint", "")
    if endpoint == "":
        return ""
    if not isinstance(endpoint, str) or not re.fullmatch(r"(?:https://[^\s/\\]+|/(?![/\\]))[^\s\\]*", endpoint):
        check.error(
            "'endpoint' must be an https:// address or a path on this site starting with one '/', "
            'e.g. endpoint = "https://feedback.example.com/collect"',
            "feedback",
            "endpoint",
        )
        return ""
    return endpoint


def _writers(data: dict, check: Checker) -> tuple[str, str]:
    """[translations] outdated and [reviews] every (see README, Writing an article)."""
    tables = {}
    for name, known in (("translations", {"outdated"}), ("reviews", {"every"})):
        table = data.get(name, {})
        if not isinstance(table, dict):
            check.error(f"'{name}' must be a table: [{name}]", name)
            table = {}
        check.unknown_keys(table, known, name, severity="warning", where=f"[{name}]")
        tables[name] = table
    outdated = check.choice(
        tables["translations"].get("outdated", "warning"), ("note", "warning", "error"), "translations", "outdated"
    )
    every = tables["reviews"].get("every", "")
    if every != "" and (not isinstance(every, str) or parse_every(every) is None):
        check.error(
            'review period must be a number of days, weeks, months or years, e.g. every = "6 months"',
            "reviews",
            "every",
        )
        every = ""
    return outdated or "warning", every


def _categories(table: object, langs: tuple[str, ...], check: Checker) -> tuple[Category, ...]:
    if not isinstance(table, dict) or not table:
        check.error("declare at least one category: [categories.<id>] with a title", "categories")
        return ()
    result = []
    for cid, spec in table.items():
        if not _ID.match(cid):
            check.error(f"category id '{cid}' must be lowercase letters, digits and '-'", "categories", cid)
        if cid in RESERVED_CATEGORIES:
            check.error(f"category id '{cid}' is taken by the site's own /<lang>/{cid}/ page", "categories", cid)
        if not isinstance(spec, dict):
            check.error(f"category '{cid}' must be a table", "categories", cid)
            continue
        check.unknown_keys(spec, _CATEGORY_KEYS, "categories", cid, severity="warning", where=f"category '{cid}'")
        order = spec.get("order", 1000)
        order = check.whole_number(order, "categories", cid, "order")
        if order is None:
            order = 1000
        result.append(
            Category(
                id=cid,
                title=check.texts(spec.get("title"), langs, "categories", cid, "title"),
                order=order,
                description=check.texts(
                    spec.get("description"), langs, "categories", cid, "description", required=False
                ),
            )
        )
    return tuple(sorted(result, key=lambda c: (c.order, c.id)))


def _channels(items: object, langs: tuple[str, ...], check: Checker) -> tuple[Channel, ...]:
    if not isinstance(items, list):
        check.error("'channels' must be an array of tables: [[channels]]", "channels")
        return ()
    result = []
    for i, spec in enumerate(items):
        if not isinstance(spec, dict):
            check.error("each [[channels]] entry must be a table", "channels", i)
            continue
        check.unknown_keys(spec, _CHANNEL_KEYS, "channels", i, severity="warning", where="[[channels]]")
        kind, value = spec.get("kind"), spec.get("value")
        if kind not in CHANNEL_KINDS:
            check.error(f"channel kind must be one of {', '.join(CHANNEL_KINDS)}", "channels", i, "kind")
            continue
        if not isinstance(value, str) or not value.strip():
            check.error("channel needs a 'value' (the address, domain, number or handle)", "channels", i, "value")
            continue
        platform, country = spec.get("platform", spec.get("network", "")), spec.get("country", "")
        if not isinstance(platform, str) or not isinstance(country, str):
            check.error("'platform' and 'country' are short texts, e.g. platform = \"x\"", "channels", i, "kind")
            continue
        label = check.texts(spec.get("label"), langs, "channels", i, "label", required=False)
        channel = Channel(kind, value.strip(), label, platform.strip().lower(), country.strip().upper())
        problem = value_problem(channel)
        if problem:
            key = problem[0] if problem[0] in spec else "value"
            check.error(problem[1], "channels", i, key)
            continue
        if channel.platform and channel.platform not in PLATFORMS:
            known = ", ".join(PLATFORMS)
            check.warn(
                f"unknown platform '{channel.platform}' (known: {known}): the checker cannot read links to it",
                "channels",
                i,
                "platform" if "platform" in spec else "network",
            )
        result.append(channel)
    return tuple(result)


def _safe_base_url(url: object) -> bool:
    """http(s)://host/… or /path/: never `//host/` or `/\\host/`, which browsers read as another site."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 or ord(c) == 127 or c == "\\" for c in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    scheme, _, rest = url.partition("://")
    return scheme.lower() in ("http", "https") and rest[:1] not in ("", "/")
