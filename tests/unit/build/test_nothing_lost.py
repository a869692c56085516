"""Nothing lost: a build that fails at any stage leaves the published site byte-identical
and no temporary folder behind.

Each test publishes the mini site (with a roster), changes an article, then makes the
next build fail for real: bad content, an exception in a theme template (at compile
time and half-way through rendering), the disk refusing a write (ENOSPC at the first,
a middle and the last file, and while publishing), Ctrl-C (SIGINT) or SIGTERM delivered
to a build running in a subprocess. Both kinds of build are covered: a full build (the folder is
swapped in) and an incremental one (changed files are moved into place).

An interrupt that arrives while the finished build is being published may let that
publication complete (the build holds interrupts off for those few renames): then the
folder must be exactly the new site — never a mix of old and new.
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.errors import BuildFailed
from helpers import MINI, ROOT, build_site, leftovers, tree_digest, write

MODES = ["full", "incremental"]
EPOCH = "1792800000"  # SOURCE_DATE_EPOCH: two builds of the same input are byte-identical


@dataclass
class Published:
    content: Path
    out: Path
    digest: str
    mode: str

    def options(self) -> dict:
        return {"cache_dir": self.out.parent / ".cache"} if self.mode == "incremental" else {}

    def build(self, **options):
        return build_site(self.content, self.out, **self.options(), **options)

    def change(self) -> None:
        """An edit that changes pages, the search index and the sitemap."""
        path = self.content / "en" / "recovery" / "restore.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace("title: Restore", "title: Restoring"), encoding="utf-8"
        )

    def assert_untouched(self) -> None:
        assert tree_digest(self.out) == self.digest, "the previously published site was modified"
        assert leftovers(self.out) == [], "a temporary folder was left behind"


@pytest.fixture(params=MODES)
def published(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Published:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copy(ROOT / "content" / "roster.toml", content / "roster.toml")
    site = Published(content, tmp_path / "public" / "site", "", request.param)
    site.build()
    assert (site.out / "index.html").is_file() and (site.out / "support.json").is_file()
    site.digest = tree_digest(site.out)
    site.change()
    return site


# -- bad content -------------------------------------------------------------------------------------
def test_bad_content(published):
    write(published.content / "en/recovery/lost-phone.md", "---\ntitle: [unclosed\n---\n")
    with pytest.raises(BuildFailed):
        published.build()
    published.assert_untouched()


def test_a_first_build_that_fails_leaves_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    write(content / "roster.toml", 'timezone = "Nowhere/Else"\n')
    out = tmp_path / "public" / "site"
    with pytest.raises(BuildFailed):
        build_site(content, out)
    assert not out.exists() and leftovers(out) == []


# -- an exception in a template -----------------------------------------------------------------------
BROKEN_TEMPLATES = {
    "syntax": "{% extends 'base.html' %}{% block content %}{% if %}{% endblock %}",
    "undefined half-way": (
        "{% extends 'base.html' %}{% block content %}<h1>{{ article.title }}</h1>"
        "{% if article.slug == 'restore' %}{{ article.no_such_field.boom }}{% endif %}{% endblock %}"
    ),
    "division half-way": "{% extends 'base.html' %}{% block content %}<h1>{{ article.title }}</h1>"
    "{{ 1 // (article.slug != 'pending') | int }}{% endblock %}",
}


@pytest.mark.parametrize("kind", sorted(BROKEN_TEMPLATES))
def test_an_exception_in_a_template(published, tmp_path, kind):
    theme = tmp_path / "theme-broken"
    write(theme / "templates" / "article.html", BROKEN_TEMPLATES[kind])
    with pytest.raises(Exception):
        published.build(theme=theme)
    published.assert_untouched()


# -- the disk refusing a write ------------------------------------------------------------------------
class FullDisk:
    """Makes the n-th write below `root` fail with ENOSPC, whichever way the build writes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path, fail_at: int | None):
        self.root, self.fail_at, self.count = root.resolve(), fail_at, 0
        self.os_open = os.open
        for owner, name in (
            (pathlib.Path, "write_bytes"),
            (pathlib.Path, "write_text"),
            (shutil, "copyfile"),
            (os, "open"),  # a file made with os calls (the stage's pages)
        ):
            monkeypatch.setattr(owner, name, self._wrap(getattr(owner, name)))

    def _wrap(self, original):
        def guarded(*args, **kwargs):
            if original is self.os_open and not args[1] & os.O_CREAT:
                return original(*args, **kwargs)  # a read
            target = Path(args[1] if original.__name__ == "copyfile" else args[0])
            if target.resolve().is_relative_to(self.root) and ".cache" not in target.parts:
                self.count += 1
                if self.count == self.fail_at:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
            return original(*args, **kwargs)

        return guarded


