"""Search at build time: analysis, query plans, the Whoosh index and its export, related
articles, determinism. (The browser's side: test_search_engine.py, test_search_browser.py.)"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

import pytest
from whoosh import classify, query
from whoosh.filedb.filestore import RamStorage

from helpcenter.model import Article, Category, Heading, Site, SiteConfig
from helpcenter.search import related as related_mod
from helpcenter.search.documents import field_texts
from helpcenter.search.engine import (
    FIELDS,
    make_analyzer,
    make_codec,
    make_schema,
    read_index,
    whoosh_queries,
    whoosh_search,
    write_index,
)
from helpcenter.search.indexing import build_search
from helpcenter.search.query import FUZZY_BOOST, Group, Plan, Tier, one_typo_away, plan
from helpers import ROOT

EN = {
    "pending": (
        "Why is my transfer still pending?",
        "Pending transfers wait for the network to confirm them. A low fee keeps a transfer pending longer.",
        ("pending", "fees"),
    ),
    "phrase": (
        "Back up your recovery phrase",
        "Write the twelve words of your recovery phrase on paper. Never type your recovery phrase into a website.",
        ("backup",),
    ),
    "lost-phone": ("Lost your phone?", "Restore the wallet on a new phone with your recovery phrase.", ()),
    "fees": ("Network fees explained", "Every transfer pays a network fee to the miners.", ("fees",)),
    "scam": ("Fake support scams", "Support never asks for your recovery phrase. Scammers pretend to be support.", ()),
}
ZH = {
    "mnemonic": ("如何备份助记词", "助记词是恢复钱包的唯一方式。请把助记词抄在纸上。", ()),
    "pending": ("转账一直待确认怎么办", "转账待确认通常是因为手续费太低，网络拥堵时需要等待。", ("转账",)),
    "support": ("联系人工客服", "在线客服的工作时间是每天九点到晚上九点。顾客服务请走官方渠道。", ()),
}


def make_site(tmp: Path) -> Site:
    config = SiteConfig(
        tmp / "site.toml",
        {"en": "Help", "zh": "帮助"},
        "https://help.example.com/",
        ("en", "zh"),
        (Category("general", {"en": "General", "zh": "常见"}, 1),),
    )
    arts = []
    for lang, table in (("en", EN), ("zh", ZH)):
        for slug, (title, text, tags) in table.items():
            arts.append(
                Article(
                    lang,
                    "general",
                    slug,
                    title,
                    tmp / f"{slug}.md",
                    summary=text.split(".")[0],
                    tags=tags,
                    text=text,
                    headings=(Heading(2, "h", title.split()[0]),),
                )
            )
    return Site(config, tuple(sorted(arts, key=lambda a: a.key)))


# ---- analysis -------------------------------------------------------------------------


def test_english_terms_are_lowercased_stemmed_and_stop_words_dropped():
    a = make_analyzer()
    assert a.terms("The Transfers are PENDING, a x") == ["transfer", "pend"]
    assert a.word_term("Recovery") == "recoveri"


def test_chinese_runs_become_bigrams_plus_jieba_words():
    terms = make_analyzer().terms("以太坊钱包 ETH 币，区块浏览器")
    assert {"以太", "太坊", "坊钱", "钱包", "币", "eth", "浏览"} <= set(terms)
    assert "浏览器" in terms  # a jieba word of three characters is a term of its own
    assert terms.count("钱包") == 2 and terms.count("坊钱") == 1  # a word counts twice: bigram and word


def test_query_units_know_the_word_being_typed():
    units = make_analyzer().units("Pending tr")
    assert [(u.text, u.last) for u in units] == [("pending", False), ("tr", True)]
    assert [u.last for u in make_analyzer().units("pending tr ")] == [False, False]


# ---- query plans ----------------------------------------------------------------------


class Vocab:
    def __init__(self, docs: dict[str, int]):
        self.d = docs

    def docs(self, term):
        return self.d.get(term, 0)

    def starting_with(self, prefix):
        return sorted(t for t in self.d if t.startswith(prefix))


def test_plan_drops_question_words_unless_nothing_else_is_left():
    v = Vocab({"transfer": 9, "arriv": 3, "how": 5, "why": 4})
    p = plan("why hasn't my transfer arrived yet", make_analyzer(), v)
    assert p.groups == (Group((("transfer", 1.0),)), Group((("arriv", 1.0),)))
    assert plan("how", make_analyzer(), v).groups == (Group((("how", 1.0),)),)


def test_the_last_word_expands_to_its_most_frequent_completions():
    v = Vocab({"transfer": 9, "trade": 3, "tri": 5, "pend": 4})
    p = plan("pend tr", make_analyzer(), v)
    assert p.groups[1].exact == (("transfer", 1.0), ("tri", 1.0), ("trade", 1.0))
    assert plan("pend tr ", make_analyzer(), v).groups == (Group((("pend", 1.0),)),)


def test_typos_only_for_rare_words_of_five_letters_and_boosted_down():
    v = Vocab({"recoveri": 7, "phrase": 6, "phish": 4})
    g = plan("recovry phishng", make_analyzer(), v).groups
    assert g[0].exact == () and g[0].fuzzy == (("recoveri", FUZZY_BOOST),)
    assert g[1].fuzzy == (("phish", FUZZY_BOOST),)
    assert plan("phrase", make_analyzer(), v).groups[0].fuzzy == ()
    assert plan("phras", make_analyzer(), Vocab({"phrase": 6})).groups[0].exact == (
        ("phrase", 1.0),
    )  # prefix, not typo


def test_one_typo_away_keeps_the_first_letter_but_allows_swapping_it():
    near = one_typo_away("walet")
    assert {"wallet", "walt", "wlaet", "awlet", "waler"} <= near and "walet" not in near
    assert not any(w[0] not in "wa" for w in near)


def test_chinese_plans_need_every_bigram_and_skip_particles():
    v = Vocab({"助记": 3, "记词": 3, "词丢": 1, "丢了": 1, "转账": 5, "账待": 1, "待确": 2, "确认": 4, "待确认": 2})
    p = plan("助记词丢了怎么办", make_analyzer(), v)
    assert [g.exact for g in p.groups] == [(("助记", 1.0),), (("记词", 1.0),), (("词丢", 1.0),)]
    p = plan("转账待确认", make_analyzer(), v)
    assert p.groups[2].exact == (("待确", 1.0), ("待确认", 1.0))  # the jieba word joins its first bigram
    assert p.tiers() == [Tier(4, False), Tier(3, False), Tier(1, False)]


def test_tiers():
    g = Group((("a", 1.0),), (("b", 0.5),))
    assert Plan((g,)).tiers() == [Tier(1, False), Tier(1, True)]
    assert Plan((g, g)).tiers() == [Tier(2, False), Tier(2, True), Tier(1, False), Tier(1, True)]
    assert [t.need for t in Plan((g, g, g)).tiers()] == [3, 3, 2, 2, 1, 1]  # all, all but one, any
    assert Plan(()).tiers() == []


# ---- the Whoosh index -----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unit")
    site = make_site(tmp)
    docs = [field_texts(a) for a in site.in_language("en")]
    return site, docs


def _plain_index(docs):
    """The same documents through Whoosh's ordinary SegmentWriter.add_document."""
    ix = RamStorage().create_index(make_schema(make_analyzer()))
    with ix.writer(compound=False, codec=make_codec()) as w:
        for texts in docs:
            w.add_document(**dict(zip(FIELDS, texts)))
    return ix


