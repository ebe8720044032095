/* Links the web app manifest (manifest.webmanifest at the site root), so that a phone can install the
   site. Only over http(s): a browser refuses to read a manifest from disk (file://), with an error on every
   page, so the page does not name it in its HTML. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !/^https?:$/.test(location.protocol)) {
    return;
  }
  // This script is static/install.js: the site's root is one folder up.
  var link = document.createElement("link");
  link.rel = "manifest";
  link.href = new URL("../manifest.webmanifest", script.src).href;
  document.head.appendChild(link);
})();
