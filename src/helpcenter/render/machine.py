"""Copies for machines: `/llms.txt` (llmstxt.org: the site's articles per language, each a
link and a one-line summary) and a Markdown copy of each article beside its page
(`/<lang>/<category>/<slug>/index.md`: snippets expanded, links absolute), so assistants
that people ask first can quote the official answer."""

from __future__ import annotations

import posixpath
import re

from helpcenter.content import links
from helpcenter.model import Article, Site, SiteConfig

COPY = "index.md"  # beside each article's index.html
_INLINE = re.compile(r"(!?\[[^\]\n]*\]\()(<[^>\n]*>|[^)\s]+)")  # [text](href or ![alt](src
_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]\n]+\]:\s*)(\S+)")  # [label]: href
_FENCE = re.compile(r"^\s*(```|~~~)")


def origin(config: SiteConfig) -> str:
    """The scheme and host of base_url ("" when base_url is a path such as /help/)."""
    return config.base_url[: len(config.base_url) - len(config.base_path)]


def markdown_copy(article: Article, config: SiteConfig) -> str:
    """The article as Markdown: its title, summary and body, every link absolute."""
    page = config.base_url + article.path
    lines, fenced = [], False
    for line in article.markdown.split("\n"):
        # each pattern needs its marks in the line: most lines have none, and skip the regex
        if ("```" in line or "~~~" in line) and _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            if "](" in line:
                line = _INLINE.sub(lambda m: m.group(1) + _absolute(m.group(2), article, config), line)
            if "]:" in line:
                line = _REFERENCE.sub(lambda m: m.group(1) + _absolute(m.group(2), article, config), line)
        lines.append(line)
    head = [f"# {article.title}", ""]
    if article.summary:
        head += [f"> {article.summary}", ""]
    head += [f"<{page}>", ""]
    return "\n".join(head) + "\n" + "\n".join(lines).strip("\n") + "\n"


def _absolute(href: str, article: Article, config: SiteConfig) -> str:
    bracketed = href.startswith("<") and href.endswith(">")
    target = href[1:-1] if bracketed else href
    page = config.base_url + article.path
    if target.startswith("#"):
        url = page + target
    elif links.is_article_link(target):
        resolved = links.resolve(article.key, target, config.base_path)
        url = origin(config) + resolved.url if resolved.problem is None else target
    elif "://" in target or target.startswith(("mailto:", "tel:", "//")):
        url = target
    elif target.startswith("/"):
        url = origin(config) + target
    else:  # an image or file beside the article, as the page's <img src> resolves it
        path = posixpath.normpath(posixpath.join(article.lang, article.category, target))
        url = target if path.startswith("..") else origin(config) + config.base_path + path
    return f"<{url}>" if bracketed else url


def llms_txt(site: Site, strings: dict[str, dict[str, dict[str, str]]]) -> str:
    """llmstxt.org's format: `# title`, `> summary`, then a section per language."""
    config = site.config
    first = config.default_language
    core = strings.get(first, {}).get("core", {})
    title = config.title[first]
    summary = core.get("llms_summary", "Official help articles of {title}.").replace("{title}", title)
    out = [f"# {title}", "", f"> {_one_line(summary)}", ""]
    grouped = site.categorised()
    for lang in config.languages:
        articles = [a for c in config.categories for a in grouped.get((lang, c.id), [])]
        if not articles:
            continue
        out += [f"## {config.language_names.get(lang, lang)} ({lang})", ""]
        for article in articles:
            url = config.base_url + article.path + COPY
            line = f"- [{_one_line(article.title)}]({url})"
            out.append(line + (f": {_one_line(article.summary)}" if article.summary else ""))
        out.append("")
    return "\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("[", "(").replace("]", ")")
