"""Every file of the site with a signature of its inputs, and the writing of those whose
signature changed since the previous build (or all of them, without a cache)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.build.cache import BuildCache
from helpcenter.build.page_plan import PagePlan, page_signature, site_shape
from helpcenter.build.progress import Progress, silent
from helpcenter.build.publish import Stage
from helpcenter.build.signatures import Signer
from helpcenter.build.state import Kept, Output, PagesState, search_part
from helpcenter.errors import BuildFailed, Report
from helpcenter.model import Site
from helpcenter.support.notices import Notice
from helpcenter.support.stage import Support

if TYPE_CHECKING:  # Jinja and Whoosh load only when a build renders or indexes
    from helpcenter.build.early import Started
    from helpcenter.render.pages import Page, PageRenderer, RenderInputs
    from helpcenter.search.results import KeepAt, LanguageIndex
    from helpcenter.search.stage import Previous


NOTICES_KIT = "notices-kit"  # the cache part: a Site of the articles the notices pages show (notice_path)


@dataclass(frozen=True)
class Checked:
    site: Site
    support: Support | None
    report: Report
    notices: tuple[Notice, ...] = ()
    built_at: dt.datetime | None = None  # the notices page lists those active at this instant


def publish(
    checked: Checked,
    content_dir: Path,
    dirs: tuple[Path, ...],
    stage: Stage,
    cache: BuildCache,
    jobs: int,
    progress: Progress = silent,
    started: Started | None = None,
) -> tuple[int, int]:
    """Write every output file whose inputs changed; returns (pages, files written)."""
    from helpcenter.content.static import check_collision
    from helpcenter.render.page_writer import Pending, write_files

    pages = written = 0
    # every file to write, at the end, in worker processes when there are many: making a
    # file and its folder is system time (0.4 ms each on ext4 on a large disk), and the
    # 20,000 Markdown copies and search files of 10,000 articles, written here, left the
    # other core idle
    pending: Pending = []
    seen: set[str] = set()
    collisions = Report()
    for offered in outputs(checked, content_dir, dirs, stage, cache, jobs, progress, started):
        if isinstance(offered, Kept):
            for rel in seen.intersection(offered.rels):
                check_collision(content_dir, rel, collisions)
            seen.update(offered.rels)
            pages += len(offered.rels) if offered.is_page else 0
            before = cache.previous.outputs  # signed as before, for the next build too
            cache.state.outputs.update({rel: before[rel] for rel in offered.rels})
            continue
        rel, sig, make, is_page = offered
        if rel in seen:  # a static file of the content folder where the build generates one
            check_collision(content_dir, rel, collisions)
        seen.add(rel)
        pages += is_page
        same = cache.unchanged(rel, sig)  # also records the signature for the next build
        if stage.incremental and same:
            continue
        pending.append((rel, make))
        written += 1
    if collisions.problems:
        raise BuildFailed(collisions, False)
    write_files(pending, stage, jobs, progress)
    stage.remove(cache.removed_outputs())
    return pages, written


def previous_search(cache: BuildCache, incremental: bool) -> Previous:
    """What the search stage may reuse of the previous build, from the cache."""
    from helpcenter.search.stage import Previous

    def load_index(lang: str) -> LanguageIndex | None:
        from helpcenter.search.results import LanguageIndex

        index = cache.load_part(search_part(lang))
        return index if isinstance(index, LanguageIndex) else None

    def keep_at(lang: str, stamp: str) -> KeepAt | None:
        from helpcenter.search.results import KeepAt

        part = cache.part_elsewhere(search_part(lang), staged=True)  # in place once the build gets there
        return KeepAt(*part, stamp) if part is not None else None

    return Previous(
        cache.previous.search, cache.previous.outputs, incremental, load_index, cache.previous_article, keep_at
    )


def outputs(
    checked: Checked,
    content_dir: Path,
    dirs: tuple[Path, ...],
    stage: Stage,
    cache: BuildCache,
    jobs: int,
    progress: Progress = silent,
    started: Started | None = None,
) -> Iterator[Output | Kept]:
    """Every file of the site as (path, signature of its inputs, how to make it, is a page),
    or as the previous build left it (Kept)."""
    from helpcenter.build.renderers import given_related, renderer_for
    from helpcenter.render.notices import notice_outputs
    from helpcenter.render.offline import service_worker
    from helpcenter.render.theme import collect_assets, load_strings, theme_signature
    from helpcenter.search.stage import search_outputs

    site = checked.site
    signer = cache.signer()
    previous = previous_search(cache, stage.incremental)
    keep = cache.directory is not None
    indexed, patched, planned = (started.indexed, started.patched, started.planned) if started else ({}, {}, {})
    assets = collect_assets(dirs)
    for name, asset in assets.items():
        yield Output(f"assets/{name}", asset.version, _given(asset.data), False)
    worker = service_worker(site.config, dirs, assets)
    if worker is not None:
        yield Output("sw.js", _digest(worker.encode()), _given(worker), False)
    for rel in site.static_files:
        data = (content_dir / rel).read_bytes()
        yield Output(rel, _digest(data), _given(data), False)
    if checked.support is not None:
        text = support_json(checked.support)
        yield Output("support.json", _digest(text.encode()), _given(text), False)
    strings = load_strings(dirs, site.config.languages)
    # What every page is made from, at once; with the articles' URLs and faces, the site's shape
    world_part = signer(
        (
            theme_signature(dirs),
            site.config,
            checked.support,
            strings,
            sorted((n, a.version) for n, a in assets.items()),
        )
    )
    before = cache.previous if stage.incremental else None
    plan = PagePlan.of(
        site_shape(world_part, site),
        before.pages if before is not None else None,
        cache.previous.outputs,
        cache.state.articles,
        before.articles if before is not None else {},
    )
    site_files: list[str] = []
    if plan.before is None:
        for output in site_outputs(site, strings):
            site_files.append(output.rel)
            yield output
    yield from article_copies(site, signer, plan)
    # all of the above, and the renderer (which lists the whole site: 0.1-0.2 s at 10,000
    # articles), is made while an edit's search patch is still made in a child
    # (stage.start_edit): its files are asked for next, then its related articles
    renderer = renderer_for(page_inputs(checked, dirs, cache, {}, strings, assets), world_part, signer)
    search = yield from search_outputs(site, signer, previous, jobs, keep, progress, indexed, patched, planned)
    related = search.related
    renderer = given_related(renderer, related)
    cache.state.search = search.states
    for lang, index in search.indexes.items():  # saved before the manifest, which names them
        cache.save_part(search_part(lang), index)
    cache.rendered_from = renderer.inputs
    # notices change nothing else: their files are signed by their own bytes
    now = checked.built_at or dt.datetime.now(dt.UTC)
    if plan.before is None:  # else the kit saved before is this build's
        cache.save_part(NOTICES_KIT, renderer.notices_kit())  # for a build where only notices change
    yield from (Output(*o) for o in notice_outputs(site, checked.notices, now, renderer.notices_page, strings))
    if plan.before is None:
        for output in hosting_outputs(site, renderer, strings):
            site_files.append(output.rel)
            yield output
    else:
        site_files = list(plan.before.site_files)
        yield Kept(plan.before.site_files, False)
    rels: list[str] = []
    if plan.before is not None:  # the same pages: only some articles' own pages may differ
        redo = plan.pages_to_sign(site, related, cache.previous.search)
        rels = list(plan.before.rels)
        yield Kept(tuple(rel for rel in rels if rel not in redo), True)
        for rel, article in redo.items():
            page = renderer.article_page(renderer.by_key[article.key])  # its object: picks compare identity
            yield Output(rel, page_signature(world_part, page, signer.sources), _render(renderer, page), True)
    else:
        tokens: dict[int, bytes] = {}  # each article's part of a page signature, made once per build
        for page in renderer.pages():
            rels.append(page.rel)
            sig = page_signature(world_part, page, signer.sources, tokens)
            yield Output(page.rel, sig, _render(renderer, page), True)
    cache.state.pages = PagesState(tuple(rels), plan.shape, tuple(site_files))
    for lang, written in search.staged.items():  # written by the process that patched it, meanwhile
        if written():  # else the part stands as the build before left it: the next build indexes afresh
            cache.commit_part(search_part(lang))


def page_inputs(
    checked: Checked,
    dirs: tuple[Path, ...],
    cache: BuildCache,
    related: dict,
    strings: dict[str, dict[str, dict[str, str]]] | None = None,
    assets: dict | None = None,
) -> RenderInputs:
    """What every page renders from (the strings and theme assets read when not given)."""
    from helpcenter.render.pages import RenderInputs
    from helpcenter.render.theme import collect_assets, load_strings

    return RenderInputs(
        site=checked.site,
        theme_dirs=dirs,
        strings=strings if strings is not None else load_strings(dirs, checked.site.config.languages),
        assets=assets if assets is not None else collect_assets(dirs),
        support=checked.support,
        related=related,
        compiled=cache.directory / "templates" if cache.directory is not None else None,
    )


def site_outputs(site: Site, strings: dict[str, dict[str, dict[str, str]]]) -> Iterator[Output]:
    """sitemap.xml, robots.txt and /llms.txt, each signed by its text."""
    from helpcenter.render.machine import llms_txt
    from helpcenter.render.sitemap import robots, sitemap

    for name, text in (
        ("sitemap.xml", sitemap(site)),
        ("robots.txt", robots(site)),
        ("llms.txt", llms_txt(site, strings)),
    ):
        yield Output(name, _digest(text.encode()), _given(text), False)


def article_copies(site: Site, signer: Signer, plan: PagePlan) -> Iterator[Output | Kept]:
    """Each article's Markdown copy, signed by what it is made from (the article's file and
    snippets, its URL and the base URL): a copy is made only when written. With the site's
    shape unchanged, only the copies of changed sources are signed again."""
    from helpcenter.render.machine import COPY, markdown_copy

    config = site.config
    kept = []
    for article in site.articles:
        rel = article.path + COPY
        if plan.before is not None and article.source_key not in plan.changed and rel in plan.signatures:
            kept.append(rel)
            continue
        inputs = f"{config.base_url}\0{article.path}\0{signer.sources.get(article.source_key, '')}"
        yield Output(rel, _digest(inputs.encode()), partial(markdown_copy, article, config), False)
    yield Kept(tuple(kept), False)


def hosting_outputs(site: Site, renderer: PageRenderer, strings: dict) -> Iterator[Output]:
    """Redirect pages of old URLs, `_redirects`, `_headers` and the URL manifest: each signed
    by its own bytes (they are small, and cheap to make again)."""
    from helpcenter.render.hosting import headers_file
    from helpcenter.render.manifest import MANIFEST, manifest
    from helpcenter.render.redirects import redirect_pages, redirects_file

    files = [*redirect_pages(site, renderer.render, strings, renderer.asset("favicon.svg"))]
    files += [("_redirects", redirects_file(site)), ("_headers", headers_file(site.config))]
    files.append((MANIFEST, manifest(site)))
    for rel, text in files:
        yield Output(rel, _digest(text.encode()), _given(text), False)


def support_json(support: Support) -> str:
    return json.dumps(support.json, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _given(data: bytes | str) -> Callable[[], bytes | str]:
    return lambda: data


def _render(renderer: PageRenderer, page: Page) -> Callable[[], str]:
    return lambda: renderer.render(page.template, page.context())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
