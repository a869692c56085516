"""How often Python's cycle collector runs while a build does.

A build holds hundreds of thousands of long-lived objects (parsed articles, page
signatures, the index) and makes few reference cycles. With the default thresholds the
collector walks all of them again and again: a fifth of a one-edit build of 10,000
articles. During a build it runs on far fewer allocations instead; cycles are still
collected, only later (as mypy does for the same reason).
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
    """Every object alive now, in the oldest generation, unwalked: for after a build made
    many that it keeps (articles arrived from the workers or loaded from the cache), which
    young collections would otherwise walk once, and then again, only to keep them. Cycles
    among them are still collected, by the next full collection."""
    gc.freeze()  # every tracked object set aside, the young generations' counts reset,
    gc.unfreeze()  # and all of them back, in the oldest generation
