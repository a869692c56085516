"""The text `helpcenter new` writes into a new article, per language, and how `check`
recognises an article that still holds it (an untouched scaffold must never look done).

One table serves both: the scaffold writes these lines, the lint looks for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    answer: str  # the first paragraph a writer replaces with the answer
    steps: str  # the heading of the steps list


PLACEHOLDERS: dict[str, Placeholder] = {
    "en": Placeholder("Start with the answer in one or two sentences.", "Steps"),
    "zh": Placeholder("先用一两句话直接回答问题。", "操作步骤"),
    "zh-hant": Placeholder("先用一兩句話直接回答問題。", "操作步驟"),
    "ja": Placeholder("最初の一、二文で答えを書いてください。", "手順"),
}
# a list item with nothing after its marker: "1. " or "- "
EMPTY_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s*$")


def placeholder_for(lang: str) -> Placeholder:
    """The scaffold text for `lang` (its own, else its base language's, else English)."""
    code = lang.lower()
    return PLACEHOLDERS.get(code) or PLACEHOLDERS.get(code.split("-")[0]) or PLACEHOLDERS["en"]


def scaffold_body(lang: str) -> str:
    text = placeholder_for(lang)
    return f"{text.answer}\n\n## {text.steps}\n\n1. \n"


def leftover(line: str) -> str | None:
    """Why `line` is scaffold text still waiting to be written, or None."""
    stripped = line.strip()
    if any(stripped == p.answer for p in PLACEHOLDERS.values()):
        return "still holds the text `helpcenter new` wrote: replace it with the answer"
    if EMPTY_ITEM.match(line):
        return "an empty list item: write the step or remove the line"
    return None
