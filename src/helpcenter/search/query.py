"""What a typed query means: groups of alternative terms, searched in tiers.

Mirrored line by line by theme/static/js/search-worker.js. `search.whoosh_search` turns
a plan into Whoosh queries; the parity test runs both and compares.

- Each word (or Chinese bigram position) is a *group*: its exact term, plus, for the word
  still being typed, the most frequent index terms it is a prefix of; plus, for an English
  word of 5+ letters that (nearly) no article contains, the terms of the words one typo
  away as typed (substitution, insertion, deletion or swap of neighbours; then stemmed,
  so `recovry` finds `recoveri` and `phishng` finds `phish`), boosted down.
- Question words (`how do I`, `怎么办`) do not take part unless the query is only that.
- Tiers, each a Whoosh query ranked by BM25F: every group matched exactly (AND), then
  with typo terms, then any group (OR), then any with typo terms. A document is listed
  in the first tier it appears in, so all-words matches come first and a question that
  an article answers is never left without results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from helpcenter.search.analyzer import Analyzer, Unit, bigrams

PREFIX_TERMS = 6  # terms an unfinished word expands to
FUZZY_TERMS = 5
FUZZY_MIN_LETTERS = 5
FUZZY_BOOST = 0.5
FUZZY_BELOW_DOCS = 3  # a word this rare may well be the typo
LONGEST_WORD = 8  # longest Chinese word looked up inside a query

EN_QUESTION_WORDS = frozenset(
    (
        "a about above after again against all am an and any are as at be because been before being below "
        "between both but by can cannot cant could did didn do does doesn doing don down during each few for "
        "from further get getting got had hadn has hasn have haven having hello help here hi how i id if im "
        "in into is isn it its itself ive just may me might more most must my myself no nor of off on once "
        "only or other our ours out over own please same shall should shouldn so some such tbd than thanks "
        "that the their them then there these they this those through to too under until up us very was wasn "
        "we were weren what whats when where which while who whom whose why will with won would wouldn yet "
        "you your"
    ).split()
)
# Chinese question words and particles; a bigram touching one is dropped from the query
ZH_QUESTION_WORDS = tuple(
    (
        "的 了 吗 呢 吧 啊 呀 嘛 是 我 你 您 我们 怎么 怎么办 怎样 怎么样 如何 为什么 为何 为啥 "
        "什么 哪里 哪个 请问 是否 可以 应该 一下 这个 那个 一直 还是 已经 有没有 能不能 "
        "咋办 多少"
    ).split()
)


class Vocabulary(Protocol):
    def docs(self, term: str) -> int:
        """How many documents contain the term (its largest per-field document frequency)."""

    def starting_with(self, prefix: str) -> list[str]:
        """Every term that starts with `prefix`."""


Alt = tuple[str, float]  # (term, boost)


@dataclass(frozen=True)
class Group:
    exact: tuple[Alt, ...]
    fuzzy: tuple[Alt, ...] = ()


@dataclass(frozen=True)
class Tier:
    all_groups: bool  # AND (True) or OR
    fuzzy: bool  # include the typo alternatives


@dataclass(frozen=True)
class Plan:
    groups: tuple[Group, ...]

    def tiers(self) -> list[Tier]:
        if not self.groups:
            return []
        fuzzy = any(g.fuzzy for g in self.groups)
        out = [Tier(True, False)] + ([Tier(True, True)] if fuzzy else [])
        if len(self.groups) > 1:
            out += [Tier(False, False)] + ([Tier(False, True)] if fuzzy else [])
        return out

    def terms(self) -> set[str]:
        return {t for g in self.groups for t, _ in g.exact + g.fuzzy}


@dataclass
class _Piece:
    group: Group
    question: bool


def plan(query: str, analyzer: Analyzer, vocab: Vocabulary) -> Plan:
    pieces: list[_Piece] = []
    for unit in analyzer.units(query):
        if unit.han:
            pieces += _han_pieces(unit, vocab)
        else:
            pieces += _word_pieces(unit, analyzer, vocab)
    if not all(p.question for p in pieces):
        pieces = [p for p in pieces if not p.question]
    groups: list[Group] = []
    for p in pieces:
        if (p.group.exact or p.group.fuzzy) and p.group not in groups:
            groups.append(p.group)
    return Plan(tuple(groups))


def _by_docs(terms: list[str], vocab: Vocabulary, limit: int) -> list[str]:
    return sorted(terms, key=lambda t: (-vocab.docs(t), t))[:limit]


def _word_pieces(unit: Unit, analyzer: Analyzer, vocab: Vocabulary) -> list[_Piece]:
    word = unit.text
    term = analyzer.word_term(word)
    if not term:  # one letter, or a stop word of the index
        return []
    exact = [term] if vocab.docs(term) else []
    if unit.last:
        exact += _by_docs([t for t in vocab.starting_with(word) if t != term], vocab, PREFIX_TERMS)
    fuzzy: list[str] = []
    if len(word) >= FUZZY_MIN_LETTERS and word.isalpha() and sum(map(vocab.docs, exact)) < FUZZY_BELOW_DOCS:
        near = {analyzer.word_term(v) for v in one_typo_away(word)} - {"", *exact}
        fuzzy = _by_docs([t for t in near if vocab.docs(t)], vocab, FUZZY_TERMS)
    group = Group(tuple((t, 1.0) for t in exact), tuple((t, FUZZY_BOOST) for t in fuzzy))
    return [_Piece(group, word in EN_QUESTION_WORDS)]


def _han_pieces(unit: Unit, vocab: Vocabulary) -> list[_Piece]:
    run = unit.text
    covered = [False] * len(run)
    for w in ZH_QUESTION_WORDS:
        start = run.find(w)
        while start >= 0:
            covered[start : start + len(w)] = [True] * len(w)
            start = run.find(w, start + 1)
    if len(run) == 1:  # a lone character: the words it starts
        terms = [run] if vocab.docs(run) else []
        terms += _by_docs([t for t in vocab.starting_with(run) if t != run], vocab, PREFIX_TERMS)
        return [_Piece(Group(tuple((t, 1.0) for t in terms)), covered[0])]
    pieces = []
    for i, gram in enumerate(bigrams(run)):
        words = [run[i:j] for j in range(i + 3, min(len(run), i + LONGEST_WORD) + 1)]
        terms = [t for t in [gram, *words] if vocab.docs(t)]
        pieces.append(_Piece(Group(tuple((t, 1.0) for t in terms)), covered[i] or covered[i + 1]))
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