def count_writes(published: Published, monkeypatch: pytest.MonkeyPatch) -> int:
    """Writes the failing build would make: a rehearsal, then the published state put back."""
    public = published.out.parent
    backup = public.with_name("public-before-rehearsal")
    shutil.copytree(public, backup, symlinks=True)
    with monkeypatch.context() as patch:
        probe = FullDisk(patch, public, None)
        published.build()
    shutil.rmtree(public)
    backup.rename(public)
    assert tree_digest(published.out) == published.digest
    return probe.count


@pytest.mark.parametrize("when", ["first", "middle", "last"])
def test_the_disk_refusing_a_write(published, monkeypatch, when):
    writes = count_writes(published, monkeypatch)
    assert writes >= 3, (
        "the build no longer writes through Path.write_bytes/write_text/shutil.copyfile/os.open: update FullDisk"
    )
    fail_at = {"first": 1, "middle": writes // 2, "last": writes}[when]
    with monkeypatch.context() as patch:
        disk = FullDisk(patch, published.out.parent, fail_at)
        with pytest.raises(OSError) as raised:
            published.build()
    assert raised.value.errno == errno.ENOSPC and disk.count == fail_at
    published.assert_untouched()


def refuse(monkeypatch: pytest.MonkeyPatch, name: str, applies, at: int = 1) -> dict[str, int]:
    """Make the `at`-th call of os.<name> for which `applies(dst)` holds fail with ENOSPC."""
    calls = {"n": 0}
    original = getattr(os, name)

    def refusing(src, dst, *args, **kwargs):
        if applies(Path(dst)):
            calls["n"] += 1
            if calls["n"] == at:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return original(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, name, refusing)
    return calls


def test_the_disk_refusing_the_switch(published, monkeypatch):
    """The one step that publishes (the link replaced by one to the new version) fails."""
    calls = refuse(monkeypatch, "replace", lambda dst: dst == published.out)
    with pytest.raises(OSError):
        published.build()
    monkeypatch.undo()
    assert calls["n"] == 1
    published.assert_untouched()


@pytest.mark.parametrize("published", ["incremental"], indirect=True)
@pytest.mark.parametrize("when", ["first", "second"])
def test_the_disk_refusing_a_hard_link(published, monkeypatch, when):
    """Incremental: a file carried over from the published version cannot be linked."""
    at = {"first": 1, "second": 2}[when]
    calls = refuse(monkeypatch, "link", lambda dst: dst.is_relative_to(published.out.parent), at)
    with pytest.raises(OSError):
        published.build()
    monkeypatch.undo()
    assert calls["n"] == at
    published.assert_untouched()


# -- interrupts -----------------------------------------------------------------------------------------------
INTERRUPTED = textwrap.dedent("""
    import os, pathlib, sys, time
    content, out, where, n, *options = sys.argv[1:]
    n, public = int(n), os.path.dirname(os.path.abspath(out))
    calls = 0

    def pause_once(seconds):
        global calls
        calls += 1
        if calls == n:
            print("ready", flush=True)
            time.sleep(seconds)  # the test sends the signal now

    if where == "write":  # the site's files are made with os.open (others with write_bytes)
        original_write, original_open = pathlib.Path.write_bytes, os.open
        def write_bytes(self, data):
            if str(self.resolve()).startswith(public) and ".cache" not in self.parts:
                pause_once(60)
            return original_write(self, data)
        def open_file(path, flags, *args, **kwargs):
            if flags & os.O_CREAT and os.path.abspath(path).startswith(public) and ".cache" not in str(path):
                pause_once(60)
            return original_open(path, flags, *args, **kwargs)
        pathlib.Path.write_bytes = write_bytes
        os.open = open_file
    else:  # while the finished site is being moved into place (interrupts may be held off)
        for name in ("rename", "replace"):
            def move(src, dst, _original=getattr(os, name)):
                if os.path.abspath(dst).startswith(public) and ".cache" not in str(dst):
                    pause_once(0.8)
                return _original(src, dst)
            setattr(os, name, move)

    from helpcenter.cli import main
    main(["build", "--content", content, "--out", out, "--jobs", "1", *options])
""")


def cli_options(published: Published) -> list[str]:
    return ["--no-cache"] if published.mode == "full" else []


@pytest.fixture
def cli_published(published):
    """As `published`, but built by the CLI so that an incremental build has the CLI's cache."""
    if published.mode == "incremental":
        shutil.rmtree(published.out.resolve())  # the published version, then the link to it
        published.out.unlink()
        restore = published.content / "en/recovery/restore.md"
        text = restore.read_text(encoding="utf-8")
        restore.write_text(text.replace("title: Restoring", "title: Restore"), encoding="utf-8")
        result = CliRunner().invoke(
            main, ["build", "--content", str(published.content), "--out", str(published.out), "--jobs", "1"]
        )
        assert result.exit_code == 0, result.output
        published.digest = tree_digest(published.out)
        published.change()
    return published


def child_env() -> dict[str, str]:
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }


