"""Helpers for the quality-gate tests (accessibility, valid HTML, hostile input, nothing
lost): the npm tools and Java they need, a digest of a built site, the hostile payloads.

Tools that are missing skip a test locally but fail it in CI (`CI` set), like the
`browser` fixture: `.ci/run` must install them (`npm ci`, a JRE).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
    """Temporary folders a build left beside `out_dir` (staged output or the swapped-out old site)."""
    prefix = f".{out_dir.name}."
    if not out_dir.parent.is_dir():
        return []
    return sorted(p.name for p in out_dir.parent.iterdir() if p.name.startswith(prefix))


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
