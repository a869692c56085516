"""`helpcenter serve`: a save shows up in the browser without a manual reload; a broken
save shows the problems in an overlay, and fixing the file clears it."""

from __future__ import annotations

import json
import re
import shutil
import socket
import sys
import threading
import urllib.error
import urllib.request
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.dev.serve import BuildState, rebuild, watch
from helpcenter.dev.server import inject, live_script_url, make_server, next_free_port
from helpers import MINI

LIVE_JS = files("helpcenter.dev").joinpath("livereload.js").read_bytes()


def test_inject_adds_the_reload_script_only_to_the_response():
    html = b"<html><body><p>x</p></body></html>"
    assert re.search(
        rb'<script type="module" src="/__helpcenter/live.js\?v=[0-9a-f]{10}"></script></body></html>$', inject(html)
    )


def test_the_preview_serves_livereload_js_and_the_built_site_never_carries_it(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "preview"
    assert rebuild(content, out, BuildState())
    server = make_server(out, BuildState(), 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(url + "/en/recovery/lost-phone/") as response:
            page = response.read()
        assert page.count(f'<script type="module" src="{live_script_url()}"></script>'.encode()) == 1
        with urllib.request.urlopen(url + live_script_url()) as response:
            assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
            # named by its digest: reloads (made while a build holds the server) take it from the cache
            assert response.headers["Cache-Control"] == "max-age=31536000, immutable"
            assert response.read() == LIVE_JS
    finally:
        server.shutdown()
        server.server_close()
    assert b"EventSource" in LIVE_JS
    built = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "index.html" for p in built)
    for path in built:
        data = path.read_bytes()
        assert b"/__helpcenter/" not in data and b"helpcenter-errors" not in data, path


@pytest.fixture
def served(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "preview"
    state = BuildState()
    assert rebuild(content, out, state)
    server = make_server(out, state, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    threading.Thread(target=watch, args=(content, out, state, stop), daemon=True).start()
    yield content, out, f"http://127.0.0.1:{server.server_address[1]}/"
    stop.set()
    server.shutdown()


@pytest.mark.browser
def test_edit_reloads_and_errors_show_in_an_overlay(served, page):
    content, out, url = served
    article = content / "en" / "recovery" / "lost-phone.md"
    page.goto(url + "en/recovery/lost-phone/")
    assert page.locator("h1").inner_text() == "Lost phone"
    assert "/__helpcenter/live.js" not in (out / "en/recovery/lost-phone/index.html").read_text()
    # the built page registers the offline worker; the preview, whose pages change on every save, does not
    assert 'data-sw="/sw.js"' in (out / "en/recovery/lost-phone/index.html").read_text()
    assert page.evaluate("document.documentElement.dataset.sw") is None
    loaded = "performance.getEntriesByType('resource').some(e => e.name.includes('/__helpcenter/live.js?v='))"
    assert page.evaluate(loaded)
    page.wait_for_timeout(300)  # let the event stream connect

    article.write_text(article.read_text().replace("title: Lost phone", "title: Lost or stolen phone"))
    # (the page may be between two loads: the quick page, then the built one if it differs)
    page.wait_for_function("() => document.querySelector('h1')?.textContent === 'Lost or stolen phone'", timeout=8000)

    good = article.read_text()
    article.write_text(good.replace("title: Lost or stolen phone", "title: [broken"))
    overlay = page.locator("#helpcenter-errors")
    overlay.wait_for(timeout=8000)
    assert "lost-phone.md:2: invalid YAML" in overlay.inner_text()
    assert "title: [broken" in overlay.inner_text()

    page.reload()  # a fresh load while broken shows the overlay too, not a stale page silently
    page.locator("#helpcenter-errors").wait_for(timeout=5000)

    article.write_text(good)
    page.wait_for_function("() => !document.querySelector('#helpcenter-errors')", timeout=8000)
    assert page.locator("h1").inner_text() == "Lost or stolen phone"


def test_a_missing_page_gets_the_sites_404_page_with_status_404(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "preview"
    assert rebuild(content, out, BuildState())
    server = make_server(out, BuildState(), 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/en/transfers/gone/")
        assert missing.value.code == 404
        body = missing.value.read()
        assert body == inject((out / "404.html").read_bytes())  # the site's page, as the preview serves pages
        assert f'src="{live_script_url()}"'.encode() in body  # the preview reloads there too
    finally:
        server.shutdown()
        server.server_close()


def test_a_busy_port_is_one_line_with_a_free_one_to_use(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--content", str(content), "--port", str(port)])
        free = next_free_port(port + 1)
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"error: port {port} is already in use (another helpcenter serve, or another server): "
        f"use --port {free}, which is free\n"
    )
    assert not (tmp_path / ".helpcenter-serve").exists() and not (Path.cwd() / ".helpcenter-serve").exists()


def test_the_event_stream_sends_a_build_published_before_it_connected(tmp_path: Path):
    """A page reads the status, then opens the stream: a build that finished in between must
    reach it (its errors would otherwise never show)."""
    out = tmp_path / "preview"
    out.mkdir()
    state = BuildState()
    server = make_server(out, state, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seen = state.version  # what the page's status request said
        state.publish([{"path": "content/en/x.md", "line": 2, "message": "invalid YAML"}])
        events = urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/__helpcenter/events?since={seen}")
        line = events.readline()  # sent at once, not after the 15 s keep-alive
        assert line.startswith(b"data: ")
        news = json.loads(line.removeprefix(b"data: "))
        assert news["version"] == seen + 1 and news["errors"][0]["message"] == "invalid YAML"
        events.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(sys.platform != "linux", reason="a nice value per thread is Linux's")
def test_builds_run_at_a_lower_priority_than_the_server_and_the_browser():
    import os

    from helpcenter.dev.serve import background

    seen: list[int] = []

    def builder() -> None:
        background()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    before = os.getpriority(os.PRIO_PROCESS, 0)
    thread = threading.Thread(target=builder)
    thread.start()
    thread.join()
    assert seen == [max(before, 10)]
    assert os.getpriority(os.PRIO_PROCESS, 0) == before  # the serving thread keeps its own
