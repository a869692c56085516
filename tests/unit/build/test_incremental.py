"""Warm builds redo only what changed, and their output equals a cold build's byte for byte;
two cold builds of the same input are identical (SOURCE_DATE_EPOCH fixes the time)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpers import ROOT, mini_with_roster, tree_digest


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = mini_with_roster(tmp_path)
    pending = target / "en" / "transfers" / "pending.md"  # every warm == cold below covers redirects too
    pending.write_text(pending.read_text().replace("---\n", "---\naliases: [/en/transfers/stuck/]\n", 1))
    return target


def warm(content: Path, out: Path):
    return build(content, out, jobs=1, cache_dir=out.parent / "cache")


def cold(content: Path, out: Path):
    return build(content, out, jobs=1)


def test_no_change_rebuild_writes_nothing(content, tmp_path):
    out = tmp_path / "site"
    first = warm(content, out)
    assert first.written > 20
    again = warm(content, out)
    assert again.written == 0
    assert again.pages == first.pages


def test_one_edit_rewrites_only_what_depends_on_it(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace("Networks get busy.", "Networks get very busy."))
    result = warm(content, out)
    # the article, the pages listing it, and the search files of its language
    assert 1 <= result.written < 40
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_title_change_reaches_listing_pages(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    article = content / "en" / "recovery" / "lost-phone.md"
    article.write_text(article.read_text().replace("title: Lost phone", "title: Lost or stolen phone"))
    warm(content, out)
    assert "Lost or stolen phone" in (out / "en" / "recovery" / "index.html").read_text()
    assert "Lost or stolen phone" in (out / "en" / "recovery" / "restore" / "index.html").read_text()  # pager
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_new_alias_writes_its_redirect_and_equals_a_cold_build(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    assert (out / "en" / "transfers" / "stuck" / "index.html").is_file()
    article = content / "en" / "recovery" / "restore.md"
    article.write_text(article.read_text().replace("---\n", "---\naliases: [/en/old-restore.html]\n", 1))
    result = warm(content, out)
    assert (out / "en" / "old-restore.html").is_file() and result.written < 40
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_removed_article_disappears(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    (content / "en" / "recovery" / "lost-phone.md").unlink()
    warm(content, out)
    assert not (out / "en" / "recovery" / "lost-phone").exists()
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_theme_override_rerenders_every_page(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    theme = content.parent / "theme" / "templates"
    theme.mkdir(parents=True)
    base = (ROOT / "theme" / "templates" / "base.html").read_text()
    (theme / "base.html").write_text(base.replace("<footer", "<!-- custom --><footer"))
    result = warm(content, out)
    assert result.written >= result.pages
    assert "<!-- custom -->" in (out / "en" / "index.html").read_text()


def test_a_tampered_output_folder_gets_a_full_build(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    (out / "en" / "index.html").unlink()
    result = warm(content, out)
    assert (out / "en" / "index.html").is_file()
    assert result.written > 20


def test_two_cold_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    cold(ROOT / "content", tmp_path / "a")
    cold(ROOT / "content", tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert '"generated_at":"2026-11-18T' in (tmp_path / "a" / "support.json").read_text()


def test_touched_but_unchanged_file_rewrites_nothing(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    (content / "en" / "transfers" / "pending.md").touch()
    assert warm(content, out).written == 0


def test_files_saved_or_checked_out_without_a_change_take_the_nothing_changed_path(content, tmp_path, monkeypatch):
    """A checkout, an editor's "save all" or a touch changes files' times, not their bytes:
    the build reads the files whose stat changed, finds the same bytes, and parses nothing."""
    import helpcenter.build.pipeline as pipeline
    from helpcenter.build import signatures

    out = tmp_path / "site"
    warm(content, out)
    for path in content.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())  # the same bytes, a new modification time

    def no_check(*args, **kwargs):
        raise AssertionError("nothing changed: the site should not have been loaded")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "check", no_check)
        assert warm(content, out).written == 0
        # the new stats were kept: the next build reads no file at all
        patched.setattr(signatures, "_file_digest", no_check)
        assert warm(content, out).written == 0
    # a real change after that is built, and equals a cold build
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace("Networks get busy.", "Networks get very busy."))
    assert warm(content, out).written >= 1
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_file_whose_bytes_changed_is_seen_whatever_else_was_touched(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    for path in content.rglob("*.md"):
        path.touch()
    site_toml = content / "site.toml"
    site_toml.write_text(site_toml.read_text().replace("Mini Help", "Mini Helpdesk"))
    assert warm(content, out).written > 10  # the site's name is on every page
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_roster_edit_is_seen_by_a_warm_build(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    roster = content / "roster.toml"
    roster.write_text(
        roster.read_text().replace(
            'reply = { en = "Replies in about 5 minutes"', 'reply = { en = "Replies in about 2 minutes"'
        )
    )
    result = warm(content, out)
    assert result.written >= 1
    assert "Replies in about 2 minutes" in (out / "support.json").read_text()
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_strict_warm_build_still_fails_on_warnings(content, tmp_path):
    from helpcenter.errors import BuildFailed

    out = tmp_path / "site"
    (content / "en" / "recovery" / "lost-phone.md").write_text("---\ntitle: L\nauthor: x\n---\n## Steps\n")
    warm(content, out)
    with pytest.raises(BuildFailed):
        build(content, out, jobs=1, cache_dir=out.parent / "cache", strict=True)


def test_a_build_with_nothing_to_do_reports_the_warnings_again(content, tmp_path):
    """Nothing changed, so the same problems stand: a warm build that writes nothing says them
    again, with their lines (a writer who rebuilds must not be told the site is clean)."""
    out = tmp_path / "site"
    (content / "en" / "recovery" / "lost-phone.md").write_text("---\ntitle: L\nauthor: x\n---\n## Steps\n")
    first = warm(content, out).report
    assert first.warnings
    again = warm(content, out)
    assert again.written == 0
    assert again.report.render() == first.render()
    for path in content.rglob("*.md"):
        path.touch()  # the fast path that reads the touched files says them too
    assert warm(content, out).report.render() == first.render()


def test_a_build_with_nothing_to_do_reads_only_the_manifests_head(content, tmp_path):
    """The manifest's body (every output's signature, the search state) is not read when
    nothing changed: with it unreadable, such a build still writes nothing."""
    out = tmp_path / "site"
    warm(content, out)
    (body,) = (tmp_path / "cache").glob("*/manifest-body.pickle")
    kept = body.read_bytes()
    body.write_bytes(b"garbage")
    assert warm(content, out).written == 0
    body.write_bytes(kept)


@pytest.mark.parametrize("damage", ["missing", "another build's"])
def test_a_manifest_body_that_is_not_its_heads_makes_a_full_build(content, tmp_path, damage):
    """A build stopped between writing the body and the head leaves a pair that does not
    match: the next build renders and indexes everything, and equals a cold build."""
    out = tmp_path / "site"
    first = warm(content, out)
    (body,) = (tmp_path / "cache").glob("*/manifest-body.pickle")
    older = body.read_bytes()
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace("Networks get busy.", "Networks get very busy."))
    assert 1 <= warm(content, out).written < 40  # the pair matches: an edit's few files
    if damage == "missing":
        body.unlink()
    else:
        body.write_bytes(older)  # the body of the build before: its id is not the head's
    article.write_text(article.read_text().replace("very busy", "extremely busy"))
    again = warm(content, out)
    assert again.written == first.written
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_fresh_checkout_with_the_cache_restored_indexes_nothing_again(content, tmp_path, monkeypatch):
    """CI: the output folder is gone and every file's time changed, the cache was kept."""
    from helpcenter.search import indexing

    out = tmp_path / "site"
    warm(content, out)
    shutil.rmtree(out.resolve())  # the published version, then the link to it
    out.unlink()
    for path in content.rglob("*"):
        path.touch()

    def no_indexing(*args, **kwargs):
        raise AssertionError("the cached index should have been exported again")

    with monkeypatch.context() as patched:
        patched.setattr(indexing, "build_search", no_indexing)
        patched.setattr(indexing, "_build_language", no_indexing)
        warm(content, out)
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_cache_of_another_format_is_a_miss(content, tmp_path, monkeypatch):
    """A cache written with another FORMAT_VERSION is never read: the build is a full one."""
    from helpcenter.build import state

    out = tmp_path / "site"
    first = warm(content, out)
    monkeypatch.setattr(state, "FORMAT_VERSION", state.FORMAT_VERSION + 1)
    again = warm(content, out)
    assert again.written == first.written
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_the_service_worker_follows_the_assets_warm_or_cold(content, tmp_path):
    """/sw.js is versioned by the assets: a theme change gives a new one, warm as cold; turning
    offline reading off replaces it with the worker that removes itself."""
    out = tmp_path / "site"
    warm(content, out)
    before = (out / "sw.js").read_bytes()
    theme = tmp_path / "theme"
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "static" / "css" / "extra.css").write_text(".brand { letter-spacing: .01em; }\n")
    build(content, out, jobs=1, cache_dir=out.parent / "cache", theme=theme)
    assert (out / "sw.js").read_bytes() != before
    build(content, tmp_path / "cold", jobs=1, theme=theme)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    site_toml = content / "site.toml"
    site_toml.write_text(site_toml.read_text() + "\n[offline]\nenabled = false\n")
    build(content, out, jobs=1, cache_dir=out.parent / "cache", theme=theme)
    assert b"unregister()" in (out / "sw.js").read_bytes()
    assert b"data-sw=" not in (out / "en" / "index.html").read_bytes()
    build(content, tmp_path / "cold2", jobs=1, theme=theme)
    assert tree_digest(out) == tree_digest(tmp_path / "cold2")


