// mvr service worker: caches the app (page, glue modules, wasm, font, example, icons) at the first visit so
// the URL opens offline, with the registry from browser storage. A new deployment has a new VERSION (the build
// writes it), installs beside the old one and waits until the page asks it to take over.
'use strict';
const VERSION = '__MVR_VERSION__';
const CACHE = 'mvr-' + VERSION;
// The page, its modules and the parse worker: the build writes their list here (scripts/stage_site.cmake).
const PAGE = ['__MVR_PAGE_FILES__'];
const SHELL = ['./', ...PAGE, 'mvr.js', 'mvr.wasm', 'fonts/ui.ttf', 'examples/registry.json',
  'manifest.webmanifest', 'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL.map((p) => new Request(p, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('mvr-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  const path = new URL(req.url).pathname;
  if (!path.startsWith(scope.pathname)) return;
  const rel = path.slice(scope.pathname.length) || './';
  const shell = req.mode === 'navigate' || SHELL.includes(rel);
  if (!shell) return;  // registries and anything else: straight to the network
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Navigations ignore the query (?registry=...) and fragment: the page is the same file.
    const hit = await cache.match(req.mode === 'navigate' ? 'index.html' : req, { ignoreSearch: true });
    if (hit) return hit;
    return fetch(req);
  })());
});
