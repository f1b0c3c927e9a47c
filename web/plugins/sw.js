// The portal's service worker; serviceWorker.ts writes it to dist/sw.js with the build's cache
// version and the files to keep. It keeps only the portal's own static files: index.html and
// the hashed build assets. It never keeps an answer of the API, so nothing one account saw is
// kept here for the next; the holder's licences kept for offline use live in the page's
// storage, forgotten at sign-out.
const VERSION = __BUILD_VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = `medreg-portal-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

// A new build's worker takes over at once and deletes the caches of earlier builds.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("medreg-portal-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** Hashed assets never change: the kept copy, else the network (kept for next time). */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Pages always come from the network; without one, the kept app shell opens the page. */
async function page(request) {
  try {
    return await fetch(request);
  } catch (failure) {
    const shell = await caches.match("/", { cacheName: CACHE });
    if (shell) return shell;
    throw failure;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
});
