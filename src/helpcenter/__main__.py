"""`python -m helpcenter`: the command line."""

from helpcenter.cli import main

main()
