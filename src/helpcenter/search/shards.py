"""Write what the browser needs of one language's index, sharded so a query fetches little.

    search/<lang>/meta.json            statistics, vocabulary shard boundaries and names;
                                       small, fetched first
    search/<lang>/v/<hash>.gz          a vocabulary shard: terms in a range, their per-field
                                       document frequencies, the packs holding their postings,
                                       and the postings of its rare terms themselves
    search/<lang>/p/<hash>.gz          a postings pack: a few neighbouring terms' postings
    search/<lang>/d-<hash>/<doc>.gz    one article's title, URL, category, summary and text,
                                       fetched only when it is shown (for its excerpt)

Everything is gzip (mtime 0: byte-identical across builds). Shards and packs are named by
a hash of their bytes, and the card folder by a hash of the article list, so a browser
cache never mixes two builds, and a build that changed one article writes only the
packs of the terms it changed. Pack and shard boundaries are content-defined: they
depend on each term and its neighbours only, not on everything before it, so one
article's new words move no boundary far from them (see `layout`).

Terms are ordered by UTF-16 code units, the order of JavaScript's `<`. Posting lists are
column-wise varints (document deltas, then weights) followed by Whoosh's stored length
bytes, which the client decodes with Whoosh's own table (`lengths` in meta.json).

A vocabulary shard is `varint(n) + n bytes of JSON [terms, ints, packs] + inline postings`:
per term, `ints` holds its pack (an index into `packs`, or -1: inline) and its per-field
document frequencies; the inline postings follow in term order. A term whose postings
take at most postings.INLINE_BYTES is inline (most terms of a real site: one or a few
articles use them), so a query of rare words, or the completions of a word being typed,
needs no request after the vocabulary.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter.search.postings import encode_term, head_length, is_inline, varint

VOCAB_SHARD_CHARS = 6000  # JSON characters per vocabulary shard, before gzip
PACK_BYTES = 8000  # postings bytes per pack, before gzip; a longer list gets a pack alone
SHARD_SPREAD = 256  # one term in this many starts a vocabulary shard, whatever came before
PACK_SPREAD = 32  # one term in this many starts a postings pack
TEXT_CHARS = 20000  # article text kept for excerpts


@dataclass
class IndexData:
    """One language's index as Whoosh's reader reports it."""

    fields: tuple[str, ...]
    doc_count: int  # Whoosh's doc_count_all(): the N of idf
    avg_lengths: tuple[float, ...]  # Whoosh's avg_field_length per field
    length_bytes: tuple[bytes, ...]  # per field, per document: Whoosh's stored (rounded) length
    postings: dict[str, list[tuple[array, array] | None]]  # term -> per field (docnums, weights)
    totals: tuple[int, ...] = ()  # per field, the sum of every document's (exact) length

    def df(self, term: str) -> list[int]:
        return [len(p[0]) if p else 0 for p in self.postings[term]]


@dataclass(frozen=True)
class DocCard:
    """What a search result shows."""

    title: str
    path: str  # below the site root: "en/recovery/lost-phone/"
    category: str  # category title in the article's language
    summary: str
    text: str | Callable[[], str]  # or how to read it: an export patch writes the changed cards only


def js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class ExportState:
    """What an export keeps for the next one: each term's encoded size and each pack's name."""

    sizes: dict[str, int] = field(default_factory=dict)
    packs: dict[tuple[str, ...], str] = field(default_factory=dict)  # the terms of a pack -> its file
    cards: str = ""  # the card folder
    shards: dict[tuple[str, ...], str] = field(default_factory=dict)  # the terms of a shard -> its file


def _anchor(term: str, spread: int) -> bool:
    return zlib.crc32(term.encode("utf-8")) % spread == 0


def layout(terms: list[str], sizes: dict[str, int]) -> list[list[list[str]]]:
    """Terms (in js_order) -> vocabulary shards -> packs -> terms.

    A shard ends before a term when it is full (VOCAB_SHARD_CHARS, counted from the terms'
    lengths and inline postings) or at a term whose hash makes it a shard anchor; a pack
    ends when the next term's postings would overflow PACK_BYTES, at a pack anchor, or with
    its shard. Inline terms sit in packs too, weighing nothing there: a pack of inline terms
    only is no file. A changed posting size moves boundaries only up to the next anchor, so
    an edit rewrites the packs and shards near its terms.
    """
    shards: list[list[list[str]]] = []
    shard: list[list[str]] = []
    pack: list[str] = []
    chars = size = 0
    for term in terms:
        inline = is_inline(term, sizes[term])
        cost = len(term) + 12 + (sizes[term] - head_length(term) if inline else 0)
        blob = 0 if inline else sizes[term]
        if pack and (chars + cost > VOCAB_SHARD_CHARS or _anchor(term, SHARD_SPREAD)):
            shard.append(pack)
            shards.append(shard)
            shard, pack, chars, size = [], [], 0, 0
        elif pack and (size + blob > PACK_BYTES or _anchor(term, PACK_SPREAD)):
            shard.append(pack)
            pack, size = [], 0
        pack.append(term)
        chars += cost
        size += blob
    if pack:
        shard.append(pack)
        shards.append(shard)
    return shards


def _digest_name(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()[:16]


def export(
    data: IndexData,
    cards: list[DocCard],
    byte_to_length: list[int],
    meta_extra: dict,
    previous: ExportState | None = None,
    changed_terms: set[str] | None = None,
    changed_docs: set[int] | None = None,
) -> tuple[dict, dict[str, bytes], ExportState]:
    """(meta, {path below search/<lang>/: gzip bytes}, state for the next export).

    With the `previous` state and what changed since (terms whose postings changed,
    documents whose card changed), only packs holding a changed term and changed cards
    are encoded; the files of the others are left out of the result, as they stand
    already. The meta and files are what a full export would give, byte for byte.
    """
    # the previous export, when it can be patched: only with what changed since
    old = previous if changed_terms is not None and changed_docs is not None else None
    changed_terms, changed_docs = changed_terms or set(), changed_docs or set()
    terms = sorted(data.postings, key=js_order)
    blobs: dict[str, bytes] = {}
    sizes: dict[str, int] = {}
    for term in terms:
        if old is not None and term not in changed_terms and term in old.sizes:
            sizes[term] = old.sizes[term]
        else:
            blob = blobs[term] = encode_term(term, data.postings[term], data.length_bytes)
            sizes[term] = len(blob)
    files: dict[str, bytes] = {}
    packs: dict[tuple[str, ...], str] = {}
    shard_names: dict[tuple[str, ...], str] = {}
    bounds: list[str] = []
    names: list[str] = []

    def postings(term: str) -> bytes:  # a term's encoded entry, encoded once
        if term not in blobs:
            blobs[term] = encode_term(term, data.postings[term], data.length_bytes)
        return blobs[term]

    for shard in layout(terms, sizes):
        key = tuple(t for pack in shard for t in pack)
        name = old.shards.get(key) if old is not None and changed_terms.isdisjoint(key) else None
        if name is None:  # a shard with no changed term is the file it was
            name = _shard(shard, data, sizes, old, changed_terms, postings, packs, files)
        else:
            for pack in shard:
                stored = tuple(t for t in pack if not is_inline(t, sizes[t]))
                if stored:
                    packs[stored] = old.packs[stored]  # type: ignore[union-attr]
        shard_names[key] = name
        bounds.append(key[0])
        names.append(name)

    folder = "d-" + _digest_name("\n".join(card.path for card in cards).encode("utf-8"))
    same_folder = old is not None and old.cards == folder
    for doc, card in enumerate(cards):
        if not same_folder or doc in changed_docs:
            text = card.text if isinstance(card.text, str) else card.text()
            files[f"{folder}/{doc}.gz"] = _gz(
                _json(
                    {
                        "t": card.title,
                        "u": card.path,
                        "c": card.category,
                        "s": card.summary,
                        "x": text[:TEXT_CHARS],
                    }
                )
            )
    meta = {
        "format": 3,
        **meta_extra,
        "docs": data.doc_count,
        "fields": list(data.fields),
        "avg": list(data.avg_lengths),
        "vocab": bounds,
        "shards": names,
        "cards": folder,
        "lengths": byte_to_length,
    }
    return meta, files, ExportState(sizes, packs, folder, shard_names)


def _shard(
    shard: list[list[str]],
    data: IndexData,
    sizes: dict[str, int],
    old: ExportState | None,
    changed_terms: set[str],
    postings: Callable[[str], bytes],
    packs: dict[tuple[str, ...], str],
    files: dict[str, bytes],
) -> str:
    """Encode one vocabulary shard and the packs of its terms that changed (into `files`,
    recording each pack's name in `packs`); returns the shard's name."""
    terms: list[str] = []
    ints: list[int] = []
    pack_names: list[str] = []
    inline = bytearray()
    for pack in shard:
        stored = tuple(t for t in pack if not is_inline(t, sizes[t]))
        if stored:
            name = old.packs.get(stored) if old is not None and changed_terms.isdisjoint(stored) else None
            if name is None:
                body = bytearray()
                varint(body, len(stored))
                for term in stored:
                    body += postings(term)
                gz = _gz(bytes(body))
                name = _digest_name(gz)
                files[f"p/{name}.gz"] = gz
            packs[stored] = name
            pack_names.append(name)
        for term in pack:
            dfs = data.df(term)
            at = len(pack_names) - 1
            if is_inline(term, sizes[term]):
                at = -1
                inline += postings(term)[head_length(term) :]
            terms.append(term)
            ints += [at, sum(1 << f for f, n in enumerate(dfs) if n)] + [n for n in dfs if n]
    head = _json([terms, ints, pack_names])
    body = bytearray()
    varint(body, len(head))
    gz = _gz(bytes(body) + head + bytes(inline))
    name = _digest_name(gz)
    files[f"v/{name}.gz"] = gz
    return name


def file_names(meta: dict, state: ExportState) -> list[str]:
    """Every file of a language's export (below search/<lang>/), whether written this time or not."""
    names = ["meta.json"]
    names += [f"v/{name}.gz" for name in meta["shards"]]
    names += [f"p/{name}.gz" for name in state.packs.values()]
    names += [f"{meta['cards']}/{doc}.gz" for doc in range(meta["docs"])]
    return names


def output_files(lang: str, meta: dict, files: dict[str, bytes]) -> dict[str, bytes]:
    """One language's files by path below the site root (search/<lang>/…)."""
    root = f"search/{lang}/"
    out = {root + "meta.json": _json(meta)}
    out.update((root + name, blob) for name, blob in files.items())
    return out


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> None:
    for rel, blob in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
