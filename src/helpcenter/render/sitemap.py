"""sitemap.xml with hreflang alternates and lastmod, and robots.txt."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from helpcenter.model import Site


def sitemap(site: Site) -> str:
    config = site.config
    base = config.base_url
    entries: list[tuple[str, dict[str, str], str | None]] = []
    for suffix in ["", *(f"{c.id}/" for c in config.categories)]:
        alternates = {lang: f"{lang}/{suffix}" for lang in config.languages}
        entries += [(path, alternates, None) for path in alternates.values()]
    groups: dict[str, dict[str, str]] = {}
    for article in site.articles:
        groups.setdefault(article.ident, {})[article.lang] = article.path
    for article in site.articles:
        lastmod = article.updated.isoformat() if article.updated else None
        entries.append((article.path, groups[article.ident], lastmod))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path, alternates, lastmod in entries:
        lines.append(f"  <url><loc>{_esc(base + path)}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
        if len(alternates) > 1:
            for lang, alt in sorted(alternates.items()):
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(base + alt)}/>'
                )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots(site: Site) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}sitemap.xml\n"
