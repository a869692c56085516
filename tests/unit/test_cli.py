"""The command line: help everywhere, `new`, `init`, `check`, and `python build.py`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.cli.site import built_line
from helpers import MINI, ROOT


def all_commands():
    return sorted(main.commands)


def test_every_command_has_help_text():
    runner = CliRunner()
    assert set(all_commands()) >= {"build", "check", "serve", "new", "roster", "init"}
    for name in all_commands():
        command = main.commands[name]
        assert command.help and len(command.help) > 20, f"{name} has no help text"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert command.help.split("\n")[0][:30] in result.output
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} {param.opts[0]} has no help"


def test_new_writes_an_article_and_refuses_to_overwrite(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    runner = CliRunner()
    args = ["new", "Fees explained: why?", "--category", "transfers", "--lang", "en", "--content", str(content)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    path = content / "en" / "transfers" / "fees-explained-why.md"
    assert path.is_file()
    assert 'title: "Fees explained: why?"' in path.read_text()
    again = runner.invoke(main, args)
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(main, ["new", "X", "--category", "nope", "--content", str(content)])
    assert bad.exit_code == 2 and "not declared" in bad.output
    # the scaffold itself builds
    assert runner.invoke(main, ["check", "--content", str(content)]).exit_code == 0


def test_init_copies_the_sample_content(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "content" / "site.toml").is_file()
    assert list((tmp_path / "content" / "zh").rglob("*.md"))


def test_check_formats(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "en/recovery/lost-phone.md").write_text("---\ntitle: L\n---\n\n[x](gone.md)\n")
    runner = CliRunner()
    text = runner.invoke(main, ["check", "--content", str(content)])
    assert text.exit_code == 1 and "lost-phone.md:5: link to a missing article" in text.output
    gh = runner.invoke(main, ["check", "--content", str(content), "--format", "github"])
    assert gh.exit_code == 1
    assert "::error file=" in gh.output and "lost-phone.md,line=5::link to a missing article" in gh.output
    js = runner.invoke(main, ["check", "--content", str(content), "--format", "json"])
    assert js.exit_code == 1
    problems = json.loads(js.output)
    errors = [p for p in problems if p["severity"] == "error"]
    assert len(errors) == 1 and errors[0]["line"] == 5 and errors[0]["path"].endswith("lost-phone.md")
    assert not any(tmp_path.glob("site*")), "check must not write a site"


def test_python_build_py_builds_a_content_folder(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(MINI), "--out", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "en" / "recovery" / "restore" / "index.html").is_file()


def test_failed_build_has_no_traceback_and_exit_1(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "en/recovery/restore.md").write_text("---\ntitle: [unclosed\n---\n")
    proc = subprocess.run(
        [sys.executable, "-m", "helpcenter.cli", "build", "--content", str(content), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "restore.md:2: invalid YAML" in proc.stderr


@pytest.mark.parametrize("args, status", [(["--version"], 0), (["check", "--content", "nowhere"], 2)])
def test_the_program_ends_at_once_with_its_output_flushed_and_exit_handlers_run(args, status):
    """run() ends the process without freeing every object: what an ordinary exit does
    that matters (the output written, the exit handlers run, the status) still happens."""
    code = (
        "import atexit, sys\n"
        "from helpcenter.cli import run\n"
        "atexit.register(lambda: print('handlers ran', file=sys.stderr))\n"
        f"run({args!r})\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == status
    assert proc.stderr.rstrip().endswith("handlers ran")
    assert ("version" in proc.stdout) == (status == 0)
    assert ("nowhere" in proc.stderr) == (status == 2)


def test_theme_option_overrides_templates_and_strings(tmp_path):
    theme = tmp_path / "mytheme"
    (theme / "templates").mkdir(parents=True)
    (theme / "i18n").mkdir()
    base = (ROOT / "theme" / "templates" / "base.html").read_text()
    (theme / "templates" / "base.html").write_text(base.replace("<main", '<p class="notice">Beta</p><main'))
    (theme / "i18n" / "core.toml").write_text('[en]\nskip = "Jump to the answer"\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(MINI), "--out", str(out), "--theme", str(theme)])
    assert result.exit_code == 0, result.output
    html = (out / "en" / "recovery" / "restore" / "index.html").read_text()
    assert '<p class="notice">Beta</p>' in html
    assert "Jump to the answer" in html
    assert "On this page" in html  # strings the override does not name come from the default theme


def test_a_broken_theme_template_is_a_located_error_and_keeps_the_old_site(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--content", str(MINI), "--out", str(out)]).exit_code == 0
    before = (out / "en" / "recovery" / "restore" / "index.html").read_bytes()
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    article = (ROOT / "theme" / "templates" / "article.html").read_text()
    (theme / "article.html").write_text(
        article.replace("{{ article.title }}</h1>", "{{ article.title | nosuch }}</h1>")
    )
    result = runner.invoke(main, ["build", "--content", str(MINI), "--out", str(out), "--theme", str(theme.parent)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = next(i for i, l in enumerate(article.splitlines(), 1) if "{{ article.title }}</h1>" in l)
    assert f"article.html:{line}: template error: No filter named 'nosuch'" in result.output
    assert (out / "en" / "recovery" / "restore" / "index.html").read_bytes() == before


@pytest.mark.parametrize("shown", ["next.html", "next['text']", "related | map(attribute='markdown') | join"])
def test_a_template_cannot_show_the_body_of_another_article(tmp_path, shown):
    """Other pages show an article by its face (what incremental builds sign them by): a
    theme that shows another article's body is told so, at its line, and nothing changes."""
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    article = (ROOT / "theme" / "templates" / "article.html").read_text()
    mistake = "{% if next %}{{ " + shown + " }}{% endif %}"
    (theme / "article.html").write_text(
        article.replace("{{ article.title }}</h1>", "{{ article.title }}</h1>" + mistake)
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--content", str(MINI), "--out", str(out), "--theme", str(theme.parent)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = next(i for i, l in enumerate(article.splitlines(), 1) if "{{ article.title }}</h1>" in l)
    assert f"article.html:{line}: template error: " in result.output
    assert "a page shows the body of its own article only" in result.output
    assert not out.exists()


def test_an_article_page_shows_its_own_body_to_a_theme(tmp_path):
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    article = (ROOT / "theme" / "templates" / "article.html").read_text()
    own = "<p class=\"words\">{{ article.text | wordcount }} {{ article['headings'] | length }}</p>"
    (theme / "article.html").write_text(article.replace("{{ article.title }}</h1>", "{{ article.title }}</h1>" + own))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--content", str(MINI), "--out", str(out), "--theme", str(theme.parent)]
    )
    assert result.exit_code == 0, result.output
    assert '<p class="words">' in (out / "en" / "recovery" / "restore" / "index.html").read_text()


