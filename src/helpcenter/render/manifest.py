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
import weakref
from pathlib import Path

from helpcenter.config.options import decode
from helpcenter.content.aliases import page_file
from helpcenter.errors import Problem, Report, SourceError
from helpcenter.model import Article, Site

MANIFEST = "urls.txt"
SPECIAL_PAGES = ("search", "verify", "notices")  # /<lang>/<page>/ on every site


Owner = str | Article  # what publishes a file: a page described, or the article whose page it is


def page_urls(site: Site) -> dict[str, Owner]:
    """Output file -> what publishes it, for every page and static file (not redirects)."""
    return dict(_of(site)[0])


def describe(owner: Owner) -> str:
    """An owner in words: an article by its file, as a problem shows it."""
    return _Shown()(owner.source_key) if isinstance(owner, Article) else owner


def urls(site: Site) -> list[str]:
    """Every URL path the site publishes for visitors, aliases included, sorted."""
    return list(_of(site)[1])


_last: tuple[weakref.ref[Site], tuple[dict[str, Owner], list[str]]] | None = None


def _of(site: Site) -> tuple[dict[str, Owner], list[str]]:
    """page_urls and urls of `site`, made once: a build asks for them three times (aliases,
    vanished URLs, the manifest), a pass over every article each."""
    global _last
    last = _last  # read once: a preview's build thread may replace it
    if last is None or last[0]() is not site:
        taken = _page_urls(site)
        files = [rel for rel in taken if rel != "404.html"]
        files += [page_file(alias.path) for article in site.articles for alias in article.aliases]
        last = _last = (weakref.ref(site), (taken, sorted({"/" + _url(rel) for rel in files})))
    return last[1]


def _page_urls(site: Site) -> dict[str, Owner]:
    config = site.config
    taken: dict[str, Owner] = {"index.html": "the language chooser (/)", "404.html": "the 'page not found' page"}
    for lang in config.languages:
        taken[f"{lang}/index.html"] = f"the {lang} home page"
        for category in config.categories:
            taken[f"{lang}/{category.id}/index.html"] = f"the {lang} '{category.id}' category page"
        for page in SPECIAL_PAGES:
            taken[f"{lang}/{page}/index.html"] = f"the {lang} {page} page"
        taken[f"{lang}/notices.xml"] = f"the {lang} notices feed"
    for article in site.articles:  # described only in a problem: a site has thousands
        taken[article.path + "index.html"] = article
    for rel in site.static_files:
        taken[rel] = f"the file content/{rel}"
    return taken


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
    candidate = _Candidates(site.articles)
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url.startswith("/") or url in current:
            continue
        report.warn(
            previous,
            number,
            f"{url} was published and this build drops it: links to it in e-mails, apps and bookmarks "
            f"would break. Add it to the front matter of the article that replaces it, as "
            f"aliases: [{url}]{candidate(url)}",
            line,
        )


class _Candidates:
    """' (perhaps content/en/security/x.md)': the article of a URL's language whose file name
    is its last segment, or else the closest one. A close match compares the name with every
    article of the language: only the first SEARCHES are looked for, so that a site that
    drops thousands of URLs at once (a category renamed) is told so in seconds, not hours."""

    SEARCHES = 50

    def __init__(self, articles: tuple[Article, ...]):
        self.articles = articles
        self.slugs: dict[str, dict[str, Article]] | None = None  # made for the first URL dropped
        self.searches = self.SEARCHES
        self.shown = _Shown()

    def __call__(self, url: str) -> str:
        parts = [p for p in url.split("/") if p]
        if not parts:
            return ""
        if self.slugs is None:
            self.slugs = {}
            for each in self.articles:
                self.slugs.setdefault(each.lang, {})[each.slug] = each
        names = self.slugs.get(parts[0], {})
        name = parts[-1].removesuffix(".html")
        article = names.get(name)  # what a close match would find first
        if article is None and self.searches > 0:
            self.searches -= 1
            close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
            article = names[close[0]] if close else None
        return f" (perhaps {self.shown(article.source)})" if article is not None else ""


def _url(rel: str) -> str:
    return rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel


class _Shown:
    """An article file as problems show it (from the current folder); outside it,
    <lang>/<category>/<file>. The current folder is looked up once: a site has thousands."""

    def __init__(self) -> None:
        self.cwd = os.path.join(os.getcwd(), "")

    def __call__(self, path: Path | str) -> str:
        text = str(path)
        if text.startswith(self.cwd):
            text = text[len(self.cwd) :]
        elif os.path.isabs(text):
            return "/".join(Path(path).parts[-3:])
        segments = f"/{text}/"
        if text.isascii() and "/./" not in segments and "/../" not in segments and "//" not in text:
            return text  # what os.path.relpath would give
        return self._slow(Path(path))

    def _slow(self, path: Path) -> str:
        shown = Problem(path, 1, "").display_path()
        return "/".join(path.parts[-3:]) if Path(shown).is_absolute() else shown
