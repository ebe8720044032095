/* Live reload for `kaartenbak serve` (served at /_kaartenbak/live.js, never part of a built site). */
(function () {
  "use strict";
  var overlay = null;
  /* The overlay speaks the site's language: its texts come from the theme's translation files, which every
     built page loads from static/strings.js (js_serve_*); English when a page has none. Read when shown:
     that script is deferred, this one may run first. */
  function text(key, english) { return (window.KaartenbakStrings || {})[key] || english; }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(state) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "kaartenbak-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", text("js_serve_failed_label", "Build failed"));
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#141414;color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem";
    var title = document.createElement("h1");
    title.style.cssText = "font:bold 20px system-ui,sans-serif;color:#ffb3b3;margin:0 0 1rem";
    title.textContent = text("js_serve_failed_title", "kaartenbak: the build failed; this page shows the last good version");
    overlay.appendChild(title);
    if (state.message) {
      var message = document.createElement("p");
      message.textContent = state.message;
      overlay.appendChild(message);
    }
    (state.diagnostics || []).forEach(function (d) {
      var item = document.createElement("div");
      item.className = "kaartenbak-diagnostic";
      item.style.cssText = "margin:0 0 1rem;padding:.5rem .75rem;border-left:4px solid " + (d.severity === "error" ? "#ff6b6b" : "#ffd166");
      var where = document.createElement("div");
      where.textContent = d.file + ":" + d.line + ":" + d.column + "  " + d.severity + "[" + d.code + "]";
      var what = document.createElement("div");
      what.style.fontWeight = "bold";
      what.textContent = d.message;
      item.appendChild(where);
      item.appendChild(what);
      if (d.hint) {
        var hint = document.createElement("div");
        hint.textContent = text("js_serve_hint", "hint") + ": " + d.hint;
        item.appendChild(hint);
      }
      overlay.appendChild(item);
    });
    document.body.appendChild(overlay);
  }
  // The build this page has seen: a page back from the back/forward cache that missed a build reloads.
  var generation = null;
  var events = null;
  function connect() {
    events = new EventSource("/_kaartenbak/events");
    events.addEventListener("reload", function () { location.reload(); });
    events.addEventListener("ok", function (event) {
      var state = JSON.parse(event.data);
      if (generation !== null && state.generation !== generation) { location.reload(); return; }
      generation = state.generation;
      hide();
    });
    events.addEventListener("failed", function (event) {
      var state = JSON.parse(event.data);
      generation = state.generation;
      show(state);
    });
  }
  // A page left for another is kept in the back/forward cache with its stream open, and a browser opens
  // only six connections per host: the seventh page would wait about a minute for one. So the stream
  // closes when the page is left and opens again when the page comes back.
  window.addEventListener("pagehide", function () { if (events) { events.close(); events = null; } });
  window.addEventListener("pageshow", function (event) { if (event.persisted && !events) { connect(); } });
  connect();
})();
