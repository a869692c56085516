"""An edit patches the previous index instead of indexing every article again: the patched
index and its export must equal, byte for byte, what a fresh Whoosh index gives. And the
export's format: rare terms' postings inline in their vocabulary shard."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpcenter.search import bodies, related
from helpcenter.search.engine import index_language, patch_index
from helpcenter.search.indexing import LENGTHS
from helpcenter.search.shards import DocCard, export, file_names, layout
from helpers import ROOT, tree_digest

WORDS = [
    "wallet",
    "recovery",
    "phrase",
    "transfer",
    "pending",
    "fee",
    "network",
    "support",
    "agent",
    "backup",
    "device",
    "恢复",
    "助记词",
    "转账",
    "手续费",
    "网络",
    "客服",
    "钱包",
    "设备",
    "备份",
    "安全",
    "验证",
    "地址",
]


def texts(rng: random.Random, n: int) -> list[tuple[str, ...]]:
    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    return [
        (words(3), words(rng.randint(0, 4)), words(rng.randint(0, 2)), words(6), words(rng.randint(0, 80)))
        for _ in range(n)
    ]


def cards(docs: list[tuple[str, ...]]) -> list[DocCard]:
    return [DocCard(d[0], f"en/c/d{i}/", "C", d[3], d[4]) for i, d in enumerate(docs)]


def test_patched_index_and_export_equal_a_fresh_one():
    rng = random.Random(7)
    for _ in range(5):
        docs = texts(rng, 40)
        data = index_language(docs)
        meta, files, state = export(data, cards(docs), LENGTHS, {})
        edited = list(docs)
        changes = []
        for doc in rng.sample(range(len(docs)), 3):
            edited[doc] = texts(rng, 1)[0] if rng.random() < 0.7 else ("", "", "", "", "")
            changes.append((doc, docs[doc], edited[doc]))
        before = related.bo1_table(bodies.body_postings(data), data.doc_count)
        touched = patch_index(data, changes)
        fresh = index_language(edited)
        assert data == fresh
        # the related articles' term weights, brought up to date from the touched terms alone
        after = related.bo1_updated(before, bodies.body_postings(data), touched, data.doc_count)
        assert after == related.bo1_table(bodies.body_postings(fresh), fresh.doc_count)
        meta2, files2, state2 = export(data, cards(edited), LENGTHS, {}, state, touched, {d for d, _, _ in changes})
        full_meta, full_files, full_state = export(fresh, cards(edited), LENGTHS, {})
        assert meta2 == full_meta and state2 == full_state
        # what the update wrote is what a full export has; the rest stood there already
        assert all(full_files[name] == blob for name, blob in files2.items())
        kept = set(file_names(full_meta, full_state)) - set(files2) - {"meta.json"}
        assert kept <= set(files) and all(files[name] == full_files[name] for name in kept)
        assert len(files2) < len(full_files)


def test_edits_of_one_index_keep_its_body_postings_and_weights_exact(monkeypatch):
    """Successive edits of the same index object (the preview's) take the body postings and
    Bo1 weights the edit before left, brought up to date: always those made afresh."""
    monkeypatch.setattr(bodies, "_kept", {})
    rng = random.Random(11)
    docs = texts(rng, 40)
    data = index_language(docs)
    for step in range(6):
        body, before = bodies.before_edit("en", data)
        if step:  # the last edit's, not made again
            assert body is bodies._kept["en"][1] and before is bodies._kept["en"][2]
        doc = rng.randrange(len(docs))
        new = texts(rng, 1)[0] if step % 3 else ("", "", "", "", "")
        touched = patch_index(data, [(doc, docs[doc], new)])
        docs[doc] = new
        after = bodies.after_edit("en", data, body, before, touched)
        fresh = index_language(docs)
        assert body == bodies.body_postings(fresh)
        assert after == related.bo1_table(bodies.body_postings(fresh), fresh.doc_count)
    other = index_language(docs)  # another object (a build that failed reads the cache's file)
    assert bodies.before_edit("en", other)[0] is not bodies._kept["en"][1]


def test_an_edit_that_keeps_a_documents_lengths_touches_only_the_terms_it_changed():
    """Each posting list holds its documents' length bytes: an edit that keeps them (the
    usual small edit) changes the postings of the terms whose counts moved, and no other."""
    from helpcenter.search.engine import make_analyzer

    rng = random.Random(5)
    docs = texts(rng, 40)
    docs[3] = (*docs[3][:4], "wallet wallet fee network " + docs[3][4])
    data = index_language(docs)
    meta, files, state = export(data, cards(docs), LENGTHS, {})
    edited = list(docs)
    edited[3] = (*docs[3][:4], docs[3][4].replace("wallet wallet fee", "wallet fee fee", 1))
    touched = patch_index(data, [(3, docs[3], edited[3])])
    assert touched == set(make_analyzer().terms("wallet fee"))
    fresh = index_language(edited)
    assert data == fresh
    meta2, files2, state2 = export(data, cards(edited), LENGTHS, {}, state, touched, {3})
    full_meta, full_files, full_state = export(fresh, cards(edited), LENGTHS, {})
    assert meta2 == full_meta and state2 == full_state
    assert all(full_files[name] == blob for name, blob in files2.items())
    kept = set(file_names(full_meta, full_state)) - set(files2) - {"meta.json"}
    assert all(files[name] == full_files[name] for name in kept)


def test_an_added_term_moves_no_pack_boundary_far_from_it():
    terms = sorted(f"t{i:05d}" for i in range(3000))
    sizes = {t: 300 + (i * 37) % 900 for i, t in enumerate(terms)}
    before = {tuple(p) for shard in layout(terms, sizes) for p in shard}
    grown = dict(sizes, t01500=sizes["t01500"] + 500)
    after = {tuple(p) for shard in layout(terms, grown) for p in shard}
    # the packs of 3,000 terms are mostly the same: only those near the changed term differ
    assert len(after - before) <= 40 and len(after) > 300


def test_an_edit_rewrites_few_search_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache)
    search_files = {p for p in (out / "search" / "en").rglob("*") if p.is_file()}
    article = next((content / "en" / "transfers").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA new paragraph about zebras.\n", encoding="utf-8")
    result = build(content, out, jobs=1, cache_dir=cache)
    new = {p for p in (out / "search" / "en").rglob("*") if p.is_file() and p not in search_files}
    # in a site this small one article holds terms of most packs; still, most cards and
    # some packs stand
    assert 0 < len(new) < len(search_files) * 3 / 4
    assert result.written < 60
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_an_update_relates_articles_as_indexing_afresh_does():
    from helpcenter.model import Article, Category, Site, SiteConfig
    from helpcenter.search.indexing import build_search, update_search

    rng = random.Random(11)
    config = SiteConfig(Path("site.toml"), {"en": "T"}, "https://h.example/", ("en",), (Category("c", {"en": "C"}, 1),))

    def article(n: int, doc: tuple[str, ...]) -> Article:
        return Article("en", "c", f"a{n:03d}", doc[0] or "x", Path(f"a{n}.md"), summary=doc[3], text=doc[4])

    docs = texts(rng, 120)
    site = Site(config, tuple(article(n, d) for n, d in enumerate(docs)))
    index = build_search(site, keep=True).indexes["en"]
    for _ in range(4):
        edited = list(site.articles)
        changes = []
        for n in rng.sample(range(len(edited)), 2):
            new = article(n, texts(rng, 1)[0])
            changes.append((n, edited[n], new))
            edited[n] = new
        site = Site(config, tuple(edited))
        updated = update_search(site, "en", index, changes)
        fresh = build_search(site)
        assert updated.related == fresh.related
        assert all(fresh.files[name] == blob for name, blob in updated.files.items())


@pytest.mark.parametrize("script", ["latin", "han"])
def test_an_edit_keeps_most_related_lists_by_their_bounds_and_equals_relating_afresh(script):
    """An edit moves every score a little (the average length changes): each document's
    related list is kept when the bounds prove no other candidate can overtake it
    (related.Impacts), else made afresh; either way it equals relating the patched index
    afresh (which equals a fresh index: test above). Edits of every kind, one to three
    articles at a time, one after the other."""
    from helpcenter.model import Article, Category, Site, SiteConfig
    from helpcenter.search.indexing import build_search, update_search

    rng = random.Random(3 if script == "latin" else 4)
    if script == "latin":
        words = ["".join(rng.choices("bcdfghklmnprstvz", k=3)) + "o" for _ in range(500)]
    else:  # runs of Han characters: the analyzer's bigrams
        words = ["".join(chr(0x4E00 + rng.randrange(300)) for _ in range(rng.randint(2, 4))) for _ in range(400)]
    zipf = [1 / (i + 1) for i in range(len(words))]
    config = SiteConfig(Path("site.toml"), {"en": "T"}, "https://h.example/", ("en",), (Category("c", {"en": "C"}, 1),))

    def text(k: int) -> str:
        return " ".join(rng.choices(words, zipf, k=k))

    def article(n: int, body: str) -> Article:
        return Article("en", "c", f"a{n:03d}", f"Title {n}", Path(f"a{n}.md"), summary="", text=body)

    def edited(body: str) -> str:
        kind = rng.randrange(5)
        if kind == 0:  # a sentence more
            return body + " " + text(rng.randint(1, 12))
        if kind == 1:  # a word replaced
            parts = body.split()
            parts[rng.randrange(len(parts))] = rng.choice(words)
            return " ".join(parts)
        if kind == 2:  # cut by half
            return " ".join(body.split()[: max(1, len(body.split()) // 2)])
        if kind == 3:  # rewritten
            return text(rng.randint(40, 200))
        return body + " " + body  # doubled

    site = Site(config, tuple(article(n, text(rng.randint(40, 200))) for n in range(300)))
    index = build_search(site, keep=True).indexes["en"]
    assert index.impacts is not None and index.impacts.reused == 0
    kept = []
    for _ in range(12):
        changes = []
        articles = list(site.articles)
        for n in rng.sample(range(len(articles)), rng.choice([1, 1, 1, 2, 3])):
            old = articles[n]
            articles[n] = article(n, edited(old.text))
            changes.append((n, old, articles[n]))
        site = Site(config, tuple(articles))
        updated = update_search(site, "en", index, changes)
        body = bodies.body_postings(index.data)  # made afresh: the update's are kept from the edit before
        afresh, _ = bodies.related_of(index.data, bodies.tops_of(index.data, body), body)
        assert updated.related == {a.key: [articles[o].key for o in others] for a, others in zip(articles, afresh)}
        kept.append(index.impacts.reused)
    assert sorted(kept)[len(kept) // 2] > 0.6 * len(site.articles)  # most lists, most of the time


def test_editing_synonyms_reindexes_as_a_cold_build_does(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out, cache = tmp_path / "warm", tmp_path / "cache"
    build(content, out, jobs=1, cache_dir=cache)
    (content / "synonyms.toml").write_text('[[group]]\nwords = ["passcode", "unlock code"]\n', encoding="utf-8")
    result = build(content, out, jobs=1, cache_dir=cache)
    assert result.written >= 2  # both languages' meta.json at least
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    assert "unlock code" in (out / "search" / "en" / "meta.json").read_text(encoding="utf-8")


def _varint(blob: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = blob[pos]
        pos += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return n, pos


def _postings(blob: bytes, pos: int, nfields: int) -> tuple[list, int]:
    mask, pos = _varint(blob, pos)
    fields: list = []
    for f in range(nfields):
        if not mask & (1 << f):
            fields.append(None)
            continue
        df, pos = _varint(blob, pos)
        docs, weights, d = [], [], 0
        for _ in range(df):
            delta, pos = _varint(blob, pos)
            d += delta
            docs.append(d)
        for _ in range(df):
            w, pos = _varint(blob, pos)
            weights.append(w)
        fields.append((docs, weights))
        pos += df  # the length bytes
    return fields, pos


def test_rare_terms_travel_in_their_vocabulary_shard():
    """A query of rare words needs no postings pack: their postings are in the shard, after
    its JSON, in term order; the others point to the pack that holds them."""
    rng = random.Random(3)
    docs = texts(rng, 60) + [(f"word{i} rare{i}", "", "", "", "") for i in range(30)]
    data = index_language(docs)
    meta, files, _ = export(data, cards(docs), LENGTHS, {})
    nfields = len(meta["fields"])
    inline, stored = set(), set()
    for name in meta["shards"]:
        blob = gzip.decompress(files[f"v/{name}.gz"])
        size, pos = _varint(blob, 0)
        terms, ints, packs = json.loads(blob[pos : pos + size])
        pos += size
        k = 0
        for term in terms:
            at, mask = ints[k], ints[k + 1]
            k += 2 + bin(mask).count("1")
            if at < 0:
                fields, pos = _postings(blob, pos, nfields)
                expect = [(list(p[0]), list(p[1])) if p else None for p in data.postings[term]]
                assert fields == expect, term
                inline.add(term)
            else:
                assert f"p/{packs[at]}.gz" in files
                stored.add(term)
        assert pos == len(blob)
    assert {"word7", "rare7"} <= inline  # one article each
    assert {"wallet", "transfer"} <= stored  # in most articles
    assert inline | stored == set(data.postings)
