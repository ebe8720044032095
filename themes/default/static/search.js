/* Kaartenbak search in the page. Loads the search engine lazily (first focus of a search box, or on the
   search page), shows results while typing, and on /search/ adds filters with live counts, a postcode
   lookup and a shareable URL (?q=…&kind=…&domain=…&area=…). All text is inserted as text, never as HTML.
   Without JavaScript the search page still links to the domains and listings.

   Over http(s) the engine runs in a worker and fetches the index. A page opened from disk (file://, a
   network share or a USB stick) may neither fetch nor start a worker, so there the engine runs in the page
   and reads the index through the script twins the build writes beside it (NAME.js, which hand the bytes
   to kaartenbakFile). Both run the same code (search-loader.js). */
(function () {
  "use strict";

  // The area facet of entries that work in every wijk (kaartenbak_shared::MUNICIPALITY_WIDE).
  var MUNICIPALITY_WIDE = "gemeentebreed";
  var configElement = document.getElementById("search-config");
  var script = document.currentScript;
  var fromDisk = location.protocol === "file:";
  if (!configElement || !script || !window.WebAssembly || !(fromDisk || window.Worker)) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings || {};
  // This script is static/search.js: the site's root is one folder up, wherever the site is opened from.
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
  var facetsInfo = { domains: [], areas: [] };
  var sent = null;
  var waiting = null;
  var nextId = 1;
  var timings = (window.kaartenbakSearchTimings = []);

  function start() {
    if (!readyPromise) {
      engine = fromDisk ? pageEngine() : workerEngine();
      readyPromise = engine.ready.then(function (info) {
        facetsInfo = info.facets || facetsInfo;
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

  function search(request, callback) {
    waiting = { id: nextId++, request: request, callback: callback, startedAt: performance.now() };
    start().then(sendWaiting, function (error) {
      callback(null, String(error.message || error));
    });
  }

  /* ---- rendering one result ---- */

  function kindLabel(kind) {
    return text("kind_" + kind);
  }

  function snippetNode(snippet) {
    var paragraph = element("p", "result-snippet");
    (snippet.parts || []).forEach(function (part) {
      paragraph.appendChild(part.marked ? element("mark", null, part.text) : document.createTextNode(part.text));
    });
    return paragraph;
  }

  /* A number a coach can tap: digits and a leading + only, as the pages' own `tel:` links
     (render::views::phone_href). */
  function phoneHref(phone) {
    var trimmed = phone.trim();
    return "tel:" + (trimmed.charAt(0) === "+" ? "+" : "") + trimmed.replace(/\D/g, "");
  }

  /* Whether a notice applies today, by the visitor's calendar (as notices.js on the pages): the build left
     out those that had ended, but a site is not rebuilt every day. */
  function noticeInForce(notice) {
    var now = new Date();
    var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    return !((notice.until && notice.until < today) || (notice.from && notice.from > today));
  }

  function resultItem(hit, full) {
    var item = element("li", "result result-" + hit.kind);
    var heading = element(full ? "h2" : "p", "result-title");
    var link = element("a", null, hit.title);
    link.href = hitUrl(hit.url);
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(element("p", "result-kind", kindLabel(hit.kind)));
    if (hit.snippet && hit.snippet.text) {
      item.appendChild(snippetNode(hit.snippet));
    }
    var facts = element("dl", "result-facts");
    function fact(label, value, href) {
      if (value) {
        facts.appendChild(element("dt", null, label));
        var cell = element("dd", null, href ? null : value);
        if (href) {
          var link = element("a", null, value);
          link.href = href;
          cell.appendChild(link);
        }
        facts.appendChild(cell);
      }
    }
    if (hit.kind === "partner") {
      var areas = hit.area_names && hit.area_names.length
        ? hit.area_names.join(", ")
        : text("js_municipality_wide");
      fact(text("js_areas"), areas);
      fact(text("js_service"), hit.service);
      fact(text("js_referral"), hit.display.referral);
      fact(text("js_phone"), hit.display.phone, hit.display.phone && phoneHref(hit.display.phone));
    }
    if (facts.childNodes.length) {
      item.appendChild(facts);
    }
    (hit.display.notices || []).filter(noticeInForce).forEach(function (notice) {
      var label = text("js_notice") + (notice.service ? " · " + notice.service : "") + ": ";
      var box = element("p", "notice result-notice");
      box.setAttribute("role", "note");
      box.appendChild(element("strong", null, label));
      box.appendChild(document.createTextNode(notice.text));
      if (notice.refer_meanwhile !== undefined) {
        box.appendChild(document.createTextNode(" " + text(notice.refer_meanwhile ? "js_notice_refer_yes" : "js_notice_refer_no")));
      }
      item.appendChild(box);
    });
    // Other scripts add to a result here (plan-add.js: "In het plan"); search.js knows nothing of them.
    document.dispatchEvent(new CustomEvent("kaartenbak:result", { detail: { item: item, hit: hit, full: full } }));
    return item;
  }

  function countText(total) {
    return total === 1 ? text("js_results_one") : text("js_results_many", { n: String(total) });
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

  /* The search page's own address with the state in its fragment: the path stays as the page was opened,
     without a query string (an old ?q= link is read once, then replaced). */
  function stateUrl(params) {
    return location.pathname + searchPageUrl(params).replace(/^[^#]*/, "");
  }

  /* The state a search page address carries: the fragment, or the query string of an old link or of the
     form sent without script. */
  function addressParams() {
    var hash = location.hash.replace(/^#/, "");
    return new URLSearchParams(hash.indexOf("=") >= 0 ? hash : location.search);
  }

  function suggestionsNode(response, query) {
    var box = element("div", "result-suggestions");
    box.appendChild(element("p", null, text("js_results_none", { q: query })));
    var suggestions = response && response.suggestions;
    if (suggestions && suggestions.spellings.length) {
      var spelling = element("p", null, text("js_did_you_mean") + " ");
      suggestions.spellings.forEach(function (corrected, i) {
        var link = element("a", null, corrected);
        link.href = searchPageUrl({ q: corrected });
        if (i > 0) {
          spelling.appendChild(document.createTextNode(", "));
        }
        spelling.appendChild(link);
      });
      spelling.appendChild(document.createTextNode("?"));
      box.appendChild(spelling);
    }
    if (suggestions && suggestions.domains.length) {
      box.appendChild(element("p", null, text("js_look_in_domains") + ":"));
      var list = element("ul", "link-list");
      suggestions.domains.forEach(function (domain) {
        var item = element("li");
        var link = element("a", null, domain.label);
        link.href = pageUrl("domains/" + encodeURIComponent(domain.id) + "/");
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  /* ---- quick results under a search box on every page ---- */

  /* What the search did besides matching the words as typed: parts or corrections searched for a word
     that found nothing, and the wijk the query named (which the coach can remove). */
  /* A removable notice: what the search read from the query, with a button that reads it as words. */
  function removable(box, className, label, removeText, onRemove) {
    var note = element("p", "search-notice " + className, label + " ");
    if (onRemove) {
      var remove = element("button", "search-notice-remove", removeText);
      remove.type = "button";
      remove.addEventListener("click", onRemove);
      note.appendChild(remove);
    }
    box.appendChild(note);
  }

  function attributeLabel(attribute) {
    var parts = attribute.id.split(":");
    return text("js_attribute_" + parts[0].replace(/-/g, "_"), { value: parts[1] || "", words: attribute.words.join(" ") });
  }

  /* "Uw vraag raakt: Financiën (huurachterstand) · Middelengebruik (blowt)", each need removable; then
     the attributes (age, cost, language …), each removable. `onIgnore(id)` removes one. */
  function situationNotices(box, response, onIgnore) {
    var needs = response.needs || [];
    if (needs.length) {
      var line = element("p", "search-notice search-notice-needs", text("js_needs_named") + " ");
      needs.forEach(function (need, i) {
        if (i > 0) {
          line.appendChild(document.createTextNode(" · "));
        }
        var item = element("span", "search-need", need.label + " (" + need.words.join(" ") + ")");
        item.setAttribute("data-need", need.id);
        line.appendChild(item);
        if (onIgnore) {
          var remove = element("button", "search-notice-remove", text("js_need_remove", { words: need.words.join(" ") }));
          remove.type = "button";
          remove.addEventListener("click", function () { onIgnore(need.id); });
          line.appendChild(document.createTextNode(" "));
          line.appendChild(remove);
        }
      });
      box.appendChild(line);
    }
    (response.attributes || []).forEach(function (attribute) {
      removable(box, "search-notice-attribute", attributeLabel(attribute),
        text("js_attribute_remove", { words: attribute.words.join(" ") }),
        onIgnore && function () { onIgnore(attribute.id); });
    });
  }

  function noticesNode(response, onRemoveArea, onIgnore) {
    var box = element("div", "search-notices");
    situationNotices(box, response, onIgnore);
    (response.rewrites || []).forEach(function (rewrite) {
      var key = rewrite.reason === "parts" ? "js_rewrite_parts" : "js_rewrite_spelling";
      box.appendChild(element("p", "search-notice", text(key, {
        word: rewrite.word,
        searched: rewrite.searched.join(" + ")
      })));
    });
    (response.terms || []).forEach(function (term) {
      var line = element("p", "search-notice search-notice-term", text("js_term_named", { words: term.words.join(" ") }) + " ");
      if (config.glossaryPage) {
        var link = element("a", null, term.term);
        link.href = pageUrl(config.glossaryPage + "#" + encodeURIComponent(term.id));
        line.appendChild(link);
      } else {
        line.appendChild(document.createTextNode(term.term));
      }
      box.appendChild(line);
    });
    if (response.area) {
      removable(box, "search-notice-area", text("js_area_detected", { area: response.area.name }),
        text("js_area_remove", { words: response.area.words.join(" ") }), onRemoveArea);
    }
    return box.childNodes.length ? box : null;
  }

  function quickSearch(input) {
    var form = input.form;
    var panel = element("div", "quick-results");
    panel.id = input.id + "-resultaten";
    panel.hidden = true;
    var status = element("p", "quick-status");
    status.setAttribute("role", "status");
    var list = element("ul", "quick-list");
    panel.appendChild(status);
    panel.appendChild(list);
    form.parentNode.insertBefore(panel, form.nextSibling);
    // No combobox role: the panel holds links to walk with the arrow keys, and its status line announces
    // the count; aria-controls ties the box to it.
    input.setAttribute("aria-controls", panel.id);

    function close() {
      panel.hidden = true;
    }

    function update() {
      var query = input.value.trim();
      if (!query) {
        close();
        return;
      }
      search({ query: query, limit: 6 }, function (response, error) {
        if (input.value.trim() !== query) {
          return;
        }
        list.textContent = "";
        panel.hidden = false;
        if (error) {
          status.textContent = text("js_error");
          return;
        }
        var notices = noticesNode(response, null);
        if (notices) {
          var noticeItem = element("li", "quick-notices");
          noticeItem.appendChild(notices);
          list.appendChild(noticeItem);
        }
        if (!response.total) {
          status.textContent = "";
          var item = element("li");
          item.appendChild(suggestionsNode(response, query));
          list.appendChild(item);
          return;
        }
        status.textContent = countText(response.total);
        response.hits.forEach(function (hit) {
          list.appendChild(resultItem(hit, false));
        });
        var all = element("li", "quick-all");
        var link = element("a", null, text("js_show_all"));
        link.href = searchPageUrl({ q: query });
        all.appendChild(link);
        list.appendChild(all);
      });
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", start, { once: true });
    // Sent by script, so the query travels in the fragment, never to a server; without script the form's
    // own GET is the fallback.
    form.addEventListener("submit", function (event) {
      var query = input.value.trim();
      if (query) {
        event.preventDefault();
        location.href = searchPageUrl({ q: query });
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !panel.hidden) {
        var first = panel.querySelector("a");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    panel.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var index = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < links.length - 1) {
        event.preventDefault();
        links[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (index > 0 ? links[index - 1] : input).focus();
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!panel.contains(event.target) && event.target !== input) {
        close();
      }
    });
  }

  /* ---- the search page: filters, counts, postcode, URL state ---- */

  function fullSearch(input) {
    var results = document.getElementById("zoekresultaten");
    var fallback = document.querySelector(".search-fallback");
    if (fallback) {
      fallback.hidden = true;
    }
    // wijk: "uit" when the coach removed the wijk the query named.
    // ignore: ids of needs and attributes the coach removed, comma-separated.
    var state = { q: "", kind: "", domain: "", area: "", pc: "", wijk: "", ignore: "" };
    var filters = element("div", "search-filters");
    filters.setAttribute("role", "group");
    filters.setAttribute("aria-label", text("js_filters"));
    // On a phone the filters would fill the first screen before any result: they fold into a disclosure
    // whose one-line summary names the active filters, and the results come right under it.
    var filterBox = element("details", "search-filters-box");
    var filterSummary = element("summary", "search-filters-summary", text("js_filters"));
    var activeLine = element("span", "search-filters-active");
    filterSummary.appendChild(document.createTextNode(": "));
    filterSummary.appendChild(activeLine);
    filterBox.appendChild(filterSummary);
    filterBox.appendChild(filters);
    input.form.parentNode.insertBefore(filterBox, input.form.nextSibling);
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      commit(true);
    });

    var kindField = element("fieldset", "filter filter-kind");
    var kindOptions = element("div", "filter-options");
    kindField.appendChild(element("legend", null, text("js_filter_kind")));
    kindField.appendChild(kindOptions);

    function select(label, name) {
      var wrapper = element("div", "filter");
      var labelNode = element("label", null, label);
      var control = element("select");
      control.id = "filter-" + name;
      control.name = name;
      labelNode.htmlFor = control.id;
      wrapper.appendChild(labelNode);
      wrapper.appendChild(control);
      control.addEventListener("change", function () {
        state[name] = control.value;
        if (name === "area") {
          state.pc = "";
          postcode.value = "";
          postcodeNote.textContent = "";
        }
        commit(true);
      });
      return { wrapper: wrapper, control: control };
    }
    var domainSelect = select(text("js_filter_domain"), "domain");
    var areaSelect = select(text("js_filter_area"), "area");
    var areaNote = element("p", "area-note");
    areaNote.id = "filter-area-note";
    areaSelect.control.setAttribute("aria-describedby", areaNote.id);
    areaSelect.wrapper.appendChild(areaNote);

    var postcodeWrapper = element("div", "filter filter-postcode");
    var postcodeLabel = element("label", null, text("js_postcode"));
    var postcode = element("input");
    postcode.id = "filter-postcode";
    postcode.inputMode = "numeric";
    postcode.autocomplete = "postal-code";
    postcode.maxLength = 7;
    postcodeLabel.htmlFor = postcode.id;
    var postcodeNote = element("p", "postcode-note");
    postcodeNote.setAttribute("role", "status");
    postcodeWrapper.appendChild(postcodeLabel);
    postcodeWrapper.appendChild(postcode);
    postcodeWrapper.appendChild(postcodeNote);

    var clear = element("button", "filter-clear", text("js_clear_filters"));
    clear.type = "button";
    clear.addEventListener("click", function () {
      state.kind = state.domain = state.area = state.pc = "";
      postcode.value = "";
      postcodeNote.textContent = "";
      commit(true);
    });

    filters.appendChild(kindField);
    filters.appendChild(domainSelect.wrapper);
    filters.appendChild(areaSelect.wrapper);
    filters.appendChild(postcodeWrapper);
    filters.appendChild(clear);

    var status = element("p", "search-status");
    status.setAttribute("role", "status");
    var list = element("ol", "results");
    list.setAttribute("aria-label", text("js_results_label"));
    results.appendChild(status);
    results.appendChild(list);

    function areaForPostcode(value) {
      var digits = value.replace(/\D/g, "").slice(0, 4);
      if (digits.length < 4) {
        return { digits: digits, area: null };
      }
      var code = Number(digits);
      var found = (facetsInfo.areas || []).filter(function (area) {
        return area.postcodes.some(function (range) {
          return code >= range[0] && code <= range[1];
        });
      })[0];
      return { digits: digits, area: found || null };
    }

    function applyPostcode() {
      var lookup = areaForPostcode(state.pc);
      if (lookup.digits.length < 4) {
        postcodeNote.textContent = "";
        return;
      }
      if (lookup.area) {
        state.area = lookup.area.id;
        postcodeNote.textContent = text("js_postcode_in_area", { postcode: lookup.digits, area: lookup.area.name });
      } else {
        state.area = "";
        postcodeNote.textContent = text("js_postcode_unknown", { postcode: lookup.digits });
      }
    }

    postcode.addEventListener("input", function () {
      state.pc = postcode.value;
      if (areaForPostcode(state.pc).digits.length === 4 || !state.pc) {
        applyPostcode();
        commit(true);
      }
    });

    function fillOptions(control, entries, counts, current) {
      control.textContent = "";
      var all = element("option", null, text("js_filter_all"));
      all.value = "";
      control.appendChild(all);
      entries.forEach(function (entry) {
        var count = counts ? counts[entry.id] || 0 : null;
        var option = element("option", null, entry.name + (count === null ? "" : " (" + count + ")"));
        option.value = entry.id;
        option.selected = entry.id === current;
        control.appendChild(option);
      });
      control.value = current;
    }

    function fillKinds(counts) {
      kindOptions.textContent = "";
      ["", "partner", "regulation", "module", "page"].forEach(function (kind) {
        var label = element("label", "filter-choice");
        var radio = element("input");
        radio.type = "radio";
        radio.name = "kind";
        radio.value = kind;
        radio.checked = state.kind === kind;
        radio.addEventListener("change", function () {
          state.kind = kind;
          commit(true);
        });
        var count = kind && counts ? " (" + (counts[kind] || 0) + ")" : "";
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + (kind ? text("kind_" + kind) : text("js_filter_all")) + count));
        kindOptions.appendChild(label);
      });
    }

    /* The active filters in one line ("Partner · Financiën · Oosterpark"), or "geen". */
    function showActive() {
      var parts = [];
      if (state.kind) {
        parts.push(text("kind_" + state.kind));
      }
      var domain = facetsInfo.domains.filter(function (d) { return d.id === state.domain; })[0];
      if (domain) {
        parts.push(domain.label);
      }
      var area = facetsInfo.areas.filter(function (a) { return a.id === state.area; })[0];
      if (area) {
        parts.push(area.name);
      }
      activeLine.textContent = parts.length ? parts.join(" · ") : text("js_filters_none");
    }

    function render(response, error) {
      showActive();
      list.textContent = "";
      Array.prototype.forEach.call(results.querySelectorAll(".result-suggestions, .search-notices"), function (node) {
        node.remove();
      });
      if (error) {
        status.textContent = text("js_error");
        return;
      }
      var facets = response.facets || null;
      fillKinds(facets && facets.kinds);
      fillOptions(
        domainSelect.control,
        facetsInfo.domains.map(function (d) { return { id: d.id, name: d.label }; }),
        facets && facets.domains,
        state.domain
      );
      // Every wijk's count includes the municipality-wide results, so all would show the same number:
      // each wijk shows what only it has, and one line says how many work everywhere.
      var areaCounts = facets && facets.areas;
      var everywhere = areaCounts ? areaCounts[MUNICIPALITY_WIDE] || 0 : 0;
      var ownCounts = null;
      if (areaCounts) {
        ownCounts = {};
        Object.keys(areaCounts).forEach(function (id) {
          ownCounts[id] = Math.max(0, areaCounts[id] - everywhere);
        });
      }
      fillOptions(
        areaSelect.control,
        facetsInfo.areas.map(function (a) { return { id: a.id, name: a.name }; }),
        ownCounts,
        state.area
      );
      areaNote.textContent = areaCounts ? text("js_area_counts", { n: String(everywhere) }) : "";
      var notices = noticesNode(response, function () {
        state.wijk = "uit";
        commit(true);
      }, function (id) {
        var ignored = state.ignore ? state.ignore.split(",") : [];
        ignored.push(id);
        state.ignore = ignored.join(",");
        commit(true);
      });
      if (notices) {
        results.insertBefore(notices, list);
        // The household plan (plan-add.js) offers to put the recognised needs in a plan.
        if ((response.needs || []).length) {
          document.dispatchEvent(new CustomEvent("kaartenbak:needs", {
            detail: { box: notices, needs: response.needs, hits: response.hits || [] }
          }));
        }
      }
      if (!response.total) {
        status.textContent = countText(0);
        results.appendChild(suggestionsNode(response, state.q));
        return;
      }
      status.textContent = countText(response.total);
      response.hits.forEach(function (hit) {
        list.appendChild(resultItem(hit, true));
      });
    }

    function run() {
      var query = state.q.trim();
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      status.textContent = status.textContent || text("js_loading");
      search(
        {
          query: query,
          kind: state.kind || null,
          domain: state.domain || null,
          area: state.area || null,
          limit: 50,
          facets: true,
          detect_area: state.wijk !== "uit",
          ignore: state.ignore ? state.ignore.split(",") : []
        },
        function (response, error) {
          if (state.q.trim() === query) {
            render(response, error);
          }
        }
      );
    }

    function commit(push) {
      var url = stateUrl(state);
      if (url !== location.pathname + location.search + location.hash) {
        history[push ? "pushState" : "replaceState"](state, "", url);
      }
      run();
    }

    function restore() {
      var params = addressParams();
      Object.keys(state).forEach(function (key) {
        state[key] = params.get(key) || "";
      });
      input.value = state.q;
      // An old ?q= link, or the form sent without script: the query leaves the address for the fragment.
      if (location.search) {
        history.replaceState(state, "", stateUrl(state));
      }
      postcode.value = state.pc;
      postcodeNote.textContent = "";
      start().then(function () {
        if (state.pc) {
          applyPostcode();
        }
        run();
      }, function () {
        status.textContent = text("js_error");
      });
    }

    var typingTimer = null;
    input.addEventListener("input", function () {
      state.q = input.value;
      // Removed needs and attributes belong to the query they were read from.
      state.ignore = "";
      // Typing replaces the history entry; a pause of a second makes it a step back can return to.
      commit(false);
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () {
        history.replaceState(state, "", stateUrl(state));
      }, 1000);
    });
    window.addEventListener("popstate", restore);
    window.addEventListener("hashchange", restore);
    restore();
  }

  /* ---- wiring ---- */

  var onSearchPage = document.body.classList.contains("section-search");
  Array.prototype.forEach.call(document.querySelectorAll("input[data-search-input]"), function (input) {
    if (onSearchPage && input.id === "zoekveld") {
      fullSearch(input);
    } else {
      quickSearch(input);
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.querySelector("input[data-search-input]");
      if (box) {
        event.preventDefault();
        box.focus();
      }
    }
  });
})();
