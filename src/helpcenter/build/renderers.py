"""The page renderer a build renders with: the one the build before made in this process
(`helpcenter serve` builds again and again), with the articles whose sources changed
swapped in, when everything else every page renders from is the same; else a new one.

A new renderer lists the whole site again (each category's sorted articles, every
article by key and place, the translations): 0.06 s at 10,000 articles, for every save.
An article is a function of its source (its file and the snippets it includes) and of
what the world part signs (config, theme, strings, assets, roster), so an article whose
source is unchanged renders the same from the previous build's object.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.build.collector import in_last_build
from helpcenter.build.signatures import Signer
from helpcenter.model import Site

if TYPE_CHECKING:
    from helpcenter.render.pages import PageRenderer, RenderInputs

Key = tuple[str, str, str]

# Beyond this many changed articles, a new renderer costs less than swapping each one in.
MOST_SWAPPED = 16

_last: list = []  # [what the renderer was made for, the renderer, each article's source then]


def renderer_for(inputs: RenderInputs, world_part: str, signer: Signer) -> PageRenderer:
    """A renderer of `inputs`, whose theme, strings, assets and roster `world_part` signs."""
    from helpcenter.render.pages import PageRenderer

    if in_last_build():  # no build after this one to take it again
        return PageRenderer(inputs)
    site = inputs.site
    paths = tuple(map(attrgetter("path"), site.articles))
    shape = (inputs.theme_dirs, inputs.compiled, world_part, site.static_files, paths)
    get = signer.sources.get
    sources = [get(key, "") for key in map(attrgetter("source_key"), site.articles)]
    renderer = _swapped(shape, site, sources, inputs.related)
    if renderer is None:
        renderer = PageRenderer(inputs)
    _last[:] = [shape, renderer, sources]
    return renderer


def _swapped(
    shape: tuple[tuple[Path, ...], Path | None, str, tuple[str, ...], tuple[str, ...]],
    site: Site,
    sources: list[str],
    related: dict[Key, list[Key]],
) -> PageRenderer | None:
    if not _last or _last[0] != shape:
        return None
    renderer: PageRenderer = _last[1]
    before: list[str] = _last[2]
    changed = [i for i, (old, new) in enumerate(zip(before, sources)) if old != new or not new]
    if len(changed) > MOST_SWAPPED:
        return None
    for i in changed:
        renderer = renderer.with_article(renderer.site.articles[i], site.articles[i])
    return renderer.with_related(related)


def given_related(renderer: PageRenderer, related: dict[Key, list[Key]]) -> PageRenderer:
    """`renderer` (the last renderer_for made) with `related`, which came in meanwhile; the
    one a next build or a quick page takes again."""
    swapped = renderer.with_related(related)
    if _last and _last[1] is renderer:
        _last[1] = swapped
    return swapped


def last_made(inputs: RenderInputs) -> PageRenderer | None:
    """The renderer renderer_for last returned, when it renders `inputs` (the preview's
    quick pages render with the build's own, not a new one listing the site again)."""
    return _last[1] if _last and _last[1].inputs is inputs else None


def forget() -> None:
    """No renderer to take again (tests; a process done with its builds)."""
    _last.clear()
