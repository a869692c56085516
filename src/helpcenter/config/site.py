"""site.toml -> frozen SiteConfig, reporting every problem at once (MkDocs' config/base.py)."""

from __future__ import annotations

import re
from pathlib import Path

from helpcenter.config import toml_lines
from helpcenter.errors import Report, SourceError
from helpcenter.model import Category, Channel, SiteConfig

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = {"title", "base_url", "languages", "language_names", "categories", "channels", "raw_html", "checks"}
_CHECK_KEYS = {"missing_anchor"}
_CATEGORY_KEYS = {"title", "order", "description"}
_CHANNEL_KEYS = {"kind", "value", "label", "network"}
CHANNEL_KINDS = ("email", "domain", "url", "phone", "handle", "app")
RESERVED_CATEGORIES = ("search", "verify")  # the theme's own /<lang>/search/ and /<lang>/verify/ pages


class _Checker:
    """Validation helpers bound to one file, so each check is one line at the call site."""

    def __init__(self, path: Path, lines: toml_lines.TomlLines, report: Report):
        self.path, self.lines, self.report = path, lines, report
        self.ok = True

    def error(self, message: str, *keypath: object) -> None:
        line = self.lines.line(*keypath)
        self.report.error(self.path, line, message, self.lines.text(line))
        self.ok = False

    def warn(self, message: str, *keypath: object) -> None:
        line = self.lines.line(*keypath)
        self.report.warn(self.path, line, message, self.lines.text(line))

    def unknown_keys(self, table: dict, allowed: set[str], *keypath: object) -> None:
        for key in sorted(set(table) - allowed):
            self.warn(f"unknown key '{key}' (known: {', '.join(sorted(allowed))})", *keypath, key)

    def texts(
        self, value: object, languages: tuple[str, ...], *keypath: object, required: bool = True
    ) -> dict[str, str]:
        """A per-language text: a table {lang = "text"}, or one string used for every language."""
        if value is None:
            if required:
                self.error(f"missing '{keypath[-1]}'", *keypath)
            return {}
        if isinstance(value, str):
            return {lang: value for lang in languages}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.error(f"'{keypath[-1]}' must be a string or a table of strings per language", *keypath)
            return {}
        missing = [lang for lang in languages if lang not in value]
        if missing and required:
            self.error(f"'{keypath[-1]}' has no text for {', '.join(missing)}", *keypath)
        return {k: str(v) for k, v in value.items()}


def load_config(content_dir: Path, report: Report, base_url: str | None = None) -> SiteConfig | None:
    path = content_dir / "site.toml"
    if not path.is_file():
        report.error(path, 1, "site.toml not found: every content folder needs one")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        report.error(path, line, f"site.toml is not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8")
        return None
    return parse_config(text, path, report, base_url)


def parse_config(text: str, path: Path, report: Report, base_url: str | None = None) -> SiteConfig | None:
    """Pure: the text of site.toml -> SiteConfig, or None with problems added to `report`."""
    try:
        data, lines = toml_lines.parse(text, path)
    except SourceError as exc:
        report.add(exc.problem)
        return None
    check = _Checker(path, lines, report)
    check.unknown_keys(data, _TOP_KEYS)

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
    if not isinstance(names, dict):
        check.error("'language_names' must be a table such as { en = \"English\" }", "language_names")
        names = {}

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
    raw_html = data.get("raw_html", False)
    if not isinstance(raw_html, bool):
        check.error("'raw_html' must be true or false", "raw_html")
    checks = data.get("checks", {})
    if not isinstance(checks, dict):
        check.error("'checks' must be a table", "checks")
        checks = {}
    check.unknown_keys(checks, _CHECK_KEYS, "checks")
    missing_anchor = checks.get("missing_anchor", "error")
    if missing_anchor not in ("error", "warning"):
        check.error('\'missing_anchor\' must be "error" or "warning"', "checks", "missing_anchor")
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
        missing_anchor=missing_anchor,
    )


def _categories(table: object, langs: tuple[str, ...], check: _Checker) -> tuple[Category, ...]:
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
        check.unknown_keys(spec, _CATEGORY_KEYS, "categories", cid)
        order = spec.get("order", 1000)
        if not isinstance(order, int) or isinstance(order, bool):
            check.error("'order' must be an integer", "categories", cid, "order")
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


def _channels(items: object, langs: tuple[str, ...], check: _Checker) -> tuple[Channel, ...]:
    if not isinstance(items, list):
        check.error("'channels' must be an array of tables: [[channels]]", "channels")
        return ()
    result = []
    for i, spec in enumerate(items):
        if not isinstance(spec, dict):
            check.error("each [[channels]] entry must be a table", "channels", i)
            continue
        check.unknown_keys(spec, _CHANNEL_KEYS, "channels", i)
        kind, value = spec.get("kind"), spec.get("value")
        if kind not in CHANNEL_KINDS:
            check.error(f"channel kind must be one of {', '.join(CHANNEL_KINDS)}", "channels", i, "kind")
            continue
        if not isinstance(value, str) or not value.strip():
            check.error("channel needs a 'value' (the address, domain, number or handle)", "channels", i, "value")
            continue
        if kind == "url" and not value.strip().lower().startswith(("https://", "http://")):
            check.error("a 'url' channel's value must start with https:// (or http://)", "channels", i, "value")
            continue
        label = check.texts(spec.get("label"), langs, "channels", i, "label", required=False)
        result.append(Channel(kind=kind, value=value.strip(), label=label, network=str(spec.get("network", ""))))
    return tuple(result)


def _safe_base_url(url: object) -> bool:
    """http(s)://host/… or /path/: never `//host/` or `/\\host/`, which browsers read as another site."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 or ord(c) == 127 or c == "\\" for c in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    scheme, _, rest = url.partition("://")
    return scheme.lower() in ("http", "https") and rest[:1] not in ("", "/")
