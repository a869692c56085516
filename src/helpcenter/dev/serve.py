"""`helpcenter serve`: a local preview that rebuilds on save and reloads the browser.

A save of one article shows its page at once (dev/quick.py), rendered from memory, while
the build runs; the build then replaces it, and the browser reloads again only when the
built page differs. Builds run in their own thread, so a save made while one runs gets its
quick page at once too; that page stays until a build that started after the save.

The live-reload script (livereload.js, beside this module) is added by this server to
HTML responses only, so built sites never carry it. When a save breaks the build, the
previous output stays served and the browser shows the `path:line: message` problems in
an overlay until fixed.
"""

from __future__ import annotations

import errno
import functools
import http.server
import json
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

from helpcenter.build.defaults import default_cache_dir
from helpcenter.build.pipeline import build
from helpcenter.dev.quick import quick_page, saved_article
from helpcenter.dev.state import BuildState
from helpcenter.errors import BuildFailed

RELOAD_SCRIPT = "/__helpcenter/live.js"
EVENTS = "/__helpcenter/events"
STATUS = "/__helpcenter/status"


def rebuild(
    content_dir: Path, out_dir: Path, state: BuildState, theme: Path | None = None, *, prime: bool = False
) -> bool:
    """Build, then tell the browser. `prime`: a build only for what the quick page renders
    from (after a start with nothing to build): the site on disk stays as it is, no reload."""
    started = time.perf_counter()
    seen = state.changes  # this build reads every file saved before it
    try:
        # the cache makes a save rebuild only what depends on the saved file
        cache_dir = default_cache_dir(out_dir)
        result = build(content_dir, out_dir, theme=theme, cache_dir=cache_dir, render_inputs=prime)
    except BuildFailed as exc:
        state.quick = None
        print(exc.report.render("text"), flush=True)
        print(f"error: {exc} — fix the file and save; the browser shows the problems", flush=True)
        state.publish([p.as_dict() for p in exc.report.sorted() if not p.warning])
        return False
    except BaseException:
        state.quick = None
        raise
    elapsed = time.perf_counter() - started
    if prime:  # not "rebuilt": nothing was (and bench/serve.py counts those lines)
        print(f"ready to show saved articles at once ({elapsed:.2f}s)", flush=True)
    else:
        print(f"rebuilt {result.articles} articles in {elapsed:.2f}s", flush=True)
    if result.rendered_from is not None:
        state.rendered_from = result.rendered_from
    if prime and result.written == 0:
        return True
    quick, newer = state.take_quick(seen)
    built = out_dir / quick.rel if quick is not None else None
    same = quick is not None and built is not None and built.is_file() and built.read_bytes() == quick.html
    stays = quick is not None and (newer or same)
    state.publish([], keep=["/" + quick.rel.removesuffix("index.html")] if stays and quick is not None else None)
    return True