@pytest.mark.parametrize("mistake", ["{{ article.title | nosuch }}", "{{ article.no_such_field }}"])
def test_a_template_mistake_met_in_a_worker_process_is_located_too(tmp_path, mistake):
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    article = (ROOT / "theme" / "templates" / "article.html").read_text()
    (theme / "article.html").write_text(article.replace("{{ article.title }}</h1>", mistake + "</h1>"))
    out = tmp_path / "out"
    # a process of its own, without this one's threads (which rule out forking workers);
    # the mini site's few pages go to workers all the same
    script = (
        "import sys; from helpcenter.build import workers; workers.MANY_ARTICLES = 1\n"
        "assert workers.can_fork()\n"
        "from helpcenter.cli import main; main(sys.argv[1:])"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "build",
            "--content",
            str(MINI),
            "--out",
            str(out),
            "--theme",
            str(theme.parent),
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    line = next(i for i, l in enumerate(article.splitlines(), 1) if "{{ article.title }}</h1>" in l)
    assert f"article.html:{line}: template error:" in output
    assert not out.exists()


def test_the_summary_line_counts_the_problems(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "en/recovery/lost-phone.md").write_text(
        "---\ntitle: L\norder: first\n---\n\n[x](gone.md)\n[y](nope.md)\n"
    )
    checked = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert checked.exit_code == 1
    assert checked.output.rstrip().endswith("error: check failed with 3 problems"), checked.output
    built = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert built.exit_code == 1
    assert built.output.rstrip().endswith("error: build failed with 3 problems"), built.output


def test_the_build_line_counts_in_words_that_agree():
    one = built_line(1, 1, Path("site"), 0.5, 1, 1)
    assert one == "built 1 article, 1 page into site in 0.50s (1 file written, 1 warning)"
    many = built_line(54, 70, Path("site"), 0.08, 0, 2)
    assert many == "built 54 articles, 70 pages into site in 0.08s (0 files written, 2 warnings)"
