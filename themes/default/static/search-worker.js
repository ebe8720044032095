/* Kaartenbak search worker: loads the search module and the index on first use and answers searches off
   the main thread, so typing never waits for the search. */
"use strict";

importScripts("search-engine.js");

var engine = null;
var loading = null;
var indexBase = null;

/* Every file of the index is stored gzip-compressed (NAME.gz) and unpacked here, so the download is small
   whether or not the server compresses. */
function fetchBytes(url) {
  return fetch(url + ".gz").then(function (response) {
    if (!response.ok) {
      throw new Error(url + ".gz: " + response.status);
    }
    var unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
    return new Response(unpacked).arrayBuffer();
  });
}

function load(base) {
  indexBase = base;
  return fetch(indexBase + "manifest.json")
    .then(function (response) {
      if (!response.ok) {
        throw new Error("manifest.json: " + response.status);
      }
      return response.text();
    })
    .then(function (manifestText) {
      var manifest = JSON.parse(manifestText);
      var files = manifest.files.map(function (file) {
        return fetchBytes(indexBase + file.name).then(function (bytes) {
          return { name: file.name, bytes: bytes };
        });
      });
      return Promise.all([fetchBytes(indexBase + "kaartenbak-search.wasm"), Promise.all(files)]).then(
        function (loaded) {
          engine = createKaartenbakEngine(loaded[0], manifestText, loaded[1]);
          return { documents: engine.documents, facets: engine.facets };
        }
      );
    });
}

/* A quoted phrase needs the body's positions, and is shown in its own words from the text chunks of its
   hits: the response names the files it still needs, which are fetched once and kept, and the search runs
   again until it names none. Each file is named once at most, so this ends. */
function searchWithFiles(request) {
  var response = engine.search(request);
  var needed = response.files_needed || [];
  if (!needed.length) {
    return Promise.resolve(response);
  }
  return Promise.all(
    needed.map(function (name) {
      return fetchBytes(indexBase + name).then(function (bytes) {
        engine.loadFile(name, bytes);
      });
    })
  ).then(
    function () {
      return searchWithFiles(request);
    },
    function () {
      // Without the file the answer is what the index loaded so far knows: still a complete list.
      return response;
    }
  );
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "init") {
    loading = loading || load(message.index);
    loading.then(
      function (info) {
        self.postMessage({ type: "ready", info: info });
      },
      function (error) {
        self.postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
      }
    );
  } else if (message.type === "search") {
    loading
      .then(function () {
        return searchWithFiles(message.request);
      })
      .then(
        function (response) {
          // The page shows snippets as text and <mark> parts; byte offsets are resolved here, once.
          response.hits.forEach(function (hit) {
            hit.snippet.parts = kaartenbakSnippetParts(hit.snippet);
          });
          self.postMessage({ type: "results", id: message.id, request: message.request, response: response });
        },
        function (error) {
          self.postMessage({ type: "error", id: message.id, message: String(error.message || error) });
        }
      );
  }
};