def show_quick(content_dir: Path, state: BuildState, changes: Iterable[tuple[object, str]]) -> None:
    """Before building: when the save is one article's, serve its page rendered at once."""
    state.changes += 1
    saved = saved_article(changes, content_dir)
    rendered_from = state.rendered_from
    if saved is None or rendered_from is None:
        return
    started = time.perf_counter()
    try:
        page = quick_page(content_dir, rendered_from, saved)
    except Exception:  # e.g. a template's mistake: the build reports it, with its line
        return
    if page is None:
        return
    state.show(page, state.changes)
    print(f"showing {page.rel} in {time.perf_counter() - started:.2f}s; building the rest", flush=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == RELOAD_SCRIPT:
            return self._send(live_script(), "text/javascript; charset=utf-8")
        if path == STATUS:
            return self._send(json.dumps(self.state.snapshot()).encode(), "application/json")
        if path == EVENTS:
            return self._events(_since(self.path))
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        quick = self.state.quick
        if quick is not None and target == Path(self.directory) / quick.rel:
            return self._send(inject(quick.html), "text/html; charset=utf-8")
        if target.suffix == ".html" and target.is_file():
            return self._send(inject(target.read_bytes()), "text/html; charset=utf-8")
        if not target.exists():  # like a static host: the site's own 404 page, with status 404
            page = Path(self.directory) / "404.html"
            if page.is_file():
                return self._send(inject(page.read_bytes()), "text/html; charset=utf-8", 404)
        return super().do_GET()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, since: int | None) -> None:
        """Server-sent events: one message per finished build, from the version the page
        last saw (`?since=`), so one published while it connected is sent too."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = self.state.version if since is None else since
        try:
            while True:
                news = self.state.wait_newer(version, timeout=15)
                if news is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    version = news["version"]
                    self.wfile.write(f"data: {json.dumps(news)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def _since(path: str) -> int | None:
    value = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("since", [""])[0]
    return int(value) if value.isdigit() else None


@functools.cache
def live_script() -> bytes:
    """livereload.js, shipped in this package beside this module (not in the theme: a
    built site must never load it)."""
    return files("helpcenter.dev").joinpath("livereload.js").read_bytes()


def inject(html: bytes) -> bytes:
    # no service worker in the preview: its copies would outlive the next save
    html = re.sub(rb' data-sw="[^"]*"', b"", html, count=1)
    tag = f'<script type="module" src="{RELOAD_SCRIPT}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class PortUnavailable(Exception):
    """The preview cannot listen on the port asked for: a usage error, said in one line."""


def make_server(out_dir: Path, state: BuildState, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"state": state})
    try:
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(out_dir))
        )
    except OSError as exc:
        raise PortUnavailable(_why(port, exc)) from None
    server.daemon_threads = True
    return server


def _why(port: int, exc: OSError) -> str:
    free = next_free_port(port + 1)
    instead = f": use --port {free}, which is free" if free else ": use --port with another number"
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is already in use (another helpcenter serve, or another server){instead}"
    if exc.errno == errno.EACCES:
        return f"port {port} needs administrator rights{instead}"
    return f"cannot listen on 127.0.0.1:{port} ({exc.strerror}){instead}"


def next_free_port(start: int, tries: int = 50) -> int | None:
    """The first port from `start` that 127.0.0.1 can listen on now."""
    for port in range(start, min(start + tries, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return None


def watch(
    content_dir: Path, out_dir: Path, state: BuildState, stop: threading.Event, theme: Path | None = None
) -> None:
    from watchfiles import watch as watch_files

    roots = [content_dir] + [p for p in (content_dir.parent / "theme", theme) if p is not None and p.is_dir()]
    wanted = threading.Event()
    builder = threading.Thread(target=_builder, args=(content_dir, out_dir, state, stop, wanted, theme), daemon=True)
    builder.start()
    for changes in watch_files(*roots, stop_event=stop, debounce=50, step=25):
        show_quick(content_dir, state, changes)
        wanted.set()


def _builder(
    content_dir: Path,
    out_dir: Path,
    state: BuildState,
    stop: threading.Event,
    wanted: threading.Event,
    theme: Path | None,
) -> None:
    """One build at a time, each after the changes seen so far; saves made during a build are
    built by the next one (and shown meanwhile by their quick page). A start with nothing to
    build left nothing for quick pages to render from: one build makes it, at once."""
    if state.rendered_from is None and not stop.is_set():
        rebuild(content_dir, out_dir, state, theme, prime=True)
    while not stop.is_set():
        if wanted.wait(timeout=0.2):
            wanted.clear()
            rebuild(content_dir, out_dir, state, theme)


def serve(content_dir: Path, out_dir: Path, port: int, theme: Path | None = None) -> None:
    state = BuildState()
    server = make_server(out_dir, state, port)  # before building: a busy port is said at once
    try:
        rebuild(content_dir, out_dir, state, theme)
    except BaseException:
        server.server_close()
        raise
    out_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(content_dir, out_dir, state, stop, theme), daemon=True)
    watcher.start()
    print(f"serving {content_dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
