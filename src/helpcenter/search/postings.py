"""A term's postings as the browser reads them (search-worker.js, Reader): varints, the
entry a postings pack holds, and whether the postings travel inline in the vocabulary
shard instead (see shards.py).

A posting list is a field mask, then per field its document count, document deltas,
weights, and Whoosh's stored length byte of each document.
"""

from __future__ import annotations

from array import array

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
