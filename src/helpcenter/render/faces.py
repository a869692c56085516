"""Templates read an article's body on its own page only (model.BODY): of any other article
a page shows the face. Page signatures rely on it (build/outputs.py page_signature): an
edit to an article's body then renders its own page, not every page that lists it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jinja2

from helpcenter.model import BODY, Article

_OWN: ContextVar[Article | None] = ContextVar("own_article", default=None)

HINT = (
    "a page shows the body of its own article only ({field} of '{path}' is not shown on this "
    "page): show its title, summary or link instead"
)


class FaceEnvironment(jinja2.Environment):
    """An environment whose templates get Undefined for another article's body fields."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if _hidden(obj, attribute):
            return self.undefined(HINT.format(field=attribute, path=obj.path), obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if _hidden(obj, argument):
            return self.undefined(HINT.format(field=argument, path=obj.path), obj=obj, name=argument)
        return super().getitem(obj, argument)


def _hidden(obj: Any, name: Any) -> bool:
    """A body field of an article other than the page's own."""
    return isinstance(name, str) and name in BODY and type(obj) is Article and obj is not _OWN.get()


@contextmanager
def showing(article: object) -> Iterator[None]:
    """While a page is rendered: the article whose body it may show (None: no article's)."""
    token = _OWN.set(article if isinstance(article, Article) else None)
    try:
        yield
    finally:
        _OWN.reset(token)
