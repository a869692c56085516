"""Related articles: Whoosh's more-like-this, computed over the exported index so it stays fast.

Searcher.more_like(doc, "body", text) weighs the body's terms with the Bo1 model
(classify.Expander), keeps the best, normalizes them by the top weight (normalize=False)
and runs Or([Term("body", term, boost=weight)]) under BM25F. A Whoosh search per article
costs ~20 ms (minutes for a large site), so here the same formulas, operation for
operation, score each key term's IMPACT_DOCS best postings only: exact whenever a key term
is in at most that many articles. Unlike plain more_like, terms no other article has are
skipped, as they cannot make anything related.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from heapq import nsmallest
from math import log

KEY_TERMS = 8
IMPACT_DOCS = 48
RELATED = 5
SORT_UP_TO = 500  # postings a term's best are sorted from; more go through a heap


def bo1_parts(collection_freq: float, doc_count: int) -> tuple[float, float]:
    """(a, b) with Bo1Model.score(weight, cf, _) == weight * a + b, same operations."""
    f = collection_freq / doc_count
    return log((1.0 + f) / f, 2), log(1.0 + f, 2)


Top = list[tuple[float, str]]  # a document's best Bo1 terms as (-weight, term), best first


def bo1_table(body: Mapping[str, tuple[array, array]], doc_count: int) -> dict[str, tuple[float, float]]:
    """Bo1 parts of every body term more than one document has (the others relate nothing)."""
    return {t: bo1_parts(float(sum(w)), doc_count) for t, (d, w) in body.items() if len(d) > 1}


def top_terms(counts: Mapping[str, int], bo1: Mapping[str, tuple[float, float]]) -> Top:
    """The KEY_TERMS best of a document's body terms, as Expander.expanded_terms ranks them."""
    scored = [(-(w * ab[0] + ab[1]), t) for t, w in counts.items() if (ab := bo1.get(t))]
    scored.sort()  # best first; ties by term, as Whoosh sorts (in C: faster than a heap here)
    return scored[:KEY_TERMS]


def _weights(top: Top) -> list[tuple[str, float]]:
    if not top:
        return []
    best = -top[0][0]
    return [(t, -s / best) for s, t in top]


def stale_tops(
    tops: Sequence[Top],
    before: Mapping[str, tuple[float, float]],
    after: Mapping[str, tuple[float, float]],
    touched: set[str],
    body: Mapping[str, tuple[array, array]],
) -> set[int]:
    """After an edit, the documents whose top terms may have changed (besides the edited
    ones): those holding a term whose Bo1 weight changed, if it is among their top terms
    or now ranks above their last one. All others' top terms stand as they were."""
    redo: set[int] = set()
    for term in touched:
        ab = after.get(term)
        if ab == before.get(term) or term not in body:
            continue
        docs, weights = body[term]
        for doc, w in zip(docs, weights):
            top = tops[doc]
            if doc in redo:
                continue
            better = ab is not None and (len(top) < KEY_TERMS or (-(w * ab[0] + ab[1]), term) < top[-1])
            if better or any(t == term for _, t in top):
                redo.add(doc)
    return redo


def tops_from_postings(
    body: Mapping[str, tuple[array, array]], bo1: Mapping[str, tuple[float, float]], doc_count: int
) -> list[Top]:
    """Every document's top_terms, read from the body postings (a term at a time, each
    document's candidates cut back to its best as they grow, so memory stays small)."""
    found: list[Top] = [[] for _ in range(doc_count)]
    for term, (docs, weights) in body.items():
        ab = bo1.get(term)
        if ab is None:
            continue
        a, b = ab
        for doc, w in zip(docs, weights):
            top = found[doc]
            top.append((-(w * a + b), term))
            if len(top) >= 4 * KEY_TERMS:
                top.sort()
                del top[KEY_TERMS:]
    for top in found:
        top.sort()
        del top[KEY_TERMS:]
    return found


def related(
    tops: Sequence[Top],
    body: Mapping[str, tuple[array, array]],
    body_lengths: Sequence[int],
    avg_length: float,
    doc_count: int,
    B: float,
    K1: float,
) -> list[list[int]]:
    """For each document, up to RELATED other documents, most related first, from each
    document's top terms (tops_from_postings, or kept and updated with stale_tops)."""
    # whoosh.scoring.bm25's denominator term per document, computed as it does
    norm = [K1 * ((1 - B) + B * fl / avg_length) for fl in body_lengths]
    impacts: dict[str, tuple[list[int], list[float]]] = {}

    def best_postings(term: str) -> tuple[list[int], list[float]]:
        found = impacts.get(term)
        if found is None:
            docs, weights = body[term]
            idf = log(doc_count / (len(docs) + 1)) + 1
            scored = zip([-(idf * ((w * (K1 + 1)) / (w + norm[d]))) for d, w in zip(docs, weights)], docs)
            # nsmallest(n, x) == sorted(x)[:n]: a common term's thousands go through a heap,
            # a shorter list is sorted (in C: faster than the heap's loop)
            best = nsmallest(IMPACT_DOCS, scored) if len(docs) > SORT_UP_TO else sorted(scored)[:IMPACT_DOCS]
            found = impacts[term] = ([d for _, d in best], [-s for s, _ in best])
        return found

    out = []
    for doc, top in enumerate(tops):
        weights = _weights(top)
        # the first term's boost is 1.0: its scores are the sums so far, as they are
        acc: dict[int, float] = dict(zip(*best_postings(weights[0][0]))) if weights else {}
        get = acc.get
        for term, boost in weights[1:]:
            others, scores = best_postings(term)
            for other, score in zip(others, scores):
                acc[other] = get(other, 0.0) + score * boost
        acc.pop(doc, None)
        out.append([d for _, d in nsmallest(RELATED, [(-s, d) for d, s in acc.items()])])
    return out
