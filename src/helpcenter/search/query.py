"""What a typed query means: groups of alternative terms, searched in tiers.

Mirrored line by line by theme/static/js/search-worker.js, which takes every constant and
word list from the rules the build ships (rules.client_rules). `engine.whoosh_search` turns
a plan into Whoosh queries; the parity test runs both and compares.

- Each word (or Chinese bigram position) is a *group*: its exact term, plus, for the word
  still being typed, the most frequent index terms it is a prefix of; plus, for an English
  word of 5+ letters that (nearly) no article contains, the terms of the words one typo
  away as typed (substitution, insertion, deletion or swap of neighbours; then stemmed,
  so `recovry` finds `recoveri` and `phishng` finds `phish`), boosted down.
- Words of a synonym group (synonyms.toml) become one group: the group's term, which
  every article using any of its words holds.
- Question words (`how do I`, `怎么办`) do not take part unless the query is only that.
- Tiers, each a Whoosh query ranked by BM25F: every group matched exactly (AND), then
  with typo terms; for three groups or more, all groups but one, exactly then with typo
  terms; then any group (OR), then any with typo terms. A document is listed in the
  first tier it appears in, so all-words matches come first, and a question that an
  article answers is never left without results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from helpcenter.search.analyzer import Analyzer, Unit, bigrams
from helpcenter.search.rules import (
    EN_QUESTION_WORDS,
    FIELDS,
    FUZZY_BELOW_DOCS,
    FUZZY_BOOST,
    FUZZY_MIN_LETTERS,
    FUZZY_TERMS,
    LONGEST_WORD,
    MOST_OF_FROM,
    PREFIX_TERMS,
    ZH_QUESTION_WORDS,
)

__all__ = ["EN_QUESTION_WORDS", "FUZZY_BOOST", "ZH_QUESTION_WORDS", "Group", "Plan", "Tier", "plan"]


class Vocabulary(Protocol):
    def docs(self, term: str) -> int:
        """How many documents contain the term (its largest per-field document frequency)."""

    def starting_with(self, prefix: str) -> list[str]:
        """Every term that starts with `prefix`."""


class ReaderVocabulary:
    """The query planner's view of a Whoosh reader (the parity test's and whoosh_search's)."""

    def __init__(self, reader):
        self.reader = reader

    def docs(self, term: str) -> int:
        return max(self.reader.doc_frequency(f, term) for f in FIELDS)

    def starting_with(self, prefix: str) -> list[str]:
        return sorted({t.decode("utf-8") for f in FIELDS for t in self.reader.expand_prefix(f, prefix)})


Alt = tuple[str, float]  # (term, boost)


@dataclass(frozen=True)
class Group:
    exact: tuple[Alt, ...]
    fuzzy: tuple[Alt, ...] = ()


@dataclass(frozen=True)
class Tier:
    need: int  # how many groups a document must match
    fuzzy: bool  # include the typo alternatives


@dataclass(frozen=True)
class Plan:
    groups: tuple[Group, ...]

    def tiers(self) -> list[Tier]:
        n = len(self.groups)
        if not n:
            return []
        fuzzy = any(g.fuzzy for g in self.groups)
        needs = [n] + ([n - 1] if n >= MOST_OF_FROM else []) + ([1] if n > 1 else [])
        return [Tier(need, f) for need in needs for f in ((False, True) if fuzzy else (False,))]

    def terms(self) -> set[str]:
        return {t for g in self.groups for t, _ in g.exact + g.fuzzy}


@dataclass
class _Piece:
    group: Group
    question: bool


def plan(query: str, analyzer: Analyzer, vocab: Vocabulary) -> Plan:
    pieces: list[_Piece] = []
    units = analyzer.units(query)
    synonyms = _word_synonyms(units, analyzer)
    for i, unit in enumerate(units):
        if i in synonyms:
            token, size = synonyms[i]
            if token:  # a one-word synonym keeps its own term too: articles using it rank first
                own = [(analyzer.word_term(unit.text), 1.0)] if size == 1 else []
                alts = [a for a in [*own, (token, 1.0)] if vocab.docs(a[0])]
                pieces.append(_Piece(Group(tuple(alts)), False))
        elif unit.han:
            pieces += _han_pieces(unit, analyzer, vocab)
        else:
            pieces += _word_pieces(unit, analyzer, vocab, _joined(units, i, analyzer, vocab))
    if not all(p.question for p in pieces):
        pieces = [p for p in pieces if not p.question]
    groups: list[Group] = []
    for p in pieces:
        if (p.group.exact or p.group.fuzzy) and p.group not in groups:
            groups.append(p.group)
    return Plan(tuple(groups))


def _word_synonyms(units: list[Unit], analyzer: Analyzer) -> dict[int, tuple[str, int]]:
    """unit index -> (group term, words matched) at a synonym's first word, ("", 0) at its
    other words (stop words between them are not units of a plan anyway): longest
    runs of words first, not across Chinese text, stop words skipped."""
    words = analyzer.synonyms.words
    if not words:
        return {}
    longest = max(k.count(" ") + 1 for k in words)
    out: dict[int, tuple[str, int]] = {}
    run: list[tuple[int, str]] = []  # (unit index, term) of consecutive words
    for i, unit in enumerate([*units, None]):
        if unit is not None and not unit.han:
            term = analyzer.word_term(unit.text)
            if term:
                run.append((i, term))
            continue
        k = 0
        while k < len(run):
            for n in range(min(longest, len(run) - k), 0, -1):
                token = words.get(" ".join(t for _, t in run[k : k + n]))
                if token:
                    out.update((j, ("", 0)) for j, _ in run[k : k + n])
                    out[run[k][0]] = (token, n)
                    k += n
                    break
            else:
                k += 1
        run = []
    return out


