"""Screenshots of the sample help center, to judge it by eye (run by hand, not by the suite).

    python docs/screenshots.py                  # every page kind × 390/768/1280 px × zh/en × light/dark
    python docs/screenshots.py --out /tmp/shots # where they go (default: a temporary folder)
    python docs/screenshots.py --docs           # also refresh the selection kept in docs/

It builds the sample content at a fixed instant (support offline, so the banner shows its
fullest live state), serves it with the strict Content-Security-Policy the tests use and
photographs each page in headless Chromium (HELPCENTER_CHROMIUM, default /usr/bin/chromium).
Chinese needs a CJK font on the machine (e.g. `apt-get install fonts-wqy-microhei`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from helpcenter.build.pipeline import build  # noqa: E402
from helpers import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

BUILT_AT = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
SHOWN_AT = dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC)  # a Saturday evening in Shanghai: offline
WIDTHS = (390, 768, 1280)
LANGS = ("zh", "en")
SCHEMES = ("light", "dark")
PAGES = {
    "home": "{lang}/",
    "category": "{lang}/transfers/",
    "article": "{lang}/recovery/lost-phone/",
    "search": "{lang}/search/?q={query}",
    "contact": "{lang}/contact/contact-support/",
    "verify": "{lang}/verify/",
}
QUERY = {"en": "pending transfer", "zh": "转账"}
# kept in docs/ (viewport only, so they stay small): (page, width, lang, scheme)
SELECTION = [
    ("home", 1280, "en", "light"),
    ("home", 390, "zh", "light"),
    ("article", 1280, "en", "light"),
    ("article", 1280, "zh", "dark"),
    ("search", 390, "en", "dark"),
    ("contact", 768, "zh", "light"),
]


def shoot(out: Path, docs: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    site = out / "site"
    build(ROOT / "content", site, now=BUILT_AT, jobs=1)
    url, server = serve_directory(site)
    taken = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in WIDTHS:
                for scheme in SCHEMES:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, color_scheme=scheme, timezone_id="Europe/London"
                    )
                    page = context.new_page()
                    page.clock.set_fixed_time(SHOWN_AT)
                    for lang in LANGS:
                        for kind, path in PAGES.items():
                            page.goto(url + path.format(lang=lang, query=QUERY[lang]))
                            page.wait_for_selector("#support-status .support-live:not([hidden])")
                            if kind == "search":
                                page.wait_for_selector("#search-results li a")
                            name = f"{kind}-{lang}-{width}-{scheme}.png"
                            page.screenshot(path=out / name, full_page=True)
                            taken.append(out / name)
                            if docs and (kind, width, lang, scheme) in SELECTION:
                                page.screenshot(path=ROOT / "docs" / f"screenshot-{name}")
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="folder for the screenshots (default: a new temporary one)")
    parser.add_argument("--docs", action="store_true", help="also write the selection shown in the README to docs/")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="helpcenter-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    taken = shoot(out, args.docs)
    print(f"{len(taken)} screenshots in {out}")


if __name__ == "__main__":
    main()
