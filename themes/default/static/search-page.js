/* Kaartenbak search page (/search/): its state (query, filters, postcode, removed needs and wijk) kept in
   the address's fragment so that a search can be shared and stepped back through, the searches it runs and
   the list it renders under the filters (search-filters.js). */
(function () {
  "use strict";

  var S = window.KaartenbakSearch;
  if (!S) {
    return;
  }
  var text = S.text;
  var element = S.element;

  /* The search page's own address with the state in its fragment: the path stays as the page was opened,
     without a query string (an old ?q= link is read once, then replaced). */
  function stateUrl(params) {
    return location.pathname + S.searchPageUrl(params).replace(/^[^#]*/, "");
  }

  /* The state a search page address carries: the fragment, or the query string of an old link or of the
     form sent without script. */
  function addressParams() {
    var hash = location.hash.replace(/^#/, "");
    return new URLSearchParams(hash.indexOf("=") >= 0 ? hash : location.search);
  }

  /* The search page, driven by its box `input`. */
  function fullSearch(input) {
    var results = document.getElementById("zoekresultaten");
    var fallback = document.querySelector(".search-fallback");
    if (fallback) {
      fallback.hidden = true;
    }
    // wijk: "uit" when the coach removed the wijk the query named.
    // ignore: ids of needs and attributes the coach removed, comma-separated.
    var state = { q: "", kind: "", domain: "", area: "", pc: "", wijk: "", ignore: "" };
    var filters = S.filterPanel(input.form, state, commit);
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      commit(true);
    });

    var status = element("p", "search-status");
    status.setAttribute("role", "status");
    var list = element("ol", "results");
    list.setAttribute("aria-label", text("js_results_label"));
    results.appendChild(status);
    results.appendChild(list);

    function render(response, error) {
      filters.showActive();
      list.textContent = "";
      Array.prototype.forEach.call(results.querySelectorAll(".result-suggestions, .search-notices"), function (node) {
        node.remove();
      });
      if (error) {
        status.textContent = text("js_error");
        return;
      }
      filters.showCounts(response.facets || null);
      var notices = S.noticesNode(response, function () {
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
        S.announceNeeds(notices, response);
      }
      if (!response.total) {
        status.textContent = S.countText(0);
        results.appendChild(S.suggestionsNode(response, state.q));
        return;
      }
      status.textContent = S.countText(response.total);
      response.hits.forEach(function (hit) {
        list.appendChild(S.resultItem(hit, true));
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
      S.search(
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
      filters.restore();
      S.start().then(function () {
        if (state.pc) {
          filters.applyPostcode();
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

  S.fullSearch = fullSearch;
})();
