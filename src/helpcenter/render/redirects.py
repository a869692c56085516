"""Old URLs (front matter `aliases:`) -> a redirect page at each, and `_redirects`.

The page works on any static host and under the strict Content-Security-Policy: a meta
refresh, a canonical link and a visible link to the article, `noindex`, no script. Hosts
that read `_redirects` (Netlify, Cloudflare Pages) answer with a real 301 instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import quote

from markupsafe import Markup

from helpcenter.content.aliases import page_file
from helpcenter.model import Site
from helpcenter.render.hosting import content_security_policy

Render = Callable[[str, dict[str, object]], str]
Strings = dict[str, dict[str, dict[str, str]]]


def redirect_pages(site: Site, render: Render, strings: Strings, icon: str | None) -> Iterator[tuple[str, str]]:
    """(output file, HTML) of every alias of every published article. `icon`: the site's
    icon, which the page names so that no browser asks for a /favicon.ico there is not."""
    config = site.config
    csp = Markup(content_security_policy(config, meta=True))
    for article in site.articles:
        for alias in article.aliases:
            context: dict[str, object] = {
                "lang": article.lang,
                "t": strings.get(article.lang, {}),
                "title": article.title,
                "target": config.base_path + article.path,
                "canonical": config.base_url + article.path,
                "csp": csp,
                "icon": icon,
            }
            yield page_file(alias.path), render("redirect.html", context)


def redirects_file(site: Site) -> str:
    """`_redirects`: one `/old/ /new/ 301` line per alias (paths percent-encoded)."""
    base = site.config.base_path
    lines = ["# Old URLs of moved articles (front matter aliases). Written by helpcenter build."]
    rules = sorted((alias.path, article.path) for article in site.articles for alias in article.aliases)
    lines += [f"{_url(base + old)} {_url(base + new)} 301" for old, new in rules]
    return "\n".join(lines) + "\n"


def _url(path: str) -> str:
    return quote(path, safe="/-._~!$&'()+,;=@")
