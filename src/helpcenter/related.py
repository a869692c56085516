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
from collections import Counter
from collections.abc import Mapping, Sequence
from math import log

KEY_TERMS = 8
IMPACT_DOCS = 48
RELATED = 5


def bo1_parts(collection_freq: float, doc_count: int) -> tuple[float, float]:
    """(a, b) with Bo1Model.score(weight, cf, _) == weight * a + b, same operations."""
    f = collection_freq / doc_count
    return log((1.0 + f) / f, 2), log(1.0 + f, 2)


def key_terms(counts: Counter[str], bo1: Mapping[str, tuple[float, float]]) -> list[tuple[str, float]]:
    """Expander.expanded_terms(KEY_TERMS, normalize=False) over terms in `bo1`."""
    scored = [(-(w * ab[0] + ab[1]), t) for t, w in counts.items() if (ab := bo1.get(t))]
    if not scored:
        return []
    scored.sort()  # best first; ties by term, as Whoosh sorts (in C: faster than a heap here)
    top = scored[:KEY_TERMS]
    best = -top[0][0]
    return [(t, -s / best) for s, t in top]


def related(
    body_counts: Sequence[Counter[str]],
    body: Mapping[str, tuple[array, array]],
    body_lengths: Sequence[int],
    avg_length: float,
    doc_count: int,
    B: float,
    K1: float,
) -> list[list[int]]:
    """For each document, up to RELATED other documents, most related first."""
    bo1 = {t: bo1_parts(float(sum(w)), doc_count) for t, (d, w) in body.items() if len(d) > 1}
    # whoosh.scoring.bm25's denominator term per document, computed as it does
    norm = [K1 * ((1 - B) + B * fl / avg_length) for fl in body_lengths]
    impacts: dict[str, tuple[list[int], list[float]]] = {}

    def best_postings(term: str) -> tuple[list[int], list[float]]:
        found = impacts.get(term)
        if found is None:
            docs, weights = body[term]
            idf = log(doc_count / (len(docs) + 1)) + 1
            best = sorted(zip([-(idf * ((w * (K1 + 1)) / (w + norm[d]))) for d, w in zip(docs, weights)], docs))
            best = best[:IMPACT_DOCS]
            found = impacts[term] = ([d for _, d in best], [-s for s, _ in best])
        return found

    out = []
    for doc, counts in enumerate(body_counts):
        acc: dict[int, float] = {}
        get = acc.get
        for term, boost in key_terms(counts, bo1):
            others, scores = best_postings(term)
            for other, score in zip(others, scores):
                acc[other] = get(other, 0.0) + score * boost
        acc.pop(doc, None)
        out.append([d for _, d in sorted([(-s, d) for d, s in acc.items()])[:RELATED]])
    return out
