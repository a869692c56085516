"""What tests share: where things are, building and serving a site, the npm tools and Java
the quality gates need, a digest of a built site, writing files, the hostile payloads.

Tools that are missing skip a test locally but fail it in CI (`CI` set), like the
`browser` fixture: `.ci/run` must install them (`npm ci`, a JRE).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpcenter.render.hosting import content_security_policy

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
MINI = FIXTURES / "mini"
GOLDEN = TESTS / "golden" / "mini"
CORPUS = TESTS / "corpus" / "bad_inputs"
SAMPLE_CONTENT = ROOT / "content"
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
CSP = content_security_policy()  # the header the site's _headers asks hosts to send
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]


def build_site(content_dir: Path, out_dir: Path, **options):
    """Build `content_dir` into `out_dir` (single process, as tests build small sites)."""
    options.setdefault("jobs", 1)
    return build(content_dir, out_dir, **options)


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # like a static host: unknown paths get the site's 404 page
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve_directory(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; returns (base URL, server)."""
    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class PageWatch:
    """Collects console errors, page errors and CSP violations of one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing(reason: str) -> None:
    """Skip locally, fail in CI: a quality gate must never pass by not running."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def axe_source() -> str:
    if not AXE.is_file():
        missing(f"axe-core not installed ({AXE.relative_to(ROOT)}): run `npm ci`")
    return AXE.read_text(encoding="utf-8")


def vnu_command() -> list[str]:
    if not VNU.is_file():
        missing(f"vnu-jar not installed ({VNU.relative_to(ROOT)}): run `npm ci`")
    java = shutil.which("java")
    if java is None or subprocess.run([java, "-version"], capture_output=True).returncode != 0:
        missing("java not found: the Nu HTML Checker needs a JRE (apt-get install -y default-jre-headless)")
    return [java, "-Xss16m", "-jar", str(VNU)]


def tree_digest(root: Path) -> str:
    """Names, kinds and bytes of every file below `root` (and the root's own mode)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_symlink():
            digest.update(b"L" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(b"F" + path.read_bytes())
        else:
            digest.update(b"D")
    return digest.hexdigest()


def leftovers(out_dir: Path) -> list[str]:
    """What a build left beside `out_dir` (a version not published, a link not switched, a
    temporary folder), besides the published version `out_dir` links to and the one spare
    version an incremental build keeps for the next (see build/publish.py)."""
    prefix = f".{out_dir.name}."
    if not out_dir.parent.is_dir():
        return []
    current = os.readlink(out_dir) if out_dir.is_symlink() else None
    names = [p.name for p in out_dir.parent.iterdir() if p.name.startswith(prefix) and p.name != current]
    spares = [name for name in names if name.startswith(f"{prefix}spare-")]
    assert len(spares) <= 1, f"more than one spare version: {spares}"
    return sorted(name for name in names if name not in spares)


def mini_with_roster(tmp_path: Path) -> Path:
    """The mini fixture site, copied, with the sample roster: a site every build stage runs on."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    shutil.copy(ROOT / "content" / "roster.toml", target / "roster.toml")
    return target


def sample_copy(tmp_path: Path) -> Path:
    """The sample content (snippets, translations, roster), copied: to edit in a test."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# -- hostile payloads ------------------------------------------------------------------------
# Each payload, if it ever ran, would set window.__pwned (checked after load) or need an
# inline script/handler/javascript: URL (reported by the CSP listener). `{{ 7*7 }}` and
# friends must come out as text: a template engine evaluating them would print 49.
TRAP = "window.__pwned=1"
PAYLOADS = [
    f"<script>{TRAP}</script>",
    f'"><script>{TRAP}</script>',
    f'\'><img src=x onerror="{TRAP}">',
    f"<img src=x onerror={TRAP}>",
    f'<svg onload="{TRAP}"><circle r=1 /></svg>',
    f"<svg><script>{TRAP}</script></svg>",
    f'<a href="javascript:{TRAP}">click</a>',
    f"javascript:{TRAP}",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f'<details open ontoggle="{TRAP}"><summary>x</summary></details>',
    f'<div style="background:url(javascript:{TRAP})" onmouseover="{TRAP}">hover</div>',
    f'<img src="x" alt="a" title="b" onerror="{TRAP}"',  # broken: never closed
    f"<a href='x' onclick='{TRAP}' \"unbalanced>broken attribute</a>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{TRAP}">',
    f"</script><script>{TRAP}</script><!--",
    "{{ 7*7 }} {% print 7*7 %} ${7*7} #{7*7} <%= 7*7 %>",
    f"\u202e<script>{TRAP}</script>\u200b\ufeff",
]
PLAIN = "{{ 7*7 }}"  # visible marker: it must appear literally, never as 49
