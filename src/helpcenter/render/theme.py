"""The theme: where templates, static files and UI strings come from.

A site overrides the default theme file by file: a `theme/` folder beside the content
folder, or `--theme DIR`, is searched first; whatever it lacks comes from the default
theme shipped inside the package.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from helpcenter import bundled
from helpcenter.errors import Report, line_of
from helpcenter.render.language import FALLBACK_LANGUAGE, lookup_tags


def default_theme_dir() -> Path:
    return bundled.theme_dir()


def theme_dirs(content_dir: Path, explicit: Path | None = None) -> tuple[Path, ...]:
    """Theme folders, highest priority first, without duplicates."""
    candidates = [explicit, content_dir.parent / "theme", default_theme_dir()]
    seen: list[Path] = []
    for path in candidates:
        if path is not None and path.is_dir() and path.resolve() not in [p.resolve() for p in seen]:
            seen.append(path)
    return tuple(seen)


@dataclass(frozen=True)
class Asset:
    name: str  # path below /assets/, e.g. "style.css" or "js/banner.js"
    data: bytes

    @functools.cached_property
    def version(self) -> str:
        # content hash in the URL, so a CDN may cache assets forever (hashed once: every page asks)
        return hashlib.sha256(self.data).hexdigest()[:10]


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s*([{};:,>])\s*")


def minify_css(css: str) -> str:
    css = _CSS_COMMENT.sub("", css)
    css = _CSS_SPACE.sub(r"\1", css)
    return re.sub(r"\s+", " ", css).replace(";}", "}").strip()


def minify_js(js: str) -> str:
    """Drop whole-line comments and, where no template literal spans lines, indentation.
    Nothing else: a real minifier is a dependency this saving does not justify."""
    lines = [line for line in js.split("\n") if not line.lstrip().startswith("//")]
    if all(line.count("`") % 2 == 0 for line in lines):
        lines = [line.lstrip() for line in lines]
    return "\n".join(line for line in lines if line)


def collect_assets(dirs: tuple[Path, ...]) -> dict[str, Asset]:
    """Static files by name (higher-priority themes win); all CSS joined into style.css."""
    files: dict[str, Path] = {}
    for directory in reversed(dirs):
        static = directory / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[path.relative_to(static).as_posix()] = path
    # css/*.css is one stylesheet for every page; css/pages/*.css are linked only by the
    # templates that need them (the home, the checker, the request form)
    css_names = sorted(n for n in files if n.startswith("css/") and n.endswith(".css") and n.count("/") == 1)
    # base.css first: it defines the variables the feature stylesheets use
    css_names.sort(key=lambda n: (n != "css/base.css", n))
    css = "\n".join(files[n].read_text(encoding="utf-8") for n in css_names)
    assets = {n: Asset(n, p.read_bytes()) for n, p in files.items() if not n.startswith("css/")}
    for name in sorted(n for n in files if n.startswith("css/") and n.endswith(".css") and n not in css_names):
        assets[name] = Asset(name, minify_css(files[name].read_text(encoding="utf-8")).encode("utf-8"))
    for name in [n for n in assets if n.endswith(".js")]:  # they count in every page's weight
        assets[name] = Asset(name, minify_js(assets[name].data.decode("utf-8")).encode("utf-8"))
    assets["style.css"] = Asset("style.css", minify_css(css).encode("utf-8"))
    return assets


def load_strings(dirs: tuple[Path, ...], languages: tuple[str, ...]) -> dict[str, dict[str, dict[str, str]]]:
    """UI strings: lang -> file stem -> key -> text, merged across themes.

    Each string comes from the most specific tag the themes have it in (zh-Hant-TW, then
    zh-Hant; pt-BR, then pt: see language.lookup_tags), and then from English: a language
    the theme has no strings for still builds (`helpcenter check` warns, see missing_strings).
    """
    merged = _merged(dirs)
    return {lang: _looked_up(merged, lang) for lang in languages}


def missing_strings(dirs: tuple[Path, ...], languages: tuple[str, ...]) -> dict[str, list[str]]:
    """lang -> the string files ("core", "banner" ...) in which some of the English keys
    have no text in that language (nor in a less specific one): those show in English."""
    merged = _merged(dirs)
    english = merged.get(FALLBACK_LANGUAGE, {})
    out: dict[str, list[str]] = {}
    for lang in languages:
        own = _looked_up(merged, lang, fallback=False)
        stems = [stem for stem, table in sorted(english.items()) if not table.keys() <= own.get(stem, {}).keys()]
        if stems:
            out[lang] = stems
    return out


def _merged(dirs: tuple[Path, ...]) -> dict[str, dict[str, dict[str, str]]]:
    merged: dict[str, dict[str, dict[str, str]]] = {}
    for directory in reversed(dirs):
        for path in sorted((directory / "i18n").glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for lang, table in data.items():
                # language tags are case-insensitive: zh-Hant and zh-hant are one language
                merged.setdefault(lang.lower(), {}).setdefault(path.stem, {}).update(table)
    return merged


def _looked_up(
    merged: dict[str, dict[str, dict[str, str]]], lang: str, fallback: bool = True
) -> dict[str, dict[str, str]]:
    """One language's strings: its own over its less specific tags' over (with `fallback`) English's."""
    chain = lookup_tags(lang.lower())[::-1]  # least specific first: the most specific wins
    if fallback and FALLBACK_LANGUAGE not in chain:
        chain.insert(0, FALLBACK_LANGUAGE)
    out: dict[str, dict[str, str]] = {}
    for tag in chain:
        for stem, table in merged.get(tag, {}).items():
            out.setdefault(stem, {}).update(table)
    return out


def warn_missing_strings(site_toml: Path, dirs: tuple[Path, ...], languages: tuple[str, ...], report: Report) -> None:
    """`helpcenter check`: a warning, at site.toml's `languages`, per language whose UI strings
    the theme lacks in part or whole (the pages still build, with those strings in English)."""
    missing = missing_strings(dirs, languages)
    if not missing:
        return
    text = site_toml.read_text(encoding="utf-8")
    line = next((n for n, x in enumerate(text.splitlines(), 1) if re.match(r"\s*languages\s*=", x)), 1)
    for lang, stems in missing.items():
        files = ", ".join(f"i18n/{stem}.toml" for stem in stems)
        report.warn(
            site_toml,
            line,
            f"the theme has no '{lang}' text for some UI strings ({files}): pages show them in English; "
            f"add a [{lang}] table to theme/i18n/<file>.toml beside the content folder",
            line_of(text, line),
        )


def theme_signature(theme_dirs: tuple[Path, ...]) -> str:
    """A digest of every template and string file: any edit re-renders every page."""
    digest = hashlib.sha256()
    for directory in theme_dirs:
        for sub in ("templates", "i18n"):
            for path in sorted((directory / sub).rglob("*")):
                if path.is_file():
                    digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
