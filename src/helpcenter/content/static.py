"""Static files from the content folder (images, PDFs …) are published as they are, under
the site's own origin, where the Content-Security-Policy (`default-src 'self'`) trusts
them. Two rules keep a writer's file from becoming a script the site runs:

- unless site.toml says `raw_html = true` (every writer trusted), files browsers execute
  are refused: HTML and XHTML pages, JavaScript, SVG and XML (both may hold scripts that
  run when the file is opened by its URL);
- a file whose output path is one the build generates (a theme script, a search shard, an
  article's page) is an error: generated files win, and a writer learns why.
"""

from __future__ import annotations

from pathlib import Path

from helpcenter.content.sources import FIX_ACCESS
from helpcenter.errors import Report
from helpcenter.model import Site

ACTIVE = {
    ".html": "an HTML page runs the scripts it holds",
    ".htm": "an HTML page runs the scripts it holds",
    ".xhtml": "an XHTML page runs the scripts it holds",
    ".js": "a script in the site's own origin is one every page is allowed to run",
    ".mjs": "a script in the site's own origin is one every page is allowed to run",
    ".svg": "an SVG image opened by its URL runs the scripts it holds",
    ".xml": "an XML file opened by its URL can run scripts (as XHTML or through a stylesheet)",
}


def check_active_files(content_dir: Path, site: Site, report: Report) -> None:
    """With raw_html = false, static files that browsers run are errors at `path:1`."""
    if site.config.raw_html:
        return
    for rel in site.static_files:
        why = ACTIVE.get(Path(rel).suffix.lower())
        if why is not None:
            report.error(
                content_dir / rel,
                1,
                f"'{Path(rel).name}' would be published as it is, and {why}: convert it (an SVG to PNG, "
                "a page to a Markdown article) or, if every writer is trusted, set raw_html = true in site.toml",
            )


def check_readable(content_dir: Path, site: Site, report: Report) -> None:
    """A static file the build could not copy is an error now, not a crash when publishing."""
    for rel in site.static_files:
        try:
            with (content_dir / rel).open("rb"):
                pass
        except OSError as exc:
            report.error(content_dir / rel, 1, f"cannot read this file ({exc.strerror}): {FIX_ACCESS}")


def check_collision(content_dir: Path, rel: str, report: Report) -> None:
    """`rel`, a static file, has the output path of a file the build generates."""
    report.error(
        content_dir / rel,
        1,
        f"this file would be published as '{rel}', which the build generates (a theme file, search data "
        "or a page): move or rename it",
    )
