/* Kaartenbak's service worker: keeps a copy of the site so that every page and the search work without
   network after the first visit. `OFFLINE` (written above this code by the build) holds the site's path
   (`scope`), the version (a hash of every file of the build) and the files to cache on install.

   Cache first, network for anything not cached (and kept, so a page beyond the precache budget opens
   offline once visited). A new build changes the version, so the browser installs this worker again on
   the next online visit; it takes over at once and removes the caches of older builds. */
"use strict";

var PREFIX = "kaartenbak " + OFFLINE.scope + " ";
var CACHE = PREFIX + OFFLINE.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        // "no-cache": revalidated with the server, so the HTTP cache cannot put an older build's file
        // into this build's cache.
        return cache.addAll(
          OFFLINE.files.map(function (url) {
            return new Request(url, { cache: "no-cache" });
          })
        );
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf(PREFIX) === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf(OFFLINE.scope) !== 0) {
    return;
  }
  // The query only matters to the page's script (/search/?q=…): every file is cached under its path.
  // Links name a folder's page as `folder/index.html` (so they work from disk too); it is cached as
  // `folder/`, the URL a visitor types or a QR code holds.
  var path = url.pathname.replace(/\/index\.html$/, "/");
  var key = url.origin + path;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(key, { ignoreVary: true }).then(function (cached) {
        if (cached) {
          return cached;
        }
        return fetch(request).then(function (response) {
          if (response.ok && response.type === "basic" && !response.redirected) {
            cache.put(key, response.clone());
          }
          return response;
        });
      });
    })
  );
});
