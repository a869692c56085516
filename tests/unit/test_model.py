"""model.Article across a pickle: its body's large fields travel and stay packed, and read the same."""

import copy
import dataclasses
import pickle
from pathlib import Path

import pytest

from helpcenter.build.state import ArticleEntry
from helpcenter.model import PACKED, Alias, Article, Heading, Image, Link


def _article(**extra) -> Article:
    body = "Never type your recovery phrase into a website. " * 40
    return Article(
        "en",
        "security",
        "phrase",
        "Keep your recovery phrase offline",
        Path("content/en/security/phrase.md"),
        html=f"<p>{body}</p>",
        text=body,
        markdown=body,
        toc_html="<ul><li>Offline</li></ul>",
        headings=(Heading(2, "offline", "Offline"),),
        **extra,
    )


def test_a_pickled_article_holds_its_large_fields_packed_and_reads_them_the_same():
    article = _article()
    data = pickle.dumps(article)
    back = pickle.loads(data)
    assert not set(PACKED) & set(vars(back))  # not unpacked on arrival
    assert [getattr(back, name) for name in PACKED] == [getattr(article, name) for name in PACKED]
    assert back == article and hash(back) == hash(article)
    # the four fields, repetitive text, cost less than their own length once packed
    assert len(data) < len(article.html) + len(article.text) + len(article.markdown)
    # pickled again (a worker's result into the cache): passed on as it is, not packed twice
    packed = {value for value in vars(back).values() if isinstance(value, bytes)}
    assert len(packed) == 1 and packed <= {v for v in back.__getstate__().values() if isinstance(v, bytes)}
    assert next(iter(packed)) in pickle.dumps(back)


def test_a_packed_article_is_copied_replaced_and_faced_like_any_other():
    article = _article(tags=("phrase",))
    back = pickle.loads(pickle.dumps(article))
    assert dataclasses.replace(back, title="New").html == article.html
    assert copy.deepcopy(back).markdown == article.markdown
    assert back.face == article.face  # the face is not the body
    assert "Keep your recovery phrase" in repr(back) and article.text[:40] in repr(back)


def test_an_attribute_an_article_does_not_have_is_still_an_attribute_error():
    back = pickle.loads(pickle.dumps(_article()))
    with pytest.raises(AttributeError, match="no attribute 'htlm'"):
        back.htlm  # noqa: B018
    assert getattr(back, "__setstate__", None) is None or callable(back.__setstate__)


def test_a_pickled_article_carries_its_source_as_text_and_reads_it_as_the_same_path():
    article = _article()
    back = pickle.loads(pickle.dumps(article))
    assert "source" not in vars(back)  # no Path made on arrival
    assert back.source_key == article.source_key == "content/en/security/phrase.md"
    assert "source" not in vars(back)  # nor to give its text
    assert back.source == article.source and isinstance(back.source, Path)
    assert back == article and back.face == article.face
    again = pickle.loads(pickle.dumps(back))  # a Path read once travels as text again
    assert "source" not in vars(again) and again.source == article.source


def test_an_articles_ident_and_sort_key_are_made_on_each_read_and_never_stored_in_it():
    # a cached article's __dict__ is full: a key stored on the first read would grow it (a
    # cached_property's first read, 4-5 µs, paid by every article of the site in an edit's build)
    article = _article(order=3)
    assert (article.ident, article.sort_key) == ("security/phrase", (3, "keep your recovery phrase offline", "phrase"))
    back = pickle.loads(pickle.dumps(article))
    before = set(vars(back))
    assert (back.ident, back.sort_key) == (article.ident, article.sort_key)
    assert set(vars(back)) == before and not {"ident", "sort_key"} & before
    assert dataclasses.replace(back, title="A new title").sort_key == (3, "a new title", "phrase")


@pytest.mark.parametrize("pickled", [False, True])
def test_an_article_with_only_some_fields_reads_those_and_its_body_and_nothing_else(pickled):
    line = "See [the steps](../recovery/restore.md) before anything else."
    links = tuple(Link("../recovery/restore.md", n, line, ("en", "recovery", "restore"), None) for n in range(30))
    article = _article(summary="Offline only.", tags=("phrase", "seed"), links=links)
    if pickled:  # as a worker's parse hands it over: its body packed
        article = pickle.loads(pickle.dumps(article))
    lean = pickle.loads(pickle.dumps(article.only(("lang", "category", "slug", "title", "summary", "tags"))))
    assert (lean.title, lean.summary, lean.tags, lean.path) == (
        article.title,
        article.summary,
        article.tags,
        article.path,
    )
    assert [getattr(lean, name) for name in PACKED] == [getattr(article, name) for name in PACKED]
    assert lean.links == () and article.links  # not sent: as an article written without links
    with pytest.raises(AttributeError):
        lean.source  # noqa: B018 - a field without a default
    assert len(pickle.dumps(lean)) < len(pickle.dumps(article)) / 2


@pytest.mark.parametrize(
    "value",
    [
        Heading(2, "fees", "Network fees"),
        Image("en/transfers/fee.png", 9, "![Fee](fee.png)", "Fee", True),
        Alias("en/transfers/old/", 4, "  - /en/transfers/old/"),
        ArticleEntry(1, 2, "ab" * 32, (_article(), [])),
    ],
)
def test_the_small_records_an_article_holds_are_pickled_as_constructor_calls(value):
    # a cache of 10,000 articles holds tens of thousands of links: a slots dataclass's own
    # unpickling (fields() per instance) was a third of the time to load it
    again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is type(value)
    assert value.__reduce__()[0] is type(value)
    if isinstance(value, ArticleEntry):
        assert (again.mtime_ns, again.size, again.digest) == (1, 2, "ab" * 32)
        assert again.result[0].html == value.result[0].html
    else:
        assert again == value


@pytest.mark.parametrize(
    "link",
    [
        Link(
            "../transfers/pending.md#fees",
            7,
            "See [fees](../transfers/pending.md#fees).",
            ("en", "transfers", "pending"),
            "fees",
        ),
        Link("x.md", 3, "[x](x.md)", None, None, Path("content/snippets/x.md")),
    ],
)
def test_a_link_travels_as_a_tuple_and_comes_back_whole(link):
    # the most numerous record of a cached site: a named tuple unpickles without a call of
    # Python code per link
    again = pickle.loads(pickle.dumps(link, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is Link and again == link
    assert (again.target, again.line, again.key, again.anchor, again.file) == (
        link.target,
        link.line,
        link.key,
        link.anchor,
        link.file,
    )
    assert again._replace(line=12).line == 12 and again.line == link.line
