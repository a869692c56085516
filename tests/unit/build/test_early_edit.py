"""An edited language's search is patched as soon as the language is parsed, its related
articles computed in a child process while the build reads and checks the rest
(build.early): the output still equals a cold build's, and a build that fails
meanwhile leaves no process behind and the published site as it was.

Each build runs in a fresh process: a build forks only when no other thread runs, and
other tests leave threads (Playwright, asyncio's child watcher) and processes behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpcenter.build.pipeline import build
from helpers import sample_copy, tree_digest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="related articles are computed in a forked child")

# Builds `content` into `out` with the cache, recording the order in which each language's
# search is planned, the search patch starts and the links are checked; prints that, the files written (or the first problem),
# and this process's children afterwards.
BUILD = """
import json, os, sys
from pathlib import Path
from helpcenter.build.pipeline import build
from helpcenter.content import links
from helpcenter.errors import BuildFailed
from helpcenter.search import edit, stage

content, out = Path(sys.argv[1]), Path(sys.argv[2])
order = []
start_update, check_links, plan = edit.start_update, links.check, stage._plan
stage._plan = lambda *a, **k: order.append("plan " + a[1]) or plan(*a, **k)
if os.environ.get("KEEP_FAILS"):  # the child cannot write the patched index for the cache
    def keep_fails(*args):
        raise OSError(28, "No space left on device")
    edit.dump = keep_fails
edit.start_update = lambda *a, **k: order.append("patch " + a[1]) or start_update(*a, **k)
links.check = lambda *a, **k: order.append("links") or check_links(*a, **k)
try:
    result = {"written": build(content, out, jobs=1, cache_dir=out.parent / "cache").written}
except BuildFailed as failed:
    result = {"problem": str(failed.report.problems[0])}
me = os.getpid()
children = []
for entry in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{entry}/stat") as f:
            if int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                children.append(int(entry))
    except OSError:
        pass
print(json.dumps({**result, "order": order, "children": children}))
"""


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return sample_copy(tmp_path)


def fresh_build(content: Path, out: Path, **env: str) -> dict:
    """The build's result; its "order" without the plans, kept apart as "plans"."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(content), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    order = result["order"]
    links = order.index("links") if "links" in order else len(order)
    result["plans"] = sorted(
        ("early " if i < links else "late ") + step for i, step in enumerate(order) if step.startswith("plan")
    )
    result["order"] = [step for step in order if not step.startswith("plan")]
    return result


def test_an_edit_is_patched_before_the_links_are_checked_and_equals_a_cold_build(content, tmp_path):
    out = tmp_path / "site"
    first = fresh_build(content, out)
    assert first["order"] == ["links"]  # a first build indexes (the sample is too small for the pool)
    assert first["plans"] == ["late plan en", "late plan zh"]
    article = content / "en" / "transfers" / "network-fees.md"
    article.write_text(article.read_text() + "\nOne more sentence about busy networks.\n")
    edited = fresh_build(content, out)
    assert edited["order"] == ["patch en", "links"]  # once, early: the search stage used it
    assert edited["plans"] == ["early plan en", "early plan zh"]  # each language planned once
    assert 1 <= edited["written"] < first["written"] // 4
    assert edited["children"] == []
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    # the index the child wrote for the cache (with its related articles' bounds) is the one
    # the next edit patches
    cache = next((tmp_path / "cache").iterdir())
    assert (cache / "search-en.pickle").is_file() and not (cache / "search-en.pickle.next").exists()
    article.write_text(article.read_text().replace("busy networks", "congested networks"))
    assert fresh_build(content, out)["order"] == ["patch en", "links"]
    build(content, tmp_path / "cold2", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold2")


def test_a_build_that_fails_after_starting_a_patch_leaves_no_child_and_the_site_as_it_was(content, tmp_path):
    out = tmp_path / "site"
    fresh_build(content, out)
    before = tree_digest(out)
    article = content / "en" / "transfers" / "network-fees.md"
    article.write_text(article.read_text() + "\nSee [the missing page](../recovery/no-such-article.md).\n")
    failed = fresh_build(content, out)
    assert failed["order"] == ["patch en", "links"]
    assert "no-such-article" in failed["problem"]
    assert failed["children"] == []  # the patch's child was waited for
    assert tree_digest(out) == before
    # the fix is an edit again, patched and equal to a cold build
    article.write_text(article.read_text().replace("../recovery/no-such-article.md", "../recovery/lost-phone.md"))
    assert fresh_build(content, out)["order"] == ["patch en", "links"]
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_an_index_the_child_could_not_write_is_not_committed_and_the_next_build_indexes_afresh(content, tmp_path):
    """The related articles come back before the child writes the patched index (the build
    goes on meanwhile); when that write fails, the cache keeps the index before the edit,
    which no longer matches the record: the next build indexes the language afresh."""
    out = tmp_path / "site"
    fresh_build(content, out)
    article = content / "en" / "transfers" / "network-fees.md"
    article.write_text(article.read_text() + "\nOne more sentence about busy networks.\n")
    edited = fresh_build(content, out, KEEP_FAILS="1")
    assert edited["order"] == ["patch en", "links"] and edited["children"] == []
    build(content, tmp_path / "cold", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    cache = next((tmp_path / "cache").iterdir())
    assert not (cache / "search-en.pickle.next").exists()
    article.write_text(article.read_text().replace("busy networks", "congested networks"))
    again = fresh_build(content, out)
    assert again["order"] == ["links"]  # no patch of a stale index: indexed afresh
    build(content, tmp_path / "cold2", jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "cold2")
