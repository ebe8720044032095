/* The "In het plan" action: on partner, regulation and module pages (an element `.plan-add` with the
   page's URL in `data-plan-url`) and under every search result (search-results.js announces each result
   it renders with a `kaartenbak:result` event). A small form asks which plan, which life domain and, for a
   partner, which service; the entry is looked up in the build's directory and added to the plan in this
   browser (plan-store.js). All text is inserted as text. */
(function () {
  "use strict";

  var P = window.KaartenbakPlan;
  if (!P) {
    return;
  }
  var counter = 0;

  var element = P.element;

  function labelled(form, labelText, control) {
    counter += 1;
    control.id = "plan-add-" + counter;
    var row = element("p", "plan-add-row");
    var label = element("label", null, labelText);
    label.htmlFor = control.id;
    row.appendChild(label);
    row.appendChild(control);
    form.appendChild(row);
    return control;
  }

  function option(select, value, label, selected) {
    var node = element("option", null, label);
    node.value = value;
    node.selected = !!selected;
    select.appendChild(node);
  }

  function findByUrl(directory, url) {
    var entries = directory.entries || {};
    var found = null;
    Object.keys(entries).forEach(function (key) {
      if (entries[key].url === url) {
        found = entries[key];
      }
    });
    return found;
  }

  /* Which plan: the plans on this device (last used first) or a new one with a label. `chosen(status)`
     gives the plan to add to, or null after saying in `status` what is missing. */
  function planChooser(form) {
    var plans = P.readAll();
    var ids = Object.keys(plans).sort(function (a, b) {
      return plans[b].touched.localeCompare(plans[a].touched);
    });
    var select = labelled(form, P.text("js_plan_which"), element("select"));
    ids.forEach(function (id, i) {
      option(select, id, plans[id].label, i === 0);
    });
    option(select, "", P.text("js_plan_new"), ids.length === 0);
    var labelInput = labelled(form, P.text("js_plan_label"), element("input"));
    labelInput.type = "text";
    labelInput.autocomplete = "off";
    function showLabel() {
      labelInput.parentNode.hidden = select.value !== "";
    }
    select.addEventListener("change", showLabel);
    showLabel();
    return {
      select: select,
      chosen: function (status) {
        var plan = select.value ? P.readAll()[select.value] : null;
        if (plan) {
          return plan;
        }
        var label = labelInput.value.trim();
        if (!label) {
          status.textContent = P.text("js_plan_label_needed");
          labelInput.focus();
          return null;
        }
        return P.emptyPlan(label);
      }
    };
  }

  /* The form for `entry`, shown below `button`. */
  function openForm(box, button, entry, directory) {
    var form = element("form", "plan-add-form");
    form.noValidate = true;
    var chooser = planChooser(form);
    var planSelect = chooser.select;

    var serviceSelect = null;
    var domainSelect = labelled(form, P.text("js_plan_domain"), element("select"));
    function chooseDomains(preferred) {
      domainSelect.textContent = "";
      (directory.domains || []).forEach(function (d) {
        option(domainSelect, d.id, d.label, d.id === preferred);
      });
    }
    if (entry.services && entry.services.length) {
      serviceSelect = labelled(form, P.text("js_plan_service"), element("select"));
      entry.services.forEach(function (s, i) {
        option(serviceSelect, s.name, s.name, i === 0);
      });
      serviceSelect.addEventListener("change", function () {
        var chosen = entry.services[serviceSelect.selectedIndex];
        chooseDomains((chosen.domains || [])[0] || (entry.domains || [])[0]);
      });
      chooseDomains((entry.services[0].domains || [])[0] || (entry.domains || [])[0]);
    } else {
      chooseDomains((entry.domains || [])[0]);
    }
    var submit = element("button", "plan-add-submit", P.text("js_plan_add_confirm"));
    submit.type = "submit";
    form.appendChild(submit);
    var status = element("p", "plan-add-status");
    status.setAttribute("role", "status");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var plan = chooser.chosen(status);
      if (!plan) {
        return;
      }
      P.addEntry(plan, entry, domainSelect.value, serviceSelect ? serviceSelect.value : null);
      try {
        P.savePlan(plan);
      } catch (e) {
        status.textContent = P.text(e.memoryOnly ? "js_plan_memory_only" : "js_plan_no_storage");
        return;
      }
      status.textContent = P.text("js_plan_added", { label: plan.label }) + " ";
      var link = element("a", null, P.text("js_plan_open"));
      link.href = P.planPageUrl;
      status.appendChild(link);
      form.remove();
      button.setAttribute("aria-expanded", "false");
      button.focus();
    });
    box.insertBefore(form, button.nextSibling);
    box.appendChild(status);
    planSelect.focus();
    return form;
  }

  /* The button in `box` for the entry at `url`. */
  function decorate(box, url) {
    if (box.querySelector(".plan-add-button")) {
      return;
    }
    var button = element("button", "plan-add-button", P.text("js_plan_add"));
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    box.appendChild(button);
    var form = null;
    button.addEventListener("click", function () {
      if (form && form.parentNode) {
        form.remove();
        button.setAttribute("aria-expanded", "false");
        return;
      }
      Array.prototype.forEach.call(box.querySelectorAll(".plan-add-status"), function (s) {
        s.remove();
      });
      P.loadDirectory().then(function (directory) {
        var entry = findByUrl(directory, url);
        if (!entry) {
          var missing = element("p", "plan-add-status", P.text("js_plan_unknown"));
          missing.setAttribute("role", "status");
          box.appendChild(missing);
          return;
        }
        form = openForm(box, button, entry, directory);
        button.setAttribute("aria-expanded", "true");
      }, function () {
        var failed = element("p", "plan-add-status", P.text("js_plan_no_directory"));
        failed.setAttribute("role", "status");
        box.appendChild(failed);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".plan-add[data-plan-url]"), function (box) {
    box.hidden = false;
    decorate(box, box.getAttribute("data-plan-url"));
  });

  /* The best answer the search gave for `need`: the first result in the need's domain (the search ranks
     the best handler of each need first), as a directory entry with the service that fits. */
  function bestAnswer(need, hits, directory) {
    for (var i = 0; i < hits.length; i += 1) {
      if ((hits[i].domains || []).indexOf(need.domain) >= 0) {
        var entry = findByUrl(directory, hits[i].url);
        if (entry) {
          return { entry: entry, service: hits[i].service || null };
        }
      }
    }
    return null;
  }

  /* "Zet in plan" beside the needs the search recognised: each need becomes a concern in its life domain,
     its best answer an entry of the plan with a proposed action (status open, no date yet). */
  function addNeeds(needs, hits, directory, form, chooser, status) {
    var plan = chooser.chosen(status);
    if (!plan) {
      return;
    }
    needs.forEach(function (need) {
      plan.concerns.push({
        id: P.newId("c-"),
        domain: need.domain,
        text: need.label + ": " + need.words.join(" "),
        priority: "middel"
      });
      var answer = bestAnswer(need, hits, directory);
      if (answer) {
        var service = null;
        (answer.entry.services || []).forEach(function (s) {
          if (s.name === answer.service) {
            service = s.name;
          }
        });
        var item = P.addEntry(plan, answer.entry, need.domain, service);
        plan.actions.push({
          id: P.newId("a-"),
          who: "entry",
          who_entry: item.id,
          what: P.text("js_plan_need_action", { title: answer.entry.title, need: need.label }),
          due: "",
          status: "open"
        });
      }
    });
    try {
      P.savePlan(plan);
    } catch (e) {
      status.textContent = P.text(e.memoryOnly ? "js_plan_memory_only" : "js_plan_no_storage");
      return;
    }
    status.textContent = P.text("js_plan_needs_added", { label: plan.label, n: String(needs.length) }) + " ";
    var link = element("a", null, P.text("js_plan_open"));
    link.href = P.planPageUrl;
    status.appendChild(link);
    form.remove();
  }

  document.addEventListener("kaartenbak:needs", function (event) {
    var detail = event.detail || {};
    if (!detail.box || !detail.needs || !detail.needs.length) {
      return;
    }
    var box = element("div", "plan-add plan-add-needs");
    var button = element("button", "plan-add-button", P.text("js_plan_needs_add"));
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    box.appendChild(button);
    detail.box.appendChild(box);
    var form = null;
    button.addEventListener("click", function () {
      if (form && form.parentNode) {
        form.remove();
        button.setAttribute("aria-expanded", "false");
        return;
      }
      P.loadDirectory().then(function (directory) {
        form = element("form", "plan-add-form");
        form.noValidate = true;
        var chooser = planChooser(form);
        var submit = element("button", "plan-add-submit", P.text("js_plan_add_confirm"));
        submit.type = "submit";
        form.appendChild(submit);
        var status = element("p", "plan-add-status");
        status.setAttribute("role", "status");
        form.addEventListener("submit", function (submitted) {
          submitted.preventDefault();
          addNeeds(detail.needs, detail.hits, directory, form, chooser, status);
          button.setAttribute("aria-expanded", "false");
        });
        box.appendChild(form);
        box.appendChild(status);
        button.setAttribute("aria-expanded", "true");
        chooser.select.focus();
      }, function () {
        var failed = element("p", "plan-add-status", P.text("js_plan_no_directory"));
        failed.setAttribute("role", "status");
        box.appendChild(failed);
      });
    });
  });

  document.addEventListener("kaartenbak:result", function (event) {
    var detail = event.detail || {};
    if (!detail.item || !detail.hit || !detail.full) {
      return;
    }
    var box = element("div", "plan-add plan-add-result");
    detail.item.appendChild(box);
    decorate(box, detail.hit.url);
  });
})();
