/* Kaartenbak's service worker for a site without an offline copy (`offline = false`, or `kaartenbak
   serve`): a browser that installed the offline worker of an earlier build fetches this one on its next
   visit; it removes the site's caches, unregisters itself and reloads the open pages from the network.
   Without it the earlier worker would keep answering from its cache for ever. */
"use strict";

var PREFIX = "kaartenbak " + OFFLINE.scope + " ";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf(PREFIX) === 0;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.registration.unregister();
      })
      .then(function () {
        return self.clients.matchAll({ type: "window" });
      })
      .then(function (clients) {
        clients.forEach(function (client) {
          client.navigate(client.url);
        });
      })
  );
});
