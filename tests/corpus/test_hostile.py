"""Hostile input: content, configuration and query strings are untrusted.

- Raw HTML in Markdown is sanitised (an allow-list) unless site.toml opts in with
  `raw_html = true`.
- Payloads (script tags, event handlers, javascript: URLs, SVG, broken attributes,
  template syntax) in article bodies, titles, tags, summaries, category names, channel
  names and labels, holiday names and `?q=` never execute in Chromium — with the strict
  CSP (no `securitypolicyviolation` event either) and without any CSP (the global trap
  `window.__pwned` stays unset) — and never break the page.
- Slugs, links and files that try to leave the content or output folder are refused.
- Very large files, very long lines and deep nesting finish quickly: an error or a page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.content.markdown import Renderer
from helpcenter.content.sanitise import ALLOWED_TAGS
from helpcenter.errors import BuildFailed
from helpers import MINI, PAYLOADS, PLAIN, TRAP, build_site, serve_directory, write

FORBIDDEN_TAGS = (
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "form",
    "input",
    "button",
    "base",
    "meta",
    "link",
    "frame",
    "frameset",
    "textarea",
    "select",
    "template",
    "noscript",
)
DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data:text|data:image/svg)", re.I)


# -- the sanitiser -------------------------------------------------------------------------------------------
def assert_clean(fragment: str) -> None:
    lower = fragment.lower()
    for tag in FORBIDDEN_TAGS:
        assert f"<{tag}" not in lower, (tag, fragment)
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", lower), fragment
    assert not re.search(r"<[^>]+\sstyle\s*=", lower), fragment
    for url in re.findall(r"""(?:href|src|action|formaction|xlink:href)\s*=\s*["']?([^"'\s>]*)""", fragment, re.I):
        assert not DANGEROUS_URL.match(url), (url, fragment)


PLACES = {
    "block": "{}",
    "paragraph": "Before {} after.",
    "heading": "## Heading {}",
    "list": "- one\n- {}\n    - nested {}",
    "table": "| a | b |\n| --- | --- |\n| {} | x |",
    "link text": "[{}](restore.md)",
    "admonition": '!!! warning "{}"\n    {}',
    "definition": "Term\n:   {}",
    "attr list": 'Para\n{{: onclick="{}" style="color:red" }}',
    "md in html": '<div markdown="1">{}</div>',
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_payloads_are_sanitised_wherever_they_are(place):
    renderer = Renderer()
    for payload in PAYLOADS:
        body = PLACES[place].replace("{}", payload)
        rendered = renderer.render(body, ("en", "recovery", "x"))
        assert_clean(rendered.html)
        assert_clean(rendered.toc_html)


@pytest.mark.parametrize(
    "href",
    [
        f"javascript:{TRAP}",
        f"JaVaScRiPt:{TRAP}",
        f" javascript:{TRAP}",
        f"java&#x09;script:{TRAP}",
        f"&#106;avascript:{TRAP}",
        f"vbscript:{TRAP}",
        "data:text/html,<script>parent.__pwned=1</script>",
        "data:image/svg+xml,<svg onload=alert(1)>",
        f"<javascript:{TRAP}>",
    ],
)
def test_dangerous_link_targets_are_dropped(href):
    for body in (
        f"[click]({href})",
        f"![img]({href})",
        f'<a href="{href}">click</a>',
        f'<img src="{href}" alt="x">',
        f"[click][r]\n\n[r]: {href}",
    ):
        assert_clean(Renderer().render(body, ("en", "recovery", "x")).html)


def test_what_help_articles_need_survives():
    body = """
| Situation | Action |
| --- | --- |
| *Lost* | [Restore](restore.md#steps) |

<details><summary>More</summary>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, see <abbr title="Two-factor">2FA</abbr>.</details>

<a href="https://example.com/a?b=c">web</a> <a href="mailto:support@example.com">mail</a> <a href="tel:+15550100">phone</a>
<img src="https://help.example.com/x.png" alt="A screenshot" width="200"> <span class="x" lang="zh">中文</span>
H<sub>2</sub>O x<sup>2</sup> <mark>hit</mark> <del>old</del> <ins>new</ins> <q>quote</q>

!!! tip "Good to know"
    Keep your phrase offline.
"""
    html = Renderer().render(body, ("en", "recovery", "x")).html
    for kept in (
        "<table>",
        "<details>",
        "<summary>",
        "<kbd>",
        '<abbr title="Two-factor">',
        'href="https://example.com/a?b=c"',
        'href="mailto:support@example.com"',
        'href="tel:+15550100"',
        'alt="A screenshot"',
        'lang="zh"',
        "<sub>",
        "<sup>",
        "<mark>",
        "<del>",
        "<ins>",
        "<q>",
        'class="admonition tip"',
        'href="/en/recovery/restore/#steps"',
    ):
        assert kept in html, kept
    assert {"a", "img", "table", "details", "kbd"} <= ALLOWED_TAGS


def test_raw_html_is_kept_only_when_the_site_opts_in():
    body = f'<script>{TRAP}</script>\n\n<div onclick="{TRAP}">x</div>'
    assert "<script" not in Renderer(raw_html=False).render(body, ("en", "recovery", "x")).html
    trusted = Renderer(raw_html=True).render(body, ("en", "recovery", "x")).html
    assert "<script>" in trusted and "onclick" in trusted


def test_template_syntax_is_text():
    html = Renderer().render(PLAIN + " {% if true %}x{% endif %}", ("en", "recovery", "x")).html
    assert "{{ 7" in html and "49" not in html and "{% if true %}" in html


# -- a site full of payloads, in Chromium ------------------------------------------------------------------
def toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # and a YAML flow scalar


SECRET_AGENT = "agent-never-published-7f3a"


def hostile_content(root: Path) -> Path:
    P = PAYLOADS
    content = root / "content"
    n = len(P)
    texts = lambda i: f"{{ en = {toml('EN ' + P[i % n])}, zh = {toml('中 ' + P[(i + 1) % n])} }}"
    site = f"""
title = {texts(0)}
base_url = "https://help.example.com/"
languages = ["en", "zh"]
language_names = {{ en = {toml("English " + P[2])}, zh = {toml("中文 " + P[3])} }}

[categories.recovery]
title = {texts(4)}
description = {texts(5)}
order = 1

[categories.contact]
title = {texts(6)}
order = 2

[[channels]]
kind = "email"
value = "support@example.com"
label = {texts(7)}

[[channels]]
kind = "handle"
platform = "telegram"
value = "@wallet"
label = {texts(10)}

[[channels]]
kind = "url"
value = {toml("https://example.com/?q=" + P[11])}
label = {texts(12)}

[[channels]]
kind = "app"
value = {toml(P[13])}
label = {texts(14)}
"""
    roster = f"""
timezone = "Asia/Shanghai"
horizon_days = 200

[channels.chat]
title = {texts(15)}
reply = {texts(16)}

[[agents]]
id = {toml(SECRET_AGENT + P[0])}
channels = ["chat"]
shifts = ["Mon-Fri 09:00-17:00"]

[[holidays]]
name = {texts(1)}
dates = "2027-02-06..2027-02-12"
"""
    write(content / "site.toml", site)
    write(content / "roster.toml", roster)
    links = "\n".join(
        [
            f"[click me](javascript:{TRAP})",
            "[ref link][r]",
            f"<javascript:{TRAP}>",
            f"![image](javascript:{TRAP})",
            f"[{P[1]}](p1.md)",
            "",
            f"[r]: javascript:{TRAP}",
        ]
    )
    body = "\n\n".join(
        [
            *P,
            "## Heading " + P[0],
            f"| {P[2]} | x |\n| --- | --- |\n| {P[3]} | y |",
            "- " + "\n- ".join(P[:5]),
            f"`{P[4]}`",
            f'!!! warning "{P[5]}"\n    {P[6]}',
            links,
        ]
    )
    for i, payload in enumerate(P):
        meta = f"title: {yaml(payload)}\nsummary: {yaml(P[(i + 1) % n])}\ntags: [{yaml(P[(i + 2) % n])}, {yaml(P[(i + 3) % n])}]\n"
        write(content / "en" / "recovery" / f"p{i}.md", f"---\n{meta}---\n\n{body}\n")
        if i < 4:
            write(content / "zh" / "recovery" / f"p{i}.md", f"---\n{meta}---\n\n{body}\n")
    contact = f"---\ntitle: {yaml('Contact ' + P[7])}\nlayout: contact\n---\n\n{body}\n"
    write(content / "en" / "contact" / "contact-support.md", contact)
    write(content / "zh" / "contact" / "contact-support.md", contact)
    return content


INIT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample || ""}`.trim()), true);
"""
INSPECT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(attr.name.toLowerCase())
          && /^\\s*(javascript|vbscript|data:text|data:image\\/svg)/i.test(attr.value.replace(/[\\u0000-\\u001f]/g, "")))
        bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const el of document.querySelectorAll("iframe, object, embed, frame, base, svg, math, style, body form:not([role=search]):not(#verify-form):not(.request-form)"))
    // the theme's own icons (home categories): decorative, outside any article's content
    if (!(el.matches("svg.icon[aria-hidden=true]") && !el.closest("article"))) bad.push(`<${el.tagName.toLowerCase()}>`);
  for (const s of document.scripts) {
    const data = ["application/json", "application/ld+json"].includes(s.type);
    const src = new URL(s.src || "x:", location.href);
    // the theme's scripts: same origin, from its assets, no inline text (scheme.js is a classic
    // script on purpose: it sets the colour scheme before the first paint)
    const own = src.origin === location.origin && src.pathname.startsWith(`${document.documentElement.dataset.base || "/"}assets/js/`)
      && (s.type === "module" || !s.type) && !s.textContent.trim();
    if (!data && !own) bad.push(`<script ${s.type}> ${s.src} ${s.textContent.slice(0, 60)}`);
  }
  for (const s of document.querySelectorAll('script[type="application/ld+json"], script[type="application/json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { bad.push(`broken JSON in #${s.id || s.type}`); }
  }
  return {
    bad, pwned: window.__pwned ?? null, csp: window.__csp ?? [], lang: document.documentElement.lang,
    mains: document.querySelectorAll("main#main").length, banners: document.querySelectorAll("#support-status").length,
    state: document.getElementById("support-status")?.dataset.state, h1: [...document.querySelectorAll("h1")].map((h) => h.textContent),
    title: document.title,
  };
}"""
CLOSED_AT = "2027-02-08T04:00:00Z"  # noon in Shanghai during the Spring Festival holiday
ONLINE_AT = "2026-10-26T03:00:00Z"  # Monday 11:00 in Shanghai


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    content = hostile_content(base)
    build_site(content, base / "site", now=dt.datetime(2026, 10, 20, tzinfo=dt.UTC))
    url, server = serve_directory(base / "site")
    yield url, base / "site"
    server.shutdown()


def visit(page, url: str, at: str, ready: str = "#support-status .support-live:not([hidden])") -> dict:
    page.clock.set_fixed_time(at)
    page.goto(url)
    page.wait_for_selector(ready)
    page.wait_for_timeout(20)  # let any late handler (onload, ontoggle, onerror) fire
    return page.evaluate(INSPECT)


def check(report: dict, where: str, state: str, problems: list[str], strict_csp: bool) -> None:
    if report["pwned"] is not None:
        problems.append(f"{where}: a payload ran (window.__pwned = {report['pwned']})")
    if strict_csp and report["csp"]:
        problems.append(f"{where}: CSP violations {report['csp']}")
    if report["bad"]:
        problems.append(f"{where}: dangerous markup {report['bad']}")
    if report["mains"] != 1 or report["banners"] != 1 or report["lang"] not in ("en", "zh") or not report["h1"]:
        problems.append(f"{where}: the page is broken: {report}")
    if report["state"] != state:
        problems.append(f"{where}: the banner shows {report['state']!r}, not {state!r} (its script failed?)")


# Every payload is on each of these pages (titles in listings, bodies in articles); each
# article's own title is checked in the HTML by test_titles_are_shown_as_text.
HOSTILE_PAGES = [
    "",
    "404.html",
    "en/",
    "zh/",
    "en/recovery/",
    "zh/recovery/",
    "en/contact/contact-support/",
    "zh/contact/contact-support/",
    "en/verify/",
    "en/search/?q=pending",
    "zh/recovery/p1/",
    "en/recovery/p0/",
    "en/recovery/p2/",
    "en/recovery/p6/",
    "en/recovery/p12/",
]


@pytest.mark.browser
@pytest.mark.parametrize("csp", ["strict CSP", "no CSP"])
def test_payloads_never_run_nor_break_a_page(browser, hostile_site, csp):
    url, out = hostile_site
    context = browser.new_context(bypass_csp=(csp == "no CSP"))
    context.add_init_script(script=INIT)
    problems: list[str] = []
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        for path in HOSTILE_PAGES:
            report = visit(page, url + path, CLOSED_AT)
            check(report, f"/{path}", "closed", problems, csp == "strict CSP")
            if path.startswith("en/recovery/p"):  # the title is shown as text, exactly
                i = int(path.split("/p")[1].rstrip("/"))
                if report["h1"][0].strip() != PAYLOADS[i].strip():
                    problems.append(f"/{path}: h1 {report['h1'][0]!r} is not the title {PAYLOADS[i]!r} as text")
        report = visit(page, url + "en/contact/contact-support/", ONLINE_AT)  # channel titles and replies
        check(report, "online banner", "online", problems, csp == "strict CSP")
        # payloads typed into the checker and the search boxes
        visit(page, url + "en/verify/", CLOSED_AT, "#verify-form:not([hidden])")
        for payload in PAYLOADS:
            page.fill("#verify-input", payload)
            page.press("#verify-input", "Enter")
            page.wait_for_selector("#verify-result:not(:empty)")
        check(page.evaluate(INSPECT), "checker with payloads", "closed", problems, csp == "strict CSP")
        visit(page, url + "en/", CLOSED_AT)
        for payload in PAYLOADS[:6]:
            page.fill("#site-search", payload)
            page.wait_for_timeout(30)
        page.wait_for_timeout(200)
        check(page.evaluate(INSPECT), "header search with payloads", "closed", problems, csp == "strict CSP")
    finally:
        context.close()
    assert errors == [], errors
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_query_string_payloads(browser, site_url):
    """`?q=` is shown back to the visitor as text (status line, the box), never as markup."""
    context = browser.new_context()
    context.add_init_script(script=INIT)
    problems: list[str] = []
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for i, payload in enumerate(PAYLOADS[:10]):
            lang = ("en", "zh")[i % 2]
            page.goto(f"{site_url}{lang}/search/?q=" + quote(payload))
            page.wait_for_selector("#search-status:not(:empty), #search-results li")
            page.wait_for_timeout(30)
            report = page.evaluate(INSPECT)
            where = f"?q={payload!r}"
            if report["pwned"] is not None or report["csp"] or report["bad"]:
                problems.append(f"{where}: {report}")
            if page.input_value("input[type=search]") != payload.replace("\n", ""):
                problems.append(f"{where}: the box shows {page.input_value('input[type=search]')!r}")
        assert errors == [], errors
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_titles_are_shown_as_text(hostile_site):
    """Each article's title, whatever it holds, is its page's heading and <title>, as text."""
    _, out = hostile_site
    for i, payload in enumerate(PAYLOADS):
        page = (out / "en" / "recovery" / f"p{i}" / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "<" not in h1 and html.unescape(h1).strip() == payload.strip(), (h1, payload)
        assert "<" not in title and html.unescape(title).startswith(payload.strip()), (title, payload)


# the theme's own forms and controls (search, verify, the request form); an article's are
# sanitised away, which the payload tests above check
THEME_CONTROLS = ("script", "form", "input", "button", "meta", "link", "noscript", "textarea", "select", "option")


class MarkupAudit(HTMLParser):
    """Start tags of a page that could run script: forbidden elements, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not (
            values.get("type") in ("application/json", "application/ld+json")
            or (values.get("type") in ("module", None) and (values.get("src") or "").startswith("/assets/js/"))
        ):
            self.bad.append(f"<script {values}>")
        elif tag == "svg" and values.get("class") == "icon" and values.get("aria-hidden") == "true":
            pass  # the theme's decorative icons (home categories); handlers are checked below
        elif tag in FORBIDDEN_TAGS and tag not in THEME_CONTROLS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "srcdoc", "data") and DANGEROUS_URL.match(value or ""):
                self.bad.append(f"<{tag} {name}={value!r}>")


