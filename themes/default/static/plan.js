/* The plan page (/plan/): the list of this browser's household plans by label, a new plan, import and
   export, the .ics, print for the household and for the coach, "Alles wissen", the automatic expiry with
   its warning a week before, and from file:// the warning about shared storage with a memory-only choice.
   The editor itself is plan-editor.js, files and encryption plan-io.js, storage plan-store.js. */
(function () {
  "use strict";

  var P = window.KaartenbakPlan;
  var app = document.getElementById("plan-app");
  var configElement = document.getElementById("plan-config");
  if (!P || !P.editor || !P.io || !app || !configElement) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  P.addStrings(config.strings);
  var T = P.text;
  var DAY = 24 * 60 * 60 * 1000;
  var WARN_DAYS = 7;
  var expiryDays = P.expiryDays;
  var directory = null;
  var openId = null;
  var fieldCount = 0;

  var element = P.element;

  function button(label, className, onClick) {
    var node = element("button", className, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function labelled(parent, label, control) {
    fieldCount += 1;
    control.id = control.id || "plan-veld-p" + fieldCount;
    var row = element("p", "plan-field");
    var node = element("label", null, label);
    node.htmlFor = control.id;
    row.appendChild(node);
    row.appendChild(control);
    parent.appendChild(row);
    return control;
  }

  function section(id, title) {
    var node = element("section", "plan-section");
    node.setAttribute("aria-labelledby", id);
    var heading = element("h2", null, title);
    heading.id = id;
    node.appendChild(heading);
    return node;
  }

  function date(iso) {
    return new Date(iso).toLocaleDateString(document.documentElement.lang || "nl");
  }

  app.textContent = "";
  var notices = element("div", "plan-notices");
  notices.setAttribute("role", "status");
  app.appendChild(notices);
  function notice(message, className) {
    var p = element("p", "plan-notice " + (className || ""), message);
    notices.appendChild(p);
    return p;
  }

  /* ---- expiry: plan-store.js removed the plans untouched for expiryDays as this page opened (every
     page does that); here they are named, and a week before, a warning ---- */
  function expire() {
    P.expiredOnOpening.forEach(function (label) {
      notice(T("planjs_expired", { label: label, days: String(expiryDays) }), "plan-expired");
    });
    var plans = P.readAll();
    var now = Date.now();
    Object.keys(plans).forEach(function (id) {
      var plan = plans[id];
      var idle = (now - Date.parse(plan.touched)) / DAY;
      if (idle >= expiryDays - WARN_DAYS) {
        var left = Math.max(1, Math.ceil(expiryDays - idle));
        var warning = notice(T("planjs_expiry_warning", { label: plan.label, days: String(left) }) + " ", "plan-expiry-warning");
        warning.appendChild(button(T("planjs_keep"), "plan-keep", function () {
          P.savePlan(P.readAll()[id]);
          warning.remove();
          drawList();
        }));
      }
    });
  }

  /* ---- file:// shares one storage area between every page on disk ---- */
  if (P.memoryOnlyMarked()) {
    // Chosen before: this visit keeps plans in memory too (the plans of the last visit are gone).
    P.useMemoryOnly();
    notice(T("planjs_memory_only_on"), "plan-disk-warning");
  } else if (P.fromDisk) {
    var diskWarning = notice(T("planjs_disk_warning") + " ", "plan-disk-warning");
    diskWarning.appendChild(button(T("planjs_memory_only"), "plan-memory-only", function () {
      P.useMemoryOnly();
      diskWarning.textContent = T("planjs_memory_only_on");
    }));
  }

  /* ---- the list of plans, a new plan, import, Alles wissen ---- */
  var listSection = section("plan-lijst-titel", T("planjs_plans"));
  var list = element("ul", "plan-list-plans");
  listSection.appendChild(list);
  var empty = element("p", "plan-hint", T("planjs_no_plans"));
  listSection.appendChild(empty);
  app.appendChild(listSection);

  function drawList() {
    var plans = P.readAll();
    var ids = Object.keys(plans).sort(function (a, b) {
      return plans[a].label.localeCompare(plans[b].label);
    });
    list.textContent = "";
    ids.forEach(function (id) {
      var li = element("li", "plan-list-item");
      var open = button(plans[id].label, "plan-open", function () {
        openPlan(id);
      });
      open.setAttribute("aria-label", T("planjs_open_named", { label: plans[id].label }));
      if (id === openId) {
        open.setAttribute("aria-current", "true");
      }
      li.appendChild(open);
      li.appendChild(element("span", "plan-touched", T("planjs_touched", { date: date(plans[id].touched) })));
      list.appendChild(li);
    });
    empty.hidden = ids.length > 0;
  }

  var newForm = element("form", "plan-new");
  var newLabel = labelled(newForm, T("planjs_new_label"), element("input"));
  newLabel.type = "text";
  newLabel.autocomplete = "off";
  var newSubmit = element("button", null, T("planjs_new"));
  newSubmit.type = "submit";
  newForm.appendChild(newSubmit);
  newForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var label = newLabel.value.trim();
    if (!label) {
      newLabel.setAttribute("aria-invalid", "true");
      notices.textContent = "";
      notice(T("planjs_label_needed"));
      newLabel.focus();
      return;
    }
    newLabel.removeAttribute("aria-invalid");
    var plan = P.emptyPlan(label);
    P.savePlan(plan);
    newLabel.value = "";
    openPlan(plan.id);
  });
  listSection.appendChild(newForm);

  var importForm = element("form", "plan-import");
  importForm.appendChild(element("h3", null, T("planjs_import")));
  var importFile = labelled(importForm, T("planjs_import_file"), element("input"));
  importFile.type = "file";
  importFile.accept = ".json,application/json";
  var importPass = labelled(importForm, T("planjs_passphrase_if_any"), element("input"));
  importPass.type = "password";
  importPass.autocomplete = "off";
  var importSubmit = element("button", null, T("planjs_import_button"));
  importSubmit.type = "submit";
  importForm.appendChild(importSubmit);
  var importStatus = element("div", "plan-import-status");
  importStatus.setAttribute("role", "status");
  importForm.appendChild(importStatus);
  importForm.addEventListener("submit", function (event) {
    event.preventDefault();
    importStatus.textContent = "";
    var file = importFile.files && importFile.files[0];
    if (!file) {
      importStatus.appendChild(element("p", "plan-error", T("planjs_import_choose")));
      return;
    }
    file.text().then(function (raw) {
      return P.io.importText(raw, importPass.value);
    }).then(function (plan) {
      var plans = P.readAll();
      // Never over a plan of this browser: a file with the same id comes in beside it.
      if (plans[plan.id]) {
        plan.id = P.newId("plan-");
        plan.label += " " + T("planjs_imported_suffix");
      }
      P.savePlan(plan);
      importPass.value = "";
      importStatus.appendChild(element("p", "plan-ok", T("planjs_import_done", { label: plan.label })));
      openPlan(plan.id);
    }, function (messages) {
      var failure = element("div", "plan-error");
      failure.appendChild(element("p", null, T("planjs_import_failed")));
      var ul = element("ul");
      (Array.isArray(messages) ? messages : [String(messages)]).slice(0, 10).forEach(function (m) {
        ul.appendChild(element("li", null, m));
      });
      failure.appendChild(ul);
      importStatus.appendChild(failure);
    });
  });
  listSection.appendChild(importForm);

  var wipe = element("div", "plan-wipe");
  wipe.appendChild(element("h3", null, T("planjs_wipe_title")));
  wipe.appendChild(element("p", null, T("planjs_wipe_explain")));
  var wipeConfirm = element("p", "plan-wipe-confirm");
  wipeConfirm.hidden = true;
  wipeConfirm.appendChild(element("span", null, T("planjs_wipe_sure") + " "));
  var wipeButton = button(T("planjs_wipe"), "plan-wipe-button", function () {
    wipeConfirm.hidden = false;
    wipeConfirm.querySelector(".plan-wipe-yes").focus();
  });
  wipeConfirm.appendChild(button(T("planjs_wipe_yes"), "plan-wipe-yes", function () {
    P.wipeAll();
    openId = null;
    editorArea.hidden = true;
    editorArea.textContent = "";
    printArea.textContent = "";
    notices.textContent = "";
    wipeConfirm.hidden = true;
    drawList();
    notice(T("planjs_wiped"));
    wipeButton.focus();
  }));
  wipeConfirm.appendChild(button(T("planjs_wipe_no"), "plan-wipe-no", function () {
    wipeConfirm.hidden = true;
    wipeButton.focus();
  }));
  wipe.appendChild(wipeButton);
  wipe.appendChild(wipeConfirm);
  listSection.appendChild(wipe);

  /* ---- the open plan ---- */
  var editorArea = element("section", "plan-current");
  editorArea.setAttribute("aria-labelledby", "plan-open-titel");
  editorArea.hidden = true;
  app.appendChild(editorArea);
  var printArea = element("div", "plan-print");
  printArea.id = "plan-print";
  app.appendChild(printArea);

  function openPlan(id) {
    var plan = P.readAll()[id];
    if (!plan) {
      return;
    }
    openId = id;
    P.savePlan(plan);
    function save() {
      P.savePlan(plan);
    }
    editorArea.hidden = false;
    editorArea.textContent = "";
    var body = element("div", "plan-editor");
    editorArea.appendChild(body);
    P.editor.render(body, plan, directory, save);
    editorArea.appendChild(tools(plan));
    drawList();
    var heading = document.getElementById("plan-open-titel");
    if (heading) {
      heading.focus();
    }
  }

  function tools(plan) {
    var box = section("plan-bestand-titel", T("planjs_tools"));
    box.classList.add("plan-tools");
    var exportForm = element("form", "plan-export");
    var pass = null;
    if (P.io.canEncrypt()) {
      pass = labelled(exportForm, T("planjs_passphrase_optional"), element("input"));
      pass.type = "password";
      pass.autocomplete = "new-password";
    } else {
      exportForm.appendChild(element("p", "plan-hint plan-no-crypto", T("planjs_crypto_unavailable")));
    }
    var exportButton = element("button", null, T("planjs_export"));
    exportButton.type = "submit";
    exportForm.appendChild(exportButton);
    var exportStatus = element("p", "plan-export-status");
    exportStatus.setAttribute("role", "status");
    exportForm.appendChild(exportStatus);
    exportForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var passphrase = pass ? pass.value : "";
      P.io.exportText(P.readAll()[plan.id] || plan, passphrase).then(function (text) {
        P.lastExport = text;
        P.io.download(P.io.fileName(plan, ".json"), "application/json", text);
        exportStatus.textContent = passphrase ? T("planjs_exported_encrypted") : T("planjs_exported");
        if (pass) {
          pass.value = "";
        }
      });
    });
    box.appendChild(exportForm);
    var row = element("p", "plan-tool-buttons");
    row.appendChild(button(T("planjs_ics"), "plan-ics", function () {
      var text = P.io.calendar(plan);
      P.lastCalendar = text;
      P.io.download(P.io.fileName(plan, ".ics"), "text/calendar", text);
    }));
    row.appendChild(button(T("planjs_print_household"), "plan-print-household", function () {
      printNow(plan, "household");
    }));
    row.appendChild(button(T("planjs_print_coach"), "plan-print-coach", function () {
      printNow(plan, "coach");
    }));
    box.appendChild(row);
    var removeConfirm = element("p", "plan-delete-confirm");
    removeConfirm.hidden = true;
    removeConfirm.appendChild(element("span", null, T("planjs_delete_sure", { label: plan.label }) + " "));
    var removeButton = button(T("planjs_delete"), "plan-delete", function () {
      removeConfirm.hidden = false;
      removeConfirm.querySelector("button").focus();
    });
    removeConfirm.appendChild(button(T("planjs_delete_yes"), "plan-delete-yes", function () {
      P.removePlan(plan.id);
      openId = null;
      editorArea.hidden = true;
      editorArea.textContent = "";
      drawList();
      newLabel.focus();
    }));
    removeConfirm.appendChild(button(T("planjs_wipe_no"), "plan-delete-no", function () {
      removeConfirm.hidden = true;
      removeButton.focus();
    }));
    box.appendChild(removeButton);
    box.appendChild(removeConfirm);
    return box;
  }

  /* ---- print ---- */
  function card(parent, title, facts) {
    var node = element("section", "plan-print-card");
    node.appendChild(element("h3", null, title));
    var dl = element("dl");
    facts.forEach(function (f) {
      if (f[1]) {
        dl.appendChild(element("dt", null, f[0]));
        dl.appendChild(element("dd", null, f[1]));
      }
    });
    if (dl.childNodes.length) {
      node.appendChild(dl);
    }
    parent.appendChild(node);
    return node;
  }

  function domainLabel(id) {
    var label = id;
    ((directory && directory.domains) || []).forEach(function (d) {
      if (d.id === id) {
        label = d.label;
      }
    });
    return label;
  }

  function who(plan, action) {
    if (action.who === "entry") {
      var title = "";
      plan.entries.forEach(function (e) {
        if (e.id === action.who_entry) {
          title = e.title;
        }
      });
      return title;
    }
    return T("planjs_who_" + action.who);
  }

  /* The printed plan: for the household in plain language (who to call, what happens next), for the
     coach the whole plan. Built into #plan-print, which only print shows. */
  function preparePrint(plan, kind) {
    printArea.textContent = "";
    var household = kind === "household";
    printArea.appendChild(element("h1", null, T(household ? "planjs_print_title_household" : "planjs_print_title_coach", { label: plan.label })));
    if (plan.coordinator.name || plan.coordinator.phone) {
      card(printArea, T(household ? "planjs_print_your_coach" : "planjs_coordinator"), [
        [T("planjs_name"), plan.coordinator.name], [T("planjs_role"), plan.coordinator.role],
        [T("planjs_phone"), plan.coordinator.phone], [T("planjs_email"), plan.coordinator.email]
      ]);
    }
    if (!household) {
      plan.strengths.forEach(function (s, i) {
        card(printArea, T("planjs_strength") + " " + (i + 1), [[T("planjs_what_goes_well"), s.text]]);
      });
      plan.concerns.forEach(function (c) {
        card(printArea, T("planjs_concern") + " · " + domainLabel(c.domain), [
          [T("planjs_concern_text"), c.text], [T("planjs_priority"), T("planjs_priority_" + c.priority)]
        ]);
      });
    }
    printArea.appendChild(element("h2", null, T(household ? "planjs_print_who_helps" : "planjs_entries")));
    plan.entries.forEach(function (item) {
      var now = P.editor.current(item, directory) || item;
      card(printArea, (now.title || item.title) + (item.service ? " · " + item.service : ""), [
        [T(household ? "planjs_print_what_for" : "planjs_domains"), domainLabel(item.domain)],
        [T(household ? "planjs_print_how" : "planjs_referral"), now.referral],
        [T(household ? "planjs_print_call" : "planjs_phone"), now.phone],
        [T("planjs_address"), now.address], [T("planjs_hours"), now.hours]
      ]);
    });
    printArea.appendChild(element("h2", null, T(household ? "planjs_print_next" : "planjs_goals")));
    plan.goals.forEach(function (g) {
      card(printArea, domainLabel(g.domain), household ? [[T("planjs_print_next_step"), g.next_step]]
        : [[T("planjs_long_term"), g.long_term], [T("planjs_next_step"), g.next_step]]);
    });
    plan.actions.forEach(function (a) {
      if (household && a.status === "klaar") {
        return;
      }
      card(printArea, a.what || T("planjs_action"), [
        [T("planjs_who"), who(plan, a)], [T("planjs_due"), a.due],
        [T("planjs_status"), T("planjs_status_" + a.status)]
      ]);
    });
    plan.evaluations.forEach(function (e) {
      card(printArea, T(household ? "planjs_print_meeting" : "planjs_evaluation"), [[T("planjs_date"), e.date], [T("planjs_note"), e.note]]);
    });
    if (!household) {
      plan.network.forEach(function (n) {
        card(printArea, n.name || T("planjs_contact"), [[T("planjs_relation"), n.relation], [T("planjs_phone"), n.phone]]);
      });
      plan.earlier_help.forEach(function (h, i) {
        card(printArea, T("planjs_help") + " " + (i + 1), [[T("planjs_help_text"), h.text]]);
      });
      if (plan.safety_plan) {
        card(printArea, T("planjs_safety"), [[T("planjs_safety_text"), plan.safety_plan.text]]);
      }
    }
    document.documentElement.classList.add("plan-printing");
  }

  function printNow(plan, kind) {
    preparePrint(plan, kind);
    window.print();
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("plan-printing");
  });

  P.page = {
    openPlan: openPlan,
    preparePrint: function (kind) {
      preparePrint(P.readAll()[openId], kind);
    },
    ready: null
  };

  expire();
  drawList();
  // The directory makes the plan current (changed phone numbers, removed entries); without it the plan
  // shows what was saved.
  P.page.ready = P.loadDirectory().then(function (loaded) {
    directory = loaded;
  }, function () {
    notice(T("planjs_no_directory"));
  }).then(function () {
    app.classList.add("plan-ready");
    if (openId) {
      openPlan(openId);
    }
  });
})();
