"""How often Python's cycle collector runs while a build does.

A build holds hundreds of thousands of long-lived objects (parsed articles, page
signatures, the index) and makes few reference cycles. With the default thresholds the
collector walks all of them again and again: a fifth of a one-edit build of 10,000
articles. During a build it runs on far fewer allocations instead; cycles are still
collected, only later (as mypy does for the same reason). A build that ends its process
(`helpcenter build`) also sends what it loads or receives in bulk straight to the oldest
generation (aged()).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 200_000  # allocations between two collections of the youngest generation (default 700)


@contextmanager
def rare_collections() -> Iterator[None]:
    """The build's thresholds inside the block, the caller's again after it."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def collect_young() -> None:
    """For a process that builds again and again inside rare_collections() (`helpcenter
    serve`): the young objects its last build made, walked now, when nothing waits for it
    (a build's end would start the walk before the browser is told: 0.05-0.1 s at 10,000
    articles)."""
    gc.collect(0)


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block: for loading many objects that hold no cycles (the
    cached articles), which every collection meanwhile would walk only to keep them; then
    aged(): else the next young collection walks all of it once, and the one after that
    again (0.1 and 0.2 s of an edit's build at 10,000 articles), only to keep it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        aged()
        if was:
            gc.enable()


def aged() -> None:
    """Inside last_build(): every object alive now, in the oldest generation, unwalked. For
    after a build made many that it keeps (articles arrived from the workers or loaded from
    the cache), which young collections would otherwise walk once, and then again, only to
    keep them. Elsewhere nothing: only a full collection frees a cycle among objects moved
    so, and a process that builds again and again (`helpcenter serve`) would keep every
    build's dead cycles (its Jinja environment, ...) until one came, which it rarely does."""
    if _last_build:
        gc.freeze()  # every tracked object set aside, the young generations' counts reset,
        gc.unfreeze()  # and all of them back, in the oldest generation


_last_build = False


def in_last_build() -> bool:
    """Whether this process ends with the build it runs (nothing is kept for a next one)."""
    return _last_build


@contextmanager
def last_build() -> Iterator[None]:
    """A build after which this process ends (the `helpcenter build` command): what it keeps
    is never walked again (aged())."""
    global _last_build
    before, _last_build = _last_build, True
    try:
        yield
    finally:
        _last_build = before
