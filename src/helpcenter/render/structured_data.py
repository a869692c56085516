"""An article's structured data for search engines: JSON-LD Article and BreadcrumbList,
written so that it is safe inside a <script> data block."""

from __future__ import annotations

import json

from helpcenter.model import Article, SiteConfig


def structured_data(article: Article, config: SiteConfig) -> str:
    """JSON-LD Article + BreadcrumbList, safe to embed in a <script> data block."""
    base = config.base_url
    category = config.category(article.category)
    crumbs = [
        (config.title[article.lang], f"{base}{article.lang}/"),
        (
            category.title.get(article.lang, category.id) if category else article.category,
            f"{base}{article.lang}/{article.category}/",
        ),
        (article.title, base + article.path),
    ]
    data = [
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": article.title,
            "description": article.summary,
            "inLanguage": article.lang,
            "url": base + article.path,
            **({"dateModified": article.updated.isoformat()} if article.updated else {}),
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": url}
                for i, (name, url) in enumerate(crumbs, start=1)
            ],
        },
    ]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a title must not end the data block
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
