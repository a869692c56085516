"""`pip install .` (not editable) ships the theme and the sample content inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from helpers import ROOT


def test_installed_wheel_builds_the_bundled_and_other_content(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("helpcenter-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "helpcenter/theme/templates/base.html" in names
    assert "helpcenter/sample_content/site.toml" in names
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "CI": "1"}
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "helpcenter.cli", *args], cwd=work, env=env, capture_output=True, text=True
    )
    where = subprocess.run(
        [sys.executable, "-c", "import helpcenter; print(helpcenter.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        cwd=work,
    ).stdout
    assert where.startswith(str(target)), where
    assert run("init", ".").returncode == 0
    built = run("build")
    assert built.returncode == 0, built.stderr
    assert (work / "site" / "zh" / "transfers" / "pending-transfer" / "index.html").is_file()
    other = run("build", "--content", str(ROOT / "tests" / "fixtures" / "mini"), "--out", "mini")
    assert other.returncode == 0, other.stderr
    assert "/assets/style.css" in (work / "mini" / "en" / "index.html").read_text()
