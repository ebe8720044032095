/* Kaartenbak search page, the filters: kind, life domain and wijk with live counts, a postcode that picks
   the wijk, folded on a phone into a disclosure whose one-line summary names the active filters. Reads and
   sets the page's state (search-page.js) and asks it to search again. */
(function () {
  "use strict";

  var S = window.KaartenbakSearch;
  if (!S) {
    return;
  }
  var text = S.text;
  var element = S.element;

  /* The filter panel, placed after `form`. `state` holds kind, domain, area and pc; every change calls
     `commit(true)`. */
  function filterPanel(form, state, commit) {
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
    form.parentNode.insertBefore(filterBox, form.nextSibling);

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

    function areaForPostcode(value) {
      var digits = value.replace(/\D/g, "").slice(0, 4);
      if (digits.length < 4) {
        return { digits: digits, area: null };
      }
      var code = Number(digits);
      var found = (S.facetsInfo.areas || []).filter(function (area) {
        return area.postcodes.some(function (range) {
          return code >= range[0] && code <= range[1];
        });
      })[0];
      return { digits: digits, area: found || null };
    }

    /* The wijk of the postcode in `state.pc` becomes the area filter, and the note says which it is. */
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
      var domain = S.facetsInfo.domains.filter(function (d) { return d.id === state.domain; })[0];
      if (domain) {
        parts.push(domain.label);
      }
      var area = S.facetsInfo.areas.filter(function (a) { return a.id === state.area; })[0];
      if (area) {
        parts.push(area.name);
      }
      activeLine.textContent = parts.length ? parts.join(" · ") : text("js_filters_none");
    }

    /* Every choice with its count in the response's facets (none when the response has none). */
    function showCounts(facets) {
      fillKinds(facets && facets.kinds);
      fillOptions(
        domainSelect.control,
        S.facetsInfo.domains.map(function (d) { return { id: d.id, name: d.label }; }),
        facets && facets.domains,
        state.domain
      );
      // Every wijk's count includes the municipality-wide results, so all would show the same number:
      // each wijk shows what only it has, and one line says how many work everywhere.
      var areaCounts = facets && facets.areas;
      var everywhere = areaCounts ? areaCounts[S.MUNICIPALITY_WIDE] || 0 : 0;
      var ownCounts = null;
      if (areaCounts) {
        ownCounts = {};
        Object.keys(areaCounts).forEach(function (id) {
          ownCounts[id] = Math.max(0, areaCounts[id] - everywhere);
        });
      }
      fillOptions(
        areaSelect.control,
        S.facetsInfo.areas.map(function (a) { return { id: a.id, name: a.name }; }),
        ownCounts,
        state.area
      );
      areaNote.textContent = areaCounts ? text("js_area_counts", { n: String(everywhere) }) : "";
    }

    /* The postcode field as the restored state has it; its note waits for applyPostcode. */
    function restore() {
      postcode.value = state.pc;
      postcodeNote.textContent = "";
    }

    return { showActive: showActive, showCounts: showCounts, applyPostcode: applyPostcode, restore: restore };
  }

  S.filterPanel = filterPanel;
})();
