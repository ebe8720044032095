/* The editor of one household plan (plan page only): label, coordinator, strengths, per life domain the
   concerns with their priority, the goals and the directory entries with their current data from the
   build's directory, then actions, network, evaluation dates, earlier help and the optional safety plan.
   Every field is a labelled form control; lists add and remove items with buttons, and focus moves to
   the new item or back to the list's add button. Each change is saved at once through `save`. */
(function () {
  "use strict";

  var P = window.KaartenbakPlan;
  if (!P) {
    return;
  }
  var T = P.text;
  var counter = 0;

  var element = P.element;

  function uid() {
    counter += 1;
    return "plan-veld-" + counter;
  }

  /* A labelled control bound to `object[key]`. */
  function field(parent, label, object, key, kind, save, options) {
    var row = element("p", "plan-field");
    var control;
    if (kind === "textarea") {
      control = element("textarea");
      control.rows = 2;
    } else if (kind === "select") {
      control = element("select");
      options.forEach(function (o) {
        var option = element("option", null, o[1]);
        option.value = o[0];
        control.appendChild(option);
      });
    } else {
      control = element("input");
      control.type = kind || "text";
      control.autocomplete = "off";
    }
    control.id = uid();
    control.value = object[key] === null || object[key] === undefined ? "" : object[key];
    var labelNode = element("label", null, label);
    labelNode.htmlFor = control.id;
    row.appendChild(labelNode);
    row.appendChild(control);
    control.addEventListener(kind === "select" ? "change" : "input", function () {
      object[key] = control.value;
      save();
    });
    parent.appendChild(row);
    return control;
  }

  /* A list of items with add and remove: `fill(fieldset, item)` adds the item's fields. */
  function listEditor(parent, options) {
    var section = element("div", "plan-list " + (options.className || ""));
    if (options.title) {
      section.appendChild(element(options.level || "h3", null, options.title));
    }
    var list = element("ul", "plan-items");
    section.appendChild(list);
    var add = element("button", "plan-add-item", options.addLabel);
    add.type = "button";

    function item(value, index) {
      var li = element("li", "plan-item plan-card");
      var fieldset = element("fieldset");
      fieldset.appendChild(element("legend", null, options.itemLabel + " " + (index + 1)));
      options.fill(fieldset, value);
      var remove = element("button", "plan-remove", T("planjs_remove"));
      remove.type = "button";
      remove.setAttribute("aria-label", T("planjs_remove_item", { item: options.itemLabel + " " + (index + 1) }));
      remove.addEventListener("click", function () {
        var position = options.items.indexOf(value);
        if (position >= 0) {
          options.items.splice(position, 1);
        }
        options.save();
        draw();
        add.focus();
      });
      fieldset.appendChild(remove);
      li.appendChild(fieldset);
      return li;
    }

    function draw() {
      list.textContent = "";
      options.items.forEach(function (value, i) {
        if (!options.filter || options.filter(value)) {
          list.appendChild(item(value, list.childNodes.length));
        }
      });
      list.hidden = list.childNodes.length === 0;
    }

    add.addEventListener("click", function () {
      var value = options.make();
      value.id = P.newId("i-");
      options.items.push(value);
      options.save();
      draw();
      var last = list.lastChild && list.lastChild.querySelector("input, textarea, select");
      if (last) {
        last.focus();
      }
    });
    draw();
    section.appendChild(add);
    parent.appendChild(section);
    return section;
  }

  function fact(list, label, value, href) {
    if (!value) {
      return;
    }
    list.appendChild(element("dt", null, label));
    var dd = element("dd");
    if (href) {
      var link = element("a", null, value);
      link.href = href;
      dd.appendChild(link);
    } else {
      dd.textContent = value;
    }
    list.appendChild(dd);
  }

  /* What the directory says of `item` now, or null when the entry is gone. */
  function current(item, directory) {
    var entry = directory && directory.entries ? directory.entries[item.ref] : null;
    if (!entry) {
      return null;
    }
    var service = null;
    (entry.services || []).forEach(function (s) {
      if (s.name === item.service) {
        service = s;
      }
    });
    // A regulation's own mandate; for a partner those of the regulations it carries out.
    var decides = entry.mandate ? [entry.mandate] : [];
    (entry.decides || []).forEach(function (key) {
      var regulation = directory.entries[key];
      if (regulation && regulation.mandate) {
        decides.push(regulation.title + ": " + regulation.mandate);
      }
    });
    return {
      title: entry.title,
      url: entry.url,
      phone: entry.phone || null,
      referral: service ? service.referral || null : null,
      address: entry.address || null,
      hours: (service && service.hours) || entry.hours || null,
      decides: decides,
      serviceGone: !!item.service && !service
    };
  }

  function telHref(phone) {
    return "tel:" + phone.replace(/[^\d+]/g, "");
  }

  /* One referenced entry: its current data, what changed since it was added, or that it is gone. */
  function entryCard(item, directory, save, redraw) {
    var li = element("li", "plan-entry plan-card");
    var now = current(item, directory);
    var heading = element("h4", "plan-entry-title");
    var link = element("a", null, now ? now.title : item.title);
    link.href = P.entryHref(now ? now.url : item.url);
    heading.appendChild(link);
    if (item.service) {
      heading.appendChild(document.createTextNode(" · " + item.service));
    }
    li.appendChild(heading);
    if (!now) {
      li.classList.add("plan-entry-removed");
      li.appendChild(element("p", "plan-removed", T("planjs_entry_removed")));
    }
    var data = now || item;
    var facts = element("dl", "plan-facts");
    fact(facts, T("planjs_referral"), data.referral);
    fact(facts, T("planjs_phone"), data.phone, data.phone ? telHref(data.phone) : null);
    if (now) {
      fact(facts, T("planjs_address"), now.address);
      fact(facts, T("planjs_hours"), now.hours);
      fact(facts, T("planjs_decides"), now.decides.join(" · "));
    }
    if (facts.childNodes.length) {
      li.appendChild(facts);
    }
    if (now) {
      var changes = [];
      if ((now.phone || null) !== (item.phone || null)) {
        changes.push(T("planjs_changed_phone", { old: item.phone || "—", new: now.phone || "—" }));
      }
      if (!now.serviceGone && (now.referral || null) !== (item.referral || null)) {
        changes.push(T("planjs_changed_referral", { old: item.referral || "—" }));
      }
      if (now.serviceGone) {
        changes.push(T("planjs_service_removed", { service: item.service }));
      }
      if (changes.length) {
        var box = element("div", "plan-changed");
        changes.forEach(function (c) {
          box.appendChild(element("p", null, c));
        });
        var seen = element("button", "plan-seen", T("planjs_changes_seen"));
        seen.type = "button";
        seen.addEventListener("click", function () {
          item.phone = now.phone;
          item.referral = now.referral;
          item.title = now.title;
          item.url = now.url;
          save();
          redraw();
        });
        box.appendChild(seen);
        li.appendChild(box);
      }
    }
    var remove = element("button", "plan-remove", T("planjs_entry_remove"));
    remove.type = "button";
    remove.setAttribute("aria-label", T("planjs_entry_remove_named", { title: item.title }));
    remove.dataset.entry = item.id;
    li.appendChild(remove);
    return li;
  }

  var PRIORITIES = function () {
    return [["hoog", T("planjs_priority_hoog")], ["middel", T("planjs_priority_middel")], ["laag", T("planjs_priority_laag")]];
  };

  function render(container, plan, directory, save) {
    container.textContent = "";
    function redraw() {
      var focused = document.activeElement && document.activeElement.id;
      render(container, plan, directory, save);
      if (focused && document.getElementById(focused)) {
        document.getElementById(focused).focus();
      }
    }
    var heading = element("h2", "plan-heading", T("planjs_plan_of", { label: plan.label }));
    heading.id = "plan-open-titel";
    heading.tabIndex = -1;
    container.appendChild(heading);
    var basics = element("fieldset", "plan-basics");
    basics.appendChild(element("legend", null, T("planjs_basics")));
    field(basics, T("planjs_label"), plan, "label", "text", function () {
      heading.textContent = T("planjs_plan_of", { label: plan.label });
      save();
    });
    container.appendChild(basics);

    var coordinator = element("fieldset", "plan-coordinator");
    coordinator.appendChild(element("legend", null, T("planjs_coordinator")));
    field(coordinator, T("planjs_name"), plan.coordinator, "name", "text", save);
    field(coordinator, T("planjs_role"), plan.coordinator, "role", "text", save);
    field(coordinator, T("planjs_phone"), plan.coordinator, "phone", "tel", save);
    field(coordinator, T("planjs_email"), plan.coordinator, "email", "email", save);
    container.appendChild(coordinator);

    listEditor(container, {
      title: T("planjs_strengths"), level: "h3", itemLabel: T("planjs_strength"), addLabel: T("planjs_strength_add"),
      items: plan.strengths, save: save,
      make: function () {
        return { text: "" };
      },
      fill: function (fs, v) {
        field(fs, T("planjs_what_goes_well"), v, "text", "textarea", save);
      }
    });

    var domains = element("section", "plan-domains");
    domains.setAttribute("aria-labelledby", "plan-domeinen-titel");
    var domainsTitle = element("h3", null, T("planjs_domains"));
    domainsTitle.id = "plan-domeinen-titel";
    domains.appendChild(domainsTitle);
    var known = {};
    ((directory && directory.domains) || []).forEach(function (d) {
      known[d.id] = true;
    });
    var domainList = ((directory && directory.domains) || []).slice();
    // A domain the site no longer has keeps its part of the plan.
    plan.entries.concat(plan.concerns, plan.goals).forEach(function (x) {
      if (x.domain && !known[x.domain]) {
        known[x.domain] = true;
        domainList.push({ id: x.domain, label: x.domain });
      }
    });
    domainList.forEach(function (domain) {
      function inDomain(x) {
        return x.domain === domain.id;
      }
      var count = plan.entries.filter(inDomain).length + plan.concerns.filter(inDomain).length + plan.goals.filter(inDomain).length;
      var details = element("details", "plan-domain");
      details.dataset.domain = domain.id;
      details.open = count > 0;
      details.appendChild(element("summary", null, domain.label + (count ? " (" + count + ")" : "")));
      listEditor(details, {
        title: T("planjs_concerns"), level: "h4", itemLabel: T("planjs_concern"), addLabel: T("planjs_concern_add"),
        className: "plan-concerns", items: plan.concerns, filter: inDomain, save: save,
        make: function () {
          return { domain: domain.id, text: "", priority: "middel" };
        },
        fill: function (fs, v) {
          field(fs, T("planjs_concern_text"), v, "text", "textarea", save);
          field(fs, T("planjs_priority"), v, "priority", "select", save, PRIORITIES());
        }
      });
      listEditor(details, {
        title: T("planjs_goals"), level: "h4", itemLabel: T("planjs_goal"), addLabel: T("planjs_goal_add"),
        className: "plan-goals", items: plan.goals, filter: inDomain, save: save,
        make: function () {
          return { domain: domain.id, long_term: "", next_step: "" };
        },
        fill: function (fs, v) {
          field(fs, T("planjs_long_term"), v, "long_term", "textarea", save);
          field(fs, T("planjs_next_step"), v, "next_step", "textarea", save);
        }
      });
      var entries = plan.entries.filter(inDomain);
      details.appendChild(element("h4", null, T("planjs_entries")));
      if (entries.length) {
        var list = element("ul", "plan-entries");
        entries.forEach(function (item) {
          list.appendChild(entryCard(item, directory, save, redraw));
        });
        details.appendChild(list);
      } else {
        details.appendChild(element("p", "plan-hint", T("planjs_entries_none")));
      }
      domains.appendChild(details);
    });
    domains.addEventListener("click", function (event) {
      var id = event.target && event.target.dataset ? event.target.dataset.entry : null;
      if (!id) {
        return;
      }
      plan.entries = plan.entries.filter(function (e) {
        return e.id !== id;
      });
      plan.actions.forEach(function (a) {
        if (a.who_entry === id) {
          a.who_entry = null;
        }
      });
      save();
      redraw();
      heading.focus();
    });
    container.appendChild(domains);

    var whoOptions = [["household", T("planjs_who_household")], ["network", T("planjs_who_network")], ["coach", T("planjs_who_coach")]]
      .concat(plan.entries.map(function (e) {
        return ["entry:" + e.id, e.title + (e.service ? " · " + e.service : "")];
      }));
    listEditor(container, {
      title: T("planjs_actions"), itemLabel: T("planjs_action"), addLabel: T("planjs_action_add"),
      className: "plan-actions", items: plan.actions, save: save,
      make: function () {
        return { who: "household", who_entry: null, what: "", due: "", status: "open" };
      },
      fill: function (fs, v) {
        var proxy = { who: v.who === "entry" && v.who_entry ? "entry:" + v.who_entry : v.who };
        field(fs, T("planjs_who"), proxy, "who", "select", function () {
          if (proxy.who.indexOf("entry:") === 0) {
            v.who = "entry";
            v.who_entry = proxy.who.slice(6);
          } else {
            v.who = proxy.who;
            v.who_entry = null;
          }
          save();
        }, whoOptions);
        field(fs, T("planjs_what"), v, "what", "textarea", save);
        field(fs, T("planjs_due"), v, "due", "date", save);
        field(fs, T("planjs_status"), v, "status", "select", save,
          [["open", T("planjs_status_open")], ["bezig", T("planjs_status_bezig")], ["klaar", T("planjs_status_klaar")]]);
      }
    });
    listEditor(container, {
      title: T("planjs_network"), itemLabel: T("planjs_contact"), addLabel: T("planjs_contact_add"),
      className: "plan-network", items: plan.network, save: save,
      make: function () {
        return { name: "", relation: "", phone: "" };
      },
      fill: function (fs, v) {
        field(fs, T("planjs_name"), v, "name", "text", save);
        field(fs, T("planjs_relation"), v, "relation", "text", save);
        field(fs, T("planjs_phone"), v, "phone", "tel", save);
      }
    });
    listEditor(container, {
      title: T("planjs_evaluations"), itemLabel: T("planjs_evaluation"), addLabel: T("planjs_evaluation_add"),
      className: "plan-evaluations", items: plan.evaluations, save: save,
      make: function () {
        return { date: "", note: "" };
      },
      fill: function (fs, v) {
        field(fs, T("planjs_date"), v, "date", "date", save);
        field(fs, T("planjs_note"), v, "note", "text", save);
      }
    });
    listEditor(container, {
      title: T("planjs_earlier_help"), itemLabel: T("planjs_help"), addLabel: T("planjs_help_add"),
      className: "plan-earlier", items: plan.earlier_help, save: save,
      make: function () {
        return { text: "" };
      },
      fill: function (fs, v) {
        field(fs, T("planjs_help_text"), v, "text", "textarea", save);
      }
    });

    var safety = element("fieldset", "plan-safety");
    safety.appendChild(element("legend", null, T("planjs_safety")));
    var toggleRow = element("p", "plan-field plan-check");
    var toggle = element("input");
    toggle.type = "checkbox";
    toggle.id = uid();
    toggle.checked = !!plan.safety_plan;
    var toggleLabel = element("label", null, T("planjs_safety_on"));
    toggleLabel.htmlFor = toggle.id;
    toggleRow.appendChild(toggle);
    toggleRow.appendChild(toggleLabel);
    safety.appendChild(toggleRow);
    var safetyBody = element("div");
    function drawSafety() {
      safetyBody.textContent = "";
      if (plan.safety_plan) {
        safetyBody.appendChild(element("p", "plan-hint", T("planjs_safety_hint")));
        field(safetyBody, T("planjs_safety_text"), plan.safety_plan, "text", "textarea", save);
      }
    }
    toggle.addEventListener("change", function () {
      plan.safety_plan = toggle.checked ? plan.safety_plan || { text: "" } : null;
      save();
      drawSafety();
    });
    drawSafety();
    safety.appendChild(safetyBody);
    container.appendChild(safety);
  }

  P.editor = { render: render, current: current, telHref: telHref };
})();
