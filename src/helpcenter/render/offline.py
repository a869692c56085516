"""/sw.js: the service worker that keeps visited pages and search data for offline reading.

Its source is the theme's `offline/sw.js`; the build fills in the site's path and a version
made from the assets and the script, so a rebuild that changes them installs a new worker
whose activation deletes the old caches. With `[offline] enabled = false` the file is a
worker that removes itself and its caches from browsers that installed an earlier one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpcenter.model import SiteConfig
from helpcenter.render.theme import Asset, minify_js

SOURCE = Path("offline") / "sw.js"

# what replaces the worker when a site turns offline reading off: browsers check /sw.js
# for updates, install this, and it undoes what the earlier one kept
REMOVE = """// Offline reading is turned off for this site ([offline] enabled = false in site.toml).
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(`helpcenter-${BASE}-`)) await caches.delete(name);
    }
    await self.registration.unregister();
  })());
});
"""


def service_worker(config: SiteConfig, theme_dirs: tuple[Path, ...], assets: dict[str, Asset]) -> str | None:
    """The text of /sw.js; None when no theme has a worker."""
    base = json.dumps(config.base_path)
    if not config.offline:
        return f"const BASE = {base};\n" + minify_js(REMOVE)
    source = next((d / SOURCE for d in theme_dirs if (d / SOURCE).is_file()), None)
    if source is None:
        return None
    script = minify_js(source.read_text(encoding="utf-8"))
    digest = hashlib.sha256(script.encode())
    for name, asset in sorted(assets.items()):
        digest.update(f"\0{name}\0{asset.version}".encode())
    return script.replace("__VERSION__", json.dumps(digest.hexdigest()[:12])).replace("__BASE__", base)
