/* Kaartenbak's service worker: keeps a copy of the site so that every page and the search work without
   network after the first visit. `OFFLINE` (written above this code by the build) holds the site's path
   (`scope`), the version (a hash over every file of the build), the files to cache on install with the
   content print of each (`precache`, path → print), and the names of the map's shards (`shards`): files
   `_offline/NAME.json` that give the print of every other file the worker may keep.

   Cache first, network for anything not cached, which is then kept: a page beyond the precache opens
   offline once visited, and a part of the search index fetched once answers offline, whatever its name.

   A new build changes the version, so the browser installs this worker again on the next online visit.
   Install copies from the previous build's cache every file whose print did not change and downloads
   only the precached files whose bytes did; a kept file that changed is dropped (and fetched again when a
   page needs it). The worker then takes over at once and removes the caches of older builds. */
"use strict";

var PREFIX = "kaartenbak " + OFFLINE.scope + " ";
var CACHE = PREFIX + OFFLINE.version;
var MAP = OFFLINE.scope + "_offline/";
// Kept in each build's cache beside the files: this build's precache and shard names, which the next
// build's worker compares with its own.
var STATE = MAP + "state.json";

function keyOf(path) {
  return self.location.origin + path;
}

/* Every file is cached under its path: the query only matters to the page's script (/search/?q=…), and
   links name a folder's page as `folder/index.html` (so they work from disk too) where a visitor types
   or a QR code holds `folder/`. */
function pathOf(url) {
  return new URL(url).pathname.replace(/\/index\.html$/, "/");
}

/* 32-bit FNV-1a over the UTF-8 bytes of `path`, as `shard_of` in src/offline/map.rs. */
function shardOf(path, count) {
  var bytes = new TextEncoder().encode(path);
  var hash = 0x811c9dc5;
  for (var i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

function shardPath(name) {
  return MAP + name + ".json";
}

/* The cache of the last build installed before this one, with its state, or null (a first visit, or a
   cache written by a worker that kept no state). */
function previousBuild() {
  return caches
    .keys()
    .then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf(PREFIX) === 0 && name !== CACHE;
          })
          .map(function (name) {
            return caches.open(name).then(function (cache) {
              return cache.match(keyOf(STATE)).then(function (found) {
                return found
                  ? found.json().then(function (state) {
                      return { cache: cache, state: state };
                    })
                  : null;
              });
            });
          })
      );
    })
    .then(function (builds) {
      var found = builds.filter(Boolean).sort(function (a, b) {
        return b.state.installed - a.state.installed;
      });
      return found[0] || null;
    });
}

/* Reads the shards `names[i]` for every index `i` in `wanted` as {index: {path: print}}; `read(name)`
   gives the shard's response, or nothing when it cannot be had (its files then count as changed). */
function readShards(names, wanted, read) {
  var tables = {};
  return Promise.all(
    Object.keys(wanted).map(function (index) {
      return Promise.resolve(read(names[index]))
        .then(function (response) {
          return response && response.ok ? response.json() : null;
        })
        .then(
          function (table) {
            tables[index] = table;
          },
          function () {
            tables[index] = null;
          }
        );
    })
  ).then(function () {
    return tables;
  });
}

/* Copies into `cache` every file of the previous build whose print is the same in this build; resolves
   to the set of paths copied. */