@pytest.mark.parametrize(
    "sig, where, n",
    [
        ("SIGINT", "write", 1),
        ("SIGINT", "write", 6),
        ("SIGINT", "publish", 1),
        ("SIGTERM", "write", 3),
        ("SIGTERM", "publish", 1),
    ],
)
def test_interrupted_mid_build(cli_published, tmp_path, sig, where, n):
    """Ctrl-C, or SIGTERM as when CI cancels a job or `timeout` expires."""
    site = cli_published
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(site.content), str(site.out), where, str(n), *cli_options(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        # Ctrl-C as at a terminal: a shell starts background jobs (a CI step may be one)
        # with SIGINT ignored, and Python keeps it ignored when it starts so
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        ready = proc.stdout.readline()
        assert ready.strip() == "ready", proc.stderr.read()
        proc.send_signal(getattr(signal, sig))
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0, "an interrupted build reported success"
    assert "Traceback" not in stderr, stderr
    if where == "publish" and tree_digest(site.out) != site.digest:
        # the publication was allowed to finish: the folder must be exactly the new site
        expected = tmp_path / "expected" / "site"
        build_site(site.content, expected)  # SOURCE_DATE_EPOCH is set: the same bytes as the interrupted build's
        assert tree_digest(site.out) == tree_digest(expected), "the published folder mixes old and new files"
        assert leftovers(site.out) == []
    else:
        site.assert_untouched()


# -- the output guard --------------------------------------------------------------------------------------
def build_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--jobs", "1", *args])
    return result.exit_code, result.output


def test_an_output_that_would_destroy_input_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "project"
    content = project / "content"
    shutil.copytree(MINI, content)
    write(project / "theme" / "templates" / "note.txt", "mine")
    write(project / "notes" / "todo.txt", "mine")
    (project / "empty").mkdir()
    monkeypatch.chdir(project)
    before = tree_digest(project)
    refused = {
        "content": "is the content folder",
        ".": "contains the content folder",
        "..": "contains the content folder",
        "content/en": "is inside the content folder",
        "content/site": "is inside the content folder",
        "theme": "is the theme folder",
        "theme/templates/out": "is inside the theme folder",
        "notes": "holds files helpcenter did not write (e.g. 'todo.txt')",
    }
    for out, reason in refused.items():
        code, output = build_cli("--content", "content", "--out", out)
        assert code == 2, (out, output)
        assert output.count("\n") == 1 and reason in output and "Traceback" not in output, (out, output)
        assert tree_digest(project) == before, f"--out {out} changed the project"
    (project / "notes" / "todo.txt").unlink()  # emptied, as the message says
    for out in ("empty", "notes", "site"):
        code, output = build_cli("--content", "content", "--out", out)
        assert code == 0, (out, output)
        assert (project / out / ".helpcenter-site").is_file() and (project / out).is_symlink()


def test_the_current_folder_is_refused_even_without_content_in_it(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    work = tmp_path / "work"
    write(work / "draft.txt", "mine")
    monkeypatch.chdir(work)
    code, output = build_cli("--content", str(content), "--out", ".")
    assert code == 2 and "is the current folder" in output
    assert (work / "draft.txt").read_text() == "mine"


def test_a_link_helpcenter_did_not_make_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    write(tmp_path / "elsewhere" / "keep.txt", "mine")
    (tmp_path / "site").symlink_to(tmp_path / "elsewhere")
    code, output = build_cli("--content", str(content), "--out", str(tmp_path / "site"))
    assert code == 2 and "symbolic link helpcenter did not make" in output
    assert (tmp_path / "elsewhere" / "keep.txt").read_text() == "mine"


def test_an_output_of_a_version_before_links_is_migrated_once(tmp_path, monkeypatch):
    """A real folder with the files every build wrote (no marker yet) becomes a link to a version;
    what a person had added to it is not carried over."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    cold = tmp_path / "cold" / "site"
    build_site(content, cold)
    out = tmp_path / "public" / "site"
    shutil.copytree(cold, out)
    (out / ".helpcenter-site").unlink()
    write(out / "CNAME", "help.example.com\n")
    build_site(content, out)
    assert out.is_symlink() and tree_digest(out) == tree_digest(cold) and leftovers(out) == []


# -- warm builds equal cold builds, whatever happened to the output ------------------------------------------
def warm_equals_cold(site: Published, tmp_path: Path) -> None:
    build_site(site.content, site.out, cache_dir=site.out.parent / ".cache")
    cold = tmp_path / "cold" / "site"
    build_site(site.content, cold)
    assert tree_digest(site.out) == tree_digest(cold)
    assert leftovers(site.out) == []


@pytest.mark.parametrize("published", ["incremental"], indirect=True)
@pytest.mark.parametrize("change", ["no change", "an edit"])
@pytest.mark.parametrize(
    "meddling",
    ["a --no-cache build", "a build with another cache", "a CNAME added", "a page edited", "a page removed"],
)
def test_a_warm_build_equals_a_cold_build_whatever_happened_before(published, tmp_path, meddling, change):
    """published: built with the cache, then an article edited (not built yet)."""
    site = published
    if meddling == "a --no-cache build":
        build_site(site.content, site.out)  # the edit published without the cache knowing
        retitle = site.content / "en" / "recovery" / "restore.md"
        retitle.write_text(retitle.read_text(encoding="utf-8").replace("title: Restoring", "title: Restore"))
    elif meddling == "a build with another cache":
        build_site(site.content, site.out, cache_dir=tmp_path / "other-cache")
        retitle = site.content / "en" / "recovery" / "restore.md"
        retitle.write_text(retitle.read_text(encoding="utf-8").replace("title: Restoring", "title: Restore"))
    elif meddling == "a CNAME added":
        write(site.out / "CNAME", "help.example.com\n")
    elif meddling == "a page edited":
        page = site.out / "en" / "index.html"
        page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>hand-made</p></body>"))
    else:
        (site.out / "en" / "index.html").unlink()
    if change == "an edit":
        site.change()
    warm_equals_cold(site, tmp_path)


def test_temporary_files_stay_in_the_builds_own_folder(tmp_path, monkeypatch):
    """Whoosh used $TMPDIR/en.tmp, zh.tmp: shared by every build and never removed. Another
    user's leftover there (here: a file where it wanted a folder) crashed the build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shared = tmp_path / "shared-tmp"
    for name in ("en.tmp", "zh.tmp", "MAIN.tmp"):
        write(shared / name, "someone else's")
    monkeypatch.setenv("TMPDIR", str(shared))
    monkeypatch.setattr("tempfile.tempdir", None)
    before = tree_digest(shared)
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    out = tmp_path / "public" / "site"
    result = build_site(content, out, cache_dir=tmp_path / "public" / ".cache")
    assert result.pages > 0 and (out / "search").is_dir()
    assert tree_digest(shared) == before, "the build wrote into the shared temporary folder"
    assert leftovers(out) == []
    assert os.environ["TMPDIR"] == str(shared)
