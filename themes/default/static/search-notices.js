/* Kaartenbak search, what the search understood besides the words as typed: the needs and attributes it
   recognised (each removable), parts or corrections searched for a word that found nothing, glossary terms
   named, and the wijk the query named (which the coach can remove). Sends `kaartenbak:needs` so that the
   household plan (plan-add.js) can offer "Zet in plan". */
(function () {
  "use strict";

  var S = window.KaartenbakSearch;
  if (!S) {
    return;
  }
  var text = S.text;
  var element = S.element;

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

  /* The notices of one response, or null when the search read nothing besides the words. Without
     `onRemoveArea` and `onIgnore` (the quick results) nothing is removable. */
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
      if (S.config.glossaryPage) {
        var link = element("a", null, term.term);
        link.href = S.pageUrl(S.config.glossaryPage + "#" + encodeURIComponent(term.id));
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

  /* The household plan (plan-add.js) offers to put the recognised needs in a plan, beside `box`. */
  function announceNeeds(box, response) {
    if ((response.needs || []).length) {
      document.dispatchEvent(new CustomEvent("kaartenbak:needs", {
        detail: { box: box, needs: response.needs, hits: response.hits || [] }
      }));
    }
  }

  S.noticesNode = noticesNode;
  S.announceNeeds = announceNeeds;
})();
