"""Hosting files: `_headers` carries the policy every page's <meta> carries (one source),
the README's nginx snippet states the same rules, and `_redirects` lists every alias."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpcenter.build.pipeline import check
from helpcenter.render.hosting import CACHE_RULES, SECURITY_HEADERS, content_security_policy, headers_file
from helpers import CSP, MINI, ROOT, build_site, write

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_page_carries_the_policy_the_headers_send(sample_site: Path):
    config = check(ROOT / "content", jobs=1).site.config
    header = content_security_policy(config)
    meta = content_security_policy(config, meta=True)
    assert header == meta + "; frame-ancestors 'none'"  # a <meta> policy cannot hold frame-ancestors
    assert f"  Content-Security-Policy: {header}\n" in (sample_site / "_headers").read_text(encoding="utf-8")
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        assert META.findall(page.read_text(encoding="utf-8")) == [meta], page
    assert content_security_policy() == CSP  # the test servers send the same header


def test_headers_file_names_security_headers_and_cache_rules(sample_site: Path):
    text = (sample_site / "_headers").read_text(encoding="utf-8")
    assert "/*\n" in text and "  X-Content-Type-Options: nosniff\n" in text and "  Referrer-Policy: " in text
    assert "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n" in text
    for name in ("/support.json", "/notices.json", "/search/:lang/meta.json"):
        assert f"{name}\n  Cache-Control: no-cache\n" in text
    assert (sample_site / "support.json").is_file() and list(sample_site.glob("search/*/meta.json"))
    # every immutable rule covers files named by their bytes: a shard, a pack
    assert list(sample_site.glob("search/en/v/*")) and list(sample_site.glob("search/en/p/*"))


def test_a_feedback_endpoint_on_another_site_may_receive_votes(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    toml = content / "site.toml"
    write(toml, toml.read_text() + '\n[feedback]\nendpoint = "https://feedback.example.com/collect"\n')
    config = check(content, jobs=1).site.config
    assert "connect-src 'self' https://feedback.example.com;" in content_security_policy(config)
    assert "connect-src 'self' https://feedback.example.com;" in headers_file(config)


def test_a_site_under_a_sub_path_gets_its_rules_there(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "site"
    build_site(content, out, base_url="https://example.com/help/")
    text = (out / "_headers").read_text(encoding="utf-8")
    assert "\n/help/*\n" in text and "\n/help/assets/*\n" in text and "\n/assets/" not in text


def test_the_readme_nginx_snippet_states_the_same_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("```nginx\n", 1)[1].split("```", 1)[0]
    assert f'"{content_security_policy()}"' in snippet
    for name, value in SECURITY_HEADERS:
        assert f'add_header {name} "{value}" always;' in snippet
    for pattern, value in CACHE_RULES:
        assert f'"{value}"' in snippet, pattern


def test_redirects_file_lists_every_alias(sample_site: Path):
    lines = (sample_site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/en/transfers/stuck-transfer/ /en/transfers/pending-transfer/ 301" in lines
    assert "/zh/transfers/stuck-transfer/ /zh/transfers/pending-transfer/ 301" in lines
    page = (sample_site / "en" / "transfers" / "stuck-transfer" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/en/transfers/pending-transfer/">' in page
    assert '<link rel="canonical" href="https://help.example.com/en/transfers/pending-transfer/">' in page
    assert '<meta name="robots" content="noindex">' in page and "<script" not in page
    assert '<a href="/en/transfers/pending-transfer/">Why is my transfer still pending?</a>' in page
    zh = (sample_site / "zh" / "transfers" / "stuck-transfer" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in zh and '<p>此页面已移至： <a href="/zh/transfers/pending-transfer/">' in zh
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "stuck-transfer" not in sitemap and "urls.txt" not in sitemap
