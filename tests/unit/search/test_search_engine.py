"""The browser's search engine against Whoosh, over the sample site and the real-kb corpus.

The engine (theme/static/js/search-worker.js) runs in headless Chromium over the exported
shards; the reference is Whoosh's own searcher.search over the index the same build wrote.
Parity: same documents, same order, scores within 1e-9. Then what users see: typo
tolerance, Chinese recall for every kind of substring, adjacency first.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from whoosh.lang.porter import stem as whoosh_stem

from helpcenter.build.pipeline import build
from helpcenter.search.analyzer import bigrams
from helpcenter.search.engine import ReaderVocabulary, make_analyzer, open_index, whoosh_search
from helpcenter.search.indexing import build_search, site_synonyms
from helpcenter.search.query import ZH_QUESTION_WORDS, plan
from helpcenter.search.rules import fold_table
from helpers import ROOT, missing, serve_directory

ENGINE = ROOT / "theme" / "static" / "js" / "search-worker.js"
REAL_KB = ROOT.parent / "shared" / "corpus" / "real-kb"  # shared/ sits beside the checkout, in CI too

pytestmark = pytest.mark.browser

# In the page: the engine module over the site's search/ files, one job after another.
RUN = """async (jobs) => {
  const m = await import("/engine.js");
  const indexes = {};
  const index = (lang) => indexes[lang] ||= new m.Index(async (path) =>
    new Uint8Array(await (await fetch(`/search/${lang}/${path}`)).arrayBuffer()));
  const out = [];
  for (const job of jobs) {
    const ix = index(job.lang || "en");
    await ix.open(); // the rules come with the index
    if (job.stem) out.push(job.stem.map(m.stem));
    else if (job.units) out.push(job.units.map((s) => ix.rules.units(s).map((u) => [u.text, u.han, u.last])));
    else if (job.analyse) out.push(job.analyse.map((s) => [ix.rules.foldText(s), ix.rules.units(s).map((u) => u.han ? u.text : ix.rules.wordTerm(u.text))]));
    else if (job.plan) out.push((await ix.search(job.plan)).groups.map((g) => [g.exact, g.fuzzy]));
    else out.push((await ix.search(job.q)).results.map((r) => [r.doc, r.score]));
  }
  return JSON.stringify(out); // one string: Playwright is slow at passing big nested arrays
}"""


class Built:
    def __init__(self, site, out: Path, index_dir: Path, browser):
        self.site, self.out, self.index_dir, self.browser = site, out, index_dir, browser
        self.articles = {lang: site.in_language(lang) for lang in site.config.languages}
        self.searchers: dict = {}
        self.analyzer = make_analyzer(site_synonyms(site))

    def client(self, jobs: list[dict]) -> list:
        return json.loads(self.evaluate(RUN, jobs))

    def evaluate(self, script: str, arg):
        """`script` in a page that can import the engine as /engine.js, beside the site."""
        shutil.copy(ENGINE, self.out / "engine.js")
        (self.out / "engine.html").write_text("<!doctype html><title>engine</title>", encoding="utf-8")
        url, server = serve_directory(self.out)
        page = self.browser.new_page()
        try:
            page.goto(url + "engine.html")
            return page.evaluate(script, arg)
        finally:
            page.close()
            server.shutdown()

    def search(self, queries: list[tuple[str, str]]) -> list[list[tuple[int, float]]]:
        return [[(d, s) for d, s in res] for res in self.client([{"lang": l, "q": q} for l, q in queries])]

    def whoosh(self, lang: str, query: str) -> list[tuple[int, float]]:
        if lang not in self.searchers:
            self.searchers[lang] = open_index(self.index_dir, lang).searcher()
        return whoosh_search(self.searchers[lang], query, self.analyzer)

    def keys(self, lang: str, results) -> list[tuple[str, str, str]]:
        return [self.articles[lang][d].key for d, _ in results]


def _build(content: Path, tmp: Path, browser) -> Built:
    """Build the site as `helpcenter build` does: the client searches the files that build
    wrote. Whoosh searches an index of the same articles kept on disk, which must export
    exactly those files (so both sides search one index); a build that wrote no search
    files fails here."""
    out = tmp / "out"
    site = build(content, out, jobs=1).site
    assert site is not None
    reference = build_search(site, index_dir=tmp / "index")  # writes nothing into the site
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "search").rglob("*") if p.is_file()}
    assert written, "the build wrote no search files"
    assert written == reference.files, "the build's search files are not the export of the reference index"
    built = Built(site, out, tmp / "index", browser)
    built.related = reference.related
    return built


@pytest.fixture(scope="module")
def sample(tmp_path_factory, browser) -> Built:
    return _build(ROOT / "content", tmp_path_factory.mktemp("search-sample"), browser)


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory, browser) -> Built:
    if not REAL_KB.is_dir():
        missing("../shared/corpus/real-kb is not beside this checkout")
    tmp = tmp_path_factory.mktemp("search-realkb")
    shutil.copytree(REAL_KB, tmp / "content", ignore=shutil.ignore_patterns("LICENSE*", "README*"))
    shutil.copy(ROOT / "tests" / "fixtures" / "real-kb" / "site.toml", tmp / "content" / "site.toml")
    shutil.copy(ROOT / "content" / "synonyms.toml", tmp / "content" / "synonyms.toml")  # the default set
    return _build(tmp / "content", tmp, browser)


EN_QUERIES = """recovery phrase|pending transfer|tx pending|why hasn't my transfer arrived yet
how do I back up my recovery phrase|I lost my phone|forgot password|sent to the wrong network
wrong address|fake support|someone asked for my seed phrase|is this really support
network fee too high|speed up transaction|cancel stuck transfer|token approval|revoke
phishing site|support hours|when is support online|contact support|balance shows zero after restore
recov|pend|recovery ph|trans|wal|recovry phrase|transfr|pasword reset|phishng|securty
the|how to|what|hardware wallet ledger|private key|face id|my funds disappeared|app lock
metamask|gas price|nonce too low|trezor not connecting|ens name|xyzzy|transfer xyzzy|2fa|0x
hasn't arrived|Recovery PHRASE!|  pending   transfer  |restor walet from frase""".replace("\n", "|").split("|")
ZH_QUERIES = """助记词|转账一直待确认|转账|客服|手续费|手机丢了怎么办|助记词丢了怎么办|忘记密码|转错网络
转错地址了怎么办|假客服|钓鱼网站|授权|撤销授权|客服什么时候在线|联系客服|余额为零|加速交易|私钥
以太坊钱包|门罗币地址|錢包被盜了怎麼辦|主记词忘了|转账费太贵了|比特币 钱包|recovery phrase|比特币 如何 工作|助|转|钱包 ETH|怎么办|什么是以太坊|硬件钱包|官方渠道|验证
待确认|区块浏览器|交易哈希|诈骗|为什么我的转账还没到账|恢复钱包 助记词|MetaMask 钱包""".replace("\n", "|").split("|")


