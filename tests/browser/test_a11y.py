"""Accessibility in headless Chromium: axe-core at WCAG 2.2 A/AA, keyboard, lang, reflow.

The site is the sample content built at a fixed instant with a long roster horizon, so
that a controlled clock (page.clock) shows the banner in each of its states: online,
offline, closed (the Spring Festival) and unknown (past the published schedule).

- axe: zero violations (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on the
  language chooser, home, category, article, contact, checker (empty and with a
  verdict), search with results, search without results and 404 pages, in both
  languages, light and dark (the system's, and each chosen in the header's switch against
  the other system scheme); and the banner in every state, both languages and schemes.
- keyboard: the skip link comes first and moves focus to the main content; Tab reaches
  every visible control, each with a visible focus indicator; forms work from the keyboard.
- `lang` on every page, matching its language.
- Chinese pages at 200% zoom (a 1280 px window = 640 CSS px) need no horizontal scrolling.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpcenter.support.roster import parse_roster
from helpcenter.support.schedule import UTC, expand, status_at
from helpers import ROOT, WCAG_TAGS, axe_source, build_site, missing, serve_directory

pytestmark = pytest.mark.browser

BUILT_AT = dt.datetime(2026, 10, 20, tzinfo=UTC)
HORIZON = 200  # through the Spring Festival (2027-02-06..12): the "closed" state
LANGS = ("en", "zh")
SCHEMES = ("light", "dark")
QUERY = {"en": "pending transfer", "zh": "转账"}
NO_RESULTS = "qqxzzvwj"


@dataclass
class A11ySite:
    url: str
    out: Path
    at: dict[str, dt.datetime]  # an instant showing each banner state

    def has_search(self) -> bool:
        return all((self.out / "search" / lang / "meta.json").is_file() for lang in LANGS)


@pytest.fixture(scope="module")
def a11y_site(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("a11y")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    roster_path = content / "roster.toml"
    text = roster_path.read_text(encoding="utf-8").replace("horizon_days = 90", f"horizon_days = {HORIZON}")
    roster_path.write_text(text, encoding="utf-8")
    roster, problems = parse_roster(text, roster_path)
    assert roster is not None, problems
    schedule = expand(roster, BUILT_AT)
    at: dict[str, dt.datetime] = {}
    t = BUILT_AT + dt.timedelta(hours=1)
    while t < schedule.valid_until and len(at) < 3:
        at.setdefault(status_at(schedule, t).state, t)
        t += dt.timedelta(hours=1)
    at["unknown"] = schedule.valid_until + dt.timedelta(days=3)
    assert set(at) == {"online", "offline", "closed", "unknown"}, at
    build_site(content, base / "site", now=BUILT_AT)
    url, server = serve_directory(base / "site")
    yield A11ySite(url, base / "site", at)
    server.shutdown()


@pytest.fixture(scope="module")
def axe_js() -> str:
    return axe_source()


def open_page(context, site: A11ySite, path: str, state: str = "offline", page=None):
    """Load `path` at an instant showing the banner `state` (reusing `page` when given)."""
    if page is None:
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.clock.set_fixed_time(site.at[state])
    page.goto(site.url + path)
    page.wait_for_selector("#support-status .support-live:not([hidden])")  # banner.js has run
    return page


# Only colours differ between light and dark: the dark scheme runs the colour rules alone.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_RUN = """async ([kind, values, include]) => {
  const context = include ? {include: [include]} : document;
  const result = await axe.run(context, {runOnly: {type: kind, values}, resultTypes: ["violations"]});
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n      ` + v.nodes.slice(0, 4)
    .map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ")).join("\\n      "));
}"""


def axe(page, where: str, scheme: str = "light", include: str | None = None) -> list[str]:
    run = ["tag", WCAG_TAGS] if scheme == "light" else ["rule", COLOUR_RULES]
    return [f"{where}: {v}" for v in page.evaluate(AXE_RUN, [*run, include])]


def new_context(browser, axe_js: str, **options):
    context = browser.new_context(**options)
    context.add_init_script(script=axe_js)  # injected by the driver: not subject to the page's CSP
    return context


# -- axe ------------------------------------------------------------------------------------------------
def pages_to_audit(site: A11ySite, lang: str) -> list[tuple[str, str]]:
    pages = [
        ("home", f"{lang}/"),
        ("category", f"{lang}/transfers/"),
        ("article", f"{lang}/transfers/pending-transfer/"),
        ("contact", f"{lang}/contact/contact-support/"),
        ("checker", f"{lang}/verify/"),
        ("search without results", f"{lang}/search/?q={NO_RESULTS}"),
    ]
    if site.has_search():
        pages.append(("search with results", f"{lang}/search/?q={QUERY[lang]}"))
    if lang == "en":
        pages += [("language chooser", ""), ("404", "404.html")]
    return pages


def settle(page, kind: str) -> None:
    """Wait until the page's scripts have shown what the audit is about."""
    if kind == "search with results":
        page.wait_for_selector("#search-results li a")
    elif kind == "search without results":
        page.wait_for_selector("#search-empty:not([hidden]), #search-status:not(:empty)")
    elif kind == "checker":
        page.wait_for_selector("#verify-form:not([hidden])")
    elif kind == "contact":
        page.wait_for_selector("form.request-form:not([hidden])")
    elif kind == "article":
        page.wait_for_selector(".feedback-buttons:not([hidden])")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_nothing_on_any_kind_of_page(browser, a11y_site, axe_js, lang, scheme):
    if not a11y_site.has_search():
        missing("the build publishes no search index (search/<lang>/meta.json): cannot audit search results")
    context = new_context(browser, axe_js, color_scheme=scheme)
    violations: list[str] = []
    page = None
    try:
        for kind, path in pages_to_audit(a11y_site, lang):
            page = open_page(context, a11y_site, path, page=page)
            settle(page, kind)
            violations += axe(page, f"{kind} /{path} ({scheme})", scheme)
            if kind == "checker":  # and with a verdict showing
                page.fill("#verify-input", "support@examp1e.com")
                page.press("#verify-input", "Enter")
                page.wait_for_selector("#verify-result:not(:empty)")
                violations += axe(page, f"checker with a verdict /{path} ({scheme})", scheme)
            if kind == "home" and a11y_site.has_search():  # and the header's result list open
                page.fill("#site-search", QUERY[lang])
                page.wait_for_selector("#site-search-list:not([hidden]) [role=option]")
                violations += axe(page, f"search suggestions /{path} ({scheme})", scheme)
        assert page.errors == [], page.errors
    finally:
        context.close()
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize("chosen, system", [("dark", "light"), ("light", "dark")])
def test_axe_finds_nothing_with_the_scheme_chosen_in_the_switch(browser, a11y_site, axe_js, chosen, system):
    """The header's switch overrides the system's scheme: its palette passes the colour rules too."""
    context = new_context(browser, axe_js, color_scheme=system)
    context.add_init_script(script=f"localStorage.setItem('helpcenter-scheme:/', '{chosen}')")
    violations: list[str] = []
    page = None
    try:
        for lang in LANGS:
            for kind, path in pages_to_audit(a11y_site, lang):
                page = open_page(context, a11y_site, path, page=page)
                settle(page, kind)
                assert page.evaluate("document.documentElement.dataset.scheme") == chosen
                violations += axe(page, f"{kind} /{path} ({chosen} chosen, {system} system)", "dark")
    finally:
        context.close()
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_in_any_banner_state(browser, a11y_site, axe_js, scheme):
    context = new_context(browser, axe_js, color_scheme=scheme)
    violations: list[str] = []
    page = None
    try:
        for state in ("online", "offline", "closed", "unknown"):
            for lang in LANGS:
                path = f"{lang}/recovery/lost-phone/"
                page = open_page(context, a11y_site, path, state, page=page)
                assert page.locator("#support-status").get_attribute("data-state") == state
                # the rest of the page is audited above: here only the banner, which changes with the state
                violations += axe(page, f"banner {state} /{path} ({scheme})", scheme, ".support-banner")
    finally:
        context.close()
    assert violations == [], "\n".join(violations)


def test_axe_would_notice_a_violation(browser, a11y_site, axe_js):
    """The harness itself: a control without a name and grey-on-grey text are reported."""
    context = new_context(browser, axe_js)
    try:
        page = open_page(context, a11y_site, "en/")
        page.evaluate("""() => document.querySelector("main").insertAdjacentHTML("beforeend",
            '<img src="/assets/favicon.svg"><p id="faint">faint</p><button></button>')""")
        page.evaluate(
            "() => Object.assign(document.getElementById('faint').style, {color: '#bbb', background: '#ccc'})"
        )
        found = " ".join(axe(page, "control"))
        assert "image-alt" in found and "color-contrast" in found and "button-name" in found, found
    finally:
        context.close()


# -- keyboard -------------------------------------------------------------------------------------------
MARK_FOCUSABLE = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const els = [...document.querySelectorAll(selector)].filter((el) =>
    el.checkVisibility({visibilityProperty: true}) && !el.closest("[hidden], [inert]"));
  els.forEach((el, i) => { el.dataset.kb = String(i); });
  window.__focusLog = [];
  document.addEventListener("focusin", (event) => {
    const el = event.target, style = getComputedStyle(el), rect = el.getBoundingClientRect();
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow && style.boxShadow !== "none";
    const onScreen = rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0
      && rect.left < innerWidth && rect.top < innerHeight;
    window.__focusLog.push({kb: el.dataset.kb ?? null, visible: Boolean(outline || ring) && onScreen,
      what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`});
  }, true);
  return els.map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`);
}"""
KEYBOARD_PAGES = {
    "en": [
        "en/",
        "en/transfers/pending-transfer/",
        "en/contact/contact-support/",
        "en/verify/",
        "en/search/?q=" + NO_RESULTS,
    ],
    "zh": ["zh/", "zh/contact/contact-support/"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_every_control_is_reached_by_tab_with_a_visible_focus(browser, a11y_site, lang):
    context = browser.new_context()
    problems: list[str] = []
    page = None
    try:
        for path in KEYBOARD_PAGES[lang]:
            page = open_page(context, a11y_site, path, page=page)
            kinds = {"verify": "checker", "search": "search without results", "contact-support": "contact"}
            settle(page, next((k for word, k in kinds.items() if word in path), ""))
            controls = page.evaluate(MARK_FOCUSABLE)
            for _ in range(2 * len(controls) + 3):  # a date-time field is several stops
                page.keyboard.press("Tab")
            log = page.evaluate("window.__focusLog")
            if not log or "skip-link" not in log[0]["what"]:
                problems.append(f"/{path}: the first Tab stop is {log[:1]}, not the skip link")
            problems += [f"/{path}: no visible focus on {f['what']}" for f in log if not f["visible"]]
            reached = {f["kb"] for f in log}
            missed = [c for i, c in enumerate(controls) if str(i) not in reached]
            if missed:
                problems.append(f"/{path}: Tab never reaches {missed}")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_skip_link_moves_focus_to_the_main_content(browser, a11y_site, lang):
    context = browser.new_context()
    try:
        page = open_page(context, a11y_site, f"{lang}/transfers/pending-transfer/")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert skip.evaluate("el => el === document.activeElement")
        box = skip.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off-screen"
        assert skip.get_attribute("href") == "#main" and skip.inner_text().strip()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")  # and the next stop is inside the main content
        assert page.evaluate("!!document.activeElement.closest('main')")
    finally:
        context.close()


def test_forms_work_from_the_keyboard(browser, a11y_site):
    context = browser.new_context()
    try:
        page = open_page(context, a11y_site, "en/verify/")
        settle(page, "checker")
        page.focus("#verify-input")
        page.keyboard.type("support@example.com")
        page.keyboard.press("Enter")
        page.wait_for_selector("#verify-result:not(:empty)")
        assert page.locator("#verify-result").get_attribute("data-verdict") not in (None, "none")
        page = open_page(context, a11y_site, f"en/search/?q={NO_RESULTS}")
        page.focus("input[type=search]")
        page.keyboard.press("Control+A")
        page.keyboard.type(QUERY["en"] if a11y_site.has_search() else NO_RESULTS + "x")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        if a11y_site.has_search():
            page.wait_for_selector("#search-results li a")
            page.locator("#search-results li a").first.focus()
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"/en/[a-z]+/[a-z0-9-]+/"))
    finally:
        context.close()


# -- lang and reflow ------------------------------------------------------------------------------------------
def test_every_page_declares_its_language(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 20
    wrong = []
    for page in pages:
        rel = page.relative_to(sample_site)
        expected = rel.parts[0] if rel.parts[0] in LANGS else "zh"  # chooser and 404: the default language
        match = re.search(r"<html[^>]*\slang=\"([^\"]+)\"", page.read_text(encoding="utf-8"))
        if not match or match.group(1) != expected:
            wrong.append(f"{rel}: {match.group(0) if match else 'no <html lang>'}")
    assert wrong == []


def test_chinese_pages_reflow_at_200_percent_zoom(browser, a11y_site):
    """A 1280 px wide window at 200% zoom lays pages out in 640 CSS px: no sideways scrolling."""
    paths = sorted(
        p.parent.relative_to(a11y_site.out).as_posix() + "/" for p in (a11y_site.out / "zh").rglob("index.html")
    )
    paths.append(f"zh/search/?q={QUERY['zh'] if a11y_site.has_search() else NO_RESULTS}")
    assert len(paths) > 20
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    wide = []
    try:
        page = context.new_page()
        for state, path in zip(["offline", "online", "closed", "unknown"] * len(paths), paths):
            page.clock.set_fixed_time(a11y_site.at[state])
            page.goto(a11y_site.url + path)
            page.wait_for_selector("#support-status .support-live:not([hidden])")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                culprits = page.evaluate("""() => [...document.querySelectorAll("body *")]
                  .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
                  .slice(0, 3).map((el) => el.tagName + "." + el.className)""")
                wide.append(f"/{path} ({state}): {widths[0]} px wide in a {widths[1]} px window: {culprits}")
    finally:
        context.close()
    assert wide == [], "\n".join(wide)
