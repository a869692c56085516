"""What the host should send with the site, defined once: the Content-Security-Policy (the
same text every page carries in its `<meta http-equiv>`), the other security headers, and
the cache rules. `headers_file` writes them as `_headers` (Netlify, Cloudflare Pages read
it); the README's nginx snippet states the same rules (a test compares them)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from helpcenter.model import SiteConfig

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]+)?$")  # what a policy may name: nothing that ends the attribute
# Directives a <meta> policy cannot carry (browsers ignore them there): header only.
HEADER_ONLY = ("frame-ancestors",)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)
# Paths below the base path, as _headers patterns. Assets are addressed with ?v=<hash of
# their bytes>, shards and packs are named by theirs: a changed file is a new URL. Hosts
# apply every rule that matches, so no two overlap; what no rule names (pages, the search
# cards, whose names stay when an article changes) gets the host's default, which
# revalidates on Netlify and Cloudflare Pages.
CACHE_RULES = (
    ("assets/*", IMMUTABLE),
    ("search/:lang/v/*", IMMUTABLE),
    ("search/:lang/p/*", IMMUTABLE),
    ("search/:lang/meta.json", REVALIDATE),
    ("support.json", REVALIDATE),
    ("notices.json", REVALIDATE),
)


def content_security_policy(config: SiteConfig | None = None, *, meta: bool = False) -> str:
    """The policy every page works under. A feedback endpoint on another site is allowed to
    receive the votes (connect-src); `meta` leaves out what a <meta> policy cannot hold."""
    connect = "'self'"
    endpoint = config.feedback_endpoint if config is not None else ""
    if endpoint.startswith("https://"):
        host = urlsplit(endpoint).netloc
        if _HOST.match(host):
            connect += f" https://{host}"
    directives = [
        ("default-src", "'self'"),
        ("script-src", "'self'"),
        ("style-src", "'self'"),
        ("img-src", "'self' data:"),
        ("connect-src", connect),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("form-action", "'self'"),
        ("frame-ancestors", "'none'"),
    ]
    return "; ".join(f"{name} {value}" for name, value in directives if not (meta and name in HEADER_ONLY))


def headers_file(config: SiteConfig) -> str:
    """`_headers`: security headers on every path, then the cache rules."""
    base = quote(config.base_path)
    lines = ["# Security and cache headers (Netlify, Cloudflare Pages). Written by helpcenter build.", f"{base}*"]
    lines.append(f"  Content-Security-Policy: {content_security_policy(config)}")
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for pattern, value in CACHE_RULES:
        lines += [f"{base}{pattern}", f"  Cache-Control: {value}"]
    return "\n".join(lines) + "\n"
