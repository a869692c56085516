"""What a build returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from helpcenter.errors import Report
from helpcenter.model import Site

if TYPE_CHECKING:
    from helpcenter.render.pages import RenderInputs


@dataclass(frozen=True)
class BuildResult:
    site: Site | None  # None when nothing changed and the site model was not loaded
    report: Report  # warnings only: a build with errors raises BuildFailed
    articles: int
    pages: int
    written: int  # output files written by this build (all of them unless incremental)
    cache_warnings: tuple[str, ...] = ()  # an unusable cache: the build went on without it
    rendered_from: RenderInputs | None = None  # what its pages were rendered from (None: none rendered)
