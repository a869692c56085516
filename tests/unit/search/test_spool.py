"""Search files handed between processes through a spool (search.spool): read back as
written, from this process or a forked one, and no temporary file left behind."""

from __future__ import annotations

import os
import tempfile

import pytest

from helpcenter.search.spool import Files, spool

FILES = {
    "search/en/meta.json": b'{"docs": 3}',
    "search/en/v/a.gz": bytes(range(256)) * 40,  # longer than a page, every byte value
    "search/en/d-1/0.gz": b"",
    "search/zh/meta.json": '{"lang": "中文"}'.encode(),
}


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_spooled_files_read_back_as_written_and_leave_no_file(private_tmp):
    spooled = spool(FILES)
    assert os.path.isfile(spooled.path)
    files = Files(spooled)
    assert list(private_tmp.iterdir()) == []  # opened, and removed at once
    assert dict(files) == FILES and len(files) == len(FILES)
    assert "search/en/v/a.gz" in files and "search/en/v/b.gz" not in files
    with pytest.raises(KeyError):
        files["search/en/v/b.gz"]


def test_held_and_spooled_parts_mix_and_the_last_added_wins():
    files = Files({"search/en/meta.json": b"old", "search/en/held": b"kept"})
    files.add(spool(FILES))
    files.add({"search/zh/meta.json": b"new"})
    assert files["search/en/meta.json"] == FILES["search/en/meta.json"]
    assert files["search/en/held"] == b"kept"
    assert files["search/zh/meta.json"] == b"new"
    assert sorted(files) == sorted({*FILES, "search/en/held"})


def test_a_forked_process_reads_the_same_spool():
    files = Files(spool(FILES))
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the page writers are forked workers
        try:
            os.write(write, files["search/en/v/a.gz"][-100:])
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    assert os.read(read, 200) == FILES["search/en/v/a.gz"][-100:]
    os.close(read)


def test_a_spool_no_build_takes_is_removed(private_tmp):
    spooled = spool(FILES)
    spooled.discard()
    spooled.discard()  # twice: nothing left to remove
    assert list(private_tmp.iterdir()) == []
