"""An edit's related() run keeps the best postings of a term the edit changed when bounds
prove that no other posting can have overtaken them (impacts.Terms), and its result is
then exactly what choosing them afresh gives."""

from __future__ import annotations

import random
from array import array

import pytest

from helpcenter.search.impacts import IMPACT_DOCS, Impacts, Terms
from helpcenter.search.rules import K1, B


def _terms(body, lengths, previous: Impacts | None = None, edited: frozenset[int] = frozenset()) -> Terms:
    stale = frozenset(body) if previous is not None else frozenset()
    return Terms(body, lengths, sum(lengths) / len(lengths), len(lengths), B, K1, previous, stale, edited)


def _site(seed: int, docs: int = 300, gap: bool = False):
    """One term in every document. With `gap`, IMPACT_DOCS documents hold it far more often
    than the others: its best are clear of the rest by more than an edit can move them."""
    rng = random.Random(seed)
    weights = array("i", [rng.randint(1, 9) for _ in range(docs)])
    if gap:
        for doc in rng.sample(range(docs), IMPACT_DOCS):
            weights[doc] = rng.randint(40, 60)
    lengths = [rng.randint(20, 400) for _ in range(docs)]
    return {"t": (array("i", range(docs)), weights)}, lengths


def _edit(body, lengths, doc: int, weight: int, length: int):
    docs, weights = body["t"]
    weights = array("i", weights)
    weights[doc] = weight
    lengths = list(lengths)
    lengths[doc] = length
    return {"t": (docs, weights)}, lengths


def _outside(best: tuple[list[int], list[float]], body) -> int:
    """A document holding the term that is not among its best (the weakest of them)."""
    docs, weights = body["t"]
    return min((d for d in docs if d not in best[0]), key=lambda d: (weights[d], d))


@pytest.mark.parametrize("seed", range(8))
def test_a_changed_term_keeps_its_best_when_the_edited_document_stays_outside(seed, monkeypatch):
    body, lengths = _site(seed, gap=True)
    first = _terms(body, lengths)
    best = first.best("t")
    assert len(best[0]) == IMPACT_DOCS
    doc = _outside(best, body)
    body2, lengths2 = _edit(body, lengths, doc, body["t"][1][doc] + 1, lengths[doc] + 30)

    afresh = _terms(body2, lengths2).best("t")

    def refused(self, term, idf):
        raise AssertionError("chosen afresh")

    monkeypatch.setattr(Terms, "_afresh", refused)
    kept = _terms(body2, lengths2, first.found, frozenset({doc}))
    assert kept.best("t") == afresh
    assert kept.swapped["t"] == set()  # none left or joined the best


@pytest.mark.parametrize("seed", range(8))
def test_a_changed_term_whose_best_the_edit_may_change_is_chosen_again_exactly(seed):
    body, lengths = _site(seed)
    first = _terms(body, lengths)
    best = first.best("t")
    inside, outside = best[0][len(best[0]) // 2], _outside(best, body)
    for doc, weight, length in ((outside, 60, 20), (inside, 1, 400), (best[0][-1], 1, 400), (outside, 9, 20)):
        body2, lengths2 = _edit(body, lengths, doc, weight, length)
        kept = _terms(body2, lengths2, first.found, frozenset({doc}))
        assert kept.best("t") == _terms(body2, lengths2).best("t")
        assert kept.found.weights["t"] == [body2["t"][1][d] for d in kept.found.best["t"][0]]


def test_a_documents_body_is_counted_once_per_article_object_and_analysis(monkeypatch):
    """An edit's neighbours are counted again on each save under the preview: an unchanged
    article (the same object) is counted once, while the synonyms that decide its terms stay."""
    from pathlib import Path

    from helpcenter.model import Article
    from helpcenter.search import related

    monkeypatch.setattr(related, "_counted", {})
    monkeypatch.setattr(related, "COUNTED", 2)
    calls: list[str] = []

    def terms(text: str) -> list[str]:
        calls.append(text)
        return text.split()

    def article(text: str) -> Article:
        return Article(lang="en", category="c", slug=text[:3], title="T", source=Path("x.md"), text=text)

    first, second, third = article("fee fee network"), article("phrase lost"), article("agent online")
    counts = related.body_counts(first, terms, ())
    assert counts == {"fee": 2, "network": 1} and related.body_counts(first, terms, ()) is counts
    assert len(calls) == 1
    # the same text in another object (an edited article parsed again) is counted again
    assert related.body_counts(article("fee fee network"), terms, ()) == counts and len(calls) == 2
    assert related.body_counts(first, terms, ("synonyms",)) == counts and len(calls) == 3  # another analysis
    related.body_counts(second, terms, ())
    related.body_counts(third, terms, ())  # beyond COUNTED: the oldest is dropped
    assert len(related._counted) == 2 and id(first) not in related._counted


@pytest.mark.parametrize("seed", range(4))
def test_compacted_impacts_travel_as_arrays_and_are_read_back_as_the_same_lists(seed):
    import pickle

    body, lengths = _site(seed)
    terms = _terms(body, lengths)
    terms.best("t")  # fills found.best and found.weights
    found = terms.found
    best, weights = found.best["t"], found.weights["t"]
    before = (list(best[0]), list(best[1]), list(weights))
    found.compact()
    assert isinstance(found.best["t"][0], array) and isinstance(found.weights["t"], array)
    back = pickle.loads(pickle.dumps(found))
    assert type(back.best["t"][0]) is list and type(back.weights["t"]) is list  # read faster so
    assert (back.best["t"][0], back.best["t"][1], back.weights["t"]) == before
