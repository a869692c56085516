"""A build never writes outside its output folder and its own temporary folder: with HOME,
TMPDIR and the XDG folders pointed at fresh folders, a cold build, a warm one after an edit
and a failed one change nothing but the output (the published link, its version, the build
cache beside it); the temporary folder, inside the output's parent, is gone at the end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import MINI, ROOT, write


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry below `root`: kind, bytes (files), target (links), mode and change time."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder, name)
            st = path.lstat()
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path), st.st_mode)
            elif path.is_file():
                found[rel] = ("file", path.read_bytes(), st.st_mode, st.st_mtime_ns, st.st_ctime_ns)
            else:
                found[rel] = ("dir", st.st_mode, st.st_mtime_ns)
    return found


def run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpcenter", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_build_writes_only_its_output(tmp_path):
    home, tmp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for folder in (home, tmp, work):
        folder.mkdir()
    content = work / "content"
    shutil.copytree(MINI, content)
    write(work / "notes.txt", "a file of the writer's, beside the content folder\n")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",  # Python's own .pyc files are not the build's writes
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "SOURCE_DATE_EPOCH": "1790000000",
    }
    parent = work / "public"
    steps = [
        ("cold", None, 0),
        ("warm after an edit", "\nOne more line.\n", 0),
        ("failed", "\n[broken](gone.md)\n", 1),
    ]
    for name, edit, status in steps:
        if edit is not None:
            article = content / "en" / "recovery" / "restore.md"
            article.write_text(article.read_text(encoding="utf-8") + edit, encoding="utf-8")
        before = {"home": snapshot(home), "tmp": snapshot(tmp), "work": snapshot(work)}
        result = run(work, env, "build", "--content", "content", "--out", "public/site", "--jobs", "2")
        assert result.returncode == status, f"{name}: {result.stderr}"
        assert "Traceback" not in result.stderr
        assert snapshot(home) == before["home"], f"{name}: the build wrote in HOME"
        assert snapshot(tmp) == before["tmp"], f"{name}: the build wrote in TMPDIR"
        after = snapshot(work)
        outside = {
            rel
            for rel in set(after) | set(before["work"])
            if not rel.startswith("public/") and after.get(rel) != before["work"].get(rel)
        }
        assert outside in (set(), {"public"}), f"{name}: the build changed {sorted(outside)}"
        beside = sorted(p.name for p in parent.iterdir())
        published = os.readlink(parent / "site")
        # and, after an incremental build, the version it replaced: the spare the next one recycles
        spares = [n for n in beside if n.startswith(".site.spare-")]
        assert len(spares) <= 1, f"{name}: {spares}"
        expected = sorted(["site", published, ".helpcenter-cache", *spares])
        assert beside == expected, f"{name}: {beside} beside the output"
