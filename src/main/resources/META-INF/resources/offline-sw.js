// The offline verifier's service worker (scope /verify-offline): it keeps the page, its script and style, the
// JWKS and the latest signed status snapshot. Online it answers from the network and keeps what it got
// (so the snapshot is refreshed on every visit); offline it answers from what it kept.
'use strict';
const CACHE = 'verify-offline-1';
const KEPT = ['/verify-offline', '/static/offline.js', '/static/site.css', '/.well-known/jwks.json', '/status/snapshot'];

const kept = url => KEPT.includes(url.pathname) || /^\/status\/snapshot\/[0-9a-f]{64}\.gz$/.test(url.pathname);

async function keep(request, response) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  if (url.pathname.startsWith('/status/snapshot/')) {
    // one snapshot file is enough: the one the kept note names
    for (const old of await cache.keys()) {
      if (new URL(old.url).pathname.startsWith('/status/snapshot/') && old.url !== request.url) await cache.delete(old);
    }
  }
  await cache.put(request, response);
}

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(KEPT);
    const note = await (await cache.match('/status/snapshot')).text();
    const sha256 = (note.match(/^sha256 ([0-9a-f]{64})$/m) || [])[1];
    if (sha256) await cache.add('/status/snapshot/' + sha256 + '.gz');
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !kept(url)) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(event.request);
      if (response.ok) await keep(event.request, response.clone());
      return response;
    } catch (offline) {
      const cache = await caches.open(CACHE);
      const found = await cache.match(event.request) || await cache.match(event.request, { ignoreSearch: true });
      if (found) return found;
      throw offline;
    }
  })());
});
