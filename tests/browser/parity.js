// Runs search requests through the WebAssembly search module, exactly as the page's worker does
// (same glue: themes/default/static/search-engine.js), for the CLI/wasm parity test.
// Usage: node parity.js SITE_DIR < requests.json  → prints one response per request as JSON.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const zlib = require("zlib");

const site = process.argv[2];
const glue = path.join(__dirname, "..", "..", "themes", "default", "static", "search-engine.js");
vm.runInThisContext(fs.readFileSync(glue, "utf8"), { filename: glue });

const index = path.join(site, "_search");
const manifestText = fs.readFileSync(path.join(index, "manifest.json"), "utf8");
const manifest = JSON.parse(manifestText);
// Index files and the module are stored as NAME.gz; the page unpacks them with DecompressionStream.
const read = (name) => zlib.gunzipSync(fs.readFileSync(path.join(index, name + ".gz")));
const files = manifest.files.map((file) => ({ name: file.name, bytes: read(file.name) }));
const engine = globalThis.createKaartenbakEngine(
  read("kaartenbak-search.wasm"),
  manifestText,
  files
);
const requests = JSON.parse(fs.readFileSync(0, "utf8"));
// As the worker does: load the files a response names, then search again until it names none.
const answer = (request) => {
  let response = engine.search(request);
  while ((response.files_needed || []).length) {
    for (const name of response.files_needed) {
      engine.loadFile(name, read(name));
    }
    response = engine.search(request);
  }
  return response;
};
process.stdout.write(JSON.stringify(requests.map(answer)));
