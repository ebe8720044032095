/* Kaartenbak search, the results: one result as a list item (title, kind, snippet, a partner's facts with a
   phone number to tap, its notices in force today), the count line, and what to try when nothing was found.
   Other scripts add to each result through the `kaartenbak:result` event it sends. */
(function () {
  "use strict";

  var S = window.KaartenbakSearch;
  if (!S) {
    return;
  }
  var text = S.text;
  var element = S.element;

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

  /* One hit as an item of the quick list (`full` false) or of the search page's list (`full` true). */
  function resultItem(hit, full) {
    var item = element("li", "result result-" + hit.kind);
    var heading = element(full ? "h2" : "p", "result-title");
    var link = element("a", null, hit.title);
    link.href = S.hitUrl(hit.url);
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
    // Other scripts add to a result here (plan-add.js: "In het plan"); the search knows nothing of them.
    document.dispatchEvent(new CustomEvent("kaartenbak:result", { detail: { item: item, hit: hit, full: full } }));
    return item;
  }

  function countText(total) {
    return total === 1 ? text("js_results_one") : text("js_results_many", { n: String(total) });
  }

  /* Nothing found for `query`: the spellings the index knows ("Bedoelt u …?") and the domains to look in. */
  function suggestionsNode(response, query) {
    var box = element("div", "result-suggestions");
    box.appendChild(element("p", null, text("js_results_none", { q: query })));
    var suggestions = response && response.suggestions;
    if (suggestions && suggestions.spellings.length) {
      var spelling = element("p", null, text("js_did_you_mean") + " ");
      suggestions.spellings.forEach(function (corrected, i) {
        var link = element("a", null, corrected);
        link.href = S.searchPageUrl({ q: corrected });
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
        link.href = S.pageUrl("domains/" + encodeURIComponent(domain.id) + "/");
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  S.resultItem = resultItem;
  S.countText = countText;
  S.suggestionsNode = suggestionsNode;
})();
