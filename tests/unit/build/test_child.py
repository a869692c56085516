"""build/child.py: one call in a forked child, whose answer equals the call's own."""

from __future__ import annotations

import os
import threading

import pytest

from helpcenter.build import child


def where_and_what(n: int) -> tuple[int, list[int]]:
    return os.getpid(), list(range(n))


def fails_in_a_child(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("only in the child")
    return "made up for here"


@pytest.fixture
def alone(monkeypatch):
    """As when no other thread runs (a test run may have threads of its own)."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)


def test_the_call_runs_in_another_process_and_its_answer_comes_back(alone):
    answer = child.soon(where_and_what, 50_000)  # more than a pipe holds: read while the child writes
    pid, values = answer()
    assert pid != os.getpid() and values == list(range(50_000))
    assert answer() == (pid, values)  # waited for once


def test_a_child_that_fails_is_made_up_for_here(alone):
    assert child.soon(fails_in_a_child, os.getpid())() == "made up for here"


def no_fork() -> int:
    raise AssertionError("forked while another thread runs")


def no_process() -> int:
    raise BlockingIOError("Resource temporarily unavailable")


@pytest.mark.parametrize(
    ("threads", "fork"),
    [(2, no_fork), (1, no_process)],
    ids=["another thread running", "no process to spare"],
)
def test_where_no_child_can_be_had_the_call_runs_here(monkeypatch, threads, fork):
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    monkeypatch.setattr(os, "fork", fork)
    pid, values = child.soon(where_and_what, 3)()
    assert pid == os.getpid() and values == [0, 1, 2]


def test_a_child_collected_by_someone_else_still_hands_its_answer_over(alone, monkeypatch):
    """As when SIGCHLD is ignored and the system reaps children itself."""
    real_waitpid = os.waitpid

    def reaped(pid: int, options: int):
        real_waitpid(pid, options)
        raise ChildProcessError("No child processes")

    monkeypatch.setattr(os, "waitpid", reaped)
    pid, values = child.soon(where_and_what, 3)()
    assert pid != os.getpid() and values == [0, 1, 2]


def wait_for_go_then_write(folder: str, value: tuple[int, list[int]]) -> None:
    """`then`: waits until the parent says go (a file), then leaves a file of its own."""
    import time
    from pathlib import Path

    deadline = time.monotonic() + 30
    while not (Path(folder) / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never told to go")
        time.sleep(0.01)
    (Path(folder) / "done").write_text(str(value[0]))


def test_the_answer_comes_back_before_then_runs_to_its_end(alone, tmp_path):
    from functools import partial

    answer, finished = child.soon_then(where_and_what, partial(wait_for_go_then_write, str(tmp_path)), 50_000)
    pid, values = answer()  # while `then` still waits
    assert pid != os.getpid() and values == list(range(50_000))
    assert not (tmp_path / "done").exists()
    (tmp_path / "go").touch()
    assert finished() is True
    assert (tmp_path / "done").read_text() == str(pid)


def raises(value: object) -> None:
    raise OSError(28, "No space left on device")


def test_a_then_that_fails_keeps_the_answer_and_says_so(alone):
    answer, finished = child.soon_then(where_and_what, raises, 3)
    assert answer()[1] == [0, 1, 2]
    assert finished() is False


def test_finished_also_collects_a_child_whose_answer_was_not_read(alone, tmp_path):
    from functools import partial

    (tmp_path / "go").touch()
    _, finished = child.soon_then(where_and_what, partial(wait_for_go_then_write, str(tmp_path)), 50_000)
    assert finished() is True and (tmp_path / "done").exists()


def test_where_no_child_can_be_had_then_runs_here_too(monkeypatch, tmp_path):
    from functools import partial

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    (tmp_path / "go").touch()
    answer, finished = child.soon_then(where_and_what, partial(wait_for_go_then_write, str(tmp_path)), 3)
    assert answer()[0] == os.getpid() and finished() is True
    assert (tmp_path / "done").read_text() == str(os.getpid())


# -- the helper process: where another thread runs (helpcenter serve) --------------------


@pytest.fixture
def helper(monkeypatch):
    """A helper started as a single-threaded process starts it, then another thread running."""
    with monkeypatch.context() as single:
        single.setattr(threading, "active_count", lambda: 1)
        child.start_helper()
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    yield child._helper
    child.stop_helper()


def test_with_another_thread_the_helper_takes_the_call_one_at_a_time(helper):
    first = child.soon(where_and_what, 50_000)
    second = child.soon(where_and_what, 3)  # the helper is busy: this one runs here, at once
    assert second() == (os.getpid(), [0, 1, 2])
    pid, values = first()
    assert pid == helper.pid and values == list(range(50_000))
    assert child.soon(where_and_what, 2)() == (helper.pid, [0, 1])  # free again


def test_a_call_that_fails_in_the_helper_is_made_up_for_here(helper):
    assert child.soon(fails_in_a_child, os.getpid())() == "made up for here"
    assert child.soon(where_and_what, 1)()[0] == helper.pid  # and the helper goes on


def test_a_helper_gone_leaves_the_calls_to_this_process(helper):
    os.kill(helper.pid, 9)
    os.waitpid(helper.pid, 0)
    assert child.soon(where_and_what, 1)() == (os.getpid(), [0])
    assert child.soon(where_and_what, 1)() == (os.getpid(), [0])


MARK: list[str] = []


def marked() -> list[str]:
    return MARK


def test_what_the_helper_runs_first_runs_in_the_helper_only(monkeypatch):
    with monkeypatch.context() as single:
        single.setattr(threading, "active_count", lambda: 1)
        child.start_helper(lambda: MARK.append("helper"))
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    try:
        assert child.soon(marked)() == ["helper"]
        assert MARK == []
    finally:
        child.stop_helper()


def test_no_helper_is_started_beside_another_thread(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    child.start_helper()
    assert child._helper is None


def counted_steps(tally: list[int], fail_at: int | None, parent: int):
    """Three steps, each counting on from the last (so a step depends on those before it,
    as an edit's related articles on its patch); in a child, `fail_at` fails."""
    for k in range(3):
        if k == fail_at and os.getpid() != parent:
            raise RuntimeError("only in the child")
        tally.append(k)
        yield os.getpid(), list(tally), list(range(20_000 * (k + 1)))  # more than a pipe holds


def test_steps_come_from_one_child_each_as_it_is_made_and_the_child_is_collected(alone):
    tally: list[int] = []
    step = child.soon_steps(3, counted_steps, tally, None, os.getpid())
    first = step(0)
    assert first[0] != os.getpid() and first[1] == [0] and len(first[2]) == 20_000
    assert step(2)[1] == [0, 1, 2] and step(1)[1] == [0, 1] and step(0) is first
    assert {step(k)[0] for k in range(3)} == {first[0]}  # one child made them all
    assert tally == []  # nothing ran here
    with pytest.raises(ChildProcessError):
        os.waitpid(first[0], os.WNOHANG)  # collected once the last step was read


def test_a_child_that_fails_at_a_step_is_made_up_for_here_from_the_first_step(alone):
    tally: list[int] = []
    step = child.soon_steps(3, counted_steps, tally, 1, os.getpid())
    assert step(0)[0] != os.getpid()
    pid, seen, _ = step(1)  # the child failed: the steps run here, the first again
    assert pid == os.getpid() and seen == [0, 1] and tally == [0, 1]
    assert step(2)[1] == [0, 1, 2]


def test_where_no_child_can_be_had_the_steps_run_here_as_asked(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.setattr(os, "fork", no_fork)
    tally: list[int] = []
    step = child.soon_steps(3, counted_steps, tally, None, os.getpid())
    assert tally == []  # nothing before it is asked
    assert step(0)[0] == os.getpid() and tally == [0]
    assert step(2)[1] == [0, 1, 2]
