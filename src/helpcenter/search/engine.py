"""Whoosh: the one module that imports it. The schema (BM25F over rules.FIELDS, terms from
analyzer.Analyzer); one language's index, written in bulk through Whoosh's codec and read
back as the IndexData shards.py exports; and the reference search the browser must rank
exactly as (`whoosh_search`, the parity test's). The build stage around it is indexing.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from array import array
from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

# an edit's patch needs these; the codec, storage, queries and searcher: imported where used
from whoosh.analysis import STOP_WORDS, Token
from whoosh.analysis import Analyzer as WhooshAnalyzer
from whoosh.fields import TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.system import pack_uint
from whoosh.util.numeric import _length_byte_cache, length_to_byte

from helpcenter.search.analyzer import Analyzer
from helpcenter.search.inverted import Inverted, index_data, read_postings
from helpcenter.search.postings import set_posting
from helpcenter.search.query import ReaderVocabulary, plan
from helpcenter.search.rules import BOOSTS, FIELDS, K1, B
from helpcenter.search.shards import IndexData
from helpcenter.search.synonyms import Group, compile_groups

if TYPE_CHECKING:
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.index import Index
    from whoosh.query import Query
    from whoosh.searching import Searcher
LENGTHS = list(_length_byte_cache)  # Whoosh's stored length byte -> length


def make_codec() -> W3Codec:
    """Whoosh's codec, its posting blocks uncompressed: the index is read back once, here,
    so compressing them (zlib, by default) would only cost time, twice."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(compression=0)


def make_analyzer(synonyms: tuple[Group, ...] = ()) -> Analyzer:
    """The analyzer of index and query, with a site's synonym groups (synonyms.load)."""
    plain = Analyzer(stem=stem, stop_words=STOP_WORDS)
    compiled = compile_groups(synonyms, plain.word_term) if synonyms else None
    return Analyzer(stem=stem, stop_words=STOP_WORDS, synonyms=compiled) if compiled else plain


class _TermsAnalyzer(WhooshAnalyzer):
    """Whoosh's view of `segment.Analyzer` (for query parsing and Expander.add_text)."""

    def __init__(self, analyzer: Analyzer):
        self.analyzer = analyzer

    def __call__(self, value, **kwargs):
        token = Token(**kwargs)
        for term in self.analyzer.terms(value):
            token.text, token.boost, token.stopped = term, 1.0, False
            yield token


class _Terms(TEXT):
    def __init__(self, analyzer: Analyzer):
        super().__init__(analyzer=_TermsAnalyzer(analyzer), phrase=False)
        self._terms = analyzer.terms

    def index(self, value, **kwargs):
        # same (term, freq, weight, value) tuples as TEXT with Frequency, minus the Token churn
        return [(t.encode("utf-8"), n, float(n), pack_uint(n)) for t, n in Counter(self._terms(value)).items()]


def make_schema(analyzer: Analyzer) -> Schema:
    return Schema(**{f: _Terms(analyzer) for f in FIELDS})


