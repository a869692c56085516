"""What an edit's run of related() keeps of the run before it, exactly: each key term's
best postings (scored as whoosh.scoring.bm25 does, Terms) and each document's related
documents while bounds prove nothing can have overtaken them (Impacts, kept), so that
an edit rescores what it may have moved, not every posting of the language."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from heapq import nsmallest
from math import inf, log
from typing import Any

IMPACT_DOCS = 48
RELATED = 5
SORT_UP_TO = 500  # postings a term's best are sorted from; more go through a heap
SLACK = 1 + 1e-9  # on the bound of an edit's change to scores: far above float rounding
TIE_DEPTH = 64  # postings past the best looked at for the first one not tied with the last

Top = list[tuple[float, str]]  # a document's best Bo1 terms as (-weight, term), best first
Best = tuple[Sequence[int], Sequence[float]]  # a key term's best postings: documents, scores


def weights_of(top: Top) -> list[tuple[str, float]]:
    if not top:
        return []
    best = -top[0][0]
    return [(t, -s / best) for s, t in top]


@dataclass(frozen=True)
class Edit:
    """What an edit changed, for the related() run after it: the terms whose postings it
    changed, the top terms before it of each document whose top terms were computed again
    (stale_tops), and the documents it edited."""

    terms: AbstractSet[str]
    tops_before: Mapping[int, Top]
    edited: AbstractSet[int]


@dataclass
class Impacts:
    """What related() leaves for the next edit's run (`previous`), so that its results are
    exact without scoring every posting and candidate again.

    An edit moves the average body length from `avg` to avg': every score of a term whose
    postings it left alone changes by a factor within [1/r, r], r = max(avg/avg', avg'/avg)
    (norm = K1 * ((1 - B) + B * fl / avg) does, and w / (w + norm) follows); of a term it
    changed, by r times its idf's change, but for the edited documents' scores. A term
    keeps its best postings as a set while their new scores all exceed `edge` times its
    factor; a changed term, with its edited documents scored again among them, while its
    previous last stays the last (else they are chosen afresh). A document whose key terms
    all kept their sets keeps its related documents while their new sums exceed `others`
    times the largest factor and an edited document's new sum (computed) does not overtake
    them; their order then comes from their new sums. Anything else is made afresh, as a
    full run does."""

    avg: float
    best: dict[str, Best]  # a key term's best postings, best first
    edge: dict[str, float]  # >= the score of any of its other postings (0.0: none)
    idf: dict[str, float]
    lists: list[list[int]]  # each document's related documents
    others: list[float]  # >= the sum of any other candidate of the document's (0.0: none)
    reused: int = 0  # documents whose list this run kept by the bounds (none in a full run)
    # a key term's best postings' weights, in the order of `best`: a term the edit left alone
    # has the same postings, so the next run need not look them up among all of them
    weights: dict[str, Sequence[float]] = field(default_factory=dict)

    def compact(self) -> Impacts:
        """`best` and `weights` as arrays ("i": documents, "d": the same floats): in lists of
        number objects, 3 times the memory (an indexing process's largest part but the
        index itself). Unpickled, they are lists again: the next run reads them element by
        element, which took a Chinese edit's related() 0.2 s longer from arrays."""
        for term, (docs, scores) in self.best.items():
            self.best[term] = (array("i", docs), array("d", scores))
        for term, weights in self.weights.items():
            self.weights[term] = array("d", weights)
        return self

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.best = {t: (_listed(docs), _listed(scores)) for t, (docs, scores) in self.best.items()}
        self.weights = {t: _listed(weights) for t, weights in self.weights.items()}


def _listed(values: Sequence[Any]) -> Sequence[Any]:
    return values.tolist() if isinstance(values, array) else values


