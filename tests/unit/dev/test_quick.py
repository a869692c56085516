"""The preview's quick page: a saved article's page rendered at once from the last build's
inputs, equal to the page the build then writes; and what the preview does with it."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest

from helpcenter.build.defaults import default_cache_dir
from helpcenter.build.pipeline import build
from helpcenter.dev.quick import QuickPage, QuickRenderer, quick_page, saved_article
from helpcenter.dev.serve import BuildState, rebuild, show_quick
from helpcenter.dev.server import STATUS, make_server
from helpers import mini_with_roster


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return mini_with_roster(tmp_path)


def warm(content: Path, out: Path):
    return build(content, out, jobs=1, cache_dir=default_cache_dir(out))


def test_the_quick_page_is_the_page_the_build_then_writes(content, tmp_path):
    out = tmp_path / "site"
    inputs = warm(content, out).rendered_from
    assert inputs is not None
    article = content / "en" / "recovery" / "lost-phone.md"
    # a new title moves the article in its category: its neighbours are those of the new order
    article.write_text(article.read_text().replace("title: Lost phone", "title: Phone lost or stolen"))
    page = quick_page(content, QuickRenderer(inputs), article)
    assert page is not None and page.rel == "en/recovery/lost-phone/index.html"
    assert b"Phone lost or stolen" in page.html
    warm(content, out)
    assert (out / page.rel).read_bytes() == page.html


def test_a_snippet_is_expanded_as_the_build_does(content, tmp_path):
    out = tmp_path / "site"
    (content / "en" / "_snippets").mkdir()
    (content / "en" / "_snippets" / "never.md").write_text("Support never asks for your recovery phrase.\n")
    inputs = warm(content, out).rendered_from
    assert inputs is not None
    article = content / "en" / "recovery" / "lost-phone.md"
    article.write_text(article.read_text() + '\n--8<-- "never"\n')
    page = quick_page(content, QuickRenderer(inputs), article)
    assert page is not None and b"Support never asks for your recovery phrase." in page.html
    warm(content, out)
    assert (out / page.rel).read_bytes() == page.html


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("title: Lost phone", "title: [broken"),  # a mistake: the build reports it
        lambda text: text.replace("---\n", "---\ndraft: true\n", 1),  # a draft has no page
    ],
)
def test_a_save_the_quick_page_cannot_show_waits_for_the_build(content, tmp_path, change):
    inputs = warm(content, tmp_path / "site").rendered_from
    assert inputs is not None
    article = content / "en" / "recovery" / "lost-phone.md"
    article.write_text(change(article.read_text()))
    assert quick_page(content, QuickRenderer(inputs), article) is None
    new = content / "en" / "recovery" / "new.md"  # not an article of the last build
    new.write_text("---\ntitle: New\n---\n\nText.\n")
    assert quick_page(content, QuickRenderer(inputs), new) is None


def test_only_the_saving_of_one_article_is_taken(content):
    article = content / "en" / "recovery" / "lost-phone.md"
    other = content / "en" / "recovery" / "restore.md"
    assert saved_article({(1, str(article))}, content) == article
    assert saved_article({(1, str(article)), (2, str(article))}, content) == article  # saved by rename
    assert saved_article({(1, str(article)), (1, str(other))}, content) is None
    assert saved_article({(1, str(content / "site.toml"))}, content) is None
    (content / "en" / "_snippets").mkdir()
    snippet = content / "en" / "_snippets" / "x.md"
    snippet.write_text("x\n")
    assert saved_article({(1, str(snippet))}, content) is None


def test_the_preview_serves_the_quick_page_until_the_build_is_done(content, tmp_path):
    out = tmp_path / "site"
    state = BuildState()
    assert rebuild(content, out, state)
    assert state.renderer is not None
    server = make_server(out, state, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        state.quick = QuickPage("en/recovery/lost-phone/index.html", b"<html><body>quick</body></html>")
        with urllib.request.urlopen(url + "en/recovery/lost-phone/") as response:
            body = response.read()
        assert body.startswith(b"<html><body>quick") and b"/__helpcenter/live.js" in body
        assert rebuild(content, out, state)
        assert state.quick is None
        status = json.load(urllib.request.urlopen(url + STATUS.lstrip("/")))
        assert status["keep"] == []  # the built page differs from that quick page: reload it
        with urllib.request.urlopen(url + "en/recovery/lost-phone/") as response:
            assert b"quick" not in response.read()
        # a quick page the build confirms is kept: the open page is not reloaded again
        built = (out / "en/recovery/lost-phone/index.html").read_bytes()
        state.quick = QuickPage("en/recovery/lost-phone/index.html", built)
        assert rebuild(content, out, state)
        assert json.load(urllib.request.urlopen(url + STATUS.lstrip("/")))["keep"] == ["/en/recovery/lost-phone/"]
    finally:
        server.shutdown()


def test_a_save_made_during_a_build_keeps_its_quick_page_until_the_next_build(content, tmp_path, monkeypatch):
    """The build started before the save: its output is older than the quick page, which
    must stay (and the open page not be reloaded to the older one) until the next build."""
    from helpcenter.dev import serve

    out = tmp_path / "site"
    state = BuildState()
    assert rebuild(content, out, state)
    article = content / "en" / "recovery" / "lost-phone.md"
    real_build = serve.build

    def build_then_save(*args, **kwargs):
        result = real_build(*args, **kwargs)  # the build has read its files...
        article.write_text(article.read_text(encoding="utf-8") + "\nSaved meanwhile.\n")
        serve.show_quick(content, state, {(2, str(article))})  # ...when the watcher sees the save
        return result

    monkeypatch.setattr(serve, "build", build_then_save)
    assert rebuild(content, out, state)
    assert state.quick is not None and b"Saved meanwhile." in state.quick.html
    assert state.snapshot()["keep"] == ["/en/recovery/lost-phone/"]  # the open page shows the newer save
    assert b"Saved meanwhile." not in (out / state.quick.rel).read_bytes()

    monkeypatch.setattr(serve, "build", real_build)
    quick = state.quick
    assert rebuild(content, out, state)  # the build after the save replaces its quick page
    assert state.quick is None
    assert (out / quick.rel).read_bytes() == quick.html
    assert state.snapshot()["keep"] == ["/en/recovery/lost-phone/"]


def test_a_quick_page_that_fails_to_render_waits_for_the_build(content, tmp_path, monkeypatch):
    from helpcenter.dev import serve

    state = BuildState()
    assert rebuild(content, tmp_path / "site", state)

    def broken(*args, **kwargs):
        raise RuntimeError("a template's mistake")

    monkeypatch.setattr(serve, "quick_page", broken)
    version = state.version
    serve.show_quick(content, state, {(2, str(content / "en" / "recovery" / "lost-phone.md"))})
    assert state.quick is None and state.version == version  # nothing shown, no reload


def test_a_preview_started_with_nothing_to_build_still_shows_the_first_save_at_once(content, tmp_path):
    out = tmp_path / "site"
    assert rebuild(content, out, BuildState())  # an earlier preview built the site
    state = BuildState()
    assert rebuild(content, out, state)  # this one starts: nothing changed, nothing rendered
    assert state.renderer is None
    version = state.version
    assert rebuild(content, out, state, prime=True)  # what its builder does first
    assert state.renderer is not None
    assert state.version == version  # the site is as it was: no reload
    article = content / "en" / "recovery" / "lost-phone.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA first save.\n")
    show_quick(content, state, {(2, str(article))})
    assert state.quick is not None and b"A first save." in state.quick.html


def test_what_pages_render_from_is_read_back_when_nothing_changed(content, tmp_path, monkeypatch):
    """A preview started on a built site: what pages render from is the site as the cache
    has it and the related lists the last build kept (no article parsed, no page signed,
    nothing written), and it is what that build rendered from."""
    import datetime as dt

    from helpcenter.build import pipeline
    from helpcenter.content import loading

    out, now = tmp_path / "site", dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    full = build(content, out, jobs=1, cache_dir=default_cache_dir(out), now=now).rendered_from
    assert full is not None and any(full.related.values())
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    def parsed(*args, **kwargs):
        raise AssertionError("an unchanged article was parsed again")

    def published(*args, **kwargs):
        raise AssertionError("every output was signed again")

    monkeypatch.setattr(loading, "parse_article", parsed)
    monkeypatch.setattr(pipeline, "publish", published)
    again = build(content, out, jobs=1, cache_dir=default_cache_dir(out), now=now, render_inputs=True)
    assert again.written == 0 and again.articles == len(full.site.articles)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    inputs = again.rendered_from
    assert inputs is not None
    assert inputs.site == full.site and inputs.related == full.related and inputs.support == full.support
    assert inputs.strings == full.strings and inputs.assets.keys() == full.assets.keys()
    article = content / "en" / "recovery" / "lost-phone.md"
    article.write_text(article.read_text().replace("title: Lost phone", "title: Phone lost or stolen"))
    assert quick_page(content, QuickRenderer(inputs), article) == quick_page(content, QuickRenderer(full), article)


def test_one_renderer_serves_every_save_from_the_last_build(content, tmp_path):
    """Quick pages share the last build's renderer: a save's changes (here a new title, which
    moves the article in its list) must not leak into the next save's page."""
    out = tmp_path / "site"
    inputs = warm(content, out).rendered_from
    assert inputs is not None
    renderer = QuickRenderer(inputs)
    article = content / "en" / "recovery" / "lost-phone.md"
    original = article.read_text()
    article.write_text(original.replace("title: Lost phone", "title: Zz phone lost"))
    moved = quick_page(content, renderer, article)
    assert moved is not None and b"Zz phone lost" in moved.html
    article.write_text(original)
    again = quick_page(content, renderer, article)
    assert again is not None and again.html == (out / again.rel).read_bytes()