def write_index(
    docs: Sequence[tuple[str, ...]], analyzer: Analyzer, storage=None, name: str = "MAIN"
) -> tuple[Index, IndexData]:
    """Index documents (texts per field) as one Whoosh segment; with what read_index would
    read back from it (made from the postings as written: inverted.py). Whoosh keeps the
    columns of an in-memory index in $TMPDIR under a fixed name, never removed: here, in a
    folder of this index's own (in the build's temporary folder), removed after."""
    from whoosh.filedb.filestore import FileStorage, RamStorage

    storage = storage or RamStorage()
    scratch = tempfile.mkdtemp(prefix=f"whoosh-{name}-")
    storage.temp_storage = lambda name=None: FileStorage(os.path.join(scratch, name or "tmp")).create()
    try:
        return _write_index(docs, analyzer, storage, name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_index(docs: Sequence[tuple[str, ...]], analyzer: Analyzer, storage, name: str) -> tuple[Index, IndexData]:
    """SegmentWriter.add_document spends its time in Token objects and its posting pool; the
    postings here go straight to the codec's field writer, in the order it requires."""
    schema = make_schema(analyzer)
    storage.create_index(schema, indexname=name)
    codec = make_codec()
    segment = codec.new_segment(storage, name)
    # term -> [docnum << 24 | freq, ...]: one append per posting, split when written; in
    # arrays of 8 bytes, not lists of int objects (36 bytes): the Chinese bigrams' postings
    # were most of an indexing process's memory
    inverted: dict[str, dict[str, array]] = {f: {} for f in FIELDS}
    lengths = {f: [0] * len(docs) for f in FIELDS}
    perdoc = codec.per_document_writer(storage, segment)
    for docnum, texts in enumerate(docs):
        perdoc.start_doc(docnum)
        shifted = docnum << 24
        for f, text in zip(FIELDS, texts):
            terms = analyzer.terms(text)
            counts = Counter(terms)
            lengths[f][docnum] = len(terms)
            perdoc.add_field(f, schema[f], None, len(terms))
            postings = inverted[f]
            get = postings.get
            for term, n in counts.items():
                p = get(term)
                if p is None:
                    postings[term] = array("q", (shifted | n,))
                else:
                    p.append(shifted | n)
        perdoc.finish_doc()
    perdoc.close()
    segment.set_doc_count(len(docs))

    fw = codec.field_writer(storage, segment)
    written: Inverted = {f: {} for f in FIELDS}  # the postings split as written, for index_data
    for f in sorted(FIELDS):
        fw.start_field(f, schema[f])
        flen = lengths[f]
        postings = inverted[f]
        for btext, term in sorted((t.encode("utf-8"), t) for t in postings):
            fw.start_term(btext)
            p = postings.pop(term)  # freed as written: the split copy replaces it
            written[f][term] = ids, freqs = array("i", [x >> 24 for x in p]), array("i", [x & 0xFFFFFF for x in p])
            _add_postings(fw._postwriter, ids, freqs, flen)
            fw.finish_term()
        fw.finish_field()
    fw.close()
    from whoosh.index import TOC

    TOC(schema, [segment], 1).write(storage, name)
    return storage.open_index(name), index_data(written, lengths, len(docs), length_to_byte)


_VALUES = [pack_uint(n) for n in range(256)]


def _add_postings(pw, docnums: array, freqs: array, lengths: list[int]) -> None:
    """W3PostingsWriter.add_posting for a whole posting list, a block at a time; the last
    block stays buffered for finish_postings (tests: the same bytes as SegmentWriter's)."""
    limit = pw._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            pw._write_block()
        ids = docnums[start : start + limit]
        ws = freqs[start : start + limit]
        ls = list(map(lengths.__getitem__, ids))
        pw._ids = array("I", ids)
        pw._weights = array("f", ws)
        pw._values = [_VALUES[n] if n < 256 else pack_uint(n) for n in ws]
        pw._maxweight = float(max(ws))
        pw._minlength = min(ls)
        pw._maxlength = max(ls)


def read_index(ix: Index) -> IndexData:
    """What the browser needs, as Whoosh's reader and searcher report it."""
    from whoosh.scoring import BM25F

    with ix.searcher(weighting=BM25F(B=B, K1=K1)) as s:
        r = s.reader()
        n = r.doc_count_all()
        postings: dict[str, list] = {}
        for f, btext in r.all_terms():
            term = btext.decode("utf-8")
            slots = postings.setdefault(term, [None] * len(FIELDS))
            slots[FIELDS.index(f)] = read_postings(r.postings(f, btext))
        return IndexData(
            fields=FIELDS,
            doc_count=n,
            avg_lengths=tuple(s.avg_field_length(f) or 1 for f in FIELDS),
            length_bytes=tuple(bytes(length_to_byte(r.doc_field_length(d, f) or 0) for d in range(n)) for f in FIELDS),
            postings=postings,
            totals=tuple(r.field_length(f) for f in FIELDS),
        )


def patch_index(
    data: IndexData, changes: list[tuple[int, tuple[str, ...], tuple[str, ...]]], analyzer: Analyzer | None = None
) -> set[str]:
    """Replace documents' texts in `data` (docnum, old texts, new texts per field), in place;
    return the terms whose postings changed. The result equals read_index of a Whoosh index
    of the new texts (a test checks it, field by field: counts, length bytes, averages)."""
    analyzer = analyzer or make_analyzer()
    touched: set[str] = set()
    totals = list(data.totals)
    lengths = [bytearray(col) for col in data.length_bytes]
    for docnum, old_texts, new_texts in changes:
        for f, (old, new) in enumerate(zip(old_texts, new_texts)):
            old_terms, new_terms = analyzer.terms(old), analyzer.terms(new)
            totals[f] += len(new_terms) - len(old_terms)
            byte = length_to_byte(len(new_terms))
            # a posting list holds each document's length byte: when it moves, all its terms change
            moved, lengths[f][docnum] = byte != lengths[f][docnum], byte
            before, counts = Counter(old_terms), Counter(new_terms)
            for term in before.keys() | counts.keys():
                if moved or before[term] != counts[term]:
                    touched.add(term)
                    set_posting(data.postings, term, f, docnum, counts[term])
    data.totals = tuple(totals)
    data.length_bytes = tuple(bytes(col) for col in lengths)
    data.avg_lengths = tuple((t / (data.doc_count or 1)) or 1 for t in totals)
    return touched


def whoosh_queries(query: str, analyzer: Analyzer, reader) -> list[Query]:
    """The Whoosh query of each tier the plan has (see search_query)."""
    from whoosh.query import NullQuery, Or, Term

    p = plan(query, analyzer, ReaderVocabulary(reader))
    out: list[Query] = []
    for tier in p.tiers():
        subs: list[Query] = []
        for g in p.groups:
            alts = g.exact + (g.fuzzy if tier.fuzzy else ())
            terms: list[Query] = [
                Term(f, t, boost=fb * ab)
                for t, ab in alts
                for f, fb in zip(FIELDS, BOOSTS)
                if reader.doc_frequency(f, t)
            ]
            subs.append(Or(terms) if len(terms) > 1 else terms[0] if terms else NullQuery)
        q = _at_least(subs, tier.need)
        if q is not NullQuery:
            out.append(q)
    return out


def _at_least(subs: list[Query], need: int) -> Query:
    """Documents matching `need` of `subs` or more, scored by the sum of those they match: an
    OR of the ANDs of each set of `need` (one matching more was listed by a tier before)."""
    from whoosh.query import And, NullQuery, Or

    live = [q for q in subs if q is not NullQuery]
    if len(live) < need:
        return NullQuery
    if need == 1:
        return live[0] if len(live) == 1 else Or(live)
    if need == len(live):
        return And(live)
    return Or([And(list(c)) for c in combinations(live, need)])


def whoosh_search(searcher: Searcher, query: str, analyzer: Analyzer | None = None) -> list[tuple[int, float]]:
    """(docnum, score) in rank order: each tier's hits by Whoosh, minus those listed already."""
    seen: set[int] = set()
    out = []
    analyzer = analyzer or searcher.schema["body"].analyzer.analyzer  # the one the index was written with
    for q in whoosh_queries(query, analyzer, searcher.reader()):
        for hit in searcher.search(q, limit=None):
            if hit.docnum not in seen:
                seen.add(hit.docnum)
                out.append((hit.docnum, hit.score))
    return out


def index_language(
    texts: Sequence[tuple[str, ...]], index_dir: str | None = None, name: str = "MAIN", analyzer: Analyzer | None = None
) -> IndexData:
    """Index one language: what read_index reads. The segment goes to `index_dir`, or to a
    folder of its own in $TMPDIR, removed after (not in memory: 42 MB at 5,000 zh articles)."""
    from whoosh.filedb.filestore import FileStorage

    folder = index_dir or tempfile.mkdtemp(prefix=f"whoosh-{name}-segment-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    try:
        return write_index(texts, analyzer or make_analyzer(), FileStorage(folder), name=name)[1]
    finally:
        if not index_dir:
            shutil.rmtree(folder, ignore_errors=True)


def open_index(index_dir: Path, lang: str) -> Index:
    """The Whoosh index build_search(index_dir=…) wrote for `lang`."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(index_dir / lang)).open_index(lang)
