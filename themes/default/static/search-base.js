/* Kaartenbak search in the page, shared part: reads the search configuration and defines
   window.KaartenbakSearch (texts, elements and the site's addresses) for the other search scripts.

   The search is one small script per part, loaded in this order (the page template names them):
   search-base.js (this), search-client.js (the engine, in a worker or in the page), search-results.js
   (one result, the count, suggestions), search-notices.js (what the search understood from the query),
   on /search/ only search-filters.js (the filter panel) and search-page.js (the page's state and URL),
   and last search-input.js (the boxes on every page, which starts it all). All text is inserted as text,
   never as HTML. Without JavaScript the search page still links to the domains and listings; where the
   browser cannot run the engine, this script defines nothing and the others do nothing. */
(function () {
  "use strict";

  var configElement = document.getElementById("search-config");
  var script = document.currentScript;
  var fromDisk = location.protocol === "file:";
  if (!configElement || !script || !window.WebAssembly || !(fromDisk || window.Worker)) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  // The texts, from static/strings.js (loaded before this script; the same on every page).
  var strings = window.KaartenbakStrings || {};
  // This script is static/search-base.js: the site's root is one folder up, wherever the site is opened from.
  var root = new URL("../", script.src);

  /* A page of the site by its path below the root (`search/`, `domains/werk/`, `glossary/#wmo`). A folder
     is named by its index.html, as every link of the site does, so that it opens from disk too. */
  function pageUrl(path) {
    var cut = path.search(/[?#]/);
    var file = cut < 0 ? path : path.slice(0, cut);
    var suffix = cut < 0 ? "" : path.slice(cut);
    if (file === "" || file.charAt(file.length - 1) === "/") {
      file += "index.html";
    }
    return new URL(file + suffix, root).href;
  }

  /* A URL of the index (root-relative, under the base path) as a page of this copy of the site. */
  function hitUrl(url) {
    return url.indexOf(config.base) === 0 ? pageUrl(url.slice(config.base.length)) : url;
  }

  function text(key, values) {
    var result = strings[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      result = result.split("{" + name + "}").join(values[name]);
    });
    return result;
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (content !== undefined && content !== null) {
      node.textContent = content;
    }
    return node;
  }

  /* The search page's address with the query in the fragment (#q=…): a sentence about a household is
     personal data, and a fragment never reaches a server log or a proxy. */
  function searchPageUrl(params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      if (params[key]) {
        query.set(key, params[key]);
      }
    });
    var suffix = query.toString();
    return pageUrl(config.searchPage) + (suffix ? "#" + suffix : "");
  }

  window.KaartenbakSearch = {
    // The area facet of entries that work in every wijk (kaartenbak_shared::MUNICIPALITY_WIDE).
    MUNICIPALITY_WIDE: "gemeentebreed",
    config: config,
    fromDisk: fromDisk,
    root: root,
    pageUrl: pageUrl,
    hitUrl: hitUrl,
    searchPageUrl: searchPageUrl,
    text: text,
    element: element,
    // The index's facets (domains, wijken with their postcodes), filled in when the engine is ready.
    facetsInfo: { domains: [], areas: [] }
  };
})();
