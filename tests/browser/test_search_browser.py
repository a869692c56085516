"""Search in headless Chromium under the strict CSP: the header dropdown and its keyboard,
the search page (?q=, shareable URL, count, no-results help), the contact page's
"Describe your problem" box, hostile queries, and a site under a base path."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from whoosh.lang.porter import stem as whoosh_stem

from helpcenter.build.pipeline import build
from helpers import ROOT, serve_directory

pytestmark = pytest.mark.browser


def assert_search_written(site: Path) -> None:
    """These tests search the files the build wrote: a build that stopped writing them
    must fail here, never be patched up by the tests."""
    for lang in ("en", "zh"):
        assert (site / "search" / lang / "meta.json").is_file(), f"the build wrote no search/{lang}/"


@pytest.fixture(scope="module", autouse=True)
def search_data(sample_site: Path) -> None:
    assert_search_written(sample_site)


def titles(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


def hrefs(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")


def open_dropdown(page, query: str) -> None:
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('#site-search').value === q && !document.querySelector('#site-search-list').hidden"
        " && document.querySelectorAll('#site-search-list a.result[role=option]').length > 0",
        arg=query,
    )


def test_slash_focuses_the_box_and_the_keyboard_picks_a_result(page, site_url):
    page.goto(site_url + "en/recovery/lost-phone/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    box = page.locator("#site-search")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-controls") == "site-search-list"
    assert page.locator("#site-search-list").get_attribute("role") == "listbox"
    open_dropdown(page, "pending transfer")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator("#site-search-list [role=option]")
    assert options.count() >= 2
    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + target)
    assert page.watch.errors == []


def test_escape_closes_then_clears(page, site_url):
    page.goto(site_url + "en/")
    page.locator("#site-search").click()
    open_dropdown(page, "phishing")
    page.keyboard.press("Escape")
    assert page.locator("#site-search-list").is_hidden()
    assert page.locator("#site-search").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")
    assert page.locator("#site-search").input_value() == ""


@pytest.mark.parametrize(
    "lang, query, expect",
    [
        ("en", "pending transfer", "/transfers/pending-transfer/"),
        ("en", "recovry", "/recovery/"),
        ("zh", "助记词", "/recovery/"),
        ("zh", "转账一直待确认", "/transfers/pending-transfer/"),
        ("en", "why hasn't my transfer arrived yet", "/transfers/"),
    ],
)
def test_typing_shows_the_right_article_at_the_top_at_once(page, site_url, lang, query, expect):
    page.goto(site_url + f"{lang}/")
    with page.expect_request(lambda r: r.url.endswith(f"/search/{lang}/meta.json")):
        page.keyboard.press("/")  # the engine starts on focus
    open_dropdown(page, query)
    top = hrefs(page, "#site-search-list a.result")[:3]
    assert any(expect in h for h in top), top
    marks = titles(page, "#site-search-list mark")
    assert marks, "matched words are highlighted"
    assert page.locator("#site-search-list .result-category").first.inner_text().strip()


def test_search_page_runs_the_query_from_the_url_and_keeps_it_shareable(page, site_url):
    page.goto(site_url + "en/search/?q=" + quote("pending transfer"))
    page.wait_for_selector("#search-results li a")
    assert page.locator("input[type=search]").count() == 1
    assert page.locator("input[type=search]").input_value() == "pending transfer"
    links = hrefs(page, "#search-results a")
    assert links[0].endswith("/en/transfers/pending-transfer/")
    assert re.search(r"\d+ results", page.locator("#search-status").inner_text())
    page.locator("input[type=search]").fill("lost phone")
    page.wait_for_function("() => location.search.includes('lost')")
    page.wait_for_function(
        "() => document.querySelector('#search-results a')?.getAttribute('href').includes('lost-phone')"
    )
    assert "q=lost+phone" in page.url or "q=lost%20phone" in page.url
    page.locator("#search-results a").first.click()
    page.wait_for_url("**/en/recovery/lost-phone/")
    assert page.watch.errors == []


def test_the_question_in_the_url_is_asked_from_the_head_before_the_page_is_ready(page, site_url):
    """search-page.js runs async from the head: the vocabulary, postings and cards are
    fetched while the page's other modules still load (here search.js is held back until
    then), and the page's own question later gets that answer without asking again."""
    held = []
    page.route(re.compile(r".*/assets/js/search\.js(\?.*)?$"), lambda route: held.append(route))
    seen = _search_requests(page)
    with page.expect_request(lambda r: "/search/en/d-" in r.url):  # a result's card
        page.goto(site_url + "en/search/?q=" + quote("pending transfer"), wait_until="commit")
    assert len(held) == 1 and [p for p in seen if "/search/en/v/" in p]
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('#search-results').dataset.query === 'pending transfer'")
    assert hrefs(page, "#search-results a")[0].endswith("/en/transfers/pending-transfer/")
    assert len(seen) == len(set(seen)), seen  # every search file fetched once
    assert page.watch.errors == []


