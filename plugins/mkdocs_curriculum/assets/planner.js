/* The session planner page (/planner/): the trainer's controls around planner-core.js.
 *
 * The plan lives in the address (history.replaceState on every change, in the query of the
 * contract, see planner-core.js), so a reload, a bookmark or a shared link shows the same
 * plan; what a link asks for that cannot be read is named on the page, and the rest kept.
 * Everything else is computed from the plan at once: the agenda with clock times, what
 * fitting cut, the warnings `curriculum check` would give, the materials for the group, and
 * the links to the print views and the session file.
 *
 * Text from the curriculum is only ever set as text (textContent), never as markup.
 */
(function () {
  "use strict";

  var data = window.curriculumPlanner;
  var core = window.curriculumPlan;
  var page = document.getElementById("curriculum-planner");
  if (!data || !core || !page) return;

  var DEFAULT_MINUTES = {opening: 10, "break": 15, closing: 5};
  var MAX_RESULTS = 40;
  var root = page.getAttribute("data-root") || "../";
  var byId = core.modulesById(data);
  var read = core.readQuery(window.location.search, data);
  var plan = read.plan;
  var announceTimer = null;

  /* The levels' names, as the catalog's level filter shows them. */
  var levelNames = {};
  data.filters.forEach(function (filter) {
    if (filter.name !== "level") return;
    filter.options.forEach(function (option) { levelNames[option.value] = option.label; });
  });

  function say(key, values) { return core.say(data, key, values); }
  function $(id) { return document.getElementById(id); }

  /* An element with attributes and children (strings become text). */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function replaceChildren(node, children) {
    while (node.firstChild) node.removeChild(node.firstChild);
    children.forEach(function (child) { if (child) node.appendChild(child); });
  }

  function announce(text, now) {
    window.clearTimeout(announceTimer);
    var status = $("planner-status");
    if (now) {
      status.textContent = text;
      return;
    }
    announceTimer = window.setTimeout(function () { status.textContent = text; }, 600);
  }

  function blockTitle(block) {
    if (block.kind === "module") return byId[block.module].title;
    return say("block." + block.kind);
  }

  /* -- the session's fields --------------------------------------------------------------- */

  function setUpFields() {
    var title = $("planner-title"), date = $("planner-date"), start = $("planner-start");
    var size = $("planner-size"), fit = $("planner-fit");
    title.value = plan.title;
    date.value = plan.date;
    start.value = plan.start;
    size.value = plan.size;
    fit.value = plan.fit || "";
    title.addEventListener("input", function () {
      plan.title = core.cleanTitle(title.value);
      changed();
    });
    field(date, function (value) {
      if (value && !core.parseDate(value)) return false;
      plan.date = value;
      return true;
    });
    field(start, function (value) {
      var clock = core.parseClock((value || "").slice(0, 5));
      if (!clock) return false;
      plan.start = clock;
      return true;
    });
    field(size, function (value) {
      var number = core.wholeNumber(value, 1, core.LIMITS.size);
      if (!number) return false;
      plan.size = number;
      return true;
    });
    field(fit, function (value) {
      if (value === "") {
        plan.fit = null;
        return true;
      }
      var number = core.wholeNumber(value, 1, core.LIMITS.fit);
      if (!number) return false;
      plan.fit = number;
      return true;
    });
  }

  /* An input that changes the plan when `take` accepts its value; a value it refuses
   * marks the field invalid and leaves the plan as it was. */
  function field(input, take) {
    input.addEventListener("input", function () {
      var ok = take(input.value.trim());
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      if (ok) changed();
    });
  }

  /* -- adding: modules found by title or filter, a whole path, breaks ---------------------- */

  function setUpAdding() {
    var filters = $("planner-filters");
    data.filters.forEach(function (filter) {
      var select = el("select", {"data-filter": filter.name, onchange: showResults},
        [el("option", {value: "", text: filter.anything})].concat(
          filter.options.map(function (option) {
            return el("option", {value: option.value, text: option.label});
          })));
      filters.appendChild(el("label", {className: "curriculum-planner__field"},
                             [el("span", {text: filter.label}), select]));
    });
    $("planner-search").addEventListener("input", showResults);
    var paths = $("planner-path");
    paths.appendChild(el("option", {value: "", text: say("planner.path.choose")}));
    data.paths.forEach(function (path) {
      paths.appendChild(el("option", {value: path.id, text: say("planner.path.option", {
        title: path.title, count: path.modules.length})}));
    });
    if (!data.paths.length) paths.closest(".curriculum-planner__fields").hidden = true;
    $("planner-add-path").addEventListener("click", addPath);
    page.querySelectorAll("[data-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-add");
        add({kind: kind, minutes: DEFAULT_MINUTES[kind]});
      });
    });
    showResults();
  }

  /* Lowercase, without accents: "Écoute" is found by "ecoute". */
  function folded(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function matches(module, words, chosen) {
    var title = folded(module.title + " " + module.summary);
    var values = {audience: module.audiences, theme: module.themes, level: [module.level],
                  length: [module.length]};
    return words.every(function (word) { return title.indexOf(word) !== -1; }) &&
      Object.keys(chosen).every(function (name) {
        return values[name].indexOf(chosen[name]) !== -1;
      });
  }

  function showResults() {
    var words = folded($("planner-search").value).split(/\s+/).filter(Boolean);
    var chosen = {};
    page.querySelectorAll("select[data-filter]").forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-filter")] = select.value;
    });
    var found = data.modules.filter(function (module) { return matches(module, words, chosen); });
    var shown = found.slice(0, MAX_RESULTS);
    replaceChildren($("planner-results"), shown.map(resultItem));
    var count = !found.length ? say("planner.found.none")
      : found.length > shown.length
        ? say("planner.found.some", {count: found.length, shown: shown.length})
        : say("planner.found", {count: found.length});
    $("planner-count").textContent = count;
    return count;
  }

  function resultItem(module) {
    return el("li", {className: "curriculum-planner__result"}, [
      el("div", {className: "curriculum-planner__result-text"}, [
        el("a", {href: root + module.url, text: module.title}),
        el("span", {className: "curriculum-planner__facts", text: [module.length_text,
          module.group_text, levelNames[module.level]].filter(Boolean).join(" · ")})]),
      el("button", {type: "button", className: "md-button",
                    "aria-label": say("planner.add_module", {title: module.title}),
                    text: say("planner.add_button"),
                    onclick: function () { add({kind: "module", module: module.id}); }})
    ]);
  }

  function addPath() {
    var path = data.paths.filter(function (p) { return p.id === $("planner-path").value; })[0];
    if (!path) {
      announce(say("planner.path.none"), true);
      $("planner-path").focus();
      return;
    }
    var room = core.LIMITS.blocks - plan.blocks.length;
    path.modules.slice(0, room).forEach(function (id) {
      plan.blocks.push({kind: "module", module: id});
    });
    changed(say("planner.added_path", {title: path.title, count: Math.min(room,
      path.modules.length), blocks: plan.blocks.length}));
  }

  function add(block) {
    if (plan.blocks.length >= core.LIMITS.blocks) {
      announce(say("planner.problem.too_many", {limit: core.LIMITS.blocks}), true);
      return;
    }
    plan.blocks.push(block);
    changed(say("planner.added", {title: blockTitle(block), count: plan.blocks.length}));
  }

  /* -- the plan's blocks: reorder, remove, change a break's minutes ----------------------- */

  function showBlocks() {
    var list = $("planner-blocks");
    $("planner-empty").hidden = plan.blocks.length > 0;
    replaceChildren(list, plan.blocks.map(blockItem));
  }

  function blockItem(block, index) {
    var title = blockTitle(block);
    var last = index === plan.blocks.length - 1;
    var name = say("planner.block_name", {number: index + 1, title: title});
    var minutes = block.kind === "module"
      ? el("span", {className: "curriculum-planner__facts",
                    text: byId[block.module].length_text})
      : el("label", {className: "curriculum-planner__minutes"}, [
        el("input", {type: "number", min: 1, max: core.LIMITS.minutes, step: 1,
                     inputmode: "numeric", value: block.minutes,
                     "aria-label": say("planner.minutes_of", {title: name}),
                     oninput: function (event) { setMinutes(index, event.target); }}),
        el("span", {text: say("planner.minutes_unit"), "aria-hidden": "true"})]);
    return el("li", {className: "curriculum-planner__block curriculum-planner__block--" +
                                block.kind, "data-index": index}, [
      el("span", {className: "curriculum-planner__block-title"}, [
        block.kind === "module"
          ? el("a", {href: root + byId[block.module].url, text: title}) : title]),
      minutes,
      el("span", {className: "curriculum-planner__block-actions"}, [
        moveButton(index, -1, name, index === 0),
        moveButton(index, 1, name, last),
        el("button", {type: "button", className: "md-button", "data-action": "remove",
                      "aria-label": say("planner.remove_block", {title: name}),
                      text: say("planner.remove"), onclick: function () { remove(index); }})])
    ]);
  }

  /* A move button stays focusable at either end (aria-disabled, not disabled), so that
   * focus never drops out of the list while someone moves a block step by step. */
  function moveButton(index, step, name, end) {
    var key = step < 0 ? "up" : "down";
    return el("button", {type: "button", className: "md-button", "data-action": key,
                         "aria-disabled": end ? "true" : null,
                         "aria-label": say("planner.move_" + key + "_block", {title: name}),
                         text: say("planner.move_" + key),
                         onclick: function () { if (!end) move(index, step); }});
  }

  function move(index, step) {
    var block = plan.blocks.splice(index, 1)[0];
    plan.blocks.splice(index + step, 0, block);
    changed(say(step < 0 ? "planner.moved_up" : "planner.moved_down", {
      title: blockTitle(block), number: index + step + 1}));
    focusBlock(index + step, step < 0 ? "up" : "down");
  }

  function remove(index) {
    var block = plan.blocks.splice(index, 1)[0];
    changed(say("planner.removed", {title: blockTitle(block), count: plan.blocks.length}));
    if (plan.blocks.length) focusBlock(Math.min(index, plan.blocks.length - 1), "remove");
    else $("planner-plan-heading").focus();
  }

  function focusBlock(index, action) {
    var item = $("planner-blocks").children[index];
    var button = item && item.querySelector('[data-action="' + action + '"]');
    if (button) button.focus();
  }

  function setMinutes(index, input) {
    var number = core.wholeNumber(input.value, 1, core.LIMITS.minutes);
    input.setAttribute("aria-invalid", number ? "false" : "true");
    if (!number) return;
    plan.blocks[index].minutes = number;
    changed(null, true);
  }

  /* -- what the plan comes to ------------------------------------------------------------- */

  function showAgenda(result) {
    var summary = $("planner-summary"), table = $("planner-agenda");
    if (!plan.blocks.length) {
      summary.textContent = say("planner.agenda.empty");
      replaceChildren(table, []);
      replaceChildren($("planner-fitting"), []);
      return;
    }
    var date = core.dateText(data, plan.date);
    summary.textContent = say("planner.agenda.summary", {
      date: date ? date + " · " : "", start: result.start, end: result.end,
      length: core.minutesText(data, result.minutes),
      hours: say("credit.hours", {count: core.contactHours(result.contact_minutes),
                                  hours: core.numberText(data,
                                    core.contactHours(result.contact_minutes))})});
    showFitting(result);
    var head = el("thead", {}, [el("tr", {}, ["column.time", "column.what", "column.format",
      "column.length"].map(function (key, at) {
      return el("th", {scope: "col", className: at === 3 ? "num" : null, text: say(key)});
    }))]);
    var body = el("tbody", {}, result.rows.map(agendaRow));
    body.appendChild(el("tr", {className: "curriculum-planner__row--total"}, [
      el("td", {text: core.clockText(result)}), el("th", {scope: "row",
        text: say("packet.total")}), el("td"),
      el("td", {className: "num", text: core.minutesText(data, result.minutes)})]));
    replaceChildren(table, [el("table", {className: "curriculum-planner__agenda",
      "aria-labelledby": "planner-agenda-heading"}, [head, body])]);
  }

  function agendaRow(row) {
    var activity = core.activityOf(data, row);
    var mark = core.fitMark(data, row);
    var length = core.lengthText(data, row);
    var what = [row.left_out ? el("s", {text: row.title}) : row.title];
    if (mark) what.push(" ", el("span", {className: "curriculum-planner__mark", text: mark}));
    return el("tr", {className: "curriculum-planner__row--" + row.kind +
                                (row.left_out ? " curriculum-planner__row--left-out" : "")}, [
      el("td", {text: core.clockText(row)}),
      el(row.kind === "activity" ? "td" : "th", {scope: row.kind === "activity" ? null : "row"},
         what),
      el("td", {text: activity ? activity.format_label : ""}),
      el("td", {className: "num"}, [row.left_out ? el("s", {text: length}) : length])]);
  }

  /* What fitting the plan to its budget did, in words: every activity left out or shortened. */
  function showFitting(result) {
    var box = $("planner-fitting");
    if (!plan.fit) {
      replaceChildren(box, []);
      return;
    }
    if (result.shortfall) {  /* nothing was fitted: the agenda is the plan as written */
      replaceChildren(box, [el("p", {text: core.shortfallText(data, result.shortfall)})]);
      return;
    }
    var parts = [el("p", {className: "curriculum-planner__fitted",
                          text: core.fittedNote(data, result)})];
    if (!result.fitted) {
      parts.push(el("p", {text: say("planner.fit.nothing")}));
    } else {
      parts.push(el("p", {text: say("planner.fit.changes")}));
      parts.push(el("ul", {className: "curriculum-planner__cuts"}, result.rows.map(fitChange)));
    }
    replaceChildren(box, parts);
  }

  /* One activity that fitting left out or shortened, in words; nothing for any other row. */
  function fitChange(row) {
    var change = row.kind === "activity" ? core.fitMark(data, row) : "";
    return change ? el("li", {text: say("planner.fit.change", {
      title: row.title, module: byId[row.module].title, change: change})}) : null;
  }

  function showWarnings(found) {
    var box = $("planner-warnings");
    if (!plan.blocks.length) {
      replaceChildren(box, [el("p", {text: say("planner.warnings.empty")})]);
      return;
    }
    if (!found.length) {
      replaceChildren(box, [el("p", {className: "curriculum-planner__ok",
                                     text: say("planner.warnings.none")})]);
      return;
    }
    replaceChildren(box, [el("ul", {className: "curriculum-planner__warnings"},
      found.map(function (warning) {
        return el("li", {className: "curriculum-planner__warning curriculum-planner__warning--" +
                                     warning.severity}, [
          el("strong", {text: say("planner.severity." + warning.severity) + " "}),
          say("planner.warning." + warning.key, warning.values)]);
      })), el("p", {className: "curriculum-planner__help",
                    text: say("planner.warnings.check")})]);
  }

  function showMaterials() {
    var lines = core.materials(plan, data);
    var box = $("planner-materials");
    var lead = el("p", {text: say("session.materials", {count: plan.size})});
    if (!lines.length) {
      replaceChildren(box, [lead, el("p", {text: say("session.no_materials")})]);
      return;
    }
    var head = el("thead", {}, [el("tr", {}, [
      el("th", {scope: "col", className: "num", text: say("packet.quantity")}),
      el("th", {scope: "col", text: say("packet.item")}),
      el("th", {scope: "col", text: say("packet.for")})])]);
    replaceChildren(box, [lead, el("table", {className: "curriculum-planner__materials",
      "aria-labelledby": "planner-materials-heading"}, [head, el("tbody", {},
      lines.map(function (line) {
        return el("tr", {}, [el("td", {className: "num", text: String(line.quantity)}),
          el("td", {text: line.item}), el("td", {text: line.modules.join(", ")})]);
      }))])]);
  }

  /* -- print, save, share ----------------------------------------------------------------- */

  function showLinks() {
    var query = core.writeQuery(plan);
    var agendaKey = encodeURIComponent(core.runKey(plan));
    var links = {
      "planner-print-facilitator": "print/index.html" + core.printQuery(plan, "facilitator"),
      "planner-print-participant": "print/index.html" + core.printQuery(plan, "participant"),
      "planner-run": "../run/index.html?agenda=" + agendaKey,
      "planner-screen": "../screen/index.html?agenda=" + agendaKey
    };
    Object.keys(links).forEach(function (id) {
      $(id).setAttribute("href", links[id]);
      if (plan.blocks.length) $(id).removeAttribute("aria-disabled");
      else $(id).setAttribute("aria-disabled", "true");
    });
    $("planner-link").setAttribute("href", "index.html" + query);
    $("planner-download").disabled = !plan.blocks.length;
    var url = window.location.pathname + query + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
  }

  function download() {
    var name = core.sessionId(plan) + ".yml";
    var text = core.sessionYaml(plan, data, window.location.href);
    var link = el("a", {href: URL.createObjectURL(new Blob([text], {type: "text/yaml"})),
                        download: name});
    document.body.appendChild(link);
    link.click();
    link.remove();
    announce(say("planner.downloaded", {file: name}), true);
  }

  /* Before the run view or the room's screen opens: the plan's agenda where they read it
   * (run_of_show.py: "curriculum-agenda:" and its key, in this browser's storage). */
  function keepForTheRoom(event) {
    if (!plan.blocks.length) {
      event.preventDefault();
      return;
    }
    var agenda = core.runAgenda(plan, data);
    var text = JSON.stringify(agenda);
    try {
      window.localStorage.setItem(core.STORED + agenda.key, text);
      window.sessionStorage.setItem(core.STORED + agenda.key, text);
    } catch (error) {
      event.preventDefault();  /* no storage (a private window): the views would be empty */
      announce(say("planner.no_storage"), true);
    }
  }

  function copyLink() {
    var address = window.location.href;
    var done = function () { announce(say("planner.copied"), true); };
    var failed = function () { announce(say("planner.copy_failed"), true); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(done, failed);
    } else {
      failed();
    }
  }

  function showProblems(problems) {
    var box = $("planner-problems");
    if (!problems.length) return;
    box.hidden = false;
    replaceChildren(box, [el("p", {text: say("planner.problems")}),
      el("ul", {}, problems.map(function (problem) {
        return el("li", {text: say("planner.problem." + problem.key, problem.values)});
      }))]);
  }

  /* -- everything at once ----------------------------------------------------------------- */

  /* After any change: the whole view again, the address, and a word for screen readers
   * (`said`, or the new totals after a pause in typing). */
  function changed(said, quiet) {
    var result = core.agenda(plan, data);
    var found = core.warnings(plan, result, data);
    if (!quiet) showBlocks();
    showAgenda(result);
    showWarnings(found);
    showMaterials();
    showLinks();
    var totals = plan.blocks.length ? say("planner.updated", {
      start: result.start, end: result.end, length: core.minutesText(data, result.minutes),
      count: found.length}) : "";
    if (said) announce(said + " " + totals, true);
    else if (totals) announce(totals);
  }

  setUpFields();
  setUpAdding();
  $("planner-download").addEventListener("click", download);
  $("planner-copy").addEventListener("click", copyLink);
  ["planner-run", "planner-screen"].forEach(function (id) {
    $(id).addEventListener("click", keepForTheRoom);
    $(id).addEventListener("auxclick", keepForTheRoom);
  });
  $("planner-plan-heading").setAttribute("tabindex", "-1");
  page.hidden = false;
  showProblems(read.problems);
  changed(null, false);
  document.documentElement.setAttribute("data-planner-ready", "true");
})();
