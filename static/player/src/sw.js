// The player's Service Worker (/player/sw.js, scope /player/): the app shell cache-first from
// a cache per build, so /player/{id} opens with the server down, and media from the media
// cache the page fills (cache/media.js), Range requests included. The API is never cached
// here: the page keeps its schedule and playlists in IndexedDB.
import { MEDIA_CACHE, SHELL_PREFIX } from "./cache/names.js";
import { ranged } from "./cache/range.js";

/* global SHELL_VERSION, SHELL_FILES */
const SHELL = `${SHELL_PREFIX}${SHELL_VERSION}`;
const PLAYER_PAGE = /^\/player\/\d+\/?$/;

async function refresh(cache, url) {
  const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
  if (response.status === 200) await cache.put(url, response.clone());
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: "reload" })));
      // The screen pages an older build had stored come along, fresh.
      for (const name of await caches.keys()) {
        if (!name.startsWith(SHELL_PREFIX) || name === SHELL) continue;
        const old = await caches.open(name);
        for (const request of await old.keys()) {
          if (PLAYER_PAGE.test(new URL(request.url).pathname)) await refresh(cache, request.url).catch(() => {});
        }
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(SHELL_PREFIX) && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "cache-page" && PLAYER_PAGE.test(new URL(data.url, self.location.href).pathname)) {
    event.waitUntil(caches.open(SHELL).then((cache) => refresh(cache, new URL(data.url, self.location.href).pathname)).catch(() => {}));
  }
});

// The page: the stored copy at once (the screen must come up even when the server does
// not answer), refreshed in the background for the next start.
async function page(event) {
  const cache = await caches.open(SHELL);
  const path = new URL(event.request.url).pathname;
  const stored = await cache.match(path);
  const fresh = refresh(cache, path);
  if (stored) {
    event.waitUntil(fresh.catch(() => {}));
    return stored;
  }
  return fresh;
}

async function shellFile(request) {
  const cache = await caches.open(SHELL);
  const stored = await cache.match(request, { ignoreSearch: false });
  if (stored) return stored;
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request, response.clone());
  return response;
}

async function media(request) {
  const cache = await caches.open(MEDIA_CACHE);
  const stored = await cache.match(request.url, { ignoreVary: true });
  if (stored) return ranged(request, stored);
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const local = url.origin === self.location.origin;
  if (request.mode === "navigate") {
    if (local && PLAYER_PAGE.test(url.pathname)) event.respondWith(page(event));
    return;
  }
  if (local && url.pathname.startsWith("/api/")) return;
  if (local && url.pathname.startsWith("/static/")) {
    event.respondWith(shellFile(request));
    return;
  }
  if (local && url.pathname.startsWith("/socket.io/")) return;
  event.respondWith(media(request));
});
