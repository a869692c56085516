"""`python build.py [options]` in a checkout: the same as `helpcenter build`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from helpcenter.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]])
