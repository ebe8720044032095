/* Kaartenbak search engine glue: hands the index files to the search core compiled to WebAssembly and
   calls it with JSON. The module has no imports; all search logic lives in Rust (crates/search), shared with
   the `kaartenbak search` command. Used by search-worker.js in the browser and by the parity test in Node.
   A classic script (no modules), so it also loads where ES modules cannot (file:// pages). */
(function (global) {
  "use strict";

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  function createKaartenbakEngine(wasmBytes, manifestText, files) {
    var module = new WebAssembly.Module(wasmBytes);
    var instance = new WebAssembly.Instance(module, {});
    var api = instance.exports;

    function put(bytes) {
      var ptr = api.kb_alloc(bytes.length);
      new Uint8Array(api.memory.buffer, ptr, bytes.length).set(bytes);
      return ptr;
    }

    function takeJson(packed) {
      var big = BigInt.asUintN(64, BigInt(packed));
      var ptr = Number(big >> 32n);
      var len = Number(big & 0xffffffffn);
      var text = decoder.decode(new Uint8Array(api.memory.buffer, ptr, len).slice());
      api.kb_free(ptr, len);
      return text;
    }

    files.forEach(function (file) {
      var name = encoder.encode(file.name);
      var data = file.bytes instanceof Uint8Array ? file.bytes : new Uint8Array(file.bytes);
      var namePtr = put(name);
      var dataPtr = put(data);
      api.kb_add_file(namePtr, name.length, dataPtr, data.length);
    });
    var manifestBytes = encoder.encode(manifestText);
    var opened = JSON.parse(takeJson(api.kb_open(put(manifestBytes), manifestBytes.length)));
    if (opened.error) {
      throw new Error(opened.error);
    }

    return {
      documents: opened.documents,
      facets: opened.facets,
      fingerprint: function () {
        return takeJson(api.kb_fingerprint());
      },
      /* A file that a response named in files_needed (a part of the index, a text chunk); then search
         again. */
      loadFile: function (name, bytes) {
        var nameBytes = encoder.encode(name);
        var data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
        var namePtr = put(nameBytes);
        var dataPtr = put(data);
        var result = JSON.parse(takeJson(api.kb_load_file(namePtr, nameBytes.length, dataPtr, data.length)));
        if (result.error) {
          throw new Error(result.error);
        }
      },
      search: function (request) {
        var bytes = encoder.encode(JSON.stringify(request));
        var response = JSON.parse(takeJson(api.kb_search(put(bytes), bytes.length)));
        if (response.error) {
          throw new Error(response.error);
        }
        return response;
      }
    };
  }

  /* Splits a snippet into plain and marked parts. Highlights are UTF-8 byte ranges (Rust strings);
     JavaScript strings count UTF-16 units, so the text is cut as bytes and decoded piece by piece. */
  function snippetParts(snippet) {
    var bytes = encoder.encode(snippet.text);
    var parts = [];
    var last = 0;
    (snippet.highlights || []).forEach(function (range) {
      var start = range[0];
      var end = range[1];
      if (start < last || end > bytes.length) {
        return;
      }
      if (start > last) {
        parts.push({ text: decoder.decode(bytes.slice(last, start)), marked: false });
      }
      parts.push({ text: decoder.decode(bytes.slice(start, end)), marked: true });
      last = end;
    });
    if (last < bytes.length) {
      parts.push({ text: decoder.decode(bytes.slice(last)), marked: false });
    }
    return parts;
  }

  global.createKaartenbakEngine = createKaartenbakEngine;
  global.kaartenbakSnippetParts = snippetParts;
})(typeof self !== "undefined" ? self : globalThis);