def test_a_save_that_makes_an_article_the_contact_page_shows_it_as_the_build_does(content, tmp_path):
    out = tmp_path / "site"
    inputs = warm(content, out).rendered_from
    assert inputs is not None
    article = content / "en" / "recovery" / "restore.md"
    article.write_text(article.read_text().replace("---\n", "---\nlayout: contact\n", 1))
    page = quick_page(content, QuickRenderer(inputs), article)
    assert page is not None
    warm(content, out)
    assert (out / page.rel).read_bytes() == page.html


def test_a_save_made_while_the_preview_starts_is_shown_as_soon_as_it_can_be(content, tmp_path, monkeypatch):
    """A preview started on a built site first makes what quick pages render from; a save
    made meanwhile is shown when that is done, not after the build that follows it."""
    from helpcenter.dev import serve

    out = tmp_path / "site"
    assert rebuild(content, out, BuildState())
    state = BuildState()
    assert rebuild(content, out, state)
    assert state.renderer is None
    article = content / "en" / "recovery" / "lost-phone.md"
    real_build = serve.build
    stop = threading.Event()

    def build_then_save(*args, **kwargs):
        result = real_build(*args, **kwargs)
        article.write_text(article.read_text(encoding="utf-8") + "\nSaved while starting.\n")
        serve.show_quick(content, state, {(2, str(article))})
        assert state.quick is None  # nothing to render it with yet
        stop.set()  # the builder ends after its first build
        return result

    monkeypatch.setattr(serve, "build", build_then_save)
    # in a thread of its own, as the preview runs it: the builder lowers its thread's priority
    builder = threading.Thread(target=serve._builder, args=(content, out, state, stop, threading.Event(), None))
    builder.start()
    builder.join()
    assert state.quick is not None and b"Saved while starting." in state.quick.html
    assert state.waiting is None


