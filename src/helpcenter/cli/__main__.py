"""`python -m helpcenter.cli`: the same as `helpcenter`."""

from helpcenter.cli import run

run()