class Terms:
    """Each key term's best postings, scored as whoosh.scoring.bm25 does: kept from the
    previous run when the bounds allow (Impacts), else chosen among all its postings."""

    def __init__(
        self,
        body: Mapping[str, tuple[array, array]],
        lengths: Sequence[int],
        avg: float,
        doc_count: int,
        B: float,
        K1: float,
        previous: Impacts | None,
        stale: AbstractSet[str],
        edited: AbstractSet[int] = frozenset(),
    ):
        self.body, self.lengths, self.doc_count, self.K1 = body, lengths, doc_count, K1
        self.previous, self.stale, self.edited = previous, stale, edited
        # bm25's denominator term per document, computed as it does
        self.norm = [K1 * ((1 - B) + B * fl / avg) for fl in lengths]
        self.r = max(avg / previous.avg, previous.avg / avg) * SLACK if previous else 0.0
        self.found = Impacts(avg, {}, {}, {}, [], [])
        self.factor: dict[str, float] = {}  # how much a term's scores moved (but the edited documents')
        self.swapped: dict[str, set[int]] = {}  # the documents that left or joined a term's best
        self.scores: dict[str, dict[int, float]] = {}

    def best(self, term: str) -> Best:
        best = self.found.best.get(term)
        if best is None:
            df = len(self.body[term][0])
            idf = self.found.idf[term] = log(self.doc_count / (df + 1)) + 1
            best = self._kept(term, idf) or self._afresh(term, idf)
        return best

    def score_of(self, term: str) -> dict[int, float]:
        found = self.scores.get(term)
        if found is None:
            found = self.scores[term] = dict(zip(*self.best(term)))
        return found

    def _scored(self, idf: float, docs, weights) -> list[float]:
        k, norm = self.K1 + 1, self.norm  # K1 + 1 once: the same float every time
        return [-(idf * ((w * k) / (w + norm[d]))) for d, w in zip(docs, weights)]

    def _kept(self, term: str, idf: float) -> Best | None:
        """The previous best postings, when no other posting can have overtaken them: all
        beat the bound of those outside the last one's class, which they still lead."""
        previous = self.previous
        kept = previous.best.get(term) if previous is not None else None
        if previous is None or kept is None:
            return None
        if term in self.stale:
            return self._kept_changed(term, idf, previous, kept)
        docs, weights = self.body[term]
        short = len(kept[0]) < len(docs)
        members = kept[0] if short else list(docs)
        ws = previous.weights[term] if short else list(weights)  # its postings are as they were
        scores = self._scored(idf, members, ws)
        ranked = sorted(zip(scores, members, ws))
        self.found.edge[term] = 0.0
        if members:
            edge = self.found.edge[term] = previous.edge[term] * self.r
            last = members.index(kept[0][-1])
            tied, weight, length, lengths = -scores[last], ws[last], self.lengths[members[last]], self.lengths
            if not tied > edge:
                return None
            # another class than the last's must be strictly ahead of it: of those scoring no
            # more than it (the end of `ranked`), none may be of another class
            for s, d, w in reversed(ranked):
                if -s > tied:
                    break
                if w != weight or lengths[d] != length:
                    return None
        self.factor[term] = self.r
        return self._chosen(term, ranked)

    def _kept_changed(self, term: str, idf: float, previous: Impacts, kept: Best) -> Best | None:
        """Of a term whose postings the edit changed: the best among the previous best and
        the edited documents holding it now (each scored), when no other posting can have
        overtaken the last of them. The others are postings of documents not edited: their
        scores moved by the idf's change times r at most, and those tied with the previous
        last (its class) exactly as it did; so the previous last must stay the last."""
        docs, weights = self.body[term]
        edited, lengths = self.edited, self.lengths
        last, last_weight = kept[0][-1], previous.weights[term][-1]
        tie = (last_weight, lengths[last])
        if last in edited:
            return None
        members = [d for d in kept[0] if d not in edited]
        ws = [w for d, w in zip(kept[0], previous.weights[term]) if d not in edited]
        for doc in sorted(edited):
            i = bisect_left(docs, doc)
            if i < len(docs) and docs[i] == doc:
                if (weights[i], lengths[doc]) == tie:  # it would tie with the last: its order is by number
                    return None
                members.append(doc)
                ws.append(weights[i])
        again = sorted(zip(self._scored(idf, members, ws), members, ws))
        chosen, rest = again[:IMPACT_DOCS], again[IMPACT_DOCS:]
        factor = self.r * max(idf / previous.idf[term], previous.idf[term] / idf)
        edge = 0.0
        if len(docs) > len(members):  # postings outside: bounded by the previous edge
            edge = previous.edge[term] * factor
            if len(chosen) < IMPACT_DOCS or chosen[-1][1] != last or not -chosen[-1][0] > edge:
                return None
        self.found.edge[term] = max(edge, self._beyond(chosen, rest, 0.0))
        self.factor[term] = factor
        best = self._chosen(term, chosen)
        self.swapped[term] = set(kept[0]).symmetric_difference(best[0])
        return best

    def _chosen(self, term: str, chosen: list[tuple[float, int, float]]) -> Best:
        """Record (-score, document, weight) best first as the term's best postings."""
        best = self.found.best[term] = ([d for _, d, _ in chosen], [-s for s, _, _ in chosen])
        self.found.weights[term] = [w for _, _, w in chosen]
        return best

    def _beyond(
        self, chosen: list[tuple[float, int, float]], rest: list[tuple[float, int, float]], none: float
    ) -> float:
        """The best score in `rest` (sorted) outside the class of the last chosen (equal
        weight and length: equal scores, before and after an edit); `none` without one."""
        if not chosen:
            return none
        lengths, (_, last, weight) = self.lengths, chosen[-1]
        tie = (weight, lengths[last])
        return next((-s for s, d, w in rest if (w, lengths[d]) != tie), none)

    def _afresh(self, term: str, idf: float) -> Best:
        docs, weights = self.body[term]
        scored = zip(self._scored(idf, docs, weights), docs, weights)  # a document once: weights never compared
        # nsmallest(n, x) == sorted(x)[:n]: a common term's thousands go through a heap,
        # a shorter list is sorted (in C: faster than the heap's loop)
        top = nsmallest(IMPACT_DOCS + TIE_DEPTH, scored) if len(docs) > SORT_UP_TO else sorted(scored)
        chosen = top[:IMPACT_DOCS]
        best = self._chosen(term, chosen)
        # the bound of the others (none looked at beyond `top`: unbounded)
        self.found.edge[term] = self._beyond(chosen, top[IMPACT_DOCS:], 0.0 if len(top) == len(docs) else inf)
        previous = self.previous
        kept = previous.best.get(term) if previous is not None else None
        if previous is not None and kept is not None:  # those that left or joined the set: computed
            self.factor[term] = self.r * max(idf / previous.idf[term], previous.idf[term] / idf)
            self.swapped[term] = set(kept[0]).symmetric_difference(best[0])
        return best


