"""The command line: options only; each command calls one library function.

Work is imported inside the commands so `--help` stays instant.
"""

from __future__ import annotations

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