def test_no_results_suggest_contact_and_top_articles(page, site_url):
    page.goto(site_url + "zh/search/?q=xyzzyqq")
    page.wait_for_selector("#search-empty:not([hidden])")
    assert page.locator("#search-results li").count() == 0
    assert hrefs(page, "#search-empty a.search-contact") == ["/zh/contact/contact-support/"]
    assert hrefs(page, "#search-empty a.search-verify") == ["/zh/verify/"]
    assert page.locator("#search-other").is_hidden()  # nothing in the other language either
    assert page.locator("#search-empty .article-list li").count() >= 3
    assert "xyzzyqq" in page.locator("#search-status").inner_text()


def test_dropdown_with_no_results_anywhere_offers_contact_verify_and_popular(page, site_url):
    page.goto(site_url + "en/")
    page.locator("#site-search").click()
    page.keyboard.type("xyzzyqq")
    page.wait_for_selector("#site-search-list:not([hidden]) #site-search-list-verify")
    assert page.locator("#site-search-list .result").count() == 0
    assert hrefs(page, "#site-search-list [role=option]") == [
        "/en/contact/contact-support/",
        "/en/verify/",
        "/en/search/?q=xyzzyqq",
    ]
    assert titles(page, "#site-search-list [role=option]")[:2] == [
        "Contact support",
        "Check that a contact is really us",
    ]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/contact/contact-support/")
    assert page.watch.errors == []


def test_no_results_here_shows_the_other_languages_results(page, site_url):
    page.goto(site_url + "zh/search/?q=impersonation")  # only the English articles say it
    page.wait_for_selector("#search-other:not([hidden]) a.result")
    assert page.locator("#search-results li").count() == 0
    assert any(h.endswith("/en/security/fake-support-scams/") for h in hrefs(page, "#search-other a.result"))
    assert re.search(r"\d", page.locator("#search-other p").inner_text())
    page.goto(site_url + "zh/")
    page.locator("#site-search").click()
    page.keyboard.type("impersonation")
    page.wait_for_selector("#site-search-list:not([hidden]) #site-search-list-other")
    assert hrefs(page, "#site-search-list-other") == ["/en/search/?q=impersonation"]
    assert page.watch.errors == []


