"""The built sample site: every contract URL exists, pages are light, nothing external."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT

CATEGORIES = ("recovery", "transfers", "security", "contact")


def test_contract_urls_exist(sample_site: Path):
    for rel in ("index.html", "404.html", "sitemap.xml", "robots.txt"):
        assert (sample_site / rel).is_file(), rel
    for lang in ("zh", "en"):
        assert (sample_site / lang / "index.html").is_file()
        for category in CATEGORIES:
            assert (sample_site / lang / category / "index.html").is_file()


def test_sample_content_is_substantial():
    for lang in ("zh", "en"):
        for category in CATEGORIES:
            articles = list((ROOT / "content" / lang / category).glob("*.md"))
            assert len(articles) >= 6, (lang, category)
            for article in articles:
                body = article.read_text(encoding="utf-8").split("---", 2)[2]
                assert len(body) > (600 if lang == "zh" else 1500), f"{article} is too short to help anyone"


def test_every_article_has_its_translation(sample_site: Path):
    en = {p.relative_to(sample_site / "en") for p in (sample_site / "en").glob("*/*/index.html")}
    zh = {p.relative_to(sample_site / "zh") for p in (sample_site / "zh").glob("*/*/index.html")}
    assert en == zh


def test_article_page_weight_under_60_kb(sample_site: Path):
    """HTML + CSS + JS of an article, uncompressed. Contact pages also carry the request
    form and its script (its secret guard loads only when a message is written): their
    budget is 64 KB, measured separately so that neither can grow unseen."""
    heaviest = {"article": 0, "contact": 0}
    for lang in ("en", "zh"):
        for page in (sample_site / lang).glob("*/*/index.html"):
            html = page.read_text(encoding="utf-8")
            total = len(html.encode())
            for ref in re.findall(r'(?:href|src)="/(assets/[^"?]+)', html):
                total += (sample_site / ref).stat().st_size
            kind = "contact" if 'class="request-form"' in html else "article"
            heaviest[kind] = max(heaviest[kind], total)
    assert 0 < heaviest["article"] <= 60 * 1024, f"heaviest article page is {heaviest['article']} bytes"
    assert 0 < heaviest["contact"] <= 64 * 1024, f"heaviest contact page is {heaviest['contact']} bytes"


def test_no_external_resources(sample_site: Path):
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, ref in re.findall(r'(<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"[^>]*>)', html):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:  # addresses, not resources
                continue
            assert not re.match(r"(https?:)?//", ref), (page, ref)
        assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', html), page
        assert not re.search(r'<link[^>]+rel="(stylesheet|preload|icon)"[^>]+href="(https?:)?//', html), page
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", html), (
            f"inline script in {page}"
        )
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler in {page}"


def test_sitemap_lists_articles_with_alternates(sample_site: Path):
    xml = (sample_site / "sitemap.xml").read_text()
    assert "<loc>https://help.example.com/en/transfers/pending-transfer/</loc>" in xml
    assert 'hreflang="zh" href="https://help.example.com/zh/transfers/pending-transfer/"' in xml
    assert "<lastmod>2026-" in xml
    assert "Sitemap: https://help.example.com/sitemap.xml" in (sample_site / "robots.txt").read_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_articles_have_toc_breadcrumbs_and_alternates(sample_site: Path, lang: str):
    html = (sample_site / lang / "transfers" / "pending-transfer" / "index.html").read_text()
    other = "zh" if lang == "en" else "en"
    assert f'hreflang="{other}" href="https://help.example.com/{other}/transfers/pending-transfer/"' in html
    assert 'class="article-toc"' in html
    assert 'class="breadcrumbs"' in html
    assert 'id="support-status"' in html and 'role="status"' in html
