"""build(): the stages of a build, in order, one named call each (MkDocs' build())."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .audit import audit
from .config import load_config
from .content import load_site, static_files
from .errors import BuildFailed, Report
from .model import Site
from .output import staged
from .render import RenderInputs, render_pages
from .sitemap import robots, sitemap
from .support import load_support
from .theme import collect_assets, load_strings, theme_dirs


@dataclass(frozen=True)
class Checked:
    site: Site
    support: object | None
    report: Report


@dataclass(frozen=True)
class BuildResult:
    site: Site
    report: Report  # warnings only: a build with errors raises BuildFailed
    pages: int


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so two builds of one input are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def check(content_dir: Path, *, base_url: str | None = None, strict: bool = False,
          jobs: int | None = None, now: dt.datetime | None = None, audits: bool = False) -> Checked:
    """Load and validate everything a build would, writing nothing. Raises BuildFailed.

    `audits` adds what only `helpcenter check` reports: unofficial contact points,
    images without alt text, missing translations and orphan articles.
    """
    report = Report()
    config = load_config(content_dir, report, base_url)
    if config is None:
        raise BuildFailed(report, strict)
    support = load_support(content_dir, report, now or build_time())
    site = load_site(content_dir, config, report, jobs or default_jobs())
    if audits:
        audit(site, report)
    if report.failed(strict):
        raise BuildFailed(report, strict)
    return Checked(site, support, report)


def build(content_dir: Path, out_dir: Path, *, base_url: str | None = None, strict: bool = False,
          theme: Path | None = None, jobs: int | None = None, now: dt.datetime | None = None) -> BuildResult:
    now = now or build_time()
    checked = check(content_dir, base_url=base_url, strict=strict, jobs=jobs, now=now)
    dirs = theme_dirs(content_dir, theme)
    with staged(out_dir) as stage:
        search = index_search(checked.site, stage.root)
        assets = collect_assets(dirs)
        inputs = RenderInputs(
            site=checked.site,
            theme_dirs=dirs,
            strings=load_strings(dirs, checked.site.config.languages),
            assets=assets,
            support=checked.support,
            related=getattr(search, "related", {}),
            build_time=now,
        )
        pages = 0
        for rel, html in render_pages(inputs):
            stage.write(rel, html)
            pages += 1
        for name, asset in assets.items():
            stage.write(f"assets/{name}", asset.data)
        for rel in static_files(content_dir):
            stage.write(rel.as_posix(), (content_dir / rel).read_bytes())
        if checked.support is not None:
            stage.write("support.json", _json(checked.support.json))
        stage.write("sitemap.xml", sitemap(checked.site))
        stage.write("robots.txt", robots(checked.site))
    return BuildResult(checked.site, checked.report, pages)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def index_search(site: Site, out_dir: Path):
    return None
