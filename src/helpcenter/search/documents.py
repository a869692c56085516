"""What search reads of an article: the text of each of its fields (rules.FIELDS), made
when asked for, so that a language's texts are never all held at once (model.Article
keeps them packed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import overload

from helpcenter.model import Article

# the fields search reads of an article, but its body (model.PACKED): field_texts, indexing._cards
SEARCHED = ("lang", "category", "slug", "title", "summary", "tags")


def field_texts(article: Article) -> tuple[str, ...]:
    """The article's text for each of search.FIELDS."""
    return (
        article.title,
        "\n".join(h.text for h in article.headings),
        "\n".join(article.tags),
        article.summary,
        article.text,
    )


def text_of(article: Article) -> Callable[[], str]:
    """How to read the article's text when it is needed (a search card that is written)."""
    return lambda: article.text


class Texts(Sequence[tuple[str, ...]]):
    """field_texts of each article, made when asked for."""

    def __init__(self, articles: list[Article]):
        self.articles = articles

    def __len__(self) -> int:
        return len(self.articles)

    @overload
    def __getitem__(self, i: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(i, slice):
            return [field_texts(a) for a in self.articles[i]]
        return field_texts(self.articles[i])