NOTICE = """title = {{ en = "Transfers on network X are delayed", zh = "X 网络转账延迟" }}
body = {{ en = "Funds are safe. {extra}", zh = "资金安全。{extra}" }}
starts = "2030-01-01 09:00"
ends = "2030-01-02 18:00"
severity = "warning"
categories = ["transfers"]
"""


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_notice_only_change_writes_the_notices_files_and_nothing_else(content, tmp_path):
    out = tmp_path / "site"
    warm(content, out)
    warm(content, out)  # an incremental build: the next one recycles its spare version
    before = files_of(out)
    notices = content / "notices"
    notices.mkdir(exist_ok=True)
    for number, extra in enumerate(("Replies take 24 h.", "Replies take 48 h.")):
        (notices / "2030-01-01-delays.toml").write_text(NOTICE.format(extra=extra), encoding="utf-8")
        result = warm(content, out)
        assert result.site is None  # the fast path: the site was not loaded
        after = files_of(out)
        changed = sorted(rel for rel in after if before.get(rel) != after[rel])
        assert set(after) == set(before)
        langs = ("en", "zh")
        expected = {"notices.json", *(f"{lang}/notices/index.html" for lang in langs)}
        expected |= {f"{lang}/notices.xml" for lang in langs}
        assert set(changed) == expected, changed
        assert result.written == len(expected)
        assert extra in after["notices.json"].decode()
        cold(content, tmp_path / f"cold-{number}")
        assert tree_digest(out) == tree_digest(tmp_path / f"cold-{number}")
        before = after
    # and a build after it, with an article edited, still equals a cold build
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace("Networks get busy.", "Networks get very busy."))
    assert warm(content, out).site is not None
    cold(content, tmp_path / "cold-last")
    assert tree_digest(out) == tree_digest(tmp_path / "cold-last")