# One table of cases for both sides: folding, units and terms, and the query plan.
RULE_CASES = [
    ("en", "Recovery PHRASE!"),
    ("en", "I sent it to the wrong address, what now?"),
    ("en", "my withdrawal is taking forever"),
    ("en", "seed phrase lost, forgot my passcode"),
    ("en", "ＬＥＤＧＥＲ ｃｏｎｎｅｃｔ"),
    ("en", "recovry phrase"),
    ("en", "how do I"),
    ("en", "meta mask seedphrase"),
    ("zh", "錢包被盜了怎麼辦"),
    ("zh", "主记词忘了"),
    ("zh", "助記詞 恢复短语 手续费太贵"),
    ("zh", "转账一直待确认怎么办"),
    ("zh", "綫上客服"),
    ("zh", "gas fee 手续费"),
    ("zh", "为什么"),
]


@pytest.mark.parametrize("corpus", ["sample", "real_kb"])
def test_python_and_browser_analyse_and_plan_alike(corpus, request):
    built: Built = request.getfixturevalue(corpus)
    jobs = [{"lang": lang, "analyse": [q]} for lang, q in RULE_CASES]
    jobs += [{"lang": lang, "plan": q} for lang, q in RULE_CASES]
    got = built.client(jobs)
    analysed, plans = got[: len(RULE_CASES)], got[len(RULE_CASES) :]
    a = built.analyzer
    for (lang, q), (js,), js_plan in zip(RULE_CASES, analysed, plans):
        py = [a.fold(q), [u.text if u.han else a.word_term(u.text) for u in a.units(q)]]
        assert js == py, (lang, q)
        if lang not in built.searchers:
            built.searchers[lang] = open_index(built.index_dir, lang).searcher()
        groups = plan(q, a, ReaderVocabulary(built.searchers[lang].reader())).groups
        assert js_plan == [[[list(t) for t in g.exact], [list(t) for t in g.fuzzy]] for g in groups], (lang, q)
    assert a.fold("錢包被盜") == "钱包被盗"


