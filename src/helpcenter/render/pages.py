"""Jinja environment, page contexts, and templates -> HTML pages.

Each page is a `Page`: its output path, template, the articles it shows (what it must be
rendered again for), and its context, made only when it is rendered.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from helpcenter.config.contact_rules import PLATFORMS
from helpcenter.config.contacts import client_data
from helpcenter.content.translations import outdated
from helpcenter.model import Article, Category, Site
from helpcenter.render.faces import FaceEnvironment, showing
from helpcenter.render.hosting import content_security_policy
from helpcenter.render.language import format_date, in_language
from helpcenter.render.picks import Picks
from helpcenter.render.structured_data import structured_data
from helpcenter.render.theme import Asset

Key = tuple[str, str, str]


class Page(NamedTuple):
    rel: str  # output file below the site root
    template: str
    shows: tuple[Article | None, ...]  # every article it shows anything of
    context: Callable[[], dict[str, object]]


@dataclass(frozen=True)
class RenderInputs:
    site: Site
    theme_dirs: tuple[Path, ...]
    strings: dict[str, dict[str, dict[str, str]]]
    assets: dict[str, Asset]
    support: object | None = None  # the banner's data (see support/stage.py, Support)
    related: dict[Key, list[Key]] = field(default_factory=dict)
    compiled: Path | None = None  # where compiled templates are kept between builds (the cache)


def environment(theme_dirs: tuple[Path, ...], compiled: Path | None = None) -> jinja2.Environment:
    # compiling the templates costs more than rendering the few pages an edit changes
    bytecode = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
    env = FaceEnvironment(
        loader=jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs]),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat templates on every page
    )
    # strings for scripts (data-strings='…') in UTF-8, not \uXXXX: half the bytes in Chinese;
    # tojson still escapes < > & ' so that they cannot end an attribute or a script block
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals["platform_names"] = {pid: spec["name"] for pid, spec in PLATFORMS.items()}
    return env


class PageRenderer(Picks):
    def __init__(self, inputs: RenderInputs):
        self.inputs = inputs
        self.site = inputs.site
        self.config = inputs.site.config
        self.env = environment(inputs.theme_dirs, inputs.compiled)
        self.env.filters["date"] = lambda value, lang: format_date(value, self.strings(lang).get("core", {}))
        self.env.filters["in_language"] = in_language
        super().__init__(self.site, inputs.related)
        self.csp = Markup(content_security_policy(self.config, meta=True))  # quotes need no escaping
        self._translations: dict[str, dict[str, Article]] = {}
        for article in self.site.articles:
            self._translations.setdefault(article.ident, {})[article.lang] = article

    def with_article(self, old: Article, new: Article) -> PageRenderer:
        """This renderer with `new` (an article of the same key, parsed again) in place of
        `old`: what a page shows of it, its neighbours and its translations' links follow.
        Made in a few milliseconds, where a new renderer lists the whole site again."""
        swapped = copy.copy(self)
        swapped._swap(old, new)
        site = Site(self.config, tuple(new if a is old else a for a in self.site.articles), self.site.static_files)
        swapped.site = site
        swapped.inputs = replace(self.inputs, site=site)
        swapped._translations = {**self._translations, new.ident: {**self._translations[new.ident], new.lang: new}}
        return swapped

    def with_related(self, related: dict[Key, list[Key]]) -> PageRenderer:
        """This renderer with another build's related articles."""
        swapped = copy.copy(self)
        swapped._related_keys = related
        swapped.inputs = replace(self.inputs, related=related)
        return swapped

    def strings(self, lang: str) -> dict[str, dict[str, str]]:
        return self.inputs.strings.get(lang, {})

    # -- helpers exposed to templates -------------------------------------------------
    def asset(self, name: str) -> str | None:
        found = self.inputs.assets.get(name)
        return f"{self.config.base_path}assets/{name}?v={found.version}" if found else None

    def has_template(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except jinja2.TemplateNotFound:
            return False
        return True

    def common(self, lang: str, path: str, alternates: dict[str, str], title: str) -> dict[str, object]:
        """Context every template gets. `path` is the page's URL path below the site root."""
        config = self.config
        return {
            "site": config,
            "lang": lang,
            "t": self.strings(lang),
            "base_path": config.base_path,
            "page_path": path,
            "canonical": config.base_url + path,
            "csp": self.csp,
            "alternates": alternates,
            "page_title": title,
            "asset": self.asset,
            "has_template": self.has_template,
            "categories": config.categories,
            "support": self.inputs.support,
            "self_service": self.self_service(lang, None),
            "article": None,
            "strings_for": self.strings,
            "contact_page": self.contact_page(lang),
            "contact_for": self.contact_page,
        }

    def notices_kit(self) -> Site:
        """The site as far as the notices pages show it: what every page's banner links to
        (self_service with no article, the contact page) and every contact page (which
        decides the categories self_service leaves out); rendered from it, a notices page
        is the same as from the whole site."""
        keep: dict[Key, Article] = {}
        for lang in self.config.languages:
            keep.update((a.key, a) for a in self._shown(lang) if a is not None)
        keep.update((a.key, a) for a in self.site.articles if a.layout == "contact")
        return Site(self.config, tuple(sorted(keep.values(), key=lambda a: a.key)))

    def _alternates_all(self, suffix: str) -> dict[str, str]:
        return {lang: f"{lang}/{suffix}" for lang in self.config.languages}

    # -- pages -------------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        """Every page of the site, its context made only when it is rendered."""
        config = self.config
        first = config.default_language
        yield Page(
            "index.html",
            "chooser.html",
            self._shown(first),
            lambda: self.common(first, "", self._alternates_all(""), config.title[first]),
        )
        contacts = [self.contact_page(lang) for lang in config.languages]
        yield Page(
            "404.html", "404.html", self._shown(first, contacts), lambda: self.common(first, "404.html", {}, "404")
        )
        for lang in config.languages:
            yield from self._language_pages(lang)

    def _shown(self, lang: str, *more: Iterable[Article | None], picks: bool = True) -> tuple[Article | None, ...]:
        """The articles a page shows anything of: a page changes only when one of them does.
        Every page links the contact page; the banner's self-service links are those of no
        article (`picks`), except on an article's page, which shows its own in their place."""
        known = self._service.get(lang)
        if known is None:
            contact = self.contact_page(lang)
            known = self._service[lang] = ((contact,) if contact else (), tuple(self.self_service(lang, None)))
        contact_part, picks_part = known
        return contact_part + (picks_part if picks else ()) + tuple(a for group in more for a in group)

    def _language_pages(self, lang: str) -> Iterator[Page]:
        config, t = self.config, self.strings(lang)

        def home() -> dict[str, object]:
            ctx = self.common(lang, f"{lang}/", self._alternates_all(""), config.title[lang])
            ctx["sections"] = [(c, self.in_category(lang, c.id)) for c in config.categories]
            ctx["featured"] = self.featured(lang)
            return ctx

        listed = [a for c in config.categories for a in self.in_category(lang, c.id)]
        yield Page(f"{lang}/index.html", "home.html", self._shown(lang, listed), home)
        for category in config.categories:

            def listing(category: Category = category) -> dict[str, object]:
                path = f"{category.id}/"
                ctx = self.common(
                    lang, f"{lang}/{path}", self._alternates_all(path), category.title.get(lang, category.id)
                )
                ctx["category"] = category
                ctx["articles"] = self.in_category(lang, category.id)
                return ctx

            yield Page(
                f"{lang}/{category.id}/index.html",
                "category.html",
                self._shown(lang, self.in_category(lang, category.id)),
                listing,
            )
        for special in ("search", "verify"):
            if self.has_template(f"{special}.html"):

                def page(special: str = special) -> dict[str, object]:
                    title = t.get(special, {}).get("title", special.title())
                    ctx = self.common(lang, f"{lang}/{special}/", self._alternates_all(f"{special}/"), title)
                    ctx["top_articles"] = self.top_articles(lang)
                    if special == "verify":  # the rules and official keys verify.js applies
                        ctx["contact_data"] = client_data(config.channels)
                    return ctx

                shown = [*self.top_articles(lang), self.contact_page(lang)]
                yield Page(f"{lang}/{special}/index.html", f"{special}.html", self._shown(lang, shown), page)
        for article in self.site.in_language(lang):
            yield self.article_page(article)

    def article_page(self, article: Article) -> Page:
        return Page(
            article.path + "index.html",
            "article.html",
            self._article_shows(article),
            partial(self.article_context, article),
        )

    def _article_shows(self, article: Article) -> tuple[Article | None, ...]:
        siblings = self.in_category(article.lang, article.category)
        index = self._position[article.key]
        return self._shown(
            article.lang,
            (article,),
            self._translations[article.ident].values(),
            siblings[max(0, index - 1) : index + 2],
            self._related(article),
            self.self_service(article.lang, article),
            picks=False,
        )

    def article_context(self, article: Article) -> dict[str, object]:
        translations = self._translations[article.ident]
        alternates = {lang: a.path for lang, a in translations.items()}
        ctx = self.common(article.lang, article.path, alternates, article.title)
        siblings = self.in_category(article.lang, article.category)
        index = self._position[article.key]
        ctx.update(
            article=article,
            category=self.config.category(article.category),
            previous=siblings[index - 1] if index > 0 else None,
            next=siblings[index + 1] if index + 1 < len(siblings) else None,
            translations=translations,
            related=self._related(article),
            self_service=self.self_service(article.lang, article),
            structured_data=structured_data(article, self.config),
            outdated=outdated(article, translations),  # the page shows every translation: signed by their sources
        )
        return ctx

    def render(self, template: str, context: dict[str, object]) -> str:
        with showing(context.get("article")):
            return self.env.get_template(template).render(context)

    def notices_page(self, lang: str, extra: dict[str, object]) -> str:
        """/<lang>/notices/ (render/notices.py decides when it is written)."""
        title = self.strings(lang).get("banner", {}).get("notices_title", "Notices")
        context = self.common(lang, f"{lang}/notices/", self._alternates_all("notices/"), title)
        return self.render("notices.html", context | extra)
