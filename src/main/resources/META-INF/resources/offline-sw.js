// The offline verifier's service worker (scope /verify-offline): it keeps the page, its script and style and the
// JWKS and the log's policy. Online it answers from the network and keeps what it got; offline it answers from what it kept. The status
// snapshot is kept by the page itself, note and file together and only once both verified (static/offline.js), so
// this worker never stores one: offline it answers with the one the page kept, online it passes the network's on.
'use strict';
const CACHE = 'verify-offline-4';
const SNAPSHOTS = 'verify-offline-snapshot';
const KEPT = ['/verify-offline', '/static/witnessed.js', '/static/offline.js', '/static/site.css', '/.well-known/jwks.json',
  '/log/policy'];

const snapshot = url => url.pathname === '/status/snapshot' || /^\/status\/snapshot\/[0-9a-f]{64}\.gz$/.test(url.pathname);

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    await (await caches.open(CACHE)).addAll(KEPT);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE && name !== SNAPSHOTS) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !(KEPT.includes(url.pathname) || snapshot(url))) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(event.request);
      if (response.ok && !snapshot(url)) await (await caches.open(CACHE)).put(event.request, response.clone());
      return response;
    } catch (offline) {
      const cache = await caches.open(snapshot(url) ? SNAPSHOTS : CACHE);
      const found = await cache.match(event.request) || await cache.match(event.request, { ignoreSearch: true });
      if (found) return found;
      throw offline;
    }
  })());
});
