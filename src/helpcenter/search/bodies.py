"""The body field's postings of a language's index and their Bo1 weights, which its
related articles are computed from (related.py): made once per index, and kept in this
process from a language's edit to its next one. `helpcenter serve` patches the same index
object build after build, and each table is a pass over every term of the language."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from helpcenter.search.engine import FIELDS, K1, LENGTHS, B
from helpcenter.search.related import Edit, Impacts, bo1_table, bo1_updated, related, tops_from_postings
from helpcenter.search.shards import IndexData

BODY = FIELDS.index("body")

Body = dict[str, tuple[array, array]]
Weights = dict[str, tuple[float, float]]

_kept: dict[str, tuple[IndexData, Body, Weights]] = {}  # language -> (its index, as after its last edit)


def body_postings(data: IndexData) -> Body:
    """The body postings of every term that has any."""
    return {t: posting for t, p in data.postings.items() if (posting := p[BODY])}


def before_edit(lang: str, data: IndexData) -> tuple[Body, Weights]:
    """The body postings of `data` and their Bo1 weights: as the language's last edit in
    this process left them when it patched this very object, else made now."""
    kept = _kept.get(lang)
    if kept is not None and kept[0] is data:
        return kept[1], kept[2]
    body = body_postings(data)
    return body, bo1_table(body, data.doc_count)


def after_edit(lang: str, data: IndexData, body: Body, before: Weights, touched: Iterable[str]) -> Weights:
    """Once patch_index changed the `touched` terms of `data`: `body` brought up to date in
    place, and the new weights, both kept for the language's next edit."""
    touched = list(touched)
    for term in touched:
        entry = data.postings.get(term)
        posting = entry[BODY] if entry is not None else None
        if posting:
            body[term] = posting
        else:
            body.pop(term, None)
    after = bo1_updated(before, body, touched, data.doc_count)
    _kept[lang] = (data, body, after)
    return after


def tops_of(data: IndexData, body: Body) -> list:
    """Every document's key terms (related.top_terms), from the postings."""
    return tops_from_postings(body, bo1_table(body, data.doc_count), data.doc_count)


def related_of(
    data: IndexData, tops: list, body: Body, previous: Impacts | None = None, edit: Edit | None = None
) -> tuple[list[list[int]], Impacts]:
    """Each document's related documents, and the bounds the next edit's run reads."""
    lengths = [LENGTHS[b] for b in data.length_bytes[BODY]]
    return related(tops, body, lengths, data.avg_lengths[BODY], data.doc_count, B, K1, previous, edit)
