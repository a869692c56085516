"""The theme: where templates, static files and UI strings come from.

A site overrides the default theme file by file: a `theme/` folder beside the content
folder, or `--theme DIR`, is searched first; whatever it lacks comes from the default
theme shipped inside the package.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from helpcenter import bundled


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

    @property
    def version(self) -> str:
        # content hash in the URL, so a CDN may cache assets forever
        return hashlib.sha256(self.data).hexdigest()[:10]


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s*([{};:,>])\s*")


def minify_css(css: str) -> str:
    css = _CSS_COMMENT.sub("", css)
    css = _CSS_SPACE.sub(r"\1", css)
    return re.sub(r"\s+", " ", css).replace(";}", "}").strip()


def collect_assets(dirs: tuple[Path, ...]) -> dict[str, Asset]:
    """Static files by name (higher-priority themes win); all CSS joined into style.css."""
    files: dict[str, Path] = {}
    for directory in reversed(dirs):
        static = directory / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[path.relative_to(static).as_posix()] = path
    css_names = sorted(n for n in files if n.startswith("css/") and n.endswith(".css"))
    # base.css first: it defines the variables the feature stylesheets use
    css_names.sort(key=lambda n: (n != "css/base.css", n))
    css = "\n".join(files[n].read_text(encoding="utf-8") for n in css_names)
    assets = {n: Asset(n, p.read_bytes()) for n, p in files.items() if not n.startswith("css/")}
    assets["style.css"] = Asset("style.css", minify_css(css).encode("utf-8"))
    return assets


def load_strings(dirs: tuple[Path, ...], languages: tuple[str, ...]) -> dict[str, dict[str, dict[str, str]]]:
    """UI strings: lang -> file stem -> key -> text, merged across themes.

    A language the theme has no strings for falls back to English.
    """
    merged: dict[str, dict[str, dict[str, str]]] = {}
    for directory in reversed(dirs):
        for path in sorted((directory / "i18n").glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for lang, table in data.items():
                merged.setdefault(lang, {}).setdefault(path.stem, {}).update(table)
    fallback = merged.get("en", {})
    return {lang: _with_fallback(merged.get(lang, {}), fallback) for lang in languages}


def _with_fallback(
    strings: dict[str, dict[str, str]], fallback: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    out = {stem: dict(table) for stem, table in fallback.items()}
    for stem, table in strings.items():
        out.setdefault(stem, {}).update(table)
    return out
