"""Publishing helpers: the example CI workflow, and build progress output."""

from __future__ import annotations

import io

import yaml

from helpcenter.build.progress import Reporter
from helpers import ROOT


def test_example_workflow_checks_builds_deploys_and_rebuilds_weekly():
    flow = yaml.safe_load((ROOT / "examples" / "github-pages.yml").read_text())
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].split()[4] == "1"  # weekly
    steps = [step.get("run", "") for step in flow["jobs"]["check"]["steps"]]
    assert "helpcenter check --strict --format github --previous-urls live-urls.txt" in steps
    build = [step.get("run", "") for step in flow["jobs"]["build"]["steps"]]
    assert any(s.startswith("helpcenter build --strict") and s.endswith("--previous-urls live-urls.txt") for s in build)
    for job in ("check", "build"):  # the live site's manifest, fetched before it is compared with
        runs = [step.get("run", "") for step in flow["jobs"][job]["steps"]]
        fetched = next(i for i, run in enumerate(runs) if "/urls.txt -o live-urls.txt" in run)
        assert fetched < next(i for i, run in enumerate(runs) if "--previous-urls live-urls.txt" in run)
    cached = [step for step in flow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache")]
    assert cached and cached[0]["with"]["path"] == ".helpcenter-cache"  # where `build --out site` keeps it
    assert flow["jobs"]["deploy"]["needs"] == "build"


def test_ci_output_is_one_line_per_stage():
    out = io.StringIO()
    progress = Reporter(out, interactive=False)
    for done in range(0, 1001, 100):
        progress("markdown", done, 1000)
    progress("pages", 5, 5)
    progress.close()
    lines = out.getvalue().splitlines()
    assert [l.split(":")[0] for l in lines] == ["markdown", "pages"]
    assert "\r" not in out.getvalue()


def test_terminal_bar_appears_only_after_a_second():
    out = io.StringIO()
    progress = Reporter(out, interactive=True)
    progress("markdown", 10, 100)
    assert out.getvalue() == ""  # a fast build prints no bar
    progress.started -= 2
    progress.last_draw = 0
    progress("markdown", 50, 100)
    assert "[###############" in out.getvalue() and "50/100" in out.getvalue()
