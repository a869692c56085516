"""A term's postings as the browser reads them (search-worker.js, Reader): varints, the
entry a postings pack holds, and whether the postings travel inline in the vocabulary
shard instead (see shards.py); and one document's posting set in place, as an edit's
patch of the index does (engine.patch_index).

A posting list is a field mask, then per field its document count, document deltas,
weights, and Whoosh's stored length byte of each document.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

from helpcenter.search.rules import FIELDS

INLINE_BYTES = 32  # postings this small travel in the vocabulary shard (no pack round-trip)


def varint(out: bytearray, n: int) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _varints(out: bytearray, values) -> None:
    if max(values) < 0x80:  # the usual case: one byte each
        out += bytes(values)
    else:
        for n in values:
            varint(out, n)


def encode_postings(slots: list[tuple[array, array] | None], lengths: tuple[bytes, ...]) -> bytes:
    out = bytearray()
    varint(out, sum(1 << f for f, p in enumerate(slots) if p))
    for f, p in enumerate(slots):
        if not p:
            continue
        docs, weights = p
        varint(out, len(docs))
        _varints(out, [d - p for d, p in zip(docs, [0, *docs])])
        _varints(out, list(weights))
        col = lengths[f]
        out += bytes([col[d] for d in docs])
    return bytes(out)


def encode_term(term: str, slots: list[tuple[array, array] | None], lengths: tuple[bytes, ...]) -> bytes:
    out = bytearray()
    raw = term.encode("utf-8")
    varint(out, len(raw))
    out += raw
    return bytes(out) + encode_postings(slots, lengths)


def head_length(term: str) -> int:
    """Bytes of a term's entry before its postings: the term, preceded by its length."""
    head = bytearray()
    varint(head, len(term.encode("utf-8")))
    return len(head) + len(term.encode("utf-8"))


def is_inline(term: str, size: int) -> bool:
    """Whether a term's postings go in its vocabulary shard: decided by its own entry's size
    alone, so an edit changes it only for the terms it touches."""
    return size - head_length(term) <= INLINE_BYTES


def set_posting(postings: dict, term: str, f: int, docnum: int, weight: int) -> None:
    """Set one document's weight for `term` in field `f` (0 removes it), keeping lists sorted."""
    slots = postings.get(term)
    if slots is None:
        if not weight:
            return
        slots = postings[term] = [None] * len(FIELDS)
    docs, weights = slots[f] or (array("i"), array("i"))
    i = bisect_left(docs, docnum)
    present = i < len(docs) and docs[i] == docnum
    if weight and present:
        weights[i] = weight
    elif weight:
        docs.insert(i, docnum)
        weights.insert(i, weight)
    elif present:
        del docs[i], weights[i]
    slots[f] = (docs, weights) if docs else None
    if not any(slots):
        del postings[term]
