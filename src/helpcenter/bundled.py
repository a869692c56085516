"""Where the default theme and the sample content are: inside the installed package
(the wheel ships them there), or at the root of a source checkout (editable install)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _bundled(packaged: str, in_checkout: str) -> Path:
    resource = files("helpcenter") / packaged
    if resource.is_dir():
        # the package is installed as files (never zipped: the build reads the theme by path)
        with as_file(resource) as path:
            return Path(path)
    return _CHECKOUT / in_checkout


def theme_dir() -> Path:
    return _bundled("theme", "theme")


def sample_content_dir() -> Path:
    return _bundled("sample_content", "content")