function carryOver(old, cache) {
  var oldCount = old.state.shards.length;
  var newCount = OFFLINE.shards.length;
  var copied = {};
  return old.cache.keys().then(function (requests) {
    var files = requests
      .map(function (request) {
        return { request: request, path: new URL(request.url).pathname };
      })
      .filter(function (file) {
        return file.path !== STATE && file.path.indexOf(MAP) !== 0;
      });
    // The previous build's prints of files kept beyond its precache are in its shards, which it kept.
    var oldWanted = {};
    files.forEach(function (file) {
      if (!(file.path in old.state.precache)) {
        oldWanted[shardOf(file.path, oldCount)] = true;
      }
    });
    return readShards(old.state.shards, oldWanted, function (name) {
      return old.cache.match(keyOf(shardPath(name)));
    }).then(function (oldTables) {
      var oldPrint = function (path) {
        if (path in old.state.precache) {
          return old.state.precache[path];
        }
        var table = oldTables[shardOf(path, oldCount)];
        return table ? table[path] : undefined;
      };
      var known = files.filter(function (file) {
        return oldPrint(file.path) !== undefined;
      });
      // This build's prints of those beyond its own precache: a shard that kept its name is the
      // previous build's file; only a renamed one is downloaded.
      var newWanted = {};
      known.forEach(function (file) {
        if (!(file.path in OFFLINE.precache)) {
          newWanted[shardOf(file.path, newCount)] = true;
        }
      });
      return readShards(OFFLINE.shards, newWanted, function (name) {
        var path = shardPath(name);
        return old.cache.match(keyOf(path)).then(function (kept) {
          var response = kept || fetch(new Request(path, { cache: "no-cache" }));
          return Promise.resolve(response).then(function (response) {
            // Kept in this build's cache too: the next build compares with it.
            return response.ok ? cache.put(keyOf(path), response.clone()).then(function () {
              return response;
            }) : response;
          });
        });
      }).then(function (newTables) {
        var newPrint = function (path) {
          if (path in OFFLINE.precache) {
            return OFFLINE.precache[path];
          }
          var table = newTables[shardOf(path, newCount)];
          return table ? table[path] : undefined;
        };
        return Promise.all(
          known
            .filter(function (file) {
              return oldPrint(file.path) === newPrint(file.path);
            })
            .map(function (file) {
              return old.cache.match(file.request).then(function (response) {
                if (response) {
                  copied[file.path] = true;
                  return cache.put(file.request, response);
                }
              });
            })
        );
      });
    });
  }).then(function () {
    return copied;
  });
}

function install() {
  return caches.open(CACHE).then(function (cache) {
    return previousBuild()
      .then(function (old) {
        return old ? carryOver(old, cache) : {};
      })
      .then(function (copied) {
        var missing = Object.keys(OFFLINE.precache).filter(function (path) {
          return !copied[path];
        });
        // "no-cache": revalidated with the server, so the HTTP cache cannot put an older build's file
        // into this build's cache.
        return cache.addAll(
          missing.map(function (path) {
            return new Request(path, { cache: "no-cache" });
          })
        );
      })
      .then(function () {
        // Last: a cache without its state (an install cut short) is never carried over from.
        var state = { precache: OFFLINE.precache, shards: OFFLINE.shards, installed: Date.now() };
        return cache.put(
          keyOf(STATE),
          new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } })
        );
      });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    install().then(function () {
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

/* A file kept beyond the precache needs its shard in the cache, so the next build's worker can tell
   whether it changed. Fetched once per shard. */
var shardsUnderWay = {};
function keepShardFor(cache, path) {
  if (path in OFFLINE.precache) {
    return Promise.resolve();
  }
  var shard = shardPath(OFFLINE.shards[shardOf(path, OFFLINE.shards.length)]);
  if (!shardsUnderWay[shard]) {
    shardsUnderWay[shard] = cache.match(keyOf(shard)).then(function (kept) {
      if (kept) {
        return;
      }
      return fetch(new Request(shard, { cache: "no-cache" })).then(function (response) {
        if (response.ok) {
          return cache.put(keyOf(shard), response);
        }
        // A newer build is on the server already: this file stays unverified and is dropped by the
        // next build's worker.
        delete shardsUnderWay[shard];
      });
    }, function () {
      delete shardsUnderWay[shard];
    });
  }
  return shardsUnderWay[shard];
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf(OFFLINE.scope) !== 0) {
    return;
  }
  // A range of a file is the network's to answer: the Cache API keeps whole responses only.
  if (request.headers.has("Range")) {
    return;
  }
  var key = keyOf(pathOf(request.url));
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(key, { ignoreVary: true }).then(function (cached) {
        if (cached) {
          return cached;
        }
        return fetch(request).then(function (response) {
          if (response.status === 200 && response.type === "basic" && !response.redirected) {
            event.waitUntil(
              cache
                .put(key, response.clone())
                .then(function () {
                  return keepShardFor(cache, pathOf(request.url));
                })
                .catch(function () {
                  // Not kept: the page still gets its response.
                })
            );
          }
          return response;
        });
      });
    })
  );
});
