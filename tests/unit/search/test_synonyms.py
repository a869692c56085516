"""content/synonyms.toml: validation with path:line, and what groups do to index and query."""

from __future__ import annotations

from pathlib import Path

from helpcenter.errors import Report
from helpcenter.search import synonyms
from helpcenter.search.engine import make_analyzer
from helpcenter.search.query import plan
from helpers import ROOT


class Vocab:
    def __init__(self, docs: dict[str, int]):
        self.d = docs

    def docs(self, term: str) -> int:
        return self.d.get(term, 0)

    def starting_with(self, prefix: str) -> list[str]:
        return sorted(t for t in self.d if t.startswith(prefix))


def _load(tmp_path: Path, text: str) -> tuple[tuple[synonyms.Group, ...], Report]:
    (tmp_path / "synonyms.toml").write_text(text, encoding="utf-8")
    report = Report()
    return synonyms.load(tmp_path, report), report


def test_the_sample_synonyms_are_valid():
    report = Report()
    groups = synonyms.load(ROOT / "content", report)
    assert report.problems == []
    assert len(groups) >= 15


def test_no_file_no_groups(tmp_path):
    assert synonyms.load(tmp_path, Report()) == ()


def test_every_mistake_is_reported_with_its_line(tmp_path):
    groups, report = _load(
        tmp_path,
        "\n".join(
            [
                "[[group]]",
                'words = ["recovery phrase", "seed phrase"]',
                "[[group]]",
                'words = ["seed phrase", "助记词"]',  # 4: already in a group
                "[[group]]",
                'words = ["gas费", "fee"]',  # 6: mixes scripts
                "[[group]]",
                'words = ["钱", "money"]',  # 8: one Chinese character
                "[[group]]",
                'words = ["alone"]',  # 10: no synonym
                "[[group]]",
                'aliases = ["x", "y"]',  # 12: no words
                "[[group]]",
                'words = ["a", "b"]',
                "color = 1",  # 15: unknown key
                "words = 3",  # 16: TOML error (duplicate key)
            ]
        ),
    )
    assert groups == ()
    (problem,) = report.problems  # a syntax error stops the file: only it is reported
    assert problem.line == 16 and "TOML" in problem.message
    groups, report = _load(
        tmp_path,
        "\n".join(
            [
                "[[group]]",
                'words = ["recovery phrase", "seed phrase"]',
                "[[group]]",
                'words = ["seed phrase", "助记词"]',
                "[[group]]",
                'words = ["gas费", "fee"]',
                "[[group]]",
                'words = ["钱", "money"]',
                "[[group]]",
                'words = ["alone"]',
                "[[group]]",
                'aliases = ["x", "y"]',
                "[[group]]",
                'words = ["a", "b"]',
                "color = 1",
                "wrong = 2",
            ]
        ),
    )
    lines = sorted((p.line, p.message) for p in report.problems)
    assert [line for line, _ in lines] == [4, 6, 8, 10, 11, 15, 16], lines
    assert all(p.source_line for p in report.problems)
    assert "already in the group on line 1" in lines[0][1]
    assert len(groups) == 1  # the good group stays
    text = report.render()
    assert "synonyms.toml:6: 'gas费' mixes Chinese characters" in text


def test_a_group_joins_words_in_articles_and_queries_in_both_languages():
    groups = (synonyms.Group(("recovery phrase", "seed phrase", "mnemonic", "助记词"), ("seed words",)),)
    a = make_analyzer(groups)
    assert a.terms("Write down your Seed Phrases").count("~recovery phrase") == 1
    assert a.terms("助記詞").count("~recovery phrase") == 1  # Traditional, folded
    assert "~recovery phrase" not in a.terms("seed words")  # an alias marks no article
    v = Vocab({"~recovery phrase": 5, "lost": 3, "lose": 2, "mnemon": 1, "助记": 2, "记词": 2})
    assert plan("lost seed phrase", a, v).groups[-1].exact == (("~recovery phrase", 1.0),)
    assert plan("mnemonic", a, v).groups[0].exact == (("mnemon", 1.0), ("~recovery phrase", 1.0))
    assert (
        plan("recovery phrase", a, v).groups
        == plan("助记词", make_analyzer(groups), Vocab({"~recovery phrase": 5})).groups
    )
    zh = plan("助记词", a, v).groups  # each bigram, or the group's term
    assert [g.exact for g in zh] == [
        (("助记", 1.0), ("~recovery phrase", 1.0)),
        (("记词", 1.0), ("~recovery phrase", 1.0)),
    ]


def test_irregular_forms_meet_their_verb():
    a = make_analyzer()
    assert a.word_term("sent") == a.word_term("sending") == "send"
    assert a.word_term("stolen") == a.word_term("steal")


def test_check_reports_synonym_problems_and_fails(tmp_path):
    import shutil

    import pytest

    from helpcenter.build.pipeline import check
    from helpcenter.errors import BuildFailed

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "synonyms.toml").write_text('[[group]]\nwords = ["fee", "费"]\n', encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        check(content, jobs=1)
    (problem,) = failed.value.report.problems
    assert (problem.path.name, problem.line) == ("synonyms.toml", 2)
