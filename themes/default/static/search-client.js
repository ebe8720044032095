/* Kaartenbak search, the page's client of the engine and its requests: over http(s) the engine runs in a
   worker and fetches the index; a page opened from disk (file://, a network share or a USB stick) may
   neither fetch nor start a worker, so there the engine runs in the page and reads the index through the
   script twins the build writes beside it (NAME.js, which hand the bytes to kaartenbakFile). Both run the
   same code (search-loader.js). Nothing starts until KaartenbakSearch.start() or .search(). */
(function () {
  "use strict";

  var S = window.KaartenbakSearch;
  if (!S) {
    return;
  }
  var config = S.config;
  var root = S.root;

  /* ---- the engine: in a worker over http(s), in the page from disk ---- */

  /* Over http(s): the worker answers init and search messages by id. */
  function workerEngine() {
    var worker = new Worker(new URL("static/search-worker.js", root).href);
    var pending = {};
    var nextMessage = 1;
    var ready = new Promise(function (resolve, reject) {
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "ready") {
          resolve(message.info);
        } else if (message.type === "error" && !message.id) {
          reject(new Error(message.message));
        } else if (pending[message.id]) {
          var callbacks = pending[message.id];
          delete pending[message.id];
          if (message.type === "results") {
            callbacks.resolve(message.response);
          } else {
            callbacks.reject(new Error(message.message));
          }
        }
      };
      worker.onerror = function (event) {
        reject(new Error(event.message || "worker failed"));
      };
    });
    worker.postMessage({ type: "init", index: new URL(config.index, root).href });
    return {
      ready: ready,
      search: function (request) {
        var id = nextMessage++;
        return new Promise(function (resolve, reject) {
          pending[id] = { resolve: resolve, reject: reject };
          worker.postMessage({ type: "search", id: id, request: request });
        });
      }
    };
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = function () {
        reject(new Error(url));
      };
      document.head.appendChild(tag);
    });
  }

  /* From disk: each index file arrives as a script that calls kaartenbakFile(name, base64). */
  function pageEngine() {
    var waiting = {};
    window.kaartenbakFile = function (name, base64) {
      var callbacks = waiting[name];
      if (!callbacks) {
        return;
      }
      delete waiting[name];
      var binary = atob(base64);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
      }
      callbacks.resolve(bytes.buffer);
    };
    var indexBase = new URL(config.index, root).href;
    function readFile(name) {
      return new Promise(function (resolve, reject) {
        waiting[name] = { resolve: resolve, reject: reject };
        loadScript(indexBase + name + ".js").then(function () {
          if (waiting[name]) {
            delete waiting[name];
            reject(new Error(name + ": no data"));
          }
        }, function (error) {
          delete waiting[name];
          reject(error);
        });
      });
    }
    var session = null;
    var ready = loadScript(new URL("static/search-engine.js", root).href)
      .then(function () {
        return loadScript(new URL("static/search-loader.js", root).href);
      })
      .then(function () {
        session = window.kaartenbakSearchSession(readFile);
        return session.load();
      });
    return {
      ready: ready,
      search: function (request) {
        return ready.then(function () {
          return session.search(request);
        });
      }
    };
  }

  /* One request in flight, only the newest waiting: typing fast never queues stale searches. */
  var engine = null;
  var readyPromise = null;
  var sent = null;
  var waiting = null;
  var nextId = 1;
  var timings = (window.kaartenbakSearchTimings = []);

  function start() {
    if (!readyPromise) {
      engine = S.fromDisk ? pageEngine() : workerEngine();
      readyPromise = engine.ready.then(function (info) {
        S.facetsInfo = info.facets || S.facetsInfo;
        return info;
      });
    }
    return readyPromise;
  }

  function sendWaiting() {
    if (sent || !waiting) {
      return;
    }
    sent = waiting;
    waiting = null;
    var done = sent;
    function finish(response, message) {
      sent = null;
      if (!waiting) {
        done.callback(response, message);
        // From the keystroke to the rendered results, for the benchmark (cargo xtask bench-search).
        timings.push({ query: done.request.query, ms: performance.now() - done.startedAt });
        if (timings.length > 500) {
          timings.shift();
        }
      }
      sendWaiting();
    }
    engine.search(done.request).then(
      function (response) {
        finish(response, null);
      },
      function (error) {
        finish(null, String(error.message || error));
      }
    );
  }

  /* Searches `request`; `callback(response, error)` gets the answer, unless a newer search came first. */
  function search(request, callback) {
    waiting = { id: nextId++, request: request, callback: callback, startedAt: performance.now() };
    start().then(sendWaiting, function (error) {
      callback(null, String(error.message || error));
    });
  }

  S.start = start;
  S.search = search;
})();
