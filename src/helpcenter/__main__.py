"""`python -m helpcenter`: the command line."""

from helpcenter.cli import run

run()