@pytest.mark.parametrize("corpus", ["sample", "real_kb"])
def test_client_ranks_exactly_as_whoosh(corpus, request):
    built: Built = request.getfixturevalue(corpus)
    queries = [("en", q) for q in EN_QUERIES] + [("zh", q) for q in ZH_QUERIES]
    assert len(queries) >= 60
    got = built.search(queries)
    nonempty = 0
    for (lang, q), client in zip(queries, got):
        ref = built.whoosh(lang, q)
        assert [d for d, _ in client] == [d for d, _ in ref], (lang, q)
        for (_, a), (_, b) in zip(client, ref):
            assert abs(a - b) <= 1e-9, (lang, q, a, b)
        nonempty += bool(ref)
    assert nonempty >= len(queries) * 0.7  # the comparison is not vacuous


def test_stemmer_port_matches_whoosh(sample, real_kb):
    words: set[str] = set()
    for built in (sample, real_kb):
        for a in built.site.articles:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", " ".join([a.title, a.summary, a.text])))
    words.update(
        [
            "yelling",
            "yelled",
            "hopping",
            "hoping",
            "sky",
            "skies",
            "relational",
            "conditional",
            "rational",
            "generalization",
        ]
    )
    words = sorted(words)
    assert len(words) > 3000
    (js,) = sample.client([{"stem": words}])
    assert [w for w, s in zip(words, js) if whoosh_stem(w) != s] == []


def test_tokenizer_port_matches_python_on_every_assigned_bmp_character(sample):
    import unicodedata

    # every character but those folded to one no query can use (the build ships no rule for them)
    shipped = json.loads((sample.out / "search" / "en" / "meta.json").read_text(encoding="utf-8"))["rules"]["fold"]
    unshipped = set(map(chr, fold_table())) - set(shipped[::2])
    chars = [
        chr(c)
        for c in range(0x20, 0x10000)
        if not 0xD800 <= c < 0xE000 and unicodedata.category(chr(c)) != "Cn" and chr(c) not in unshipped
    ]
    # each character between two letters: it joins them into one word, stands alone or splits them
    text = " ".join("a" + c + "B" for c in chars) + " ÉCOLE İstanbul ΣΟΦΙΑΣ 转账ETH钱包 x2 _a_ 1.5"
    (js,) = sample.client([{"units": [text]}])
    py = [[u.text, u.han, u.last] for u in sample.analyzer.units(text)]
    assert len(py) == len(js[0]) and py == js[0]


def _top(built: Built, lang: str, q: str, n: int = 3) -> list:
    return built.keys(lang, built.search([(lang, q)])[0][:n])


