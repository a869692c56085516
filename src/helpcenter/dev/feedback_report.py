"""`helpcenter feedback LOG`: a feedback log (JSON lines, as the [feedback] endpoint
receives them) -> what writers should look at, per language: the articles most often
marked unhelpful, and the searches that found nothing.

Events: {"type": "vote", "page": "en/transfers/pending/", "lang": "en", "vote": "yes"|"no"}
and {"type": "search-none", "lang": "en", "q": "..."}. A line that is not such an event is
counted and reported by line number, never fatal: a server log holds what anyone posted.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class Language:
    yes: Counter[str] = field(default_factory=Counter)
    no: Counter[str] = field(default_factory=Counter)
    empty_searches: Counter[str] = field(default_factory=Counter)


@dataclass
class FeedbackReport:
    languages: dict[str, Language] = field(default_factory=lambda: defaultdict(Language))
    skipped: list[int] = field(default_factory=list)  # line numbers that were not events

    def unhelpful(self, lang: str, top: int) -> list[tuple[str, int, int]]:
        """(page, no votes, yes votes), most "no" first."""
        data = self.languages[lang]
        rows = [(page, no, data.yes[page]) for page, no in data.no.items()]
        return sorted(rows, key=lambda r: (-r[1], r[2], r[0]))[:top]

    def searches(self, lang: str, top: int) -> list[tuple[str, int]]:
        return sorted(self.languages[lang].empty_searches.items(), key=lambda r: (-r[1], r[0]))[:top]


def _text(value: object, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def parse_log(text: str) -> FeedbackReport:
    """Pure: the log's text -> counts."""
    report = FeedbackReport()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            report.skipped.append(number)
            continue
        kind = event.get("type") if isinstance(event, dict) else None
        lang = _text(event.get("lang"), 20) if isinstance(event, dict) else None
        if kind == "vote" and lang and event.get("vote") in ("yes", "no") and _text(event.get("page"), 300):
            getattr(report.languages[lang], event["vote"])[event["page"][:300]] += 1
        elif kind == "search-none" and lang and _text(event.get("q"), 200):
            # searches are compared as typed by different people: case and spacing do not count
            report.languages[lang].empty_searches[" ".join(event["q"][:200].lower().split())] += 1
        else:
            report.skipped.append(number)
    return report


def render(report: FeedbackReport, top: int = 10) -> str:
    out: list[str] = []
    for lang in sorted(report.languages):
        out.append(f"== {lang}")
        rows = report.unhelpful(lang, top)
        out.append("Articles marked unhelpful (no / yes):" if rows else "No article marked unhelpful.")
        out += [f"  {no:5} / {yes:<5} {page}" for page, no, yes in rows]
        searches = report.searches(lang, top)
        out.append("Searches that found nothing:" if searches else "No search without results.")
        out += [f"  {count:5}  {query}" for query, count in searches]
        out.append("")
    if report.skipped:
        shown = ", ".join(map(str, report.skipped[:10])) + (" …" if len(report.skipped) > 10 else "")
        out.append(f"{len(report.skipped)} line(s) were not feedback events and were skipped: lines {shown}")
    return "\n".join(out).rstrip() + "\n"


def as_json(report: FeedbackReport, top: int = 10) -> dict[str, object]:
    return {
        lang: {
            "unhelpful": [{"page": p, "no": n, "yes": y} for p, n, y in report.unhelpful(lang, top)],
            "empty_searches": [{"q": q, "count": c} for q, c in report.searches(lang, top)],
        }
        for lang in sorted(report.languages)
    } | {"skipped_lines": report.skipped}