def test_a_bad_notice_fails_the_fast_path_with_its_line(content, tmp_path):
    from helpcenter.errors import BuildFailed

    out = tmp_path / "site"
    warm(content, out)
    before = tree_digest(out)
    notices = content / "notices"
    notices.mkdir(exist_ok=True)
    bad = NOTICE.format(extra="").replace('ends = "2030-01-02 18:00"', 'ends = "2029-01-02 18:00"')
    (notices / "2030-01-01-delays.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        warm(content, out)
    assert any(p.path.name == "2030-01-01-delays.toml" and p.line for p in failed.value.report.problems)
    assert tree_digest(out) == before


def test_the_cache_serves_a_relative_and_an_absolute_content_path_alike(content, tmp_path, monkeypatch):
    """`--content content` from the site folder and `--content /abs/content` from anywhere
    name the same files: neither invalidates what the other cached."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "site"
    warm(Path("content"), Path("site"))
    monkeypatch.chdir(content / "en")
    assert warm(content, out).written == 0  # the absolute form: nothing to redo
    monkeypatch.chdir(tmp_path)
    parsed: list[Path] = []
    import helpcenter.content.loading as loading

    real = loading.parse_article
    monkeypatch.setattr(
        loading, "parse_article", lambda source, *a, **k: parsed.append(source.path) or real(source, *a, **k)
    )
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace("Networks get busy.", "Networks get very busy."))
    assert 1 <= warm(Path("content"), Path("site")).written < 40
    assert [p.name for p in parsed] == ["pending.md"]


def _parsed_files(monkeypatch) -> list[str]:
    """The articles this process parses from here on (jobs=1: in this process)."""
    from helpcenter.content import loading

    parsed: list[str] = []
    real = loading.parse_article

    def counting(source, *args, **kwargs):
        parsed.append(source.path.name)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(loading, "parse_article", counting)
    return parsed


def test_the_build_after_a_writers_mistake_is_fixed_is_an_edit_not_a_full_build(content, tmp_path, monkeypatch):
    """A broken link fails the build while the content is checked, before anything is
    written: the cache is left as it was, and the fixed build rewrites an edit's few files."""
    from helpcenter.errors import BuildFailed

    out = tmp_path / "site"
    first = warm(content, out)
    article = content / "en" / "transfers" / "pending.md"
    good = article.read_text()
    article.write_text(good + "\n[more](../nowhere/missing.md)\n")
    with pytest.raises(BuildFailed):
        warm(content, out)
    parsed = _parsed_files(monkeypatch)
    article.write_text(good.replace("Networks get busy.", "Networks get very busy."))
    fixed = warm(content, out)
    assert parsed == ["pending.md"]
    assert 1 <= fixed.written < 40 < first.written
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def _edit_then_fail(content: Path, out: Path, monkeypatch, module: object, name: str):
    """A first build, an edit, and a build failing (no space left) in `module.name`."""
    first = warm(content, out)
    article = content / "en" / "transfers" / "pending.md"
    article.write_text(article.read_text().replace("Networks get busy.", "Networks get very busy."))

    def broken(*args):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(module, name, broken)
        with pytest.raises(OSError):
            warm(content, out)
    return first


def test_a_build_that_fails_after_writing_to_the_cache_keeps_the_parsed_articles(content, tmp_path, monkeypatch):
    """A failure while the site is written (here: the notices pages, after the search stage)
    leaves search indexes in the cache that its manifest does not describe: the next build
    makes every output again, without parsing again the articles whose files did not change."""
    from helpcenter.render import notices

    out = tmp_path / "site"
    first = _edit_then_fail(content, out, monkeypatch, notices, "notice_outputs")
    parsed = _parsed_files(monkeypatch)
    again = warm(content, out)
    assert parsed == ["pending.md"]  # the edited file only: the others' parses are kept
    assert again.written == first.written
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_build_that_fails_before_writing_to_the_cache_leaves_the_next_an_edit(content, tmp_path, monkeypatch):
    """A failure before the search stage's index is saved (here: signing the Markdown
    copies; its related articles are still being computed) leaves the cache as the build
    before left it: the next build is the same edit, and equals a cold build."""
    from helpcenter.build import outputs

    out = tmp_path / "site"
    first = _edit_then_fail(content, out, monkeypatch, outputs, "article_copies")
    again = warm(content, out)
    assert 1 <= again.written < first.written // 2
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_an_edit_to_the_body_of_an_article_every_page_shows_renders_its_own_page(content, tmp_path):
    """restore.md comes first in its category: every English page shows it (the offline
    banner's self-service links), by its face. Editing its body rewrites its own page, not
    the pages that list it; editing its title rewrites those too. Warm equals cold."""
    out = tmp_path / "site"
    warm(content, out)
    article = content / "en" / "recovery" / "restore.md"
    own, home, other = (
        out / "en/recovery/restore/index.html",
        out / "en/index.html",
        out / "en/transfers/pending/index.html",
    )
    assert "/en/recovery/restore/" in other.read_text()
    before = {page: page.stat().st_ino for page in (own, home, other)}
    article.write_text(article.read_text().replace("type your words in order", "type your twelve words in order"))
    warm(content, out)
    assert "twelve words" in own.read_text()
    assert own.stat().st_ino != before[own]  # written again
    assert (home.stat().st_ino, other.stat().st_ino) == (before[home], before[other])  # not
    article.write_text(
        article.read_text().replace("title: Restore from a recovery phrase", "title: Restore your wallet")
    )
    warm(content, out)
    assert "Restore your wallet" in other.read_text() and "Restore your wallet" in home.read_text()
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_new_first_article_of_a_category_does_not_render_every_article_page(tmp_path, monkeypatch):
    """Each category's first article is in the banner of the pages that have no article of
    their own; an article's page shows its own self-service links instead. A new first
    article of a category (the sample site: seven articles a category) is rendered where it
    shows, not into every article page of its language. Warm equals cold."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "site"
    warm(content, out)
    pages = sorted((out / "en").glob("*/*/index.html"))
    before = {page: page.stat().st_ino for page in pages}
    first = (content / "en" / "transfers" / "network-fees.md").read_text()
    (content / "en" / "transfers" / "before-you-send.md").write_text(
        first.replace("order: 2", "order: 0").replace("title: ", "title: Before you send - ", 1)
    )
    warm(content, out)
    assert "before-you-send" in (out / "en" / "index.html").read_text()  # the home page's banner
    kept = [page for page in pages if page.stat().st_ino == before[page]]
    assert len(kept) > len(pages) // 2, f"{len(pages) - len(kept)} of {len(pages)} article pages rendered again"
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_an_index_written_by_its_worker_is_the_one_the_next_build_patches(tmp_path, monkeypatch):
    """With a pool, each language is indexed by a worker as soon as it is parsed, and that
    worker writes the index into the cache itself. An edit then patches it (no language
    is indexed again), and equals a cold build."""
    from helpcenter.build import workers
    from helpcenter.search import indexing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    monkeypatch.setattr(workers, "MANY_ARTICLES", 1)  # the sample site's languages go to the pool
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "site"
    first = build(content, out, jobs=2, cache_dir=tmp_path / "cache")
    assert sorted(p.name for p in (tmp_path / "cache").glob("*/search-*.pickle")) == [
        "search-en.pickle",
        "search-zh.pickle",
    ]
    article = content / "en" / "transfers" / "network-fees.md"
    article.write_text(article.read_text() + "\nOne more sentence about fees.\n")

    def no_indexing(*args, **kwargs):
        raise AssertionError("the edit should have patched the index its worker wrote")

    with monkeypatch.context() as patched:
        patched.setattr(indexing, "build_search", no_indexing)
        patched.setattr(indexing, "_build_language", no_indexing)
        edited = build(content, out, jobs=2, cache_dir=tmp_path / "cache")
    assert 1 <= edited.written < first.written // 4
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
