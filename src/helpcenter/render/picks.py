"""Which articles a page shows: each category's ordered list and every article's place in
it, each language's contact page, the home's most-needed articles, a page's related
articles and what a visitor can use while support is offline. Computed once per build."""

from __future__ import annotations

from helpcenter.model import Article, Site

Key = tuple[str, str, str]


class Picks:
    def __init__(self, site: Site, related: dict[Key, list[Key]]):
        self.config = site.config
        self.by_key = site.by_key()
        self._related_keys = related
        # each category's ordered list and every article's place in it, computed once
        grouped = site.categorised()
        self._lists: dict[tuple[str, str], list[Article]] = {}
        for lang in site.config.languages:
            for category in site.config.categories:
                self._lists[(lang, category.id)] = grouped.get((lang, category.id), [])
        self._position = {a.key: i for items in self._lists.values() for i, a in enumerate(items)}
        self._service: dict[str, tuple[tuple[Article, ...], tuple[Article, ...]]] = {}
        self._find_contacts()

    def _find_contacts(self) -> None:
        # the contact page of each language: its first article with `layout: contact`
        self._contact: dict[str, Article] = {}
        self._contact_categories: set[tuple[str, str]] = set()  # (lang, category) holding a contact page
        self._firsts: dict[str, list[Article]] = {}
        for (lang, category_id), items in self._lists.items():
            for article in items:
                if article.layout == "contact":
                    self._contact.setdefault(lang, article)
                    self._contact_categories.add((lang, category_id))

    def _swap(self, old: Article, new: Article) -> None:
        """On a copy: `new` (the same key) in place of `old`, in its list at its new place, and
        all that follows from the lists; the others' entries are shared with the original."""
        self.by_key = {**self.by_key, new.key: new}
        where = (new.lang, new.category)
        if where in self._lists:
            items = sorted((new if a is old else a for a in self._lists[where]), key=lambda a: a.sort_key)
            self._lists = {**self._lists, where: items}
            self._position = {**self._position, **{a.key: i for i, a in enumerate(items)}}
        self._service = {}
        self._firsts = {}
        if "contact" in (old.layout, new.layout):
            self._find_contacts()

    def contact_page(self, lang: str) -> Article | None:
        return self._contact.get(lang)

    def in_category(self, lang: str, category: str) -> list[Article]:
        return self._lists.get((lang, category), [])

    def self_service(self, lang: str, article: Article | None) -> list[Article]:
        """Articles a visitor can use while support is offline, most relevant first: never a
        contact page, and no category's first article where one is (it is about reaching a person)."""
        picks: list[Article] = []
        if article is not None:
            picks += [self.by_key[k] for k in self._related_keys.get(article.key, []) if k in self.by_key]
            picks += [a for a in self.in_category(lang, article.category)[:6] if a is not article]
        picks += self._category_firsts(lang)
        seen: list[Article] = []
        for candidate in picks:  # by identity: one object per article, and == compares every field
            if candidate is not article and candidate.layout != "contact" and all(candidate is not s for s in seen):
                seen.append(candidate)
                if len(seen) == 4:
                    break
        return seen

    def _category_firsts(self, lang: str) -> list[Article]:
        """The first article of each category that has no contact page, computed once per
        language (every page asks for them: scanning each category per page is quadratic)."""
        found = self._firsts.get(lang)
        if found is None:
            found = self._firsts[lang] = [
                listed[0]
                for category in self.config.categories
                if (listed := self.in_category(lang, category.id))
                and (lang, category.id) not in self._contact_categories
            ]
        return found

    def _related(self, article: Article) -> list[Article]:
        return [self.by_key[k] for k in self._related_keys.get(article.key, []) if k in self.by_key][:5]

    def featured(self, lang: str, limit: int = 6) -> list[Article]:
        """The home's most-needed articles: those marked `featured: true`, in category order;
        without any, each category's first article that is not a contact page."""
        listed = [a for c in self.config.categories for a in self.in_category(lang, c.id)]
        marked = [a for a in listed if a.featured]
        if marked:
            return marked[:limit]
        firsts = [
            next((a for a in self.in_category(lang, c.id) if a.layout != "contact"), None)
            for c in self.config.categories
        ]
        return [a for a in firsts if a is not None][:limit]

    def top_articles(self, lang: str, per_category: int = 2) -> list[Article]:
        return [a for c in self.config.categories for a in self.in_category(lang, c.id)[:per_category]]