def test_nothing_is_published_that_should_not_be(hostile_site):
    _, out = hostile_site
    pages = 0
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert SECRET_AGENT.encode() not in data, f"an agent id leaked into {path.relative_to(out)}"
        if path.suffix == ".html":
            audit = MarkupAudit()
            audit.feed(data.decode("utf-8"))
            assert audit.bad == [], f"{path.relative_to(out)}: {audit.bad}"
            pages += 1
    assert pages > 20
    assert json.loads((out / "support.json").read_text(encoding="utf-8"))["holidays"]


@pytest.mark.browser
def test_the_trap_and_the_listener_do_catch_a_payload_that_runs(browser, tmp_path):
    """A site that opts in to raw HTML: under CSP the payload is blocked *and reported*;
    without CSP it runs and sets the trap. So the checks above can see a failure."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site = (content / "site.toml").read_text(encoding="utf-8")
    write(content / "site.toml", site.replace("language_names", "raw_html = true\nlanguage_names"))
    write(
        content / "en/recovery/raw.md",
        f'---\ntitle: Raw\n---\n\n<script>{TRAP}</script>\n\n<img src=x alt=x onerror="{TRAP}">\n',
    )
    build_site(content, tmp_path / "site")
    url, server = serve_directory(tmp_path / "site")
    try:
        for bypass in (False, True):
            context = browser.new_context(bypass_csp=bypass)
            context.add_init_script(script=INIT)
            page = context.new_page()
            page.goto(url + "en/recovery/raw/")
            page.wait_for_timeout(100)
            report = page.evaluate(INSPECT)
            if bypass:
                assert report["pwned"] == 1
            else:
                assert report["pwned"] is None and any("script-src" in v for v in report["csp"]), report
            assert any("onerror" in b for b in report["bad"])
            context.close()
    finally:
        server.shutdown()


# -- leaving the content or output folder -------------------------------------------------------------------
SECRET = "TOP-SECRET-outside-the-content-folder"


@pytest.fixture
def mini(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    outside = tmp_path / "outside"
    write(outside / "secret.md", f"---\ntitle: Secret\n---\n\n{SECRET}\n")
    write(outside / "secret.png", SECRET)
    write(outside / "dir" / "inner.md", f"---\ntitle: Inner\n---\n\n{SECRET}\n")
    return content, outside


def problems_of(content: Path) -> str:
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--format", "json"])
    assert isinstance(result.exception, SystemExit), result.output
    return "\n".join(f"{Path(p['path']).name}:{p['line']}: {p['message']}" for p in json.loads(result.output or "[]"))


def assert_not_published(out: Path) -> None:
    for path in out.rglob("*"):
        assert not path.is_symlink(), path
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), f"{path.relative_to(out)} publishes a file from outside"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlinked_article_that_leaves_the_content_folder_is_an_error(mini, tmp_path):
    content, outside = mini
    (content / "en" / "recovery" / "leak.md").symlink_to(outside / "secret.md")
    assert "leak.md:1: symbolic link that leaves the content folder" in problems_of(content)
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "out")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlinked_folders_and_files_outside_are_never_published(mini, tmp_path):
    content, outside = mini
    (content / "en" / "recovery" / "pics").symlink_to(outside / "dir", target_is_directory=True)
    (content / "zh" / "transfers" / "outside").symlink_to(outside, target_is_directory=True)
    (content / "en" / "recovery" / "photo.png").symlink_to(outside / "secret.png")
    try:
        build_site(content, tmp_path / "out")
    except BuildFailed as failed:  # refusing them with an error is fine too
        assert "photo.png" in failed.report.render() or "pics" in failed.report.render()
        return
    assert_not_published(tmp_path / "out")


@pytest.mark.parametrize(
    "href",
    [
        "../../../../etc/passwd.md",
        "../../../outside/secret.md",
        "%2e%2e/%2e%2e/%2e%2e/x.md",
        "..%2F..%2F..%2Foutside%2Fsecret.md",
    ],
)
def test_links_that_leave_the_content_folder_are_errors(mini, href):
    content, _ = mini
    write(content / "en/recovery/links.md", f"---\ntitle: Links\n---\n\nSee [this]({href}).\n")
    assert f"links.md:5: link '{href}' leaves the content folder" in problems_of(content)


def test_images_that_leave_the_content_folder_are_errors(mini):
    content, _ = mini
    write(content / "en/recovery/pics.md", "---\ntitle: Pics\n---\n\n![secret](../../../outside/secret.png)\n")
    assert "pics.md:5: image '../../../outside/secret.png' leaves the content folder" in problems_of(content)


def test_absolute_paths_stay_urls_and_read_no_file(mini, tmp_path):
    content, outside = mini
    target = (outside / "secret.md").as_posix()
    write(
        content / "en/recovery/abs.md",
        f"---\ntitle: Abs\n---\n\n[a]({target}) ![b]({(outside / 'secret.png').as_posix()})\n",
    )
    build_site(content, tmp_path / "out")
    assert_not_published(tmp_path / "out")
    html = (tmp_path / "out/en/recovery/abs/index.html").read_text(encoding="utf-8")
    assert f'href="{target}"' in html


@pytest.mark.parametrize(
    "table, value, words",
    [
        ("categories", '[categories."../../escape"]\ntitle = "x"', "category id '../../escape' must be lowercase"),
        ("languages", 'languages = ["en", "zh", "../x"]', "'../x' is not a language code"),
    ],
)
def test_config_cannot_name_folders_outside(mini, tmp_path, table, value, words):
    content, _ = mini
    site = (content / "site.toml").read_text(encoding="utf-8")
    site = site.replace('languages = ["en", "zh"]', value) if table == "languages" else site + "\n" + value + "\n"
    write(content / "site.toml", site)
    assert words in problems_of(content)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BuildFailed):
        build_site(content, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("slug", ["../../../escape", "/tmp/escape", "a/b", "..", "Upper Case"])
def test_new_refuses_slugs_that_are_not_a_file_name(mini, tmp_path, slug):
    content, _ = mini
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(
        main, ["new", "Escape", "--category", "recovery", "--slug", slug, "--content", str(content)]
    )
    assert result.exit_code == 2 and "--slug" in result.output, result.output
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


# -- very large inputs -------------------------------------------------------------------------------------------
LIMIT_SECONDS = 20  # generous for a slow CI machine; each finishes in well under a second here
HUGE = {
    "file over the size limit": (
        "en/recovery/huge.md",
        lambda: "---\ntitle: Huge\n---\n\n" + ("All work and no play. " * 50 + "\n\n") * 2500,
        "huge.md:4: article too large",
    ),
    "front matter over the limit": (
        "en/recovery/huge.md",
        lambda: "---\ntitle: Huge\n" + "".join(f"k{i}: v\n" for i in range(30000)) + "---\n",
        "huge.md:2: front matter too large",
    ),
    "nested list 600 deep": (
        "en/recovery/deep.md",
        lambda: "---\ntitle: Deep\n---\n\n" + "".join("  " * i + "- x\n" for i in range(600)),
        "deep.md:55: nested too deeply",
    ),
    "list markers on one line": (
        "en/recovery/deep.md",
        lambda: "---\ntitle: Deep\n---\n\n" + "- " * 50000 + "x\n",
        "deep.md:5: nested too deeply",
    ),
    "quotes 100000 deep": (
        "en/recovery/deep.md",
        lambda: "---\ntitle: Deep\n---\n\n" + ">" * 100000 + " x\n",
        "deep.md:5: nested too deeply",
    ),
    "open brackets": (
        "en/recovery/brackets.md",
        lambda: "---\ntitle: B\n---\n\n" + "[" * 200000 + "\n",
        "brackets.md:5: more than 100 '['",
    ),
    "many headings": (
        "en/recovery/heads.md",
        lambda: "---\ntitle: H\n---\n\n" + "".join(f"## Step {i}\n" for i in range(50000)),
        "heads.md:1005: more than 1000 headings",
    ),
    "binary garbage": (
        "en/recovery/garbage.md",
        lambda: os.urandom(3_000_000).replace(b"\n", b" ") + b"\xff",
        "garbage.md:1: garbage.md is not UTF-8",
    ),
    "deep YAML": ("en/recovery/yaml.md", lambda: "---\ntitle: " + "[" * 100000 + "\n---\n", "yaml.md:2: "),
    "deep TOML": ("roster.toml", lambda: "timezone = " + "[" * 100000 + "\n", "roster.toml:1: TOML nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_inputs_end_quickly_in_an_error(mini, name):
    content, _ = mini
    rel, make, expected = HUGE[name]
    write(content / rel, make())
    started = time.perf_counter()
    found = problems_of(content)
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert expected in found, found


@pytest.mark.parametrize(
    "name, body",
    [
        (
            "a 1.5 MB article",
            ("A paragraph about recovery phrases and pending transfers, fees and networks. " * 20 + "\n\n") * 1000,
        ),
        ("a 1 MB line", "word " * 200_000),
        ("a nested list 40 deep", "".join("  " * i + "- level\n" for i in range(40))),
        ("a 900-row table", "| a | b |\n| --- | --- |\n" + "| x | y |\n" * 900),
    ],
)
def test_large_but_reasonable_inputs_build_quickly(mini, tmp_path, name, body):
    content, _ = mini
    write(content / "en/recovery/large.md", f"---\ntitle: Large\n---\n\n{body}")
    started = time.perf_counter()
    build_site(content, tmp_path / "out")
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert (tmp_path / "out/en/recovery/large/index.html").stat().st_size > 100


def test_github_annotations_cannot_be_forged_by_a_file_name(mini):
    """A file name with CR/LF, '%', ':' and ',' stays inside its own ::error line (GitHub's
    workflow-command escaping), so it cannot start a command of its own."""
    content, _ = mini
    name = "x\r\n::error file=forged.md,line=1::forged%0A,:.md"
    write(content / "en" / "recovery" / name, "---\ntitle: [unclosed\n---\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--format", "github"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines
    ours = [line for line in lines if "forged" in line]
    assert len(ours) == 1 and "x%0D%0A%3A%3Aerror file=forged.md%2Cline=1%3A%3Aforged%250A%2C%3A.md" in ours[0]


@pytest.mark.parametrize(
    "rel, raw_html",
    [
        ("search/en/meta.json", False),
        ("assets/js/banner.js", True),  # it would run on every page
        ("en/recovery/restore/index.html", True),
    ],
)
def test_generated_files_win_over_static_files_of_the_content_folder(mini, tmp_path, rel, raw_html):
    content, _ = mini
    if raw_html:
        site_toml = content / "site.toml"
        site_toml.write_text("raw_html = true\n" + site_toml.read_text(encoding="utf-8"), encoding="utf-8")
    write(content / rel, "window.__pwned = 1\n")
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert f"{rel}:1: this file would be published as '{rel}', which the build generates" in result.output
    assert "Traceback" not in result.output and not out.exists()
