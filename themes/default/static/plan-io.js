/* A household plan as a file and in the agenda (plan page only): export and import of the open plan format
   (docs/plan-schema/), optional encryption with a passphrase (WebCrypto: PBKDF2-SHA-256 key derivation,
   AES-GCM; docs/plan.md says why), validation with Dutch messages, and the .ics of evaluation dates and
   action deadlines. Everything happens in the page; files are handed to the browser as downloads. */
(function () {
  "use strict";

  var P = window.KaartenbakPlan;
  if (!P) {
    return;
  }
  var ENCRYPTED = "kaartenbak-plan-encrypted";
  // OWASP's 2023 figure for PBKDF2-HMAC-SHA256: slow enough to make guessing a passphrase expensive, quick
  // enough (well under a second on a phone) for a coach who types it once per file.
  var ITERATIONS = 600000;
  var KINDS = ["partner", "regulation", "module", "page"];
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function toBase64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary);
  }

  function fromBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  /* WebCrypto exists only in a secure context (https, localhost, file://). */
  function canEncrypt() {
    return !!(window.isSecureContext && window.crypto && window.crypto.subtle);
  }

  function deriveKey(passphrase, salt, iterations) {
    var subtle = window.crypto.subtle;
    return subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"])
      .then(function (material) {
        return subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
          material,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"]
        );
      });
  }

  function document_(plan) {
    return {
      format: P.FORMAT,
      version: P.VERSION,
      exported: new Date().toISOString(),
      site: { base: P.base },
      plan: plan
    };
  }

  /* The export as text: plain JSON, or with a passphrase the encrypted envelope. */
  function exportText(plan, passphrase) {
    var plain = JSON.stringify(document_(plan), null, 2) + "\n";
    if (!passphrase) {
      return Promise.resolve(plain);
    }
    var salt = window.crypto.getRandomValues(new Uint8Array(16));
    var iv = window.crypto.getRandomValues(new Uint8Array(12));
    return deriveKey(passphrase, salt, ITERATIONS).then(function (key) {
      return window.crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key, new TextEncoder().encode(plain));
    }).then(function (sealed) {
      return JSON.stringify({
        format: ENCRYPTED,
        version: P.VERSION,
        kdf: { name: "PBKDF2", hash: "SHA-256", iterations: ITERATIONS, salt: toBase64(salt) },
        cipher: { name: "AES-GCM", iv: toBase64(iv) },
        ciphertext: toBase64(new Uint8Array(sealed))
      }, null, 2) + "\n";
    });
  }

  /* What is wrong with `doc` as a plan file, in Dutch; empty when nothing. Mirrors the JSON Schema. */
  function problems(doc) {
    var found = [];
    function say(key, values) {
      found.push(P.text(key, values));
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
      say("planjs_import_not_object");
      return found;
    }
    if (doc.format !== P.FORMAT) {
      say("planjs_import_wrong_format");
      return found;
    }
    if (doc.version !== P.VERSION) {
      say("planjs_import_wrong_version", { version: String(doc.version) });
      return found;
    }
    var plan = doc.plan;
    if (!plan || typeof plan !== "object") {
      say("planjs_import_no_plan");
      return found;
    }
    function text(value, where) {
      if (typeof value !== "string") {
        say("planjs_import_not_text", { field: where });
      }
    }
    function optionalText(value, where) {
      if (value !== null && value !== undefined) {
        text(value, where);
      }
    }
    function date(value, where) {
      if (value !== null && value !== undefined && value !== "" && !(typeof value === "string" && DATE.test(value))) {
        say("planjs_import_not_date", { field: where });
      }
    }
    function list(name, check) {
      var items = plan[name];
      if (!Array.isArray(items)) {
        say("planjs_import_not_list", { field: name });
        return;
      }
      items.forEach(function (item, i) {
        var where = name + "[" + (i + 1) + "]";
        if (!item || typeof item !== "object") {
          say("planjs_import_not_object_at", { field: where });
          return;
        }
        text(item.id, where + ".id");
        check(item, where);
      });
    }
    text(plan.id, "id");
    text(plan.label, "label");
    if (typeof plan.label === "string" && !plan.label.trim()) {
      say("planjs_import_empty_label");
    }
    if (!plan.coordinator || typeof plan.coordinator !== "object") {
      say("planjs_import_not_object_at", { field: "coordinator" });
    }
    list("strengths", function (item, where) {
      text(item.text, where + ".text");
    });
    list("concerns", function (item, where) {
      text(item.domain, where + ".domain");
      text(item.text, where + ".text");
      if (["hoog", "middel", "laag"].indexOf(item.priority) < 0) {
        say("planjs_import_bad_priority", { field: where + ".priority" });
      }
    });
    list("goals", function (item, where) {
      text(item.domain, where + ".domain");
      text(item.long_term, where + ".long_term");
      text(item.next_step, where + ".next_step");
    });
    list("entries", function (item, where) {
      if (typeof item.ref !== "string" || KINDS.indexOf(item.ref.split("/")[0]) < 0 || item.ref.split("/").length !== 2) {
        say("planjs_import_bad_ref", { field: where + ".ref" });
      }
      // A page of the site, root-relative: never another scheme (`javascript:`) or host (`//…`).
      if (typeof item.url !== "string" || !/^\/([^/].*)?$/.test(item.url)) {
        say("planjs_import_bad_url", { field: where + ".url" });
      }
      text(item.title, where + ".title");
      text(item.domain, where + ".domain");
      optionalText(item.service, where + ".service");
      optionalText(item.phone, where + ".phone");
      optionalText(item.referral, where + ".referral");
    });
    list("actions", function (item, where) {
      if (["household", "network", "coach", "entry"].indexOf(item.who) < 0) {
        say("planjs_import_bad_who", { field: where + ".who" });
      }
      text(item.what, where + ".what");
      date(item.due, where + ".due");
      if (["open", "bezig", "klaar"].indexOf(item.status) < 0) {
        say("planjs_import_bad_status", { field: where + ".status" });
      }
    });
    list("network", function (item, where) {
      text(item.name, where + ".name");
    });
    list("evaluations", function (item, where) {
      date(item.date, where + ".date");
    });
    list("earlier_help", function (item, where) {
      text(item.text, where + ".text");
    });
    if (plan.safety_plan !== null && plan.safety_plan !== undefined) {
      if (typeof plan.safety_plan !== "object") {
        say("planjs_import_not_object_at", { field: "safety_plan" });
      } else {
        text(plan.safety_plan.text, "safety_plan.text");
      }
    }
    return found;
  }

  /* The plan in `raw` (a file's text): resolves with the plan, rejects with Dutch messages. */
  function importText(raw, passphrase) {
    var doc;
    try {
      doc = JSON.parse(raw);
    } catch (e) {
      return Promise.reject([P.text("planjs_import_not_json")]);
    }
    var opened = Promise.resolve(doc);
    if (doc && doc.format === ENCRYPTED) {
      if (!canEncrypt()) {
        return Promise.reject([P.text("planjs_crypto_unavailable")]);
      }
      if (!passphrase) {
        return Promise.reject([P.text("planjs_import_needs_passphrase")]);
      }
      opened = deriveKey(passphrase, fromBase64(doc.kdf.salt), doc.kdf.iterations).then(function (key) {
        return window.crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(doc.cipher.iv) }, key, fromBase64(doc.ciphertext));
      }).then(function (plain) {
        return JSON.parse(new TextDecoder().decode(plain));
      }, function () {
        // AES-GCM authenticates: a wrong passphrase and a damaged file both end here.
        throw [P.text("planjs_import_wrong_passphrase")];
      });
    }
    return opened.then(function (plainDoc) {
      var found = problems(plainDoc);
      if (found.length) {
        throw found;
      }
      return plainDoc.plan;
    });
  }

  /* ---- the agenda ---- */

  // The rules of Europe/Amsterdam since 1996 (EU summer time): last Sunday of March to last Sunday of October.
  var VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE"
  ];

  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  /* Lines longer than 75 octets folded as RFC 5545 asks (by characters: close enough for the parsers that
     matter, and never splits a character). */
  function fold(line) {
    var out = [];
    while (line.length > 74) {
      out.push(line.slice(0, 74));
      line = " " + line.slice(74);
    }
    out.push(line);
    return out.join("\r\n");
  }

  function calendar(plan) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kaartenbak//Gezinsplan//NL", "CALSCALE:GREGORIAN"]
      .concat(VTIMEZONE);
    function event(item, date, summary) {
      var day = date.replace(/-/g, "");
      lines.push("BEGIN:VEVENT");
      // Stable per plan item: a second download updates the same events instead of adding copies.
      lines.push("UID:" + plan.id + "-" + item.id + "@kaartenbak");
      lines.push("DTSTAMP:" + stamp);
      lines.push("DTSTART;TZID=Europe/Amsterdam:" + day + "T090000");
      lines.push("DTEND;TZID=Europe/Amsterdam:" + day + "T093000");
      lines.push("SUMMARY:" + icsText(summary));
      lines.push("END:VEVENT");
    }
    plan.evaluations.forEach(function (e) {
      if (e.date) {
        event(e, e.date, P.text("planjs_ics_evaluation", { label: plan.label }) + (e.note ? ": " + e.note : ""));
      }
    });
    plan.actions.forEach(function (a) {
      if (a.due) {
        event(a, a.due, P.text("planjs_ics_deadline", { label: plan.label }) + ": " + a.what);
      }
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function download(name, type, content) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  /* A file name without the label (which may hold initials): the plan's id. */
  function fileName(plan, extension) {
    return "gezinsplan-" + plan.id.replace(/^plan-/, "") + extension;
  }

  P.io = {
    canEncrypt: canEncrypt,
    exportText: exportText,
    importText: importText,
    problems: problems,
    calendar: calendar,
    download: download,
    fileName: fileName
  };
})();
