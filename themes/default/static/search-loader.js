/* Kaartenbak search session: loads the search module and the index on first use and answers searches,
   for the search worker (files fetched over http) and for a page opened from disk (files read through
   their script twins). `readFile(name)` gives a Promise of the stored bytes of `_search/NAME` (an
   ArrayBuffer); every file is read gzip-compressed (NAME.gz) and unpacked here, so the download is small
   whether or not the server compresses. Needs search-engine.js. */
(function (global) {
  "use strict";

  /* A server that labels .gz files `Content-Encoding: gzip` (Apache's `AddEncoding gzip .gz`) has the
     browser unpack them before the page sees them: bytes that do not start as gzip does are used as they
     are, and so are bytes that only happen to (an unpacked part of the index may), when unpacking fails. */
  function unpack(bytes) {
    var head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
    if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) {
      return Promise.resolve(bytes);
    }
    var unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(unpacked).arrayBuffer().catch(function () {
      return bytes;
    });
  }

  function kaartenbakSearchSession(readFile) {
    var engine = null;
    /* Files whose absence leaves an answer complete (text chunks for snippets); a part of the index is
       not one of them. */
    var optional = {};

    function indexFile(name) {
      return readFile(name + ".gz").then(unpack);
    }

    function load() {
      return indexFile("manifest.json").then(function (manifestBytes) {
        var manifestText = new TextDecoder().decode(manifestBytes);
        var manifest = JSON.parse(manifestText);
        (manifest.texts || []).forEach(function (file) {
          optional[file.name] = true;
        });
        var files = manifest.files.map(function (file) {
          return indexFile(file.name).then(function (bytes) {
            return { name: file.name, bytes: bytes };
          });
        });
        return Promise.all([indexFile("kaartenbak-search.wasm"), Promise.all(files)]).then(function (loaded) {
          engine = global.createKaartenbakEngine(loaded[0], manifestText, loaded[1]);
          return { documents: engine.documents, facets: engine.facets };
        });
      });
    }

    /* The index loads in parts: a search that reads a part of the postings, positions or stored fields
       not loaded yet names it (a quoted phrase: the parts with its words' positions), and a phrase is
       shown in its own words from the text chunks of its hits. The response names the files it still
       needs, which are read once and kept, and the search runs again until it names none. Each file is
       named once at most, so this ends. Only the manifest's `files` load up front (see crates/search/src/parts.rs). */
    function searchWithFiles(request) {
      var response = engine.search(request);
      var needed = response.files_needed || [];
      if (!needed.length) {
        return Promise.resolve(response);
      }
      return Promise.all(
        needed.map(function (name) {
          return indexFile(name).then(function (bytes) {
            engine.loadFile(name, bytes);
          });
        })
      ).then(
        function () {
          return searchWithFiles(request);
        },
        function (error) {
          // Without a part there is no answer; without the others the answer is what the index loaded so
          // far knows: still a complete list.
          if (needed.some(function (name) { return !optional[name]; })) {
            throw error;
          }
          return response;
        }
      );
    }

    function search(request) {
      return searchWithFiles(request).then(function (response) {
        // The page shows snippets as text and <mark> parts; byte offsets are resolved here, once.
        response.hits.forEach(function (hit) {
          hit.snippet.parts = global.kaartenbakSnippetParts(hit.snippet);
        });
        return response;
      });
    }

    return { load: load, search: search };
  }

  global.kaartenbakSearchSession = kaartenbakSearchSession;
})(typeof self !== "undefined" ? self : globalThis);
