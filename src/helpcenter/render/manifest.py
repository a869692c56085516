"""`urls.txt`: every URL a build publishes for people to visit, and the check that no URL the
previous build published vanishes without a redirect.

One path a line, below the site's base URL (`/en/transfers/pending/`), sorted: the same
spelling an `aliases:` entry uses, so a warning's URL can be copied into front matter.
Pages, static files and redirects are listed; assets, search data and the site's JSON
files are not (their names change with their bytes, and nobody links to them).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from helpcenter.config.options import decode
from helpcenter.content.aliases import page_file
from helpcenter.errors import Problem, Report, SourceError
from helpcenter.model import Article, Site

MANIFEST = "urls.txt"
SPECIAL_PAGES = ("search", "verify", "notices")  # /<lang>/<page>/ on every site


def page_urls(site: Site) -> dict[str, str]:
    """Output file -> what publishes it, for every page and static file (not redirects)."""
    config = site.config
    taken = {"index.html": "the language chooser (/)", "404.html": "the 'page not found' page"}
    for lang in config.languages:
        taken[f"{lang}/index.html"] = f"the {lang} home page"
        for category in config.categories:
            taken[f"{lang}/{category.id}/index.html"] = f"the {lang} '{category.id}' category page"
        for page in SPECIAL_PAGES:
            taken[f"{lang}/{page}/index.html"] = f"the {lang} {page} page"
        taken[f"{lang}/notices.xml"] = f"the {lang} notices feed"
    shown = _Shown()
    for article in site.articles:
        taken[article.path + "index.html"] = shown(article.source)
    for rel in site.static_files:
        taken[rel] = f"the file content/{rel}"
    return taken


def urls(site: Site) -> list[str]:
    """Every URL path the site publishes for visitors, aliases included, sorted."""
    files = [rel for rel in page_urls(site) if rel != "404.html"]
    files += [page_file(alias.path) for article in site.articles for alias in article.aliases]
    return sorted({"/" + _url(rel) for rel in files})


def manifest(site: Site) -> str:
    return "\n".join(urls(site)) + "\n"


def report_vanished(site: Site, previous: Path, report: Report) -> None:
    """Warn, at its line of the `previous` manifest, about each URL it lists that this build
    would no longer publish, with the front matter that keeps it working."""
    try:
        text = decode(previous.read_bytes(), previous)
    except SourceError as exc:
        report.add(exc.problem)
        return
    current = set(urls(site))
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url.startswith("/") or url in current:
            continue
        report.warn(
            previous,
            number,
            f"{url} was published and this build drops it: links to it in e-mails, apps and bookmarks "
            f"would break. Add it to the front matter of the article that replaces it, as "
            f"aliases: [{url}]{_candidate(url, site.articles)}",
            line,
        )


def _candidate(url: str, articles: tuple[Article, ...]) -> str:
    """' (perhaps content/en/security/x.md)': the article of the URL's language whose file
    name is closest to the URL's last segment."""
    parts = [p for p in url.split("/") if p]
    if not parts:
        return ""
    slugs = {a.slug: a for a in articles if a.lang == parts[0]}
    close = difflib.get_close_matches(parts[-1].removesuffix(".html"), list(slugs), n=1, cutoff=0.6)
    if not close:
        return ""
    article = slugs[close[0]]
    return f" (perhaps {_Shown()(article.source)})"


def _url(rel: str) -> str:
    return rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel


class _Shown:
    """An article file as problems show it (from the current folder); outside it,
    <lang>/<category>/<file>. The current folder is looked up once: a site has thousands."""

    def __init__(self) -> None:
        self.cwd = os.path.join(os.getcwd(), "")

    def __call__(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self.cwd):
            text = text[len(self.cwd) :]
        elif os.path.isabs(text):
            return "/".join(path.parts[-3:])
        segments = f"/{text}/"
        if text.isascii() and "/./" not in segments and "/../" not in segments and "//" not in text:
            return text  # what os.path.relpath would give
        return self._slow(path)

    def _slow(self, path: Path) -> str:
        shown = Problem(path, 1, "").display_path()
        return "/".join(path.parts[-3:]) if Path(shown).is_absolute() else shown
