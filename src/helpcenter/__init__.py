"""helpcenter: a static-site generator for bilingual self-service help centers."""

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it (tool.hatch.version)