HOSTILE = ['<img src=x onerror="window.__pwned=1">', '"><script>window.__pwned=1</script>', "{{7*7}} ${alert(1)}"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_shown_as_text(page, site_url, query):
    page.goto(site_url + "en/search/?q=" + quote(query))
    page.wait_for_function("() => document.querySelector('#search-status').textContent.length > 0")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script").count() == 0
    assert query.strip() in page.locator("#search-status").inner_text()
    page.goto(site_url + "en/")
    page.locator("#site-search").fill(query + " phishing")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("header img").count() == 0
    assert page.watch.errors == []


def test_contact_page_offers_articles_before_the_contact_options(page, site_url):
    page.goto(site_url + "en/contact/contact-support/")
    deflect = page.locator("section.deflect")
    assert deflect.count() == 1
    order = page.evaluate(
        "() => { const d = document.querySelector('section.deflect'), p = document.querySelector('.prose');"
        " return d.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING }"
    )
    assert order
    page.locator("#deflect-q").click()
    page.keyboard.type("lost my phone")
    page.wait_for_selector("#deflect-list:not([hidden]) a.result")
    assert any("lost-phone" in h for h in hrefs(page, "#deflect-list a.result")[:3])
    assert page.locator("#deflect-list a.result[role=option]").count() <= 5


def test_without_javascript_the_box_submits_to_the_search_page(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "zh/")
    page.locator("#site-search").fill("助记词")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/zh/search/?q=*")
    assert page.locator("noscript").count() == 1
    context.close()


def test_a_site_under_a_base_path(browser, tmp_path):
    out = tmp_path / "root" / "help"
    build(ROOT / "content", out, base_url="https://example.org/help/", jobs=1)
    assert_search_written(out)
    url, server = serve_directory(tmp_path / "root")
    try:
        page = browser.new_page()
        page.goto(url + "help/en/search/?q=fees")
        page.wait_for_selector("#search-results a")
        assert all(h.startswith("/help/en/") for h in hrefs(page, "#search-results a"))
        page.close()
    finally:
        server.shutdown()
        shutil.rmtree(tmp_path / "root", ignore_errors=True)


def _search_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(urlsplit(r.url).path) if "/search/" in urlsplit(r.url).path else None)
    return seen


def _rare_terms(site: Path, lang: str) -> list[str]:
    """Terms of at least three articles whose postings are inline in their vocabulary shard,
    that begin no other term (so a query of one expands to nothing that needs a pack)."""
    meta = json.loads((site / "search" / lang / "meta.json").read_text(encoding="utf-8"))
    inline, every = [], []
    for name in meta["shards"]:
        blob = gzip.decompress((site / "search" / lang / "v" / f"{name}.gz").read_bytes())
        size = pos = 0
        for shift in range(0, 28, 7):  # the JSON's length, a varint
            size |= (blob[pos] & 0x7F) << shift
            pos += 1
            if not blob[pos - 1] & 0x80:
                break
        terms, ints, _ = json.loads(blob[pos : pos + size])
        k = 0
        for term in terms:
            at, mask = ints[k], ints[k + 1]
            dfs = ints[k + 2 : k + 2 + bin(mask).count("1")]
            k += 2 + len(dfs)
            every.append(term)
            if at < 0 and max(dfs) >= 3 and re.fullmatch(r"[a-z]{5,}", term):
                inline.append(term)
    return [t for t in inline if not any(o != t and o.startswith(t) for o in every)]


def test_a_first_query_loads_meta_once_and_rare_words_need_no_postings_pack(page, site_url, sample_site):
    rare = [t for t in _rare_terms(sample_site, "en") if t == whoosh_stem(t)]
    assert rare, "the sample has rare words whose postings are inline"
    seen = _search_requests(page)
    page.add_init_script(WORKERS_COUNTED)
    page.goto(site_url + "en/search/?q=" + quote(rare[0] + " "))  # a finished word: no completions
    page.wait_for_function("q => document.querySelector('#search-results').dataset.query === q", arg=rare[0] + " ")
    assert page.locator("#search-results a.result .result-excerpt mark").count() > 0
    assert seen.count("/search/en/meta.json") == 1  # preloaded with the page, used by the engine
    assert page.evaluate("() => window.__workers") == 0  # the page's own thread answers: no worker start to wait for
    assert [p for p in seen if "/search/en/v/" in p]
    assert not [p for p in seen if "/search/en/p/" in p], seen
    assert page.watch.errors == []


def test_a_host_that_serves_the_gz_files_decoded_changes_nothing(page, site_url):
    # some hosts send search/*.gz with Content-Encoding: gzip; the browser then hands the
    # engine the bytes decoded
    decoded: list[str] = []

    def plain(route):
        response = route.fetch()
        decoded.append(urlsplit(route.request.url).path)
        route.fulfill(response=response, body=gzip.decompress(response.body()))

    page.route(re.compile(r".*/search/en/.*\.gz$"), plain)
    page.goto(site_url + "en/search/?q=" + quote("pending transfer"))
    page.wait_for_function("() => document.querySelector('#search-results').dataset.query === 'pending transfer'")
    assert hrefs(page, "#search-results a")[0].endswith("/en/transfers/pending-transfer/")
    assert page.locator("#search-results .result-excerpt mark").count() > 0
    assert [p for p in decoded if "/v/" in p] and [p for p in decoded if "/d-" in p]
    assert page.watch.errors == []


