"""build(): the stages of a build, in order, one named call each (MkDocs' build())."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .audit import audit
from .cache import BuildCache, Signer, salt, signature
from .config import load_config
from .content import load_site, static_files
from .errors import BuildFailed, Report
from .model import Site
from .output import Stage, staged
from .progress import Progress, silent
from .render import PageRenderer, RenderInputs, theme_signature
from .search_build import build_search
from .sitemap import robots, sitemap
from .support import load_support
from .theme import collect_assets, load_strings, theme_dirs

CACHE_DIR = ".helpcenter-cache"


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
    written: int  # output files written by this build (all of them unless incremental)


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so two builds of one input are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def check(content_dir: Path, *, base_url: str | None = None, strict: bool = False,
          jobs: int | None = None, now: dt.datetime | None = None, audits: bool = False,
          cache: BuildCache | None = None, progress: Progress = silent) -> Checked:
    """Load and validate everything a build would, writing nothing. Raises BuildFailed.

    `audits` adds what only `helpcenter check` reports: unofficial contact points,
    images without alt text, missing translations and orphan articles.
    """
    report = Report()
    config = load_config(content_dir, report, base_url)
    if config is None:
        raise BuildFailed(report, strict)
    support = load_support(content_dir, report, now or build_time())
    site = load_site(content_dir, config, report, jobs or default_jobs(), cache, progress)
    if audits:
        audit(site, report)
    if report.failed(strict):
        raise BuildFailed(report, strict)
    return Checked(site, support, report)


def build(content_dir: Path, out_dir: Path, *, base_url: str | None = None, strict: bool = False,
          theme: Path | None = None, jobs: int | None = None, now: dt.datetime | None = None,
          cache_dir: Path | None = None, progress: Progress = silent) -> BuildResult:
    """Build `content_dir` into `out_dir`. With a `cache_dir`, a build redoes only what
    depends on what changed; its output is byte-identical to a cold build's."""
    now = now or build_time()
    jobs = jobs or default_jobs()
    dirs = theme_dirs(content_dir, theme)
    cache = open_cache(content_dir, out_dir, base_url, dirs, cache_dir)
    try:
        checked = check(content_dir, base_url=base_url, strict=strict, jobs=jobs, now=now, cache=cache,
                        progress=progress)
        with staged(out_dir, incremental=cache.reusable_output(out_dir)) as stage:
            pages, written = publish(checked, content_dir, dirs, stage, cache, jobs, progress)
    except BaseException:
        cache.forget()
        raise
    cache.save(out_dir)
    return BuildResult(checked.site, checked.report, pages, written)


def open_cache(content_dir: Path, out_dir: Path, base_url: str | None, dirs: tuple[Path, ...],
               cache_dir: Path | None) -> BuildCache:
    directory = None
    if cache_dir is not None:
        key = hashlib.sha256(f"{content_dir.absolute()}\0{out_dir.absolute()}".encode()).hexdigest()[:16]
        directory = cache_dir / key
    return BuildCache(directory, salt(base_url, [str(d.absolute()) for d in dirs]))


def default_cache_dir(out_dir: Path) -> Path:
    return out_dir.absolute().parent / CACHE_DIR


def publish(checked: Checked, content_dir: Path, dirs: tuple[Path, ...], stage: Stage,
            cache: BuildCache, jobs: int, progress: Progress = silent) -> tuple[int, int]:
    """Write every output file whose inputs changed; returns (pages, files written)."""
    pages = written = 0
    expected = len(checked.site.articles) + len(checked.site.config.languages) * (len(checked.site.config.categories) + 3) + 2
    for rel, sig, make, is_page in outputs(checked, content_dir, dirs, stage, cache, jobs, progress):
        pages += is_page
        if is_page and pages % 200 == 0:
            progress("pages", pages, max(expected, pages + 1))
        same = cache.unchanged(rel, sig)  # also records the signature for the next build
        if stage.incremental and same:
            continue
        stage.write(rel, make())
        written += 1
    progress("pages", pages, pages)
    stage.remove(cache.removed_outputs())
    return pages, written


Output = tuple[str, str, Callable[[], bytes | str], bool]


def outputs(checked: Checked, content_dir: Path, dirs: tuple[Path, ...], stage: Stage,
            cache: BuildCache, jobs: int, progress: Progress = silent) -> Iterator[Output]:
    """Every file of the site as (path, signature of its inputs, how to make it, is a page)."""
    site = checked.site
    related = yield from search_outputs(site, cache, jobs, stage.incremental, progress)
    assets = collect_assets(dirs)
    for name, asset in assets.items():
        yield f"assets/{name}", asset.version, lambda a=asset: a.data, False
    for rel in static_files(content_dir):
        data = (content_dir / rel).read_bytes()
        yield rel.as_posix(), _digest(data), lambda d=data: d, False
    if checked.support is not None:
        text = json.dumps(checked.support.json, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        yield "support.json", _digest(text.encode()), lambda t=text: t, False
    for name, text in (("sitemap.xml", sitemap(site)), ("robots.txt", robots(site))):
        yield name, _digest(text.encode()), lambda t=text: t, False
    renderer = PageRenderer(RenderInputs(
        site=site, theme_dirs=dirs, strings=load_strings(dirs, site.config.languages),
        assets=assets, support=checked.support, related=related,
    ))
    signer = Signer({path: entry[2] for path, entry in cache.state.articles.items()})
    theme_sig = theme_signature(dirs)
    for rel, template, context in renderer.pages():
        sig = signer((theme_sig, template, context))
        yield rel, sig, lambda t=template, c=context: renderer.render(t, c), True


def search_outputs(site: Site, cache: BuildCache, jobs: int, incremental: bool, progress: Progress = silent):
    """The search index files; the index is rebuilt only when an article's text changed."""
    sources = {path: entry[2] for path, entry in cache.state.articles.items()}
    sig = signature(("search", site.config, site.articles), sources)
    memo = cache.previous.extra.get("search")
    if incremental and memo is not None and memo[0] == sig and all(rel in cache.previous.outputs for rel in memo[2]):
        related, files = memo[1], memo[2]
        for rel in files:
            yield rel, cache.previous.outputs[rel], _unavailable(rel), False
    else:
        with tempfile.TemporaryDirectory(prefix="helpcenter-search-") as tmp:
            progress("search", 0, 1)
            result = build_search(site, Path(tmp), jobs=jobs)
            progress("search", 1, 1)
            related, files = result.related, []
            for path in sorted(Path(tmp).rglob("*")):
                if path.is_file():
                    data = path.read_bytes()
                    rel = path.relative_to(tmp).as_posix()
                    files.append(rel)
                    yield rel, _digest(data), lambda d=data: d, False
    cache.state.extra["search"] = (sig, related, files)
    return related


def _unavailable(rel: str) -> Callable[[], bytes]:
    def make() -> bytes:  # only called if the previous output went missing, which reusable_output rules out
        raise RuntimeError(f"cached search file {rel} is missing; rebuild without the cache")
    return make


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