@pytest.mark.parametrize(
    "typo, right",
    [
        ("recovry phrase", "recovery phrase"),
        ("transfr pending", "transfer pending"),
        ("pasword", "password"),
        ("phishng", "phishing"),
        ("securty", "security"),
        ("adress", "address"),
        ("trasnfer", "transfer"),
    ],
)
def test_one_typo_finds_what_the_right_word_finds(sample, typo, right):
    assert _top(sample, "en", right, 1)[0] in _top(sample, "en", typo, 3)


def test_typos_rank_below_exact_matches_and_short_words_are_not_guessed(tmp_path, browser):
    from helpers import write

    content = tmp_path / "content"
    write(
        content / "site.toml",
        'title = { en = "T" }\nbase_url = "https://help.example.com/"\nlanguages = ["en"]\n\n'
        '[categories.general]\ntitle = { en = "G" }\norder = 1\n',
    )
    texts = {
        "typo": "our walet app",
        "right-a": "your wallet app",
        "right-b": "the wallet, the wallet",
        "right-c": "a wallet and more words around it",
        "other": "nothing here",
        "fee": "a fee",
    }
    for slug, text in texts.items():
        write(content / "en" / "general" / f"{slug}.md", f"---\ntitle: {slug.title()}\n---\n\n{text}\n")
    built = _build(content, tmp_path, browser)
    slugs = lambda q: [k[2] for k in built.keys("en", built.search([("en", q)])[0])]
    assert slugs("walet") == [
        "typo",
        "right-b",
        "right-a",
        "right-c",
    ]  # the exact (rare) word first, then one typo away
    assert slugs("wallet") == ["right-b", "right-a", "right-c"]  # a word three articles use is not second-guessed
    assert slugs("fes") == []  # under five letters: no guessing


def _han_runs(built: Built, lang: str = "zh"):
    for doc, a in enumerate(built.articles[lang]):
        text = "\n".join([a.title, a.summary, " ".join(a.tags), *(h.text for h in a.headings), a.text])
        text = built.analyzer.fold(text)  # as the index reads it: 帳, 帐 and 账 are one character
        yield doc, text, re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}", text)


@pytest.mark.parametrize("corpus", ["sample", "real_kb"])
def test_every_chinese_substring_finds_every_article_containing_it(corpus, request):
    built: Built = request.getfixturevalue(corpus)
    rng = random.Random(3)
    docs = list(_han_runs(built))
    queries = set()
    while len(queries) < 250:
        doc, text, runs = rng.choice(docs)
        run = rng.choice(runs)
        n = rng.randint(2, min(4, len(run)))
        start = rng.randrange(len(run) - n + 1)
        queries.add(run[start : start + n])
    queries = sorted(queries)
    results = built.search([("zh", q) for q in queries])
    found = missed = 0
    for q, res in zip(queries, results):
        returned = {d for d, _ in res}
        for doc, text, _ in docs:
            if q in text:
                found += doc in returned
                missed += doc not in returned
    assert found / (found + missed) >= 0.99, (found, missed)


