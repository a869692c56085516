"""What the site publishes of the notices: /notices.json (every notice; the banner decides
by the visitor's clock which to show), /<lang>/notices/ (active, planned and past as of the
build, for visitors without JavaScript) and /<lang>/notices.xml (an Atom feed).

These files are made from the notices alone, so adding a notice changes them and no
article page: pages never embed notices.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

from helpcenter.content.markdown import Renderer
from helpcenter.model import Site
from helpcenter.support.notices import Notice

Output = tuple[str, str, Callable[[], bytes | str], bool]


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rendered_bodies(site: Site, notices: tuple[Notice, ...]) -> dict[str, dict[str, str]]:
    """notice id -> language -> body HTML (Markdown, sanitised like an article's)."""
    renderer = Renderer(site.config.base_path, raw_html=False)
    return {
        n.id: {lang: renderer.render(text, (lang, "notices", n.id)).html for lang, text in n.body.items()}
        for n in notices
    }


def notices_json(notices: tuple[Notice, ...], html: dict[str, dict[str, str]]) -> str:
    data = {
        "notices": [
            {
                "id": n.id,
                "severity": n.severity,
                "starts": _iso(n.starts),
                "ends": _iso(n.ends),
                "title": n.title,
                "html": html[n.id],
                "categories": list(n.categories),
                "channels": list(n.channels),
                "replies_delayed_hours": n.replies_delayed_hours,
            }
            for n in notices
        ]
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def atom_feed(site: Site, lang: str, title: str, notices: tuple[Notice, ...], html: dict[str, dict[str, str]]) -> str:
    base = site.config.base_url
    page = f"{base}{lang}/notices/"
    updated = max((n.starts for n in notices), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    entries = []
    for n in sorted(notices, key=lambda n: (n.starts, n.id), reverse=True):
        entries.append(
            "<entry>"
            f"<id>{escape(page)}#{escape(n.id)}</id>"
            f"<title>{escape(n.title.get(lang, ''))}</title>"
            f"<updated>{_iso(n.starts)}</updated>"
            f'<link href="{escape(page)}#{escape(n.id)}"/>'
            f'<content type="html">{escape(html[n.id].get(lang, ""))}</content>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(lang)}">'
        f"<id>{escape(page)}</id><title>{escape(title)}</title><updated>{_iso(updated)}</updated>"
        f'<link rel="self" href="{escape(base)}{escape(lang)}/notices.xml"/><link href="{escape(page)}"/>'
        + "".join(entries)
        + "</feed>\n"
    )


def notice_outputs(
    site: Site,
    notices: tuple[Notice, ...],
    now: dt.datetime,
    render_page: Callable[[str, dict[str, object]], str],
    strings: dict[str, dict[str, dict[str, str]]],
) -> Iterator[Output]:
    """notices.json, and each language's notices page and feed. `render_page(lang, extra)`
    renders notices.html with the page context of `lang` plus `extra`."""
    html = rendered_bodies(site, notices)
    text = notices_json(notices, html)
    yield "notices.json", _digest(text), _made(text), False
    for lang in site.config.languages:
        title = strings.get(lang, {}).get("banner", {}).get("notices_title", "Notices")
        groups = {
            "active": [n for n in notices if n.active(now)],
            "upcoming": [n for n in notices if n.starts > now],
            "past": sorted((n for n in notices if n.ends <= now), key=lambda n: n.ends, reverse=True),
        }
        page = render_page(lang, {"notice_groups": groups, "notice_html": html, "notices_at": now})
        yield f"{lang}/notices/index.html", _digest(page), _made(page), False
        feed = atom_feed(site, lang, title, notices, html)
        yield f"{lang}/notices.xml", _digest(feed), _made(feed), False


def _made(text: str) -> Callable[[], str]:
    return lambda: text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
