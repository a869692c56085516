"""The preview's HTTP side: the built site as a static host serves it, with the live-reload
script added to HTML responses, the quick page (dev/quick.py) in place of its built file,
and the build's status and event stream for that script."""

from __future__ import annotations

import errno
import functools
import hashlib
import http.server
import json
import re
import socket
import urllib.parse
from importlib.resources import files
from pathlib import Path

from helpcenter.dev.state import BuildState

RELOAD_SCRIPT = "/__helpcenter/live.js"
EVENTS = "/__helpcenter/events"
STATUS = "/__helpcenter/status"


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == RELOAD_SCRIPT:  # named by its digest (inject): kept by the browser across reloads
            return self._send(live_script(), "text/javascript; charset=utf-8", cache="max-age=31536000, immutable")
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

    def _send(self, body: bytes, content_type: str, status: int = 200, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
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


@functools.cache
def live_script_url() -> str:
    # a reload while a build runs then needs one request of this server, not two
    return f"{RELOAD_SCRIPT}?v={hashlib.sha256(live_script()).hexdigest()[:10]}"


def inject(html: bytes) -> bytes:
    # no service worker in the preview: its copies would outlive the next save
    html = re.sub(rb' data-sw="[^"]*"', b"", html, count=1)
    tag = f'<script type="module" src="{live_script_url()}"></script>'.encode()
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
