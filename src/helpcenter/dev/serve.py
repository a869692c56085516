"""`helpcenter serve`: a local preview that rebuilds on save and reloads the browser.

A save of one article shows its page at once (dev/quick.py), rendered from memory, while
the build runs; the build then replaces it, and the browser reloads again only when the
built page differs. Builds run in their own thread, so a save made while one runs gets its
quick page at once too; that page stays until a build that started after the save.

The live-reload script (livereload.js, beside this module) is added by dev/server.py to
HTML responses only, so built sites never carry it. When a save breaks the build, the
previous output stays served and the browser shows the `path:line: message` problems in
an overlay until fixed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from helpcenter.build import cache_files, child, collector
from helpcenter.build.defaults import default_cache_dir
from helpcenter.build.pipeline import build
from helpcenter.dev.quick import QuickPage, QuickRenderer, quick_page, saved_article
from helpcenter.dev.server import make_server
from helpcenter.dev.state import BuildState
from helpcenter.errors import BuildFailed


def rebuild(
    content_dir: Path, out_dir: Path, state: BuildState, theme: Path | None = None, *, prime: bool = False
) -> bool:
    """Build, then tell the browser. `prime`: a build only for what the quick page renders
    from (after a start with nothing to build): the site on disk stays as it is, no reload."""
    for failure in cache_files.take_failures():  # of the cache files the build before left to write
        print(f"warning: {failure}", flush=True)
    started = time.perf_counter()
    seen = state.changes  # this build reads every file saved before it
    try:
        # the cache makes a save rebuild only what depends on the saved file
        cache_dir = default_cache_dir(out_dir)
        result = build(content_dir, out_dir, theme=theme, cache_dir=cache_dir, render_inputs=prime)
    except BuildFailed as exc:
        state.quick = None
        print(exc.report.render("text"), flush=True)
        print(f"error: {exc} — fix the file and save; the browser shows the problems", flush=True)
        state.publish([p.as_dict() for p in exc.report.sorted() if not p.warning])
        cache_files.write_pending_soon()
        return False
    except BaseException:
        state.quick = None
        raise
    elapsed = time.perf_counter() - started
    quick, newer = state.take_quick(seen)
    if quick is not None:
        same = on_disk(out_dir, quick)
        state.publish([], keep=["/" + quick.rel.removesuffix("index.html")] if newer or same else None)
    elif result.written or state.errors:  # else nothing the browser shows has changed: no reload
        state.publish([])
    if result.rendered_from is not None:  # after publishing: the browser's reload need not wait for it
        try:
            state.renderer = QuickRenderer(result.rendered_from)
        except Exception:  # a theme the quick page cannot load: saves wait for builds, which say why
            state.renderer = None
    # printed once the next save can be shown at once (bench/serve.py saves again on this line)
    if prime:  # not "rebuilt": nothing was (and bench/serve.py counts those lines)
        print(f"ready to show saved articles at once ({elapsed:.2f}s)", flush=True)
    else:
        print(f"rebuilt {result.articles} articles in {elapsed:.2f}s", flush=True)
    # the cache files this build left (cache_files.write_behind): written while the browser
    # reloads; the next build waits for them
    cache_files.write_pending_soon()
    collector.collect_young()  # what the build made, walked now that the browser has been told
    return True


def show_quick(
    content_dir: Path, state: BuildState, changes: Iterable[tuple[object, str]], out_dir: Path | None = None
) -> None:
    """Before building: when the save is one article's, serve its page rendered at once (or,
    while the preview is still making what quick pages render from, as soon as it has)."""
    state.changes += 1
    saved = saved_article(changes, content_dir)
    renderer = state.renderer
    if saved is None:
        return
    if renderer is None:
        state.waiting = (saved, state.changes)
        return
    _show(content_dir, state, renderer, saved, state.changes, out_dir)


def _show(
    content_dir: Path, state: BuildState, renderer: QuickRenderer, saved: Path, change: int, out_dir: Path | None
) -> None:
    started = time.perf_counter()
    try:
        page = quick_page(content_dir, renderer, saved)
    except Exception:  # e.g. a template's mistake: the build reports it, with its line
        return
    if page is None:
        return
    if state.quick is None and out_dir is not None and on_disk(out_dir, page):
        return  # the site shows it already (a save that changed nothing, or one a build has taken)
    state.show(page, change)
    print(f"showing {page.rel} in {time.perf_counter() - started:.2f}s; building the rest", flush=True)


def watch(
    content_dir: Path, out_dir: Path, state: BuildState, stop: threading.Event, theme: Path | None = None
) -> None:
    from watchfiles import watch as watch_files

    roots = [content_dir] + [p for p in (content_dir.parent / "theme", theme) if p is not None and p.is_dir()]
    wanted = threading.Event()
    builder = threading.Thread(target=_builder, args=(content_dir, out_dir, state, stop, wanted, theme), daemon=True)
    builder.start()
    for changes in watch_files(*roots, stop_event=stop, debounce=50, step=25):
        show_quick(content_dir, state, changes, out_dir)
        wanted.set()


def _builder(
    content_dir: Path,
    out_dir: Path,
    state: BuildState,
    stop: threading.Event,
    wanted: threading.Event,
    theme: Path | None,
) -> None:
    """One build at a time, each after the changes seen so far; saves made during a build are
    built by the next one (and shown meanwhile by their quick page). A start with nothing to
    build left nothing for quick pages to render from: one build makes it, at once."""
    background()
    if state.renderer is None and not stop.is_set():
        rebuild(content_dir, out_dir, state, theme, prime=True)
        waiting, state.waiting = state.waiting, None
        if waiting is not None and state.renderer is not None:  # a save made meanwhile: its page now
            _show(content_dir, state, state.renderer, *waiting, out_dir)
    while not stop.is_set():
        if wanted.wait(timeout=0.2):
            wanted.clear()
            rebuild(content_dir, out_dir, state, theme)


def on_disk(out_dir: Path, page: QuickPage) -> bool:
    """Whether the built site's file is this quick page already."""
    built = out_dir / page.rel
    return built.is_file() and built.read_bytes() == page.html


def background() -> None:
    """Let this thread (and the worker processes it starts) yield the CPU to the browser and
    the server thread: on 2 cores a build otherwise slows a reload's page load 2-3 times.
    Linux sets a nice value per thread; elsewhere builds keep their priority."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            me = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, me, max(os.getpriority(os.PRIO_PROCESS, me), 10))


def serve(content_dir: Path, out_dir: Path, port: int, theme: Path | None = None) -> None:
    cache_files.keep_written()  # the next build takes what this one wrote to its cache (an index) from memory
    cache_files.write_behind()  # and a build's cache files are written after it, not during it
    # builds in a thread fork nothing: the output's check runs there instead, at the builds'
    # priority (at the browser's, it took the core the build needed while the browser reloads)
    child.start_helper(background)
    try:
        with collector.rare_collections():  # between builds too: rebuild() collects once the browser is told
            _serve(content_dir, out_dir, port, theme)
    finally:
        child.stop_helper()
        cache_files.write_behind(False)  # what the last build left to write, before the process ends


def _serve(content_dir: Path, out_dir: Path, port: int, theme: Path | None) -> None:
    state = BuildState()
    server = make_server(out_dir, state, port)  # before building: a busy port is said at once
    try:
        rebuild(content_dir, out_dir, state, theme)
    except BaseException:
        server.server_close()
        raise
    out_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(content_dir, out_dir, state, stop, theme), daemon=True)
    watcher.start()
    print(f"serving {content_dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