def test_a_broken_search_file_says_search_is_unavailable(page, site_url):
    """A vocabulary file cut short (a failed upload): the page says so, quietly."""

    def cut(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.body()[:40])

    page.route(re.compile(r".*/search/en/v/.*\.gz$"), cut)
    page.goto(site_url + "en/search/?q=" + quote("pending transfer"))
    page.wait_for_function("() => document.querySelector('#search-status').textContent !== ''")
    assert page.locator("#search-status").inner_text().startswith("Search is unavailable right now")
    assert page.locator("#search-results li").count() == 0
    page.wait_for_timeout(200)  # a rejection nobody handled would be reported by now
    assert page.watch.errors == []


WORKERS_COUNTED = """window.__workers = 0;
if (window.Worker) window.Worker = class extends window.Worker {
  constructor(...args) { super(...args); window.__workers += 1; }
};"""


NO_MODULE_WORKERS = {
    # a browser without module workers: the constructor refuses them
    "refused": """window.Worker = class { constructor() { throw new TypeError("module workers are not supported"); } };""",
    # or takes the script as a classic one, which fails to load: an error event, later
    "failing": """window.Worker = class extends EventTarget {
  constructor() { super(); setTimeout(() => { if (this.onerror) this.onerror(new Event("error")); }, 0); }
  postMessage() {}
};""",
}


@pytest.mark.parametrize("kind", sorted(NO_MODULE_WORKERS))
def test_without_module_workers_the_dropdown_answers_on_the_pages_thread(page, site_url, kind):
    page.add_init_script(NO_MODULE_WORKERS[kind])
    page.goto(site_url + "en/recovery/lost-phone/")
    page.keyboard.press("/")
    open_dropdown(page, "pending transfer")
    assert hrefs(page, "#site-search-list a.result")[0].endswith("/en/transfers/pending-transfer/")
    assert page.watch.errors == []


def test_focus_loads_the_engine_before_the_first_keystroke(page, site_url):
    page.add_init_script(WORKERS_COUNTED)
    page.goto(site_url + "en/recovery/lost-phone/")
    seen = _search_requests(page)
    with page.expect_request(lambda r: r.url.endswith("/search/en/meta.json")):
        page.keyboard.press("/")
    open_dropdown(page, "phishing")
    assert seen.count("/search/en/meta.json") == 1
    assert page.evaluate("() => window.__workers") == 1  # elsewhere, typing never waits on the page's thread
    assert page.watch.errors == []


def test_the_same_results_again_are_not_redrawn_and_fast_typing_ends_on_the_last_query(page, site_url):
    page.goto(site_url + "en/search/?q=" + quote("network fee"))
    page.wait_for_function("() => document.querySelector('#search-results').dataset.query === 'network fee'")
    page.evaluate("document.querySelector('#search-results li').__mark = 1")
    page.evaluate("document.querySelector('#search-results').dataset.query = ''")
    page.locator("#search-q").press("Enter")  # the same query again: same cards
    page.wait_for_function("() => document.querySelector('#search-results').dataset.query === 'network fee'")
    assert page.evaluate("document.querySelector('#search-results li').__mark") == 1
    page.locator("#search-q").press("ControlOrMeta+A")
    page.keyboard.type("lost phone")  # no pause between keys: older questions are dropped
    page.wait_for_function("() => document.querySelector('#search-results').dataset.query === 'lost phone'")
    typed = hrefs(page, "#search-results a")
    assert typed[0].endswith("/en/recovery/lost-phone/")
    page.goto(site_url + "en/search/?q=" + quote("lost phone"))
    page.wait_for_function("() => document.querySelector('#search-results').dataset.query === 'lost phone'")
    assert hrefs(page, "#search-results a") == typed
    assert page.watch.errors == []
