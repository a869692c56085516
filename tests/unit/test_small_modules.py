"""Unit tests of the small modules: TOML line positions, problems, sitemap, theme, staging."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpcenter.build.publish import staged
from helpcenter.config import toml_lines
from helpcenter.errors import Problem, Report, SourceError
from helpcenter.model import Article, Category, Site, SiteConfig
from helpcenter.render.sitemap import robots, sitemap
from helpcenter.render.theme import collect_assets, load_strings, minify_css


def test_toml_lines_for_tables_arrays_of_tables_and_items():
    text = 'a = 1\n[x]\nb = 2\n[[agents]]\nid = "p"\n[[agents]]\nid = "q"\nshifts = [\n  "Mon 09:00-17:00",\n  "Tue 09:00-17:00",\n]\n'
    data, lines = toml_lines.parse(text, Path("r.toml"))
    assert data["agents"][1]["id"] == "q"
    assert lines.line("a") == 1 and lines.line("x", "b") == 3
    assert lines.line("agents", 0, "id") == 5 and lines.line("agents", 1, "id") == 7
    assert lines.item_line("Tue 09:00-17:00", "agents", 1, "shifts") == 10
    assert lines.line("agents", 1, "missing") == 6  # falls back to the table's line


def test_toml_syntax_error_names_its_line():
    with pytest.raises(SourceError) as info:
        toml_lines.parse("a = 1\nb = = 2\n", Path("s.toml"))
    assert info.value.problem.line == 2 and "TOML syntax error" in info.value.problem.message


def test_problem_formats():
    p = Problem(Path("/elsewhere/a.md"), 3, "bad 100%", "  tags: 5", warning=True)
    assert p.format() == "/elsewhere/a.md:3: warning: bad 100%\n    tags: 5"
    assert p.format_github() == "::warning file=/elsewhere/a.md,line=3::bad 100%25"
    assert p.as_dict()["severity"] == "warning"
    report = Report()
    report.warn(Path("a.md"), 1, "w")
    report.note(Path("a.md"), 1, "n")
    assert not report.failed(strict=False) and report.failed(strict=True)
    report.error(Path("a.md"), 2, "e")
    assert report.failed(strict=False) and len(report.notes) == 1


def _site() -> Site:
    config = SiteConfig(
        Path("site.toml"),
        {"en": "H", "zh": "帮"},
        "https://h.example/help/",
        ("en", "zh"),
        (Category("t", {"en": "T", "zh": "转"}, 1),),
    )
    import datetime as dt

    a = Article("en", "t", "x", "X", Path("en/t/x.md"), updated=dt.date(2026, 1, 2))
    b = Article("zh", "t", "x", "叉", Path("zh/t/x.md"))
    return Site(config, (a, b))


def test_sitemap_and_robots():
    xml = sitemap(_site())
    assert "<loc>https://h.example/help/en/t/x/</loc>" in xml and "<lastmod>2026-01-02</lastmod>" in xml
    assert 'hreflang="zh" href="https://h.example/help/zh/t/x/"' in xml
    assert "Sitemap: https://h.example/help/sitemap.xml" in robots(_site())


def test_theme_overrides_assets_and_strings_file_by_file(tmp_path):
    low, high = tmp_path / "default", tmp_path / "site"
    for theme, colour in ((low, "red"), (high, "blue")):
        (theme / "static" / "css").mkdir(parents=True)
        (theme / "i18n").mkdir()
    (low / "static" / "css" / "base.css").write_text("/* c */ a { color : red ; }")
    (low / "static" / "css" / "x.css").write_text("b{color:red}")
    (high / "static" / "css" / "x.css").write_text("b{color:blue}")
    (low / "i18n" / "core.toml").write_text('[en]\na = "A"\nb = "B"\n')
    (high / "i18n" / "core.toml").write_text('[en]\nb = "Bee"\n')
    assets = collect_assets((high, low))
    assert assets["style.css"].data == b"a{color:red}b{color:blue}"  # base.css first, the override wins
    strings = load_strings((high, low), ("en", "zh"))
    assert strings["en"]["core"] == {"a": "A", "b": "Bee"}
    assert strings["zh"]["core"] == {"a": "A", "b": "Bee"}  # falls back to English
    assert minify_css("a {\n  color: red;\n}\n") == "a{color:red}"


def test_staged_output_swaps_on_success_and_keeps_the_old_site_on_failure(tmp_path):
    out = tmp_path / "site"
    with staged(out) as stage:
        stage.write("a/index.html", "one")
    assert (out / "a/index.html").read_text() == "one"
    with pytest.raises(RuntimeError), staged(out) as stage:
        stage.write("a/index.html", "two")
        raise RuntimeError("template exploded")
    assert (out / "a/index.html").read_text() == "one"
    with staged(out, incremental=True) as stage:
        stage.write("b/index.html", "new")
        stage.remove(["a/index.html"])
    assert (out / "b/index.html").read_text() == "new" and not (out / "a").exists()
    # no temporary folders left: the link, the version it points to, and the one it replaced
    spare = stage.spare
    assert spare is not None and spare.written == ("b/index.html",) and spare.removed == ("a/index.html",)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", os.readlink(out), spare.name])
    # the next incremental build takes the spare as its stage, brought up to date first
    with staged(out, incremental=True, spare=spare) as stage:
        assert stage.recycled and (stage.root / "b/index.html").read_text() == "new"
        assert not (stage.root / "a").exists()
        stage.write("c/index.html", "third")
    assert (out / "b/index.html").read_text() == "new" and (out / "c/index.html").read_text() == "third"
    # the spare it replaced was never written through: the one now kept lacks c/ only
    assert stage.spare is not None and not (tmp_path / stage.spare.name / "c").exists()
    # a spare the caller does not vouch for is removed
    with staged(out, incremental=True) as stage:
        pass
    assert not (tmp_path / spare.name).exists() and len([p for p in tmp_path.iterdir() if ".spare-" in p.name]) == 1