def _segment_files(ix) -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {}
    for name in ix.storage.list():
        if not name.endswith(".toc"):  # the table of contents holds random segment ids
            out.setdefault(name.rsplit(".", 1)[-1], []).append(ix.storage.open_file(name).read())
    return {ext: sorted(blobs) for ext, blobs in out.items()}


def test_bulk_writer_builds_the_index_whooshs_writer_builds(built):
    _, docs = built
    docs = docs * 60  # posting lists of several blocks
    ours, _ = write_index(docs, make_analyzer())
    plain = _plain_index(docs)
    assert _segment_files(ours) == _segment_files(plain)  # postings, terms, lengths: byte for byte
    a, b = read_index(ours), read_index(plain)
    assert (a.doc_count, a.avg_lengths, a.length_bytes) == (b.doc_count, b.avg_lengths, b.length_bytes)
    assert {t: [(list(p[0]), list(p[1])) if p else None for p in s] for t, s in a.postings.items()} == {
        t: [(list(p[0]), list(p[1])) if p else None for p in s] for t, s in b.postings.items()
    }
    for q in ("recovery phrase", "transfer pending", "support never asks"):
        with ours.searcher() as s1, plain.searcher() as s2:
            assert whoosh_search(s1, q) == whoosh_search(s2, q)


