"""What `helpcenter check` looks at beyond what a build validates.

- unofficial contact points: an e-mail address, phone number or domain in an article
  that is not among site.toml's official channels (impersonation starts with one wrong
  address in a help article). Look-alikes written inside `code` are examples, not contacts;
- images without alt text;
- what `helpcenter new` wrote and nobody replaced (placeholders, empty items, empty summary);
- articles missing in another language, and articles no other article links to (notes).
"""

from __future__ import annotations

import re

from helpcenter.content.placeholders import leftover
from helpcenter.content.sources import ARTICLE_SUFFIXES
from helpcenter.errors import Report
from helpcenter.model import Article, Channel, Site

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
URL_HOST = re.compile(r"\b(?:https?://|www\.)([A-Za-z0-9.-]+\.[A-Za-z]{2,})", re.I)
# bare domains: a dotted name ending in a common TLD (www-less mentions such as example.com)
DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[A-Za-z0-9-]+\.)+(?:com|net|org|io|co|app|xyz|info|biz|me|cc|top|online|site|support|help|cn|hk|tw|uk|us|ru|dev))(?![\w-])",
    re.I,
)
PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{6,}\d(?![\w])")
CODE_SPAN = re.compile(r"`+[^`\n]*`+")
MD_LINK_TARGET = re.compile(r"\]\((?:[^)\s]+\.md)(?:#[^)\s]*)?\)")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")


def audit(site: Site, report: Report) -> None:
    official = Official(site.config.channels)
    for article in site.articles:
        lines = _body_lines(article)
        for number, line in lines:
            _contacts(article, number, line, official, report)
            if IMAGE_WITHOUT_ALT.search(line) or re.search(r"<img(?![^>]*\balt=\"[^\"]+\")[^>]*>", line):
                report.warn(article.source, number, "image without alt text: describe it for screen readers", line)
        scaffold_leftovers(article, lines, report)
    _translations(site, report)
    _orphans(site, report)


class Official:
    """site.toml's channels, normalised for comparison."""

    def __init__(self, channels: tuple[Channel, ...]):
        self.emails = {c.value.lower() for c in channels if c.kind == "email"}
        self.domains = {_domain(c.value) for c in channels if c.kind in ("domain", "url")}
        self.domains |= {e.split("@", 1)[1] for e in self.emails}
        self.phones = {_digits(c.value) for c in channels if c.kind == "phone"}

    def domain_ok(self, host: str) -> bool:
        host = _domain(host)
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def email_ok(self, email: str) -> bool:
        return email.lower() in self.emails

    def phone_ok(self, phone: str) -> bool:
        return _digits(phone) in self.phones


def _domain(value: str) -> str:
    host = re.sub(r"^[a-z]+://", "", value.strip().lower()).split("/", 1)[0].rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def scaffold_leftovers(article: Article, lines: list[tuple[int, str]], report: Report) -> None:
    """An article published with what `helpcenter new` wrote still in it."""
    head = article.source.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")[: article.body_line]
    for number, line in enumerate(head, 1):
        if re.fullmatch(r"summary:\s*(?:\"\"|'')?\s*", line):
            report.warn(
                article.source, number, "the summary is empty: write one sentence for listings and search", line
            )
    for number, line in lines:
        why = leftover(line)
        if why is not None:
            report.warn(article.source, number, why, line)


def _body_lines(article: Article) -> list[tuple[int, str]]:
    """(line number, text) of the Markdown body outside fenced code, code spans blanked."""
    text = article.source.read_text(encoding="utf-8").replace("\r\n", "\n")
    lines = text.split("\n")
    out, fenced = [], False
    for number in range(article.body_line, len(lines) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            out.append((number, line))
    return out


def _contacts(article: Article, number: int, line: str, official: Official, report: Report) -> None:
    visible = MD_LINK_TARGET.sub("]()", CODE_SPAN.sub(" ", line))
    emails = EMAIL.findall(visible)
    for match in EMAIL.finditer(visible):
        if not official.email_ok(match.group(0)):
            _unofficial(article, number, line, f"e-mail address '{match.group(0)}'", report)
    without_emails = EMAIL.sub(" ", visible)
    hosts = {m.group(1) for m in URL_HOST.finditer(without_emails)} | set(DOMAIN.findall(without_emails))
    for host in sorted(hosts):
        if not official.domain_ok(host) and host.lower() not in {e.lower() for e in emails}:
            _unofficial(article, number, line, f"domain '{host}'", report)
    for match in PHONE.finditer(without_emails):
        digits = _digits(match.group(0))
        if (
            len(digits) >= 8
            and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.group(0).strip())
            and not official.phone_ok(match.group(0))
        ):
            _unofficial(article, number, line, f"phone number '{match.group(0).strip()}'", report)


def _unofficial(article: Article, number: int, line: str, what: str, report: Report) -> None:
    report.warn(
        article.source,
        number,
        f"unofficial contact point: {what} is not among site.toml's official channels "
        "(write look-alike examples inside `code`)",
        line,
    )


def _translations(site: Site, report: Report) -> None:
    languages = site.config.languages
    groups: dict[str, dict[str, Article]] = {}
    for article in site.articles:
        groups.setdefault(article.ident, {})[article.lang] = article
    for ident, versions in sorted(groups.items()):
        first = next(iter(versions.values()))
        missing = [lang for lang in languages if lang not in versions and not _on_disk(first, lang)]
        if missing:
            first = versions[min(versions, key=languages.index)]
            report.note(first.source, 1, f"no {', '.join(missing)} version of this article ({ident})")


def _on_disk(article: Article, lang: str) -> bool:
    """True when `lang`'s version of the article exists but did not load (an error of its
    own is reported): it is broken, not missing."""
    folder = article.source.parents[2] / lang / article.category
    return any(
        path.name.rsplit(".", 1)[0].lower() == article.slug and path.name.endswith(ARTICLE_SUFFIXES)
        for path in (folder.iterdir() if folder.is_dir() else ())
    )


def _orphans(site: Site, report: Report) -> None:
    linked = {link.key for article in site.articles for link in article.links if link.key != article.key}
    for article in site.articles:
        if article.key not in linked:
            report.note(
                article.source,
                1,
                "no other article links here (it is reachable only from its category page and search)",
            )
