"""site.toml and the typed options every input file is validated with."""
