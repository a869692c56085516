"""`helpcenter feedback LOG`: votes and empty searches -> what writers should look at."""

from __future__ import annotations

import json

from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.dev.feedback_report import parse_log, render

LOG = "\n".join(
    [
        json.dumps({"type": "vote", "page": "en/transfers/pending/", "lang": "en", "vote": "no"}),
        json.dumps({"type": "vote", "page": "en/transfers/pending/", "lang": "en", "vote": "no"}),
        json.dumps({"type": "vote", "page": "en/transfers/pending/", "lang": "en", "vote": "yes"}),
        json.dumps({"type": "vote", "page": "en/security/scams/", "lang": "en", "vote": "no"}),
        json.dumps({"type": "vote", "page": "en/security/scams/", "lang": "en", "vote": "yes"}),
        json.dumps({"type": "vote", "page": "zh/recovery/lost-phone/", "lang": "zh", "vote": "no"}),
        json.dumps({"type": "search-none", "lang": "en", "q": "Bridge  refund"}),
        json.dumps({"type": "search-none", "lang": "en", "q": "bridge refund"}),
        json.dumps({"type": "search-none", "lang": "zh", "q": "跨链桥退款"}),
        "not json",
        json.dumps({"type": "vote", "page": "x", "lang": "en", "vote": "maybe"}),
        "",
        json.dumps(["a list"]),
    ]
)


def test_counts_per_language_most_unhelpful_first():
    report = parse_log(LOG)
    assert report.unhelpful("en", 10) == [("en/transfers/pending/", 2, 1), ("en/security/scams/", 1, 1)]
    assert report.unhelpful("zh", 10) == [("zh/recovery/lost-phone/", 1, 0)]
    assert report.searches("en", 10) == [("bridge refund", 2)]
    assert report.searches("zh", 10) == [("跨链桥退款", 1)]
    assert report.skipped == [10, 11, 13]
    assert report.unhelpful("en", 1) == [("en/transfers/pending/", 2, 1)]


def test_the_text_report_reads_as_lists():
    text = render(parse_log(LOG))
    assert text.splitlines()[:6] == [
        "== en",
        "Articles marked unhelpful (no / yes):",
        "      2 / 1     en/transfers/pending/",
        "      1 / 1     en/security/scams/",
        "Searches that found nothing:",
        "      2  bridge refund",
    ]
    assert text.rstrip().endswith("3 line(s) were not feedback events and were skipped: lines 10, 11, 13")


def test_the_command(tmp_path):
    log = tmp_path / "feedback.jsonl"
    log.write_text(LOG, encoding="utf-8")
    result = CliRunner().invoke(main, ["feedback", str(log), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["en"]["unhelpful"][0] == {"page": "en/transfers/pending/", "no": 2, "yes": 1}
    assert data["zh"]["empty_searches"] == [{"q": "跨链桥退款", "count": 1}]
    log.write_bytes(b'{"type": "search-none", "lang": "zh", "q": "\xff\xfe"}\n')
    result = CliRunner().invoke(main, ["feedback", str(log)])
    assert result.exit_code == 1
    assert f"{log}:1: feedback.jsonl is not UTF-8" in result.output and "Traceback" not in result.output