def _boosts_moved(before: list[tuple[str, float]], after: list[tuple[str, float]]) -> float:
    """By what factor at most a document's key terms' boosts changed (0.0: not the same terms)."""
    old = dict(before)
    if old.keys() != {term for term, _ in after}:
        return 0.0
    return max((max(b / old[t], old[t] / b) for t, b in after), default=1.0)


def kept(
    doc: int,
    weights: list[tuple[str, float]],
    lists: list[Best],
    previous: Impacts,
    edit: Edit,
    terms: Terms,
) -> tuple[list[int], float] | None:
    """A document's previous related documents, in their new order, with the new bound of
    the others' sums; None when another candidate may have overtaken one of them. The
    candidates whose sums the factors do not bound (edited, or in or out of a term's best)
    are computed."""
    if not all(t in terms.factor for t, _ in weights):
        return None
    before = edit.tops_before.get(doc)
    boosts = _boosts_moved(weights_of(before), weights) if before is not None else 1.0
    if not boosts:
        return None
    factor = max((terms.factor[t] for t, _ in weights), default=terms.r) * boosts
    maps = [terms.score_of(t) for t, _ in weights]
    members = previous.lists[doc]
    total_of = _adder(weights, maps)
    ranked = sorted((-total_of(m), m) for m in members)
    bound = previous.others[doc] * factor  # any other candidate's but a moved one's
    if ranked and -ranked[-1][0] <= bound:
        return None
    swapped = [found for t, _ in weights if (found := terms.swapped.get(t))]
    moved = set(edit.edited).union(*swapped) if swapped else edit.edited  # most terms kept their best
    for e in moved:
        if e != doc and e not in members and any(e in scores for scores in maps):
            if len(ranked) < RELATED or (-(total := total_of(e)), e) < ranked[-1]:
                return None
            bound = max(bound, total)
    return [m for _, m in ranked], bound


def _adder(weights: list[tuple[str, float]], maps: list[dict[int, float]]) -> Callable[[int], float]:
    """A candidate's sum, added up as related() does: term by term, the first one's as it is."""
    if not maps:
        return lambda member: 0.0
    first, rest = maps[0].get, [(boost, scores.get) for (_, boost), scores in zip(weights[1:], maps[1:])]

    def total_of(member: int) -> float:
        total = first(member, 0.0)
        for boost, get in rest:
            score = get(member)
            if score is not None:
                total = total + score * boost
        return total

    return total_of
