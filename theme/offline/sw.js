// Offline reading: keeps what the visitor has used — pages, assets, search data — so a
// visited article and a search over already-fetched shards work without a network.
// The build writes this file as /sw.js with VERSION (a digest of the site's assets and of
// this script) and BASE (the site's path); a rebuild with other assets is a new worker,
// whose activation deletes the caches of the old one.
const VERSION = __VERSION__;
const BASE = __BASE__;
const CACHE = `helpcenter-${BASE}-${VERSION}`;
// Never from a cache: the support schedule and the notices say what is true *now*. Offline
// they fail, and the banner says "unknown" rather than repeat an old answer.
const LIVE = new Set([`${BASE}support.json`, `${BASE}notices.json`]);

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(`helpcenter-${BASE}-`) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
    // the pages open now were fetched before this worker took over: keep them, and the
    // stylesheets, scripts and icon they name, so the first page of a visit reads offline too
    const cache = await caches.open(CACHE);
    for (const client of await self.clients.matchAll({ type: "window" })) {
      await keep(client.url, cache);
    }
  })());
});

async function keep(href, cache) {
  try {
    const response = await fromNetwork(new Request(href), cache);
    const html = await response.text();
    const names = [...html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
    await Promise.all(names.map(async (name) => {
      const url = new URL(name.replace(/&amp;/g, "&"), href);
      if (url.pathname.startsWith(`${BASE}assets/`) && !(await cache.match(url.href))) {
        await fromNetwork(new Request(url.href), cache);
      }
    }));
  } catch {
    // offline already: nothing more to keep
  }
}

// Named by a hash of their bytes (assets carry ?v=, search shards and packs live in v/
// and p/): a cached copy is never stale.
function immutable(url) {
  return (url.pathname.startsWith(`${BASE}assets/`) && url.searchParams.has("v"))
    || /\/search\/[^/]+\/[vp]\//.test(url.pathname.slice(BASE.length - 1));
}

// the copy is stored while the page already reads the response: a stream (server-sent
// events, say) is never kept, and never waited for
async function fromNetwork(request, cache) {
  const response = await fetch(request);
  const type = response.headers.get("Content-Type") || "";
  if (response.ok && response.type === "basic" && !type.startsWith("text/event-stream")) {
    cache.put(request, response.clone()).catch(() => {});
  }
  return response;
}

async function networkFirst(request, navigate) {
  const cache = await caches.open(CACHE);
  try {
    return await fromNetwork(request, cache);
  } catch (error) {
    // the search page with another ?q= is the same page: its script reads the query
    const cached = await cache.match(request, { ignoreSearch: navigate });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) || fromNetwork(request, cache);
}

function wanted(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(BASE);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !wanted(url)) return;
  if (LIVE.has(url.pathname)) return; // the browser fetches it; nothing here keeps a copy
  if (immutable(url)) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request, request.mode === "navigate"));
});
