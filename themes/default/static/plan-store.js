/* Kaartenbak household plans: where they are kept and how entries are looked up. Loaded on every page (the
   "In het plan" action needs it) before plan-add.js and, on /plan/, plan-io.js and plan.js; it only
   defines window.KaartenbakPlan and touches nothing until asked.

   Plans live in this browser's localStorage only, under one key per site: browser storage belongs to an
   origin, not to a folder, so two sites on one host would otherwise share it; the key carries the site's
   base path. From the plan page a coach can switch to memory only (file://, where every page on disk
   shares one storage area): then nothing is written at all. Nothing here sends anything anywhere.
   Plans untouched for the site's `plan_expiry_days` are removed as soon as any page of the site opens, not
   only the plan page: a coach who never opens the plan page again still loses the household's data on time. */
(function () {
  "use strict";

  var configElement = document.getElementById("search-config");
  var script = document.currentScript;
  if (!configElement || !script) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  // This script is static/plan-store.js: the site's root is one folder up, from http(s) or from disk.
  var root = new URL("../", script.src);
  var fromDisk = location.protocol === "file:";
  var storageKey = "kaartenbak-plannen:" + config.base;
  // Set while the coach keeps plans in the plan page's memory only: a mark without any plan data, so that
  // "In het plan" on other pages writes nothing either and says why.
  var memoryOnlyKey = "kaartenbak-plannen-alleen-geheugen:" + config.base;
  var FORMAT = "kaartenbak-plan";
  var VERSION = 1;
  var memory = null;

  // The site's strings (static/strings.js: `js_`), and on the plan page also its own (`planjs_`).
  var strings = {};
  var shared = window.KaartenbakStrings || {};
  Object.keys(shared).forEach(function (key) {
    strings[key] = shared[key];
  });

  function addStrings(more) {
    Object.keys(more || {}).forEach(function (key) {
      strings[key] = more[key];
    });
  }

  function text(key, values) {
    var result = strings[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      result = result.split("{" + name + "}").join(values[name]);
    });
    return result;
  }

  /* A new element with a class and text (always as text, never as HTML): the plan scripts' one builder. */
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

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function memoryOnlyMarked() {
    var store = storage();
    try {
      return Boolean(store && store.getItem(memoryOnlyKey));
    } catch (e) {
      return false;
    }
  }

  /* Every plan of this site, by id. */
  function readAll() {
    if (memory) {
      return memory;
    }
    if (memoryOnlyMarked()) {
      return {};
    }
    var store = storage();
    var raw = store && store.getItem(storageKey);
    if (!raw) {
      return {};
    }
    try {
      var parsed = JSON.parse(raw);
      return parsed && parsed.plans ? parsed.plans : {};
    } catch (e) {
      return {};
    }
  }

  function writeAll(plans) {
    if (memory) {
      memory = plans;
      return;
    }
    if (memoryOnlyMarked()) {
      var refused = new Error("memory only");
      refused.memoryOnly = true;
      throw refused;
    }
    var store = storage();
    if (!store) {
      throw new Error("no storage");
    }
    if (Object.keys(plans).length === 0) {
      store.removeItem(storageKey);
    } else {
      store.setItem(storageKey, JSON.stringify({ format: FORMAT, version: VERSION, plans: plans }));
    }
  }

  function newId(prefix) {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function now() {
    return new Date().toISOString();
  }

  function emptyPlan(label) {
    var stamp = now();
    return {
      id: newId("plan-"),
      label: label,
      created: stamp,
      touched: stamp,
      coordinator: { name: "", role: "", phone: "", email: "" },
      strengths: [],
      concerns: [],
      goals: [],
      entries: [],
      actions: [],
      network: [],
      evaluations: [],
      earlier_help: [],
      safety_plan: null
    };
  }

  function savePlan(plan) {
    var plans = readAll();
    plan.touched = now();
    plans[plan.id] = plan;
    writeAll(plans);
  }

  function removePlan(id) {
    var plans = readAll();
    delete plans[id];
    writeAll(plans);
  }

  /* Every trace: the plans of this site in storage and in memory, and the memory-only mark. */
  function wipeAll() {
    memory = null;
    var store = storage();
    if (store) {
      store.removeItem(storageKey);
      store.removeItem(memoryOnlyKey);
    }
  }

  /* Keep plans in this page's memory only, and take them out of storage. */
  function useMemoryOnly() {
    var plans = readAll();
    var store = storage();
    if (store) {
      store.removeItem(storageKey);
      store.setItem(memoryOnlyKey, "1");
    }
    memory = plans;
  }

  /* An entry of the directory added to `plan` under `domain`, with what the page shows of it now (kept so
     that a later change can be shown as a change). */
  function addEntry(plan, entry, domain, service) {
    var serviceData = null;
    (entry.services || []).forEach(function (s) {
      if (s.name === service) {
        serviceData = s;
      }
    });
    var item = {
      id: newId("e-"),
      ref: entry.kind + "/" + entry.id,
      url: entry.url,
      title: entry.title,
      domain: domain,
      service: serviceData ? serviceData.name : null,
      phone: entry.phone || null,
      referral: serviceData ? serviceData.referral || null : null,
      added: now()
    };
    plan.entries.push(item);
    return item;
  }

  var directory = null;

  /* The build's directory of entries (plan/directory.json), fetched or, from disk, through its script twin. */
  function loadDirectory() {
    if (directory) {
      return directory;
    }
    var url = new URL("plan/directory.json", root).href;
    if (fromDisk) {
      directory = new Promise(function (resolve, reject) {
        window.kaartenbakPlanDirectory = resolve;
        var tag = document.createElement("script");
        tag.src = url + ".js";
        tag.onerror = function () {
          reject(new Error(url));
        };
        document.head.appendChild(tag);
      });
    } else {
      // Never an old copy: a changed phone number must show on the plan page after a rebuild.
      directory = fetch(url, { cache: "no-store" }).then(function (response) {
        if (!response.ok) {
          throw new Error(url + ": " + response.status);
        }
        return response.json();
      });
    }
    directory.catch(function () {
      directory = null;
    });
    return directory;
  }

  function pageUrl(path) {
    return new URL(path + (fromDisk ? "index.html" : ""), root).href;
  }

  /* A root-relative URL of the directory as a page of this copy of the site. */
  function entryHref(url) {
    // Only this site's pages: a plan read from a file cannot make a link to another scheme or host.
    if (typeof url !== "string" || url.indexOf(config.base) !== 0) {
      return pageUrl("");
    }
    return pageUrl(url.slice(config.base.length));
  }

  var DAY = 24 * 60 * 60 * 1000;

  /* Removes the plans untouched for `days` or more; returns the removed plans' labels. */
  function removeExpired(days) {
    if (!(days > 0) || memoryOnlyMarked()) {
      return [];
    }
    var plans = readAll();
    var removed = [];
    var limit = Date.now() - days * DAY;
    Object.keys(plans).forEach(function (id) {
      // A plan whose date cannot be read is treated as old: expiry must never keep data by accident.
      if (!(Date.parse(plans[id].touched) > limit)) {
        removed.push(plans[id].label);
        delete plans[id];
      }
    });
    if (removed.length) {
      try {
        writeAll(plans);
      } catch (e) {
        return [];
      }
    }
    return removed;
  }

  var expiredOnOpening = removeExpired(config.planExpiryDays);

  window.KaartenbakPlan = {
    FORMAT: FORMAT,
    VERSION: VERSION,
    base: config.base,
    storageKey: storageKey,
    fromDisk: fromDisk,
    text: text,
    addStrings: addStrings,
    readAll: readAll,
    writeAll: writeAll,
    savePlan: savePlan,
    removePlan: removePlan,
    wipeAll: wipeAll,
    useMemoryOnly: useMemoryOnly,
    memoryOnly: function () {
      return memory !== null;
    },
    memoryOnlyMarked: memoryOnlyMarked,
    element: element,
    emptyPlan: emptyPlan,
    addEntry: addEntry,
    newId: newId,
    loadDirectory: loadDirectory,
    planPageUrl: pageUrl("plan/"),
    entryHref: entryHref,
    expiryDays: config.planExpiryDays,
    // The labels of the plans this page removed as it opened, for the plan page to say so.
    expiredOnOpening: expiredOnOpening
  };
})();