def test_a_build_that_changes_nothing_does_not_reload_unless_it_clears_problems(content, tmp_path):
    out = tmp_path / "site"
    state = BuildState()
    assert rebuild(content, out, state)
    version = state.version
    assert rebuild(content, out, state)  # nothing changed on disk: the open pages are current
    assert state.version == version
    article = content / "en" / "recovery" / "lost-phone.md"
    good = article.read_text()
    article.write_text(good.replace("title: Lost phone", "title: [broken"))
    assert not rebuild(content, out, state)
    assert state.snapshot()["errors"] and state.version == version + 1
    article.write_text(good)  # back as it was: nothing to write, but the overlay must go
    assert rebuild(content, out, state)
    assert state.snapshot()["errors"] == [] and state.version == version + 2


def test_a_save_that_changes_nothing_on_the_page_does_not_reload_it(content, tmp_path):
    out = tmp_path / "site"
    state = BuildState()
    assert rebuild(content, out, state)
    article = content / "en" / "recovery" / "lost-phone.md"
    article.write_text(article.read_text() + "\n")  # a blank line: the same page
    version = state.version
    show_quick(content, state, {(2, str(article))}, out)
    assert state.quick is None and state.version == version
    article.write_text(article.read_text() + "\nA real change.\n")
    show_quick(content, state, {(2, str(article))}, out)
    assert state.quick is not None and state.version == version + 1
