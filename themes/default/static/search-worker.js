/* Kaartenbak search worker: answers searches off the main thread, so typing never waits for the search.
   The session (search-loader.js) loads the module and the index, fetched from `index` (the URL of the
   site's _search/ folder), on the first message. */
"use strict";

importScripts("search-engine.js", "search-loader.js");

var session = null;
var loading = null;

function fetchStored(base) {
  return function (name) {
    return fetch(base + name).then(function (response) {
      if (!response.ok) {
        throw new Error(name + ": " + response.status);
      }
      return response.arrayBuffer();
    });
  };
}

function errorText(error) {
  return String(error && error.message ? error.message : error);
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "init") {
    if (!loading) {
      session = kaartenbakSearchSession(fetchStored(message.index));
      loading = session.load();
    }
    loading.then(
      function (info) {
        self.postMessage({ type: "ready", info: info });
      },
      function (error) {
        self.postMessage({ type: "error", message: errorText(error) });
      }
    );
  } else if (message.type === "search") {
    loading
      .then(function () {
        return session.search(message.request);
      })
      .then(
        function (response) {
          self.postMessage({ type: "results", id: message.id, request: message.request, response: response });
        },
        function (error) {
          self.postMessage({ type: "error", id: message.id, message: errorText(error) });
        }
      );
  }
};