def test_adjacent_chinese_words_rank_first(real_kb, sample):
    """Two words written together (as Chinese is typed) find the articles that have them
    together first: the bigram spanning the two words is required in the first tier.

    Without positions in the index, an article holding every bigram of the query in other
    places (每个区块 and 一个 for 一个区块) can sit among them: allowed for few pairs.
    """
    import rjieba

    pairs_seen = strictly_first = 0
    for built in (sample, real_kb):
        docs = list(_han_runs(built))
        pairs = {}
        for _, text, runs in docs:
            for run in runs:
                # question words and particles (怎么, 一下) are left out of queries by design
                words = [w for w in rjieba.cut(run) if len(w) >= 2 and not any(x in w for x in ZH_QUESTION_WORDS)]
                for w1, w2 in zip(words, words[1:]):
                    q = w1 + w2
                    if q in run and q not in pairs and any(q not in t and w1 in t and w2 in t for _, t, _ in docs):
                        pairs[q] = {d for d, t, _ in docs if q in t}
        pairs = dict(random.Random(7).sample(sorted(pairs.items()), min(300, len(pairs))))
        texts = {d: t for d, t, _ in docs}
        han = built.analyzer.synonyms.han
        terms = {d: set(built.analyzer.terms(t)) for d, t, _ in docs}
        for (q, adjacent), res in zip(pairs.items(), built.search([("zh", q) for q in pairs])):
            ranked = [d for d, _ in res]
            rank = {d: i for i, d in enumerate(ranked)}
            # an article using a synonym of q (synonyms.toml) has what q asks for, in other words
            tokens = {t for k, t in han.items() if k in q}
            missing_a_piece = [
                i for i, d in enumerate(ranked) if not all(g in texts[d] for g in bigrams(q)) and not tokens & terms[d]
            ]
            assert all(rank[d] < min(missing_a_piece, default=len(ranked)) for d in adjacent), q
            pairs_seen += 1
            strictly_first += set(ranked[: len(adjacent)]) == adjacent
    assert pairs_seen >= 400
    assert strictly_first / pairs_seen >= 0.9, (strictly_first, pairs_seen)


@pytest.mark.parametrize(
    "lang, q, slug",
    [
        ("en", "pending transfer", "pending-transfer"),
        ("en", "recovry", "recovery-phrase"),
        ("zh", "助记词", "recovery-phrase"),
        ("zh", "转账一直待确认", "pending-transfer"),
        ("en", "why hasn't my transfer arrived yet", None),
    ],
)
def test_the_issue_examples_find_the_right_article_on_top(sample, lang, q, slug):
    top = _top(sample, lang, q, 3)
    assert top, q
    if slug:
        assert any(slug in k[2] for k in top), (q, top)


@pytest.mark.parametrize("corpus", ["sample", "real_kb"])
def test_related_articles_are_by_content_not_just_category(corpus, request):
    built: Built = request.getfixturevalue(corpus)
    related = built.related
    assert all(len(v) <= 5 and all(k[0] == a[0] and k != a for k in v) for a, v in related.items())
    assert sum(bool(v) for v in related.values()) >= 0.9 * len(related)
    crossing = sum(any(k[1] != a[1] for k in v) for a, v in related.items())
    assert crossing >= 0.2 * len(related)
    if corpus == "sample":  # the obvious neighbours of a pending transfer
        pending = [k[2] for k in related[("en", "transfers", "pending-transfer")]]
        assert "speed-up-or-cancel" in pending or "transfer-not-received" in pending


# answer() as the pages call it: ids, and a box's channel (its newest question counts)
ANSWERS = """async (q) => {
  const m = await import("/engine.js");
  const ask = (id, query, chan) => m.answer({ id, base: "/", lang: "en", q: query, offset: 0, limit: 10, chan });
  const first = ask(1, q[0]), again = ask(2, q[0], 0); // the head's question, then the page's
  const same = first === again;
  const [a, b] = await Promise.all([first, again]);
  const older = ask(3, q[1], 0), newer = ask(4, q[0], 0); // typed on: the older stops
  const [o, n] = await Promise.all([older, newer]);
  const twice = [ask(5, q[1], 0), ask(6, q[1], 0)]; // one question sent twice: not superseded
  const [t1, t2] = await Promise.all(twice);
  return { same, a: a.cards.length, b: b.cards.length, fresh: newer !== first, older: !!o.superseded,
    newer: n.cards.length, twice: [!!t1.superseded, !!t2.superseded, t2.cards.length] };
}"""


def test_a_question_asked_again_while_it_stands_is_answered_once(sample):
    got = sample.evaluate(ANSWERS, ["pending transfer", "lost phone"])
    assert got["same"] and got["a"] == got["b"] > 0  # one answer for the head's and the page's question
    assert got["older"] and got["fresh"] and got["newer"] > 0  # a later question is answered anew
    assert got["twice"][:2] == [False, False] and got["twice"][2] > 0
