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

from helpcenter.config import contacts
from helpcenter.config.contact_check import check
from helpcenter.config.contact_rules import PLATFORMS
from helpcenter.config.contacts import Official, phone_key
from helpcenter.content.placeholders import leftover
from helpcenter.content.snippets import FOLDER, SUFFIX
from helpcenter.content.sources import ARTICLE_SUFFIXES
from helpcenter.errors import Report
from helpcenter.model import Article, Site

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_LINK_CHARS = r"[^\s<>()\[\]\"'`，。]"
URL = re.compile(r"\b(?:https?://|www\.)" + _LINK_CHARS + "+", re.I)
# bare domains: a dotted name ending in a common TLD (www-less mentions such as example.com), with any path
DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[A-Za-z0-9-]+\.)+(?:com|net|org|io|co|app|xyz|info|biz|me|cc|top|online|site|support|help|cn|hk|tw|uk|us|ru|dev|gg))(?![\w-])"
    r"(/" + _LINK_CHARS + "*)?",
    re.I,
)
PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{6,}\d(?![\w])")
HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_.]*[A-Za-z0-9_]")
CODE_SPAN = re.compile(r"`+[^`\n]*`+")
MD_LINK_TARGET = re.compile(r"\]\((?:[^)\s]+\.md)(?:#[^)\s]*)?\)")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")


def audit(site: Site, report: Report) -> None:
    official = contacts.official(site.config.channels)
    for article in site.articles:
        lines = _body_lines(article)
        for number, line in lines:
            _contacts(article, number, line, official, report)
            if IMAGE_WITHOUT_ALT.search(line) or re.search(r"<img(?![^>]*\balt=\"[^\"]+\")[^>]*>", line):
                report.warn(article.source, number, "image without alt text: describe it for screen readers", line)
        scaffold_leftovers(article, lines, report)
    _snippets(site, official, report)
    _translations(site, report)
    _orphans(site, report)


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
    """Every contact point on a line, judged by the same rules as the verify page."""
    visible = MD_LINK_TARGET.sub("]()", CODE_SPAN.sub(" ", line))
    found: list[tuple[str, str]] = [("e-mail address", m.group(0)) for m in EMAIL.finditer(visible)]
    rest = EMAIL.sub(" ", visible)
    links = [m.group(0) for m in URL.finditer(rest)]
    rest = URL.sub(" ", rest)
    links += [m.group(0) for m in DOMAIN.finditer(rest)]
    found += [("domain", link.rstrip(".,;:!?")) for link in links]  # sentence punctuation is not part of a link
    rest = DOMAIN.sub(" ", rest)
    for match in PHONE.finditer(rest):
        text = match.group(0).strip()
        if sum(ch.isdigit() for ch in text) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            found.append(("phone number", text))
    for what, text in found:
        answer = check(text, official)
        if answer["verdict"] != "official":
            hint = _because(answer, official)
            national = what == "phone number" and not (phone_key(text) or ("", True))[1]
            if national and any(not country for *_, country, _ in official.phones):
                hint = " (written without its country code, a number counts only if its channel sets `country`)"
            _unofficial(article, number, line, f"{_named(what, text, answer)}{hint}", report)
    for match in HANDLE.finditer(rest):
        _handle(article, number, line, match.group(0), official, report)


def _named(what: str, text: str, answer: dict) -> str:
    if answer["platform"]:
        return f"account '{text}' on {PLATFORMS.get(answer['platform'], {}).get('name', answer['platform'])}"
    if what == "domain":
        return f"domain '{re.sub(r'^[a-z]+://', '', text, flags=re.I).split('/')[0]}'"
    return f"{what} '{text}'"


def _because(answer: dict, official: Official) -> str:
    if answer["verdict"] == "lookalike":
        return f" (it imitates '{_value(answer['channel'], official)}')"
    if answer["reason"] == "platform":
        return f" (that name is ours only on {_platform_names(answer['platforms'])})"
    return ""


def _handle(article: Article, number: int, line: str, handle: str, official: Official, report: Report) -> None:
    """A bare @handle is ours only on its platform: the line must name it."""
    answer = check(handle, official)
    if answer["verdict"] not in ("only_on", "official"):
        _unofficial(article, number, line, f"handle '{handle}'{_because(answer, official)}", report)
        return
    if any(_names_platform(line, p) for p in answer["platforms"]):
        return
    where = _platform_names(answer["platforms"])
    others = [p for p in PLATFORMS if _names_platform(line, p)]
    said = f"next to {_platform_names(others)}" if others else "without its platform"
    report.warn(
        article.source,
        number,
        f"handle '{handle}' {said}: it is ours only on {where}, and the same name anywhere else "
        f"is an impostor; name the platform on the same line (e.g. '{handle} on {where}')",
        line,
    )


def _names_platform(line: str, platform: str) -> bool:
    words = [platform, *PLATFORMS.get(platform, {}).get("names", []), PLATFORMS.get(platform, {}).get("name", "")]
    return any(re.search(r"(?<![A-Za-z0-9])" + re.escape(w) + r"(?![A-Za-z0-9])", line, re.I) for w in words if w)


def _platform_names(platforms: list[str]) -> str:
    return " and ".join(PLATFORMS.get(p, {}).get("name", p) for p in platforms)


def _value(channel: int | None, official: Official) -> str:
    return official.values[channel] if channel is not None else ""


def _unofficial(article: Article, number: int, line: str, what: str, report: Report) -> None:
    report.warn(
        article.source,
        number,
        f"unofficial contact point: {what} is not among site.toml's official channels "
        "(write look-alike examples inside `code`)",
        line,
    )


def _snippets(site: Site, official: Official, report: Report) -> None:
    """Snippets are published inside articles: their contact points are checked like an
    article's; a snippet no article includes is a note."""
    content_dir = site.config.path.parent
    for lang in site.config.languages:
        used = {name for a in site.articles if a.lang == lang for name, _ in a.includes}
        for path in sorted((content_dir / lang / FOLDER).glob(f"*{SUFFIX}")):
            stand_in = Article(lang, FOLDER, path.stem, path.stem, path)
            for number, line in _body_lines(stand_in):
                _contacts(stand_in, number, line, official, report)
            if path.stem not in used:
                report.note(path, 1, f'no published article includes this snippet (--8<-- "{path.stem}")')


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
    own is reported): it is broken, not missing. Two stat calls, not a folder listing."""
    folder = article.source.parents[2] / lang / article.category
    for suffix in ARTICLE_SUFFIXES:
        try:
            if (folder / f"{article.slug}{suffix}").is_file():
                return True
        except OSError:  # in a folder that cannot be read: reported as such, not as missing
            return True
    return False


def _orphans(site: Site, report: Report) -> None:
    linked = {link.key for article in site.articles for link in article.links if link.key != article.key}
    for article in site.articles:
        if article.key not in linked:
            report.note(
                article.source,
                1,
                "no other article links here (it is reachable only from its category page and search)",
            )
