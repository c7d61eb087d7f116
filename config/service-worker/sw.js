/* global self, caches */
// The H5 app's service worker (emitted as /sw.js by config/service-worker/plugin.ts, which fills in PRECACHE and
// VERSION). A worker who opened the app once can reload it with no signal and keep working: the page and the
// worker's pages' scripts are kept here. Hashed files never change (cache first); the page itself is asked of the
// network first, so a new build arrives when there is signal, and taken from here when there is none.
// /api is never touched: records wait in the app's own outbox.
'use strict'
const VERSION = self.__SW_VERSION__
const PRECACHE = self.__SW_PRECACHE__
const CACHE = 'fanzha-' + VERSION
const PAGE = '/'
const OFFLINE = '/offline.html'
/** One bar of signal: after this the page comes from the cache instead of waiting on. */
const NAVIGATION_TIMEOUT_MS = 4000
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([PAGE, OFFLINE].concat(PRECACHE)))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.indexOf('fanzha-') === 0 && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

function fromCache(request) {
  return caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }))
}

function navigation(request) {
  const network = fetch(request).then((res) => {
    if (res.ok) {
      const copy = res.clone()
      caches.open(CACHE).then((cache) => cache.put(PAGE, copy))
    }
    return res
  })
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), NAVIGATION_TIMEOUT_MS))
  // No answer in time: the kept page; none kept yet: still the network, and the Chinese offline page if that fails.
  return Promise.race([network.catch(() => null), timeout]).then(
    (res) => res || fromCache(PAGE).then((hit) => hit || network.catch(() => fromCache(OFFLINE))),
  )
}

function asset(request) {
  return fromCache(request).then(
    (hit) =>
      hit ||
      fetch(request).then((res) => {
        if (res.ok) {
          const copy = res.clone()
          caches.open(CACHE).then((cache) => cache.put(request, copy))
        }
        return res
      }),
  )
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) return
  // The app's page only: sign.html, a resident's signing page, is the network's (and must not replace the app's).
  if (request.mode === 'navigate' && (url.pathname === PAGE || url.pathname === '/index.html')) event.respondWith(navigation(request))
  else if (HASHED.test(url.pathname)) event.respondWith(asset(request))
})