def _as_lists(data):
    return {t: [(list(p[0]), list(p[1])) if p else None for p in s] for t, s in data.postings.items()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_index_data_made_while_writing_is_what_the_segment_reads_back(built, lang):
    """index_language does not read the segment back: what it returns, made from the
    postings as written (search/inverted.py), must be what read_index reads, term order too."""
    site, _ = built
    assert site.in_language(lang)
    docs = [field_texts(a) for a in site.in_language(lang)] * 40  # posting lists of several blocks
    docs.append(("", "", "", "", ""))  # a document with no terms at all
    ix, made = write_index(docs, make_analyzer())
    read = read_index(ix)
    assert (made.fields, made.doc_count, made.avg_lengths, made.totals) == (
        read.fields,
        read.doc_count,
        read.avg_lengths,
        read.totals,
    )
    assert made.length_bytes == read.length_bytes
    assert list(made.postings) == list(read.postings)  # the vocabulary files list terms in this order
    assert _as_lists(made) == _as_lists(read)
    assert all(p[0].typecode == "i" and p[1].typecode == "i" for s in made.postings.values() for p in s if p)


def test_exported_lengths_are_whooshs_rounded_ones(built):
    _, docs = built
    ix, _ = write_index([(t[0], t[1], t[2], t[3], " ".join(["word"] * 1000)) for t in docs], make_analyzer())
    data = read_index(ix)
    from whoosh.util.numeric import byte_to_length

    with ix.searcher() as s:
        assert byte_to_length(data.length_bytes[4][0]) == s.doc_field_length(0, "body") != 1000  # stored rounded
        assert data.avg_lengths[4] == s.avg_field_length("body")


def test_reference_queries_are_plain_whoosh_queries(built):
    _, docs = built
    ix, _ = write_index(docs, make_analyzer())
    with ix.searcher() as s:
        qs = whoosh_queries("transfer fee", make_analyzer(), s.reader())
        assert isinstance(qs[0], query.And) and isinstance(qs[1], query.Or)
        terms = {(t.fieldname, t.text, t.boost) for t in qs[0].leaves()}
        assert ("title", "transfer", 3.0) in terms and ("body", "fee", 1.0) in terms


def test_related_is_whooshs_more_like_this(built):
    _, docs = built
    analyzer = make_analyzer()
    ix, _ = write_index(docs, analyzer)
    data = read_index(ix)
    body = {t: p[4] for t, p in data.postings.items() if p[4]}
    tops = related_mod.tops_from_postings(body, related_mod.bo1_table(body, data.doc_count), data.doc_count)
    got, _ = related_mod.related(
        tops, body, [s for s in _lengths(data)], data.avg_lengths[4], data.doc_count, 0.75, 1.2
    )
    with ix.searcher() as s:
        for doc, texts in enumerate(docs):
            # Whoosh's own key terms (Bo1), minus terms no other document has, then its search
            expander = classify.Expander(s.reader(), "body", classify.Bo1Model)
            expander.add_text(texts[4])
            kts = [(t, w) for t, w in expander.expanded_terms(100, normalize=False) if s.doc_frequency("body", t) > 1]
            top = sorted(kts, key=lambda x: (-x[1], x[0]))[: related_mod.KEY_TERMS]
            if not top:
                assert got[doc] == []
                continue
            q = query.Or([query.Term("body", t, boost=w) for t, w in top])
            hits = s.search(q, limit=related_mod.RELATED, mask={doc})
            assert got[doc] == [h.docnum for h in hits]


def _lengths(data):
    from whoosh.util.numeric import byte_to_length

    return [byte_to_length(b) for b in data.length_bytes[4]]


def test_related_articles_come_back_by_key(tmp_path):
    site = make_site(tmp_path)
    result = build_search(site, tmp_path / "out")
    assert set(result.related) == {a.key for a in site.articles}
    phrase = ("en", "general", "phrase")
    assert result.related[phrase] and all(k[0] == "en" and k != phrase for k in result.related[phrase])
    assert len(result.related[phrase]) <= 5


def test_output_is_byte_identical_across_builds(tmp_path):
    site = make_site(tmp_path)

    def digest(out: Path) -> dict[str, str]:
        return {
            str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    build_search(site, tmp_path / "a")
    build_search(site, tmp_path / "b")
    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert a == b and any(name.endswith("meta.json") for name in a)


def test_only_the_search_module_imports_whoosh():
    importers = []
    for path in sorted((ROOT / "src" / "helpcenter").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "whoosh" or n.startswith("whoosh.") for n in names):
                importers.append(path.relative_to(ROOT / "src" / "helpcenter").as_posix())
    assert sorted(set(importers)) == ["search/engine.py"]
