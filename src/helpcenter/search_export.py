"""Write what the browser needs of one language's index, sharded so a query fetches little.

    search/<lang>/meta.json            statistics, shard boundaries; small, fetched first
    search/<lang>/<hash>/v<i>.gz       vocabulary shard i: terms in a range, their per-field
                                       document frequencies and the pack holding their postings
    search/<lang>/<hash>/p<i>.gz       postings pack i: a few neighbouring terms' postings
    search/<lang>/<hash>/d/<doc>.gz    one article's title, URL, category, summary and text,
                                       fetched only when it is shown (for its excerpt)

Everything is gzip (mtime 0: byte-identical across builds) and the data folder is named by
a hash of its content, so caches never mix two builds. Terms are ordered by UTF-16 code
units, the order of JavaScript's `<`. Posting lists are column-wise varints (document
deltas, then weights) followed by Whoosh's stored length bytes, which the client decodes
with Whoosh's own table (`lengths` in meta.json).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from dataclasses import dataclass
from pathlib import Path

VOCAB_SHARD_CHARS = 6000  # JSON characters per vocabulary shard, before gzip
PACK_BYTES = 8000  # postings bytes per pack, before gzip; a longer list gets a pack alone
TEXT_CHARS = 20000  # article text kept for excerpts


@dataclass
class IndexData:
    """One language's index as Whoosh's reader reports it."""

    fields: tuple[str, ...]
    doc_count: int  # Whoosh's doc_count_all(): the N of idf
    avg_lengths: tuple[float, ...]  # Whoosh's avg_field_length per field
    length_bytes: tuple[bytes, ...]  # per field, per document: Whoosh's stored (rounded) length
    postings: dict[str, list[tuple[array, array] | None]]  # term -> per field (docnums, weights)

    def df(self, term: str) -> list[int]:
        return [len(p[0]) if p else 0 for p in self.postings[term]]


@dataclass(frozen=True)
class DocCard:
    """What a search result shows."""

    title: str
    path: str  # below the site root: "en/recovery/lost-phone/"
    category: str  # category title in the article's language
    summary: str
    text: str


def js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


def _varint(out: bytearray, n: int) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _varints(out: bytearray, values) -> None:
    if max(values) < 0x80:  # the usual case: one byte each
        out += bytes(values)
    else:
        for n in values:
            _varint(out, n)


def _encode_term(term: str, slots: list[tuple[array, array] | None], lengths: tuple[bytes, ...]) -> bytes:
    out = bytearray()
    raw = term.encode("utf-8")
    _varint(out, len(raw))
    out += raw
    _varint(out, sum(1 << f for f, p in enumerate(slots) if p))
    for f, p in enumerate(slots):
        if not p:
            continue
        docs, weights = p
        _varint(out, len(docs))
        _varints(out, [d - p for d, p in zip(docs, [0, *docs])])
        _varints(out, list(weights))
        col = lengths[f]
        out += bytes([col[d] for d in docs])
    return bytes(out)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_files(data: IndexData, cards: list[DocCard], byte_to_length: list[int], meta_extra: dict) -> tuple[dict, dict[str, bytes]]:
    """(meta, {relative path below the hash folder: gzip bytes})."""
    terms = sorted(data.postings, key=js_order)
    files: dict[str, bytes] = {}

    # postings packs: neighbouring terms together, up to PACK_BYTES
    pack_of: dict[str, int] = {}
    pack: list[bytes] = []
    size = 0

    def flush() -> None:
        nonlocal pack, size
        if pack:
            body = bytearray()
            _varint(body, len(pack))
            files[f"p{len(files)}.gz"] = _gz(bytes(body) + b"".join(pack))
            pack, size = [], 0

    for term in terms:
        blob = _encode_term(term, data.postings[term], data.length_bytes)
        if size and size + len(blob) > PACK_BYTES:
            flush()
        pack_of[term] = len(files)
        pack.append(blob)
        size += len(blob)
    flush()
    packs = len(files)

    # vocabulary shards: [terms, flat ints (pack, field mask, df of each field in the mask)]
    bounds: list[str] = []
    shard_terms: list[str] = []
    shard_ints: list[int] = []
    chars = 0
    for term in terms + [None]:
        if term is None or (shard_terms and chars > VOCAB_SHARD_CHARS):
            files[f"v{len(bounds)}.gz"] = _gz(_json([shard_terms, shard_ints]))
            bounds.append(shard_terms[0])
            shard_terms, shard_ints, chars = [], [], 0
            if term is None:
                break
        dfs = data.df(term)
        mask = sum(1 << f for f, n in enumerate(dfs) if n)
        ints = [pack_of[term], mask] + [n for n in dfs if n]
        shard_terms.append(term)
        shard_ints += ints
        chars += len(term) + 4 + sum(len(str(i)) + 1 for i in ints)

    for doc, card in enumerate(cards):
        files[f"d/{doc}.gz"] = _gz(
            _json({"t": card.title, "u": card.path, "c": card.category, "s": card.summary, "x": card.text[:TEXT_CHARS]})
        )

    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    meta = {
        "format": 1,
        **meta_extra,
        "docs": data.doc_count,
        "fields": list(data.fields),
        "avg": list(data.avg_lengths),
        "dir": digest.hexdigest()[:12],
        "vocab": bounds,
        "packs": packs,
        "lengths": byte_to_length,
    }
    return meta, files


def output_files(lang: str, meta: dict, files: dict[str, bytes]) -> dict[str, bytes]:
    """One language's files by path below the site root (search/<lang>/…)."""
    root = f"search/{lang}/"
    out = {root + "meta.json": _json(meta)}
    out.update((f"{root}{meta['dir']}/{name}", blob) for name, blob in files.items())
    return out


def write_files(out_dir: Path, files: dict[str, bytes]) -> None:
    for rel, blob in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
