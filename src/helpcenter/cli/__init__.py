"""The command line: options only; each command calls one library function.

Work is imported inside the commands so `--help` stays instant.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Sequence

import click

from helpcenter import __version__
from helpcenter.cli import site, writers


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, package_name="helpcenter")
def main() -> None:
    """Build multilingual self-service help centers from Markdown."""


main.add_command(site.build)
main.add_command(site.check)
main.add_command(site.roster)
main.add_command(site.serve)
main.add_command(writers.new)
main.add_command(writers.translated)
main.add_command(writers.mv)
main.add_command(writers.notice)
main.add_command(writers.feedback)
main.add_command(writers.init)


def run(args: Sequence[str] | None = None) -> None:
    """The `helpcenter` program: main(), and when the command is done and nothing else runs,
    an exit that skips freeing every object one by one. A build leaves millions of them
    (parsed articles, search postings): an ordinary exit takes 0.4-0.7 s of an edit's build
    at 10,000 articles to free them (mypy ends the same way)."""
    try:
        main.main(args)
    except SystemExit as done:
        processes = sys.modules.get("multiprocessing")
        alone = threading.active_count() == 1 and not (processes and processes.active_children())
        if isinstance(done.code, int | None) and alone:
            atexit._run_exitfuncs()  # what an ordinary exit runs: finalizers, pools' clean-up
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`)
                    stream.flush()
            os._exit(done.code or 0)
        raise
