"""The preview's builds take back from memory what the build before wrote to the cache (a
language's patched index), once, and only while the file is as written; a build that
fails after changing it in place leaves the next one to read the file."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpcenter.build import cache_files
from helpcenter.build.cache_files import dump, keep_written, moved, read_back
from helpcenter.build.pipeline import build
from helpers import mini_with_roster, tree_digest


@pytest.fixture
def keeping() -> Iterator[None]:
    keep_written()
    yield
    keep_written(False)


def test_what_was_written_is_handed_back_once(tmp_path, keeping):
    path = tmp_path / "part.pickle"
    value = {"terms": [1, 2, 3]}
    dump(value, path)
    assert read_back(path) is value
    again = read_back(path)  # the reader may have changed it: from the file now
    assert again == value and again is not value


def test_a_part_moved_in_place_is_handed_back_under_its_new_name(tmp_path, keeping):
    staged, final = tmp_path / "part.pickle.next", tmp_path / "part.pickle"
    value = ["index"]
    dump(value, staged)
    moved(staged, final)
    assert read_back(final) is value
    assert not staged.exists()


def test_a_file_another_process_rewrote_is_read(tmp_path, keeping):
    path = tmp_path / "part.pickle"
    dump(["mine"], path)
    other = tmp_path / "other"
    other.write_bytes(pickle.dumps(["theirs"]))
    os.replace(other, path)  # as another build's dump does
    assert read_back(path) == ["theirs"]


def test_nothing_is_kept_unless_asked(tmp_path):
    path = tmp_path / "part.pickle"
    value = ["index"]
    dump(value, path)
    assert read_back(path) == value and read_back(path) is not value


# -- builds as the preview runs them: in a thread (nothing forked), one after another ------


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = mini_with_roster(tmp_path)
    topics = ["转账手续费", "找回钱包", "确认次数", "网络拥堵", "地址核对", "冒充客服", "备份助记词", "联系客服"]
    for n, topic in enumerate(topics):  # enough articles that an edit patches the index
        (target / "zh" / "transfers" / f"topic-{n}.md").write_text(
            f"---\ntitle: 关于{topic}\n---\n\n## {topic}\n\n{topic}的说明，第 {n} 篇。转账和钱包。\n", encoding="utf-8"
        )
    return target


def _in_thread(fn: Callable[[], object]) -> None:
    failed: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # handed to the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def _build(content: Path, out: Path) -> None:
    build(content, out, jobs=1, cache_dir=out.parent / "cache")


def _edit(content: Path, n: int) -> None:
    article = content / "zh" / "transfers" / "pending.md"
    text = article.read_text(encoding="utf-8").split("\n<!-- edit -->")[0]
    article.write_text(f"{text}\n<!-- edit -->\n网络繁忙时转账会等待确认 {n} 次。\n", encoding="utf-8")


def test_preview_edits_take_the_patched_index_from_memory_and_equal_a_cold_build(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    _build(content, out)  # as a build before the preview started
    keep_written()
    monkeypatch.setattr(cache_files, "_keeping", True)  # and off again after the test
    read: list[str] = []
    load = cache_files.load
    monkeypatch.setattr(cache_files, "load", lambda path: read.append(Path(path).name) or load(path))
    for n in range(3):
        _edit(content, n)
        _in_thread(lambda: _build(content, out))
    # the first edit reads the index the build before wrote; the next two, the one it patched
    assert [name for name in read if name.startswith("search-")] == ["search-zh.pickle"]
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_preview_build_that_fails_after_patching_leaves_the_next_to_read_the_file(
    content, tmp_path, keeping, monkeypatch
):
    from helpcenter.search import edit

    out = tmp_path / "site"
    _build(content, out)
    _edit(content, 1)
    _in_thread(lambda: _build(content, out))  # the patched index now in memory
    _edit(content, 2)

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(edit, "export", broken)  # the index patched in place, not yet stamped
        with pytest.raises(OSError):
            _in_thread(lambda: _build(content, out))
    _in_thread(lambda: _build(content, out))
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


# -- the preview's cache files, written after its builds (write_behind) --------------------


@pytest.fixture
def behind() -> Iterator[None]:
    cache_files.write_behind()
    yield
    cache_files.write_behind(False)
    cache_files.take_failures()


def test_written_behind_files_wait_until_asked_and_keep_their_order(tmp_path, behind, monkeypatch):
    order: list[str] = []
    write = cache_files._write
    monkeypatch.setattr(cache_files, "_write", lambda value, path: order.append(path.name) or write(value, path))
    body, head = tmp_path / "body.pickle", tmp_path / "head.pickle"
    dump(["body 1"], body)
    dump(["head"], head)
    dump(["body 2"], body)  # dumped again: written once, after the head, as it is now
    assert not body.exists() and not head.exists()
    cache_files.write_pending_soon().join()
    assert order == ["head.pickle", "body.pickle"]
    assert pickle.loads(body.read_bytes()) == ["body 2"] and pickle.loads(head.read_bytes()) == ["head"]


def test_reading_moving_or_removing_a_cache_file_writes_what_is_pending_first(tmp_path, behind):
    first, second = tmp_path / "a.pickle", tmp_path / "b.pickle"
    dump(["a"], first)
    dump(["b"], second)
    assert cache_files.load(second) == ["b"] and first.exists()  # all of them, in order
    staged, final = tmp_path / "part.pickle.next", tmp_path / "part.pickle"
    dump(["index"], staged)
    moved(staged, final)  # still pending: under its new name
    assert not staged.exists() and not final.exists()
    assert read_back(final) == ["index"] and final.exists()
    dump(["head"], first)
    cache_files.remove(first)  # a forgotten manifest is not written after all
    cache_files.write_pending()
    assert not first.exists()


def test_a_forked_child_writes_at_once(tmp_path, behind):
    path = tmp_path / "child.pickle"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        dump(["from the child"], path)
        os._exit(0)
    os.waitpid(pid, 0)
    assert pickle.loads(path.read_bytes()) == ["from the child"]


def test_a_file_that_cannot_be_written_leaves_the_rest_unwritten_and_says_why(tmp_path, behind):
    gone, later = tmp_path / "gone" / "body.pickle", tmp_path / "head.pickle"
    dump(["body"], gone)  # its folder does not exist
    dump(["head"], later)
    cache_files.write_pending()
    assert not later.exists()  # a head without its body would name a body not on disk
    assert [f.split(" (")[0] for f in cache_files.take_failures()] == ["the build cache could not be saved"]
    assert cache_files.take_failures() == []


def test_preview_builds_writing_behind_leave_the_cache_a_cold_build_trusts(content, tmp_path, keeping, behind):
    out = tmp_path / "site"
    _build(content, out)
    for n in range(3):
        _edit(content, n)
        _in_thread(lambda: _build(content, out))
        assert cache_files._PENDING  # the build's cache files: left to write
    cache_files.write_pending()
    cache_files.write_behind(False)
    cache_files.keep_written(False)
    edited = _in_thread_result(lambda: build(content, out, jobs=1, cache_dir=tmp_path / "cache"))
    assert edited.written == 0  # the cache on disk describes the site as the last build left it
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def _in_thread_result(fn: Callable[[], object]):
    found: list[object] = []
    _in_thread(lambda: found.append(fn()))
    return found[0]
