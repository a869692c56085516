"""The judged queries of bench/relevance/queries.toml and how a ranking scores on them.

nDCG@10 with graded gains 2^g - 1 (ideal DCG from the query's own judgements) and
success@3 (an article graded 2 or 3 among the first three results), averaged per
language, with `cross` queries kept apart, and per kind.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

KINDS = ("keyword", "question", "colloquial", "product", "typo", "variant", "traditional", "spaced", "cross")


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the runs
class Query:
    lang: str
    q: str
    kind: str
    judgements: dict[str, int]  # "<lang>/<category>/<slug>" -> 1..3

    @property
    def group(self) -> str:
        """The row it counts in: its language, or `cross` (judged on the other language's terms)."""
        return "cross" if self.kind == "cross" else self.lang


def load_queries(path: Path, corpus: Path) -> list[Query]:
    """The queries in `path`, every judged article checked against `corpus`; all problems at once."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:  # its message ends "(at line N, column M)"
        raise SystemExit(f"{path}: {e}") from None
    lines = text.splitlines()
    out, problems, seen = [], [], set()
    for n, raw in enumerate(data.get("queries", []), 1):
        q = Query(raw.get("lang", ""), raw.get("q", ""), raw.get("kind", ""), dict(raw.get("judgements", {})))
        # one query a line, as the set is written: point at it, else at its number
        typed = f"q = {json.dumps(q.q, ensure_ascii=False)}"
        line = next((i for i, text in enumerate(lines, 1) if typed in text), 0)
        where = f"{path}:{line}" if line else f"{path}: query {n} ({q.q!r})"
        shown = f"\n    {lines[line - 1].strip()[:160]}" if line else ""
        if q.kind not in KINDS:
            problems.append(f"{where}: kind {q.kind!r} is not one of {', '.join(KINDS)}{shown}")
        if (q.lang, q.q) in seen:
            problems.append(f"{where}: the same query is in the set twice{shown}")
        seen.add((q.lang, q.q))
        if not any(g >= 2 for g in q.judgements.values()):
            problems.append(f"{where}: no article graded 2 or 3{shown}")
        for key, grade in q.judgements.items():
            if grade not in (1, 2, 3):
                problems.append(f"{where}: {key} is graded {grade!r}; grades are 1, 2 or 3{shown}")
            if not key.startswith(q.lang + "/"):
                problems.append(f"{where}: {key} is not on the {q.lang} site the query is typed on{shown}")
            if not (corpus / f"{key}.md").is_file():
                problems.append(f"{where}: {key} is not an article of {corpus}{shown}")
        out.append(q)
    if problems:
        raise SystemExit("\n".join(problems))
    return out


def ndcg10(query: Query, ranked: list[str]) -> float:
    gains = [query.judgements.get(key, 0) for key in _unique(ranked)[:10]]
    ideal = sorted(query.judgements.values(), reverse=True)[:10]
    return _dcg(gains) / _dcg(ideal)


def success3(query: Query, ranked: list[str]) -> bool:
    return any(query.judgements.get(key, 0) >= 2 for key in _unique(ranked)[:3])


def _dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def _unique(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def _cell(queries: list[Query], ranked: dict[Query, list[str]]) -> str:
    if not queries:
        return "–"
    nd = sum(ndcg10(q, ranked[q]) for q in queries) / len(queries)
    s3 = sum(success3(q, ranked[q]) for q in queries) / len(queries)
    return f"{nd:.2f} / {s3:.0%}".replace("%", " %")


def table(queries: list[Query], runs: dict[str, dict[Query, list[str]]], by_kind: bool) -> str:
    """Markdown: one row per language (and `cross`), or per language and kind; one column per engine."""
    rows: list[tuple[str, list[Query]]] = []
    for lang in ("en", "zh"):
        mine = [q for q in queries if q.group == lang]
        if by_kind:
            rows += [(f"{lang} {kind}", [q for q in mine if q.kind == kind]) for kind in KINDS]
        else:
            rows.append((lang, mine))
    cross = [q for q in queries if q.group == "cross"]
    if by_kind:
        rows += [(f"cross, typed on the {lang} site", [q for q in cross if q.lang == lang]) for lang in ("en", "zh")]
    else:
        rows.append(("cross", cross))
    rows = [(label, mine) for label, mine in rows if mine]
    head = "| queries | n | " + " | ".join(f"{name}: nDCG@10 / success@3" for name in runs) + " |"
    lines = [head, "| --- | ---: |" + " ---: |" * len(runs)]
    for label, mine in rows:
        lines.append(f"| {label} | {len(mine)} | " + " | ".join(_cell(mine, run) for run in runs.values()) + " |")
    return "\n".join(lines)


def misses(queries: list[Query], name: str, ranked: dict[Query, list[str]]) -> str:
    """Each query without a grade >= 2 article in the top 3: what came first, where the answers were."""
    out = []
    for q in queries:
        got = _unique(ranked[q])
        if success3(q, got):
            continue
        top = ", ".join(f"{_short(k)} ({q.judgements.get(k, 0)})" for k in got[:3]) or "nothing"
        wanted = sorted(q.judgements.items(), key=lambda kv: -kv[1])
        where = ", ".join(
            f"{_short(k)} ({g}) at {'#' + str(got.index(k) + 1) if k in got else '–'}" for k, g in wanted if g >= 2
        )
        out.append(f"[{name}] {q.lang} {q.kind:<11} {q.q!r}\n    top 3: {top}\n    wanted: {where}")
    return "\n".join(out)


def _short(key: str) -> str:
    """An article without its language (the query's); any other page as it is."""
    return key.split("/", 1)[1] if key.count("/") == 2 else key or "/"
