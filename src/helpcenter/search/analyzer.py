"""Text -> search terms, for articles (index) and queries; mirrored by theme/static/js/search-worker.js.

Words of letters and digits are lowercased, dropped when shorter than two characters or
in the stop list, and stemmed (the stemmer and stop list are Whoosh's, passed in by
`search`, so this module stays free of Whoosh).

Chinese (Han) runs are indexed as overlapping character bigrams (a one-character run
as itself): every run of two or more characters that appears in an article is then
found by the AND of its bigrams, whatever a segmenter makes of it, and words written
next to each other share the bigram that spans them, so adjacency ranks first. On top,
jieba's words (rjieba, same dictionary and cuts) are indexed too: a two-character word
adds a second count to its bigram, so 客服 the word outranks 客服 straddling 顾客服务,
and longer words (浏览器, 怎么办) become terms of their own that a query picks up when
its text contains them. Queries never run jieba: the browser cannot, and it needs not.

Chinese is folded first (Traditional and variant characters to Simplified, rules.fold_table),
in articles and queries alike, so 錢包 finds 钱包. Synonym groups (synonyms.py) add their
group's term wherever one of their words occurs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from helpcenter.search.rules import CJK, HAN, IRREGULAR, fold_table
from helpcenter.search.synonyms import Compiled

_HAN_RUN = re.compile(f"[{CJK}]+")
_HAN_ONLY = re.compile(f"[{HAN}]{{2,}}")
# letters and digits, but not Han (nor "_", which \w includes)
_WORD = re.compile(f"[^\\W_{CJK}]+")
_UNIT = re.compile(f"([{CJK}]+)|[^\\W_{CJK}]+")


def jieba_cut(text: str) -> list[str]:
    """rjieba's words; imported on first use: its dictionary takes 0.1 s to load, which a
    build or an edit without Chinese text need not pay."""
    import rjieba

    return rjieba.cut(text)


@dataclass(frozen=True)
class Unit:
    """One piece of a query: a lowercased word or a Han run, in query order."""

    text: str
    han: bool
    last: bool  # the query ends inside it: the user may still be typing it


class Analyzer:
    """The one definition of what a term is; Whoosh's schema wraps it for index and query."""

    def __init__(
        self,
        stem: Callable[[str], str],
        stop_words: Iterable[str],
        min_size: int = 2,
        synonyms: Compiled | None = None,
    ):
        self._stem = stem
        self._stop = frozenset(stop_words)
        self._min = min_size
        self._cache: dict[str, str] = {}  # raw word -> term ("" when dropped)
        self._han_word: dict[str, bool] = {}  # a word jieba cut -> whether it is a term
        self._fold = fold_table()
        self.synonyms = synonyms or Compiled()
        self._han_marks = [(k, v) for k, v in sorted(self.synonyms.han.items()) if k in self.synonyms.marks]
        self._word_marks = {tuple(k.split(" ")): v for k, v in self.synonyms.words.items() if k in self.synonyms.marks}
        self._longest = max(map(len, self._word_marks), default=0)
        self._firsts = frozenset(k[0] for k in self._word_marks)

    @property
    def stop_words(self) -> frozenset[str]:
        return self._stop

    def fold(self, text: str) -> str:
        """Chinese characters folded to one form (same length: one character for one)."""
        return text.translate(self._fold)

    def __getstate__(self) -> dict:
        # Whoosh pickles the schema, analyzer included, into its table of contents
        return {**self.__dict__, "_cache": {}, "_han_word": {}, "_fold": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _fold=fold_table())

    def word_term(self, word: str) -> str:
        """The term of one word as written, or "" when it is too short or a stop word."""
        term = self._cache.get(word)
        if term is None:
            low = word.lower()
            low = IRREGULAR.get(low, low)
            term = "" if len(low) < self._min or low in self._stop else self._stem(low)
            self._cache[word] = term
        return term

    def terms(self, text: str) -> list[str]:
        """Index terms of a text, in no particular order (only their counts matter)."""
        out: list[str] = []
        if _HAN_RUN.search(text):
            text = text.translate(self._fold)
            runs = _HAN_RUN.findall(text)
            for word, token in self._han_marks:  # each on its own: nested and overlapping words count
                n = text.count(word)
                if n:
                    out.extend([token] * n)
            for run in runs:  # bigrams(), inlined: there are many runs
                if len(run) > 1:
                    out.extend([run[i : i + 2] for i in range(len(run) - 1)])
                else:
                    out.append(run)
            han_word = self._han_word
            out.extend([w for w in jieba_cut(text) if han_word.get(w) or (w not in han_word and self._is_han_word(w))])
            text = _HAN_RUN.sub(" ", text)
        word_term = self.word_term
        words = [t for t in map(word_term, _WORD.findall(text)) if t]
        out.extend(words)
        if self._word_marks and words:
            out.extend(self._word_synonyms(words))
        return out

    def _is_han_word(self, word: str) -> bool:
        """Whether a word jieba cut is a term of its own: two or more Han characters (kept
        per word: a text's words are mostly ones seen before)."""
        found = self._han_word[word] = len(word) > 1 and _HAN_ONLY.fullmatch(word) is not None
        return found

    def _word_synonyms(self, words: list[str]) -> list[str]:
        """Group terms of the synonyms among `words` (terms in text order): longest first,
        not overlapping, as query.plan finds them in a query."""
        out = []
        marks, firsts, end = self._word_marks, self._firsts, 0
        for i in [i for i, w in enumerate(words) if w in firsts]:
            if i < end:
                continue
            for n in range(min(self._longest, len(words) - i), 0, -1):
                token = marks.get(tuple(words[i : i + n]))
                if token:
                    out.append(token)
                    end = i + n
                    break
        return out

    def units(self, query: str) -> list[Unit]:
        """Split a query into words and Han runs; the last may be unfinished (prefix search)."""
        units = []
        query = query.translate(self._fold)
        for m in _UNIT.finditer(query):
            han = m.group(1) is not None
            units.append(Unit(m.group(0) if han else m.group(0).lower(), han, m.end() == len(query)))
        return units


def bigrams(run: str) -> list[str]:
    """The terms of a Han run (its bigrams, or itself when one character long)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]
