"""The rules of search that the browser must apply exactly as the build does, defined here
once: character classes, question words, plan constants, Chinese folding. The build ships
them in each language's meta.json (`client_rules`); theme/static/js/search-worker.js has
no copy of its own, and tests/unit/search/test_search_rules.py runs one table of cases
through both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from helpcenter.search.fold_zh import PAIRS

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Han and kana: runs of them are indexed as overlapping pairs (any language written in them:
# Chinese, Japanese); only Han runs also get jieba's words, its dictionary being Chinese
CJK = HAN + "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"

# BM25F as Whoosh computes it, over these fields with these boosts (meta.json ships them)
FIELDS = ("title", "headings", "tags", "summary", "body")
BOOSTS = (3.0, 2.0, 1.5, 1.5, 1.0)
B, K1 = 0.75, 1.2  # CJK ideographs: extension A, unified, compatibility

PREFIX_TERMS = 6  # terms an unfinished word expands to
FUZZY_TERMS = 5
FUZZY_MIN_LETTERS = 5
FUZZY_BOOST = 0.5
FUZZY_BELOW_DOCS = 3  # a word this rare may well be the typo
LONGEST_WORD = 8  # longest Chinese word looked up inside a query
MOST_OF_FROM = 3  # a query of this many groups or more also lists articles matching all but one
QUERY_CHARS = 200  # a pasted essay need not become 1,000 groups

# Words that carry no topic in a question. They are dropped from a query unless it is only
# made of them (then they are all it has). Whoosh's stop list is dropped from the index too.
EN_QUESTION_WORDS = frozenset(
    (
        "a about above after again against all am an and any are as at be because been before being below "
        "between both but by can cannot cant could did didn do does doesn doing don down during each few for "
        "from further get getting got had hadn has hasn have haven having hello help here hi how i id if im "
        "in into is isn it its itself ive just may me might more most must my myself no nor of off on once "
        "only or other our ours out over own please same shall should shouldn so some such tbd than thanks "
        "that the their them then there these they this those through to too under until up us very was wasn "
        "we were weren what whats when where which while who whom whose why will with won would wouldn yet "
        "you your"
    ).split()
)
# Chinese question words and particles; a bigram touching one is dropped from the query
ZH_QUESTION_WORDS = tuple(
    (
        "的 了 吗 呢 吧 啊 呀 嘛 是 我 你 您 我们 怎么 怎么办 怎样 怎么样 如何 为什么 为何 为啥 "
        "什么 哪里 哪个 请问 是否 可以 应该 一下 这个 那个 一直 还是 已经 有没有 能不能 "
        "咋办 多少"
    ).split()
)

# Irregular English forms the stemmer cannot join to their verb ("sent" -> send): looked up
# before stemming, in articles and queries alike.
IRREGULAR = dict(
    pair.split(">")
    for pair in (
        "sent>send lost>lose stole>steal stolen>steal forgot>forget forgotten>forget took>take taken>take "
        "paid>pay bought>buy sold>sell gave>give given>give made>make wrote>write written>write chose>choose "
        "chosen>choose froze>freeze frozen>freeze broke>break broken>break hid>hide hidden>hide began>begin "
        "begun>begin knew>know known>know shown>show held>hold kept>keep found>find thought>think "
        "brought>bring caught>catch spent>spend withdrew>withdraw withdrawn>withdraw fell>fall fallen>fall "
        "lent>lend meant>mean understood>understand"
    ).split()
)


# Simplified variants OpenCC keeps apart that readers use for one another in wallet questions
# (转帐 for 转账): folded too.
VARIANT_PAIRS = "帐账"


@cache
def fold_table() -> dict[int, str]:
    """str.translate table: a Chinese character -> its folded form (see fold_zh)."""
    pairs = PAIRS + VARIANT_PAIRS
    table = dict(zip(pairs[::2], pairs[1::2]))
    return {ord(a): table.get(b, b) for a, b in table.items()}  # 帳 -> 帐 -> 账: one step


def fold_pairs_for(chars: Iterable[str]) -> str:
    """The fold pairs whose folded form is one of `chars` (an index's characters): all a
    query can use, as "AaBb…" — a few kilobytes instead of the whole table."""
    wanted = set(chars)
    return "".join(chr(a) + b for a, b in sorted(fold_table().items()) if b in wanted)


def client_rules(stop_words: Iterable[str], terms: Iterable[str], synonyms: dict) -> dict:
    """Everything the browser's engine needs to analyse and plan a query as Python does."""
    # the characters a query's plan can depend on: the index's, question words', synonyms'
    han_chars = {
        c for t in [*terms, *ZH_QUESTION_WORDS, *synonyms.get("han", ())] for c in t if "\u3400" <= c <= "\ufaff"
    }
    return {
        "han": CJK,
        "stop": sorted(stop_words),
        "questions": {"en": sorted(EN_QUESTION_WORDS), "zh": list(ZH_QUESTION_WORDS)},
        "plan": {
            "prefix": PREFIX_TERMS,
            "fuzzy": FUZZY_TERMS,
            "fuzzyMinLetters": FUZZY_MIN_LETTERS,
            "fuzzyBoost": FUZZY_BOOST,
            "fuzzyBelowDocs": FUZZY_BELOW_DOCS,
            "longestWord": LONGEST_WORD,
            "mostOfFrom": MOST_OF_FROM,
            "queryChars": QUERY_CHARS,
        },
        "irregular": IRREGULAR,
        "fold": fold_pairs_for(han_chars),
        "synonyms": synonyms,
    }
