"""One language's IndexData, made from the postings as engine._write_index hands them to
Whoosh's codec, instead of reading the segment back (that read cost more than a tenth of
indexing Chinese). tests/unit/search/test_search_unit.py checks it equals, term order
included, what engine.read_index reads from the segment."""

from __future__ import annotations

from array import array
from collections.abc import Callable

from helpcenter.search.rules import FIELDS
from helpcenter.search.shards import IndexData

Inverted = dict[str, dict[str, tuple[array, array]]]  # field -> term -> (docnums, counts), as written


def index_data(
    inverted: Inverted, lengths: dict[str, list[int]], doc_count: int, length_byte: Callable[[int], int]
) -> IndexData:
    """What Whoosh's reader reports: terms field by field (fields by name, each field's terms
    by their UTF-8 bytes), averages over the document count, Whoosh's stored length bytes
    (`length_byte` is Whoosh's rounding, passed in: every Whoosh import is in engine.py)."""
    postings: dict[str, list[tuple[array, array] | None]] = {}
    for field in sorted(FIELDS):
        slot, terms = FIELDS.index(field), inverted[field]
        for _, term in sorted((t.encode("utf-8"), t) for t in terms):
            postings.setdefault(term, [None] * len(FIELDS))[slot] = terms[term]
    totals = tuple(sum(lengths[f]) for f in FIELDS)
    return IndexData(
        fields=FIELDS,
        doc_count=doc_count,
        avg_lengths=tuple((t / (doc_count or 1)) or 1 for t in totals),
        length_bytes=tuple(bytes(map(length_byte, lengths[f])) for f in FIELDS),
        postings=postings,
        totals=totals,
    )


def read_postings(matcher) -> tuple[array, array]:
    """A posting list as Whoosh's reader reports it (engine.read_index): its matcher's
    documents and weights."""
    docs, weights = array("i"), array("i")
    if hasattr(matcher, "_read_ids"):  # W3LeafMatcher: a block at a time
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            docs.extend(matcher._ids)
            weights.extend(map(int, matcher._weights))
            matcher._next_block()
    else:
        while matcher.is_active():
            docs.append(matcher.id())
            weights.append(int(matcher.weight()))
            matcher.next()
    return docs, weights
