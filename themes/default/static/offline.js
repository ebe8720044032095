/* Registers the site's service worker (sw.js at the site root), which keeps a copy of the site so that
   pages and search work without network after the first visit. Included only when the site's offline
   copy is on (not under `kaartenbak serve`), and registered only over http(s): a page opened from disk
   has no service workers. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) {
    return;
  }
  var hadController = Boolean(navigator.serviceWorker.controller);
  var reloaded = false;
  // A new build's worker takes over on the visit that found it; this page came from the old cache, so it
  // is loaded once more to show the new build. (The first install changes nothing the page shows.)
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (hadController && !reloaded) {
      reloaded = true;
      location.reload();
    }
  });
  // This script is static/offline.js; the worker and its scope are the site's root, one folder up. (Links
  // in pages are relative, so the script's own address is what knows where the root is.)
  var root = new URL("../", script.src);
  navigator.serviceWorker
    .register(new URL("sw.js", root).href, { scope: root.pathname })
    .catch(function () {
      // Without the worker the site works as before, online only.
    });
})();
