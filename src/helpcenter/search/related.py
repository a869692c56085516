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
from collections.abc import Callable, Iterable, Mapping, Sequence
from heapq import nsmallest
from math import log

from helpcenter.model import Article
from helpcenter.search.documents import field_texts
from helpcenter.search.impacts import IMPACT_DOCS, RELATED, Edit, Impacts, Terms, Top, kept, weights_of

__all__ = [
    "IMPACT_DOCS",
    "KEY_TERMS",
    "RELATED",
    "Edit",
    "Impacts",
    "Top",
    "bo1_parts",
    "bo1_table",
    "bo1_updated",
    "body_counts",
    "related",
    "stale_tops",
    "top_terms",
    "tops_from_postings",
]

KEY_TERMS = 8


def bo1_parts(collection_freq: float, doc_count: int) -> tuple[float, float]:
    """(a, b) with Bo1Model.score(weight, cf, _) == weight * a + b, same operations."""
    f = collection_freq / doc_count
    return log((1.0 + f) / f, 2), log(1.0 + f, 2)


def bo1_table(body: Mapping[str, tuple[array, array]], doc_count: int) -> dict[str, tuple[float, float]]:
    """Bo1 parts of every body term more than one document has (the others relate nothing)."""
    return {t: bo1_parts(float(sum(w)), doc_count) for t, (d, w) in body.items() if len(d) > 1}


def bo1_updated(
    before: Mapping[str, tuple[float, float]],
    body: Mapping[str, tuple[array, array]],
    touched: Iterable[str],
    doc_count: int,
) -> dict[str, tuple[float, float]]:
    """bo1_table(body, doc_count) after an edit that changed only the `touched` terms'
    postings of a table `before` made with the same document count."""
    after = dict(before)
    for term in touched:
        entry = body.get(term)
        if entry is not None and len(entry[0]) > 1:
            after[term] = bo1_parts(float(sum(entry[1])), doc_count)
        else:
            after.pop(term, None)
    return after


# Body term counts of documents whose top terms an edit redid (stale_tops), kept for the
# article object they were counted from: under `helpcenter serve` a writer saves one article
# again and again, and each save redoes the same neighbours (hundreds, for a few new words).
COUNTED = 4096
_counted: dict[int, tuple[Article, object, Counter[str]]] = {}


def body_counts(article: Article, terms: Callable[[str], list[str]], analysis: object) -> Counter[str]:
    """The counts of `terms` of the article's body, counted once while `analysis` (what
    decides the terms) is the same; never changed by their callers."""
    known = _counted.get(id(article))
    if known is not None and known[0] is article and known[1] == analysis:
        return known[2]
    counts = Counter(terms(field_texts(article)[-1]))
    if len(_counted) >= COUNTED:
        del _counted[next(iter(_counted))]
    _counted[id(article)] = (article, analysis, counts)
    return counts


def top_terms(counts: Mapping[str, int], bo1: Mapping[str, tuple[float, float]]) -> Top:
    """The KEY_TERMS best of a document's body terms, as Expander.expanded_terms ranks them."""
    scored = [(-(w * ab[0] + ab[1]), t) for t, w in counts.items() if (ab := bo1.get(t))]
    scored.sort()  # best first; ties by term, as Whoosh sorts (in C: faster than a heap here)
    return scored[:KEY_TERMS]


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
    previous: Impacts | None = None,
    edit: Edit | None = None,
) -> tuple[list[list[int]], Impacts]:
    """For each document, up to RELATED other documents, most related first, from each
    document's top terms (tops_from_postings, or kept and updated with stale_tops); and
    what the next edit's run reads. `previous`: the run before `edit`."""
    edit = edit or Edit(frozenset(), {}, frozenset())
    terms = Terms(body, body_lengths, avg_length, doc_count, B, K1, previous, edit.terms, edit.edited)
    found = terms.found
    for doc, top in enumerate(tops):
        weights = weights_of(top)
        lists = [terms.best(term) for term, _ in weights]
        if previous and doc not in edit.edited and doc < len(previous.lists):
            same = kept(doc, weights, lists, previous, edit, terms)
            if same is not None:
                found.lists.append(same[0])
                found.others.append(same[1])
                found.reused += 1
                continue
        # the first term's boost is 1.0: its scores are the sums so far, as they are
        acc: dict[int, float] = dict(zip(*lists[0])) if weights else {}
        get = acc.get
        for (_, boost), (others, scores) in zip(weights[1:], lists[1:]):
            for other, score in zip(others, scores):
                acc[other] = get(other, 0.0) + score * boost
        acc.pop(doc, None)
        ranked = nsmallest(RELATED + 1, [(-total, d) for d, total in acc.items()])
        found.lists.append([d for _, d in ranked[:RELATED]])
        found.others.append(-ranked[RELATED][0] if len(ranked) > RELATED else 0.0)
    return found.lists, found
