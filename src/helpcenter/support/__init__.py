"""Support hours: roster.toml -> UTC schedule -> support.json, weekly hours, the roster report."""