def _by_docs(terms: list[str], vocab: Vocabulary, limit: int) -> list[str]:
    return sorted(terms, key=lambda t: (-vocab.docs(t), t))[:limit]


def _joined(units: list[Unit], i: int, analyzer: Analyzer, vocab: Vocabulary) -> list[str]:
    """Terms of the word written together with the word before or after it, when the
    index has them ("meta mask" -> metamask): alternatives of both words' groups."""
    out = []
    for a, b in ((i - 1, i), (i, i + 1)):
        if a >= 0 and b < len(units) and not units[a].han and not units[b].han:
            term = analyzer.word_term(units[a].text + units[b].text)
            if term and vocab.docs(term) and term not in out:
                out.append(term)
    return out


def split_word(word: str, analyzer: Analyzer, vocab: Vocabulary) -> tuple[str, str] | None:
    """Two words the index has, written together ("seedphrase" -> seed, phrase): the split
    whose rarer half is the most common, the earliest on a tie; halves of 3+ letters."""
    best: tuple[int, int, str, str] | None = None
    for i in range(3, len(word) - 2):
        a, b = analyzer.word_term(word[:i]), analyzer.word_term(word[i:])
        if a and b:
            n = min(vocab.docs(a), vocab.docs(b))
            if n and (best is None or n > best[0]):
                best = (n, i, a, b)
    return (best[2], best[3]) if best else None


def _word_pieces(unit: Unit, analyzer: Analyzer, vocab: Vocabulary, joined: list[str]) -> list[_Piece]:
    word = unit.text
    term = analyzer.word_term(word)
    if not term:  # one letter, or a stop word of the index
        return []
    exact = [term] if vocab.docs(term) else []
    if unit.last:
        exact += _by_docs([t for t in vocab.starting_with(word) if t != term], vocab, PREFIX_TERMS)
    if not exact and not joined and len(word) > FUZZY_MIN_LETTERS and word.isalpha():
        halves = split_word(word, analyzer, vocab)
        if halves:
            return [_Piece(Group(((t, 1.0),)), False) for t in halves]
    exact += [t for t in joined if t not in exact]
    fuzzy: list[str] = []
    if len(word) >= FUZZY_MIN_LETTERS and word.isalpha() and sum(map(vocab.docs, exact)) < FUZZY_BELOW_DOCS:
        near = {analyzer.word_term(v) for v in one_typo_away(word)} - {"", *exact}
        fuzzy = _by_docs([t for t in near if vocab.docs(t)], vocab, FUZZY_TERMS)
    group = Group(tuple((t, 1.0) for t in exact), tuple((t, FUZZY_BOOST) for t in fuzzy))
    return [_Piece(group, word in EN_QUESTION_WORDS)]


def _covering(run: str, words) -> list[bool]:
    covered = [False] * len(run)
    for w in words:
        start = run.find(w)
        while start >= 0:
            covered[start : start + len(w)] = [True] * len(w)
            start = run.find(w, start + 1)
    return covered


def _han_pieces(unit: Unit, analyzer: Analyzer, vocab: Vocabulary) -> list[_Piece]:
    run = unit.text
    covered = _covering(run, ZH_QUESTION_WORDS)
    if len(run) == 1:  # a lone character: the words it starts
        terms = [run] if vocab.docs(run) else []
        terms += _by_docs([t for t in vocab.starting_with(run) if t != run], vocab, PREFIX_TERMS)
        return [_Piece(Group(tuple((t, 1.0) for t in terms)), covered[0])]
    pieces = []
    for i, gram in enumerate(bigrams(run)):
        words = [run[i:j] for j in range(i + 3, min(len(run), i + LONGEST_WORD) + 1)]
        terms = [t for t in [gram, *words] if vocab.docs(t)]
        pieces.append(_Piece(Group(tuple((t, 1.0) for t in terms)), covered[i] or covered[i + 1]))
    # a synonym's term is one more alternative of each of its bigrams: an article using another
    # word of its group matches them all, and the bigrams joining it to its neighbours stay
    han = analyzer.synonyms.han
    if han:
        for m in re.finditer("|".join(sorted(han, key=lambda k: (-len(k), k))), run):
            token = han[m.group(0)]
            if vocab.docs(token):
                for p in pieces[m.start() : m.end() - 1]:
                    p.group = Group((*p.group.exact, (token, 1.0)), p.group.fuzzy)
    return pieces


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_typo_away(word: str) -> set[str]:
    """Words one deletion, swap of neighbours, substitution or insertion from `word`.

    The first letter stays (as with Whoosh's FuzzyTerm default), unless swapped with the
    second: the candidates then sit in few vocabulary shards.
    """
    letters = sorted(set(LETTERS) | set(word))
    out = set()
    for i in range(1, len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            out.add(head + tail[1:])
            out.update(head + c + tail[1:] for c in letters)
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
        out.update(head + c + tail for c in letters)
    if len(word) > 1:
        out.add(word[1] + word[0] + word[2:])
    out.discard(word)
    return out
