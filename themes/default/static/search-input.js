/* Kaartenbak search, the search boxes: quick results under the box on every page while typing (the engine
   starts on the first focus), the "/" key that jumps to the box, and on /search/ the page's own box handed
   to search-page.js. Loaded last of the search scripts: it starts them. */
(function () {
  "use strict";

  var S = window.KaartenbakSearch;
  if (!S) {
    return;
  }
  var text = S.text;
  var element = S.element;

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
      S.search({ query: query, limit: 6 }, function (response, error) {
        if (input.value.trim() !== query) {
          return;
        }
        list.textContent = "";
        panel.hidden = false;
        if (error) {
          status.textContent = text("js_error");
          return;
        }
        var notices = S.noticesNode(response, null);
        if (notices) {
          var noticeItem = element("li", "quick-notices");
          noticeItem.appendChild(notices);
          list.appendChild(noticeItem);
        }
        if (!response.total) {
          status.textContent = "";
          var item = element("li");
          item.appendChild(S.suggestionsNode(response, query));
          list.appendChild(item);
          return;
        }
        status.textContent = S.countText(response.total);
        response.hits.forEach(function (hit) {
          list.appendChild(S.resultItem(hit, false));
        });
        var all = element("li", "quick-all");
        var link = element("a", null, text("js_show_all"));
        link.href = S.searchPageUrl({ q: query });
        all.appendChild(link);
        list.appendChild(all);
      });
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", S.start, { once: true });
    // Sent by script, so the query travels in the fragment, never to a server; without script the form's
    // own GET is the fallback.
    form.addEventListener("submit", function (event) {
      var query = input.value.trim();
      if (query) {
        event.preventDefault();
        location.href = S.searchPageUrl({ q: query });
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

  /* ---- wiring ---- */

  // search-page.js is loaded on the search page only.
  var onSearchPage = document.body.classList.contains("section-search") && S.fullSearch;
  Array.prototype.forEach.call(document.querySelectorAll("input[data-search-input]"), function (input) {
    if (onSearchPage && input.id === "zoekveld") {
      S.fullSearch(input);
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
