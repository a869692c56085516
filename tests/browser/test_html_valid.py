"""Valid HTML: the Nu HTML Checker (vnu-jar from npm, run with Java) finds zero errors.

It checks every page of the built sample site in one run (a JVM start costs seconds),
and, in a second run, the pages as scripts leave them — banner in each state, search
results and suggestions, a checker verdict — serialised from headless Chromium.
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from helpers import vnu_command


def vnu_errors(files: list[Path]) -> dict[str, list[str]]:
    """Errors per file, as `line:column: message`."""
    command = [*vnu_command(), "--errors-only", "--format", "json", "--stdout", *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout or done.stderr)
    errors: dict[str, list[str]] = defaultdict(list)
    for message in report["messages"]:
        if message.get("type") in ("error", "non-document-error") or message.get("subType") == "fatal":
            where = message.get("url", "?").removeprefix("file:")
            errors[where].append(
                f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: {message['message']}"
            )
    return dict(errors)


def format_errors(errors: dict[str, list[str]], root: Path) -> str:
    lines = []
    for where, messages in sorted(errors.items()):
        try:
            where = str(Path(where).relative_to(root))
        except ValueError:
            pass
        lines += [f"{where}:{m}" for m in messages]
    return "\n".join(lines)


SCRIPTED_STATES = [  # (file name, path, what to wait for)
    ("article", "en/transfers/pending-transfer/", None),
    ("contact", "zh/contact/contact-support/", None),
    ("no-results", "en/search/?q=qqxzzvwj", "#search-empty:not([hidden]), #search-status:not(:empty)"),
    ("verdict", "en/verify/", "#verify-form:not([hidden])"),
    ("results", "zh/search/?q=转账", "#search-results li a"),
    ("suggestions", "en/", None),
]


def snapshots(browser, site_url: str, folder: Path) -> list[Path]:
    """The DOM that banner.js, search.js and verify.js leave, serialised."""
    context = browser.new_context()
    files = []
    try:
        page = context.new_page()
        for name, path, ready in SCRIPTED_STATES:
            page.goto(site_url + path)
            page.wait_for_selector("#support-status .support-live:not([hidden])")
            if ready:
                page.wait_for_selector(ready)
            if name == "verdict":
                page.fill("#verify-input", "support@examp1e.com")
                page.press("#verify-input", "Enter")
                page.wait_for_selector("#verify-result:not(:empty)")
            if name == "suggestions":
                page.fill("#site-search", "pending")
                page.wait_for_selector("#site-search-list:not([hidden]) [role=option]")
            target = folder / f"{name}.html"
            target.write_text(
                "<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8"
            )
            files.append(target)
    finally:
        context.close()
    return files


@pytest.fixture(scope="module")
def checked(request, sample_site, tmp_path_factory):
    """One run of the checker (a JVM start costs seconds) over the built pages and, when
    Chromium is available, the snapshots: (errors, snapshot folder or None)."""
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 20
    folder = tmp_path_factory.mktemp("scripted")
    try:
        scripted = snapshots(request.getfixturevalue("browser"), request.getfixturevalue("site_url"), folder)
    except pytest.skip.Exception:
        scripted, folder = [], None
    control = tmp_path_factory.mktemp("control") / "invalid.html"
    control.write_text(
        '<!doctype html><html lang="en"><title>x</title><img src="x.png"><p><div></div>', encoding="utf-8"
    )
    errors = vnu_errors(pages + scripted + [control])
    assert errors.pop(str(control), None), "the checker did not report the control page's errors"
    return errors, folder


def test_every_page_of_the_sample_site_is_valid_html(checked, sample_site):
    errors, folder = checked
    built = {k: v for k, v in errors.items() if folder is None or not Path(k).is_relative_to(folder)}
    assert built == {}, "\n" + format_errors(built, sample_site)


@pytest.mark.browser
def test_pages_are_still_valid_after_their_scripts_ran(checked):
    errors, folder = checked
    if folder is None:
        pytest.skip("headless Chromium not available")
    scripted = {k: v for k, v in errors.items() if Path(k).is_relative_to(folder)}
    assert scripted == {}, "\n" + format_errors(scripted, folder)
