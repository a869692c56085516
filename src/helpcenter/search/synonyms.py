"""content/synonyms.toml: words that mean the same to a reader, in any language.

    [[group]]
    words = ["recovery phrase", "seed phrase", "mnemonic", "助记词"]
    aliases = ["seed words"]      # optional: understood in queries, not marked in articles

Every article text containing one of a group's `words` also gets the group's term
(`~` and its first word) once per occurrence, in the same field; a query containing one
of its words or aliases searches that term instead of the words themselves. So a reader
typing "seed phrase" finds the article that says "recovery phrase", and an English query
on the Chinese site finds 助记词. Words are matched as the index analyses them (English
words stemmed, stop words skipped; Chinese folded to Simplified, as substrings).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter.config import toml_lines
from helpcenter.errors import Report, SourceError
from helpcenter.search.rules import HAN, fold_table

FILE = "synonyms.toml"
_HAN = re.compile(f"[{HAN}]")
_ALL_HAN = re.compile(f"[{HAN}]+")
_WORD = re.compile(f"[^\\W_{HAN}]+")


@dataclass(frozen=True)
class Group:
    words: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    line: int = 1


@dataclass(frozen=True)
class Compiled:
    """Groups as the analyzer applies them, and as meta.json ships them to the browser."""

    words: dict[str, str] = field(default_factory=dict)  # English terms joined by " " -> group term
    han: dict[str, str] = field(default_factory=dict)  # folded Chinese text -> group term
    marks: frozenset[str] = frozenset()  # keys of words/han that mark articles (not aliases)

    @property
    def longest(self) -> int:
        return max((k.count(" ") + 1 for k in self.words), default=0)

    def client(self) -> dict:
        return {"words": self.words, "han": self.han}  # marks only matter to the index


def load(content_dir: Path, report: Report | None = None) -> tuple[Group, ...]:
    """The groups of content_dir/synonyms.toml (none when there is no such file); every
    problem goes to `report` (when given), and a group with a problem is left out."""
    path = content_dir / FILE
    if not path.is_file():
        return ()
    report = report if report is not None else Report()
    try:
        data, lines = toml_lines.parse(path.read_text(encoding="utf-8"), path)
    except SourceError as exc:
        report.add(exc.problem)
        return ()
    except UnicodeDecodeError:
        report.error(path, 1, f"{FILE} is not UTF-8; save it as UTF-8")
        return ()
    return parse(data, lines, path, report)


def parse(data: dict, lines: toml_lines.TomlLines, path: Path, report: Report) -> tuple[Group, ...]:
    def error(message: str, line: int) -> None:
        report.error(path, line, message, lines.text(line))

    for key in sorted(set(data) - {"group"}):
        error(f"unknown key '{key}': synonyms.toml holds [[group]] tables only", lines.line(key))
    items = data.get("group", [])
    if not isinstance(items, list):
        error("'group' must be written as [[group]] tables", lines.line("group"))
        return ()
    seen: dict[str, int] = {}
    groups = []
    for i, item in enumerate(items):
        line = lines.line("group", i)
        ok = True
        for key in sorted(set(item) - {"words", "aliases"}):
            error(f"unknown key '{key}' in a group (known: aliases, words)", lines.line("group", i, key))
            ok = False
        entries: dict[str, tuple[str, ...]] = {}
        for key in ("words", "aliases"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                error(f"'{key}' must be a list of words in quotes", lines.line("group", i, key))
                ok = False
                value = []
            entries[key] = tuple(value)
            for v in value:
                at = lines.item_line(v, "group", i, key)
                word = normal(v)
                if not word:
                    error(f"an empty word in '{key}'", at)
                    ok = False
                elif _HAN.search(word) and not _ALL_HAN.fullmatch(word):
                    error(f"'{v}' mixes Chinese characters with other letters: write them as two words", at)
                    ok = False
                elif _ALL_HAN.fullmatch(word) and len(word) < 2:
                    error(f"'{v}' is one Chinese character: a synonym needs two or more", at)
                    ok = False
                elif word in seen:
                    error(f"'{v}' is already in the group on line {seen[word]}: a word belongs to one group", at)
                    ok = False
                else:
                    seen[word] = line
        if not entries["words"]:
            error("a group needs 'words' (at least one word that articles use)", line)
            ok = False
        elif len(entries["words"]) + len(entries["aliases"]) < 2:
            error("a group needs two words or more: one word alone has no synonym", lines.line("group", i, "words"))
            ok = False
        if ok:
            groups.append(Group(entries["words"], entries["aliases"], line))
    return tuple(groups)


def normal(word: str) -> str:
    """A word as groups compare them: lowercased, Chinese folded, spaces collapsed."""
    return " ".join(word.translate(fold_table()).lower().split())


def compile_groups(groups: tuple[Group, ...], word_term: Callable[[str], str]) -> Compiled:
    """Each word as the analyzer sees it. An English word made only of stop words, or two
    groups' words analysing the same, are left out (the first group keeps it)."""
    words: dict[str, str] = {}
    han: dict[str, str] = {}
    marks: set[str] = set()
    for g in groups:
        token = "~" + normal(g.words[0])
        for entry, marking in [(w, True) for w in g.words] + [(a, False) for a in g.aliases]:
            text = normal(entry)
            if _ALL_HAN.fullmatch(text):
                key, table = text, han
            else:
                key, table = " ".join(t for t in map(word_term, _WORD.findall(text)) if t), words
            if key and key not in table:
                table[key] = token
                if marking:
                    marks.add(key)
    return Compiled(words, han, frozenset(marks))
