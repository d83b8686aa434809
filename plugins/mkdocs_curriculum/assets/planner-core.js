/* The session planner's logic: a plan in, its agenda, materials, warnings, link and session
 * file out. No page, no DOM: the planner page (planner.js), its print view (planner-print.js)
 * and node (the tests) all run this one file.
 *
 * It is a port of the Python core, held to it by tests/test_planner_core.py, which computes
 * random plans both ways and requires the same clock times, cuts, materials and warnings:
 *   fitToBudget   assemble.fit_to_budget (the time-budget contract, tests/data/fit_cases.json)
 *   agenda        assemble.assemble_agenda for a session of one day with a `fit`
 *   materials     assemble.roll_up_materials over the session's distinct modules (the packet's)
 *   warnings      validate's session rules: group size, prerequisites, a budget not met
 *   runAgenda     run_of_show.agenda_data: the agenda the run view and the room's screen show
 * Every word comes from the curriculum's label table, which the build publishes with the
 * modules in planner-data.js (`data` below; see planner.py).
 *
 * A plan: {title, date, start, size, fit, blocks: [{kind, minutes} or {kind: "module",
 * module: id}]}. Its address is the contract of issue 14, kept so that links keep working:
 *   ?title=...&date=YYYY-MM-DD&start=HH:MM&size=N&fit=MINUTES
 *    &blocks=opening:10,module:ID,break:15,closing:5
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.curriculumPlan = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var KINDS = ["module", "break", "opening", "closing"];
  var TIMED = ["break", "opening", "closing"];
  var CONTACT_KINDS = ["opening", "module", "closing"];
  var STORED = "curriculum-agenda:";
  /* Where the run-of-show view and the room's screen find a plan's agenda (run_of_show.py). */
  var LIMITS = {title: 200, size: 9999, minutes: 1440, fit: 10080, blocks: 200};
  /* What a link may ask for: a title as long as a session file allows (schema.MAX_TITLE), a
   * group, a block of up to a day, a budget of up to a week, and no more blocks than a long
   * retreat has. */

  function sum(values) {
    return values.reduce(function (total, value) { return total + value; }, 0);
  }

  /* -- words ------------------------------------------------------------------------------ */

  /* `say(data, key, values)`: the label `key` with its {names} filled in; a label that
   * counts has one text per plural category, chosen by `values.count`. */
  function say(data, key, values) {
    values = values || {};
    var label = data.labels[key];
    if (label && typeof label === "object") {
      var form = "other";
      if (values.count !== undefined && typeof Intl !== "undefined" && Intl.PluralRules) {
        form = new Intl.PluralRules(data.language).select(Number(values.count));
      }
      label = label[form] !== undefined ? label[form] : label.other;
    }
    if (typeof label !== "string") return key;
    return label.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* Labels.get: the label if the table has one, else `fallback`. */
  function sayOr(data, key, fallback) {
    return Object.prototype.hasOwnProperty.call(data.labels, key) ? say(data, key) : fallback;
  }

  /* Labels.minutes: 90 -> "1 h 30 min". */
  function minutesText(data, minutes) {
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (!hours) return say(data, "time.minutes", {minutes: rest});
    if (!rest) return say(data, "time.hours", {hours: hours});
    return say(data, "time.hours_minutes", {hours: hours, minutes: rest});
  }

  /* Labels.number for what the planner counts (contact hours): "1.75", "1,75". */
  function numberText(data, value) {
    var parts = String(value).split(".");
    var whole = parts[0], grouped = "";
    if (whole.length > 3) {
      while (whole.length > 3) {
        grouped = data.calendar.group + whole.slice(-3) + grouped;
        whole = whole.slice(0, -3);
      }
    }
    whole += grouped;
    return parts.length > 1 ? whole + data.calendar.decimal + parts[1] : whole;
  }

  /* Labels.date: the table's Babel pattern ("EEEE d MMMM y") with the published names of
   * days and months; "" for no date. */
  function dateText(data, iso) {
    if (!iso) return "";
    var day = parseDate(iso);
    if (!day) return "";
    var names = data.calendar;
    var weekday = (utcDate(day).getUTCDay() + 6) % 7;  /* Monday first, as Babel's names */
    var fields = {
      E: function (n) { return n >= 4 ? names.days[weekday] : names.days_abbr[weekday]; },
      d: function (n) { return pad(day.day, n); },
      M: function (n) {
        if (n >= 4) return names.months[day.month - 1];
        if (n === 3) return names.months_abbr[day.month - 1];
        return pad(day.month, n);
      },
      y: function (n) { return n === 2 ? pad(day.year % 100, 2) : pad(day.year, n); }
    };
    var out = "", pattern = say(data, "date.pattern"), at = 0;
    while (at < pattern.length) {
      var ch = pattern[at];
      if (ch === "'") {
        var end = pattern.indexOf("'", at + 1);
        if (end === at + 1) { out += "'"; at += 2; continue; }
        end = end < 0 ? pattern.length : end;
        out += pattern.slice(at + 1, end);
        at = end + 1;
      } else if (fields[ch]) {
        var run = 1;
        while (pattern[at + run] === ch) run += 1;
        out += fields[ch](run);
        at += run;
      } else {
        out += ch;
        at += 1;
      }
    }
    return out;
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  /* -- clocks and dates ------------------------------------------------------------------- */

  function clockMinutes(clock) {
    var parts = clock.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function formatClock(minutes) {
    minutes = ((minutes % 1440) + 1440) % 1440;
    return pad(Math.floor(minutes / 60), 2) + ":" + pad(minutes % 60, 2);
  }

  function parseClock(text) {
    var match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text || "");
    return match ? match[0] : null;
  }

  /* A real calendar date, YYYY-MM-DD, years 1 to 9999 (what Python's dates hold). */
  function parseDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) return null;
    var year = Number(match[1]), month = Number(match[2]), day = Number(match[3]);
    if (year < 1 || month < 1 || month > 12 || day < 1) return null;
    var probe = utcDate({year: year, month: month, day: day});
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
    return {year: year, month: month, day: day};
  }

  /* The day as a Date at midnight UTC; setUTCFullYear, because Date.UTC reads the years 0 to
   * 99 as 1900 to 1999. */
  function utcDate(day) {
    var date = new Date(Date.UTC(2000, 0, 1));
    date.setUTCFullYear(day.year, day.month - 1, day.day);
    return date;
  }

  /* -- fitting a session to a time budget (assemble.fit_to_budget) ------------------------- */

  /* `items`: [{minutes, optional, min_minutes}] in agenda order. Returns {minutes, least,
   * fits} exactly as the Python does; its docstring states the contract. */
  function fitToBudget(items, budget) {
    var minutes = items.map(function (item) { return item.minutes; });
    var least = sum(items.map(function (item) {
      return item.optional ? 0 : Math.min(item.min_minutes || item.minutes, item.minutes);
    }));
    var over = sum(minutes) - budget;
    for (var index = items.length - 1; index >= 0; index -= 1) {
      if (over <= 0) break;
      if (items[index].optional) {
        minutes[index] = 0;
        over -= items[index].minutes;
      }
    }
    if (over > 0) {
      var givers = [];
      items.forEach(function (item, at) {
        if (minutes[at] && item.min_minutes !== null && item.min_minutes !== undefined &&
            item.min_minutes < item.minutes) {
          givers.push({index: at, give: item.minutes - item.min_minutes});
        }
      });
      if (sum(givers.map(function (giver) { return giver.give; })) < over) {
        return {minutes: items.map(function (item) { return item.minutes; }), least: least,
                fits: false};
      }
      cuts(givers, over).forEach(function (cut, at) { minutes[givers[at].index] -= cut; });
    }
    return {minutes: minutes, least: least, fits: true};
  }

  /* `over` minutes shared in proportion to what each giver can give: whole minutes, the
   * rest one each by largest remainder, ties to the earlier. */
  function cuts(givers, over) {
    var total = sum(givers.map(function (giver) { return giver.give; }));
    var cut = givers.map(function (giver) { return Math.floor(over * giver.give / total); });
    var left = over - sum(cut);
    var order = givers.map(function (giver, at) { return at; });
    order.sort(function (a, b) {
      var remainder = (over * givers[b].give) % total - (over * givers[a].give) % total;
      return remainder || givers[a].index - givers[b].index;
    });
    for (var step = 0; step < order.length && left > 0; step += 1) {
      var at = order[step];
      if (cut[at] < givers[at].give) {
        cut[at] += 1;
        left -= 1;
      }
    }
    return cut;
  }

  /* -- agendas (assemble.assemble_agenda, one day, the session's fit) ---------------------- */

  function modulesById(data) {
    if (!data._byId) {
      data._byId = {};
      data.modules.forEach(function (module) { data._byId[module.id] = module; });
    }
    return data._byId;
  }

  function blockMinutes(block, data) {
    if (block.kind === "module") {
      var module = modulesById(data)[block.module];
      return module ? module.duration || 0 : 0;
    }
    return block.minutes || 0;
  }

  /* The rows of the plan's blocks before fitting: each block, and under a module its
   * activities. `block` is the block's index in the plan. */
  function planRows(plan, data) {
    var rows = [];
    plan.blocks.forEach(function (block, index) {
      var module = block.kind === "module" ? modulesById(data)[block.module] : null;
      var kind = sayOr(data, "block." + block.kind, block.kind);
      var minutes = blockMinutes(block, data);
      rows.push(row(block.title || (module ? module.title : kind), block.kind, minutes, index,
                    module, null));
      (module ? module.activities : []).forEach(function (activity) {
        rows.push(row(activity.title, "activity", activity.minutes || 0, index, module,
                      activity));
      });
    });
    return rows;
  }

  function row(title, kind, minutes, block, module, activity) {
    return {start: "", end: "", minutes: minutes, full_minutes: minutes, title: title,
            kind: kind, block: block, module: module ? module.id : null,
            activity: activity ? activity.id : null, format: activity ? activity.format : "",
            optional: activity ? !!activity.optional : false,
            min_minutes: activity ? nullable(activity.min_minutes) : null, left_out: false};
  }

  function nullable(value) {
    return value === undefined ? null : value;
  }

  /* Fit the rows (all but the module rows) to `budget`; the module rows then last what
   * their activities do. Returns the shortfall, or null. */
  function fitRows(rows, budget) {
    var lines = rows.filter(function (one) { return one.kind !== "module" && !one.left_out; });
    var fit = fitToBudget(lines.map(function (one) {
      return {minutes: one.minutes, optional: one.optional, min_minutes: one.min_minutes};
    }), budget);
    if (!fit.fits) return {field: "fit", least: fit.least, budget: budget};
    lines.forEach(function (one, at) {
      one.minutes = fit.minutes[at];
      one.left_out = fit.minutes[at] === 0;
    });
    var moduleRow = null;
    rows.forEach(function (one) {
      if (one.kind === "module") {
        moduleRow = one;
        one.minutes = one.full_minutes;
      } else if (one.kind === "activity" && moduleRow) {
        moduleRow.minutes -= one.full_minutes - one.minutes;
      }
    });
    return null;
  }

  /* Clock times: blocks one after another, a module's activities one after another
   * inside it. Returns the end, in minutes since midnight (unwrapped). */
  function clock(rows, start) {
    var now = start, inner = start;
    rows.forEach(function (one) {
      if (one.kind === "activity") {
        one.start = formatClock(inner);
        one.end = formatClock(inner + one.minutes);
        inner += one.minutes;
      } else {
        one.start = formatClock(now);
        one.end = formatClock(now + one.minutes);
        inner = now;
        now += one.minutes;
      }
    });
    return now;
  }

  /* The plan's agenda: {start, end, minutes, full_minutes, fit, shortfall, rows,
   * contact_minutes, fitted}. */
  function agenda(plan, data) {
    var rows = planRows(plan, data);
    var shortfall = plan.fit ? fitRows(rows, plan.fit) : null;
    var start = clockMinutes(plan.start || data.curriculum.defaults.start);
    var end = clock(rows, start);
    var full = sum(rows.filter(function (one) { return one.kind !== "activity"; })
      .map(function (one) { return one.full_minutes; }));
    return {
      start: formatClock(start), end: formatClock(end), minutes: end - start,
      full_minutes: full, fit: plan.fit || null, shortfall: shortfall, rows: rows,
      contact_minutes: sum(rows.filter(function (one) {
        return CONTACT_KINDS.indexOf(one.kind) !== -1;
      }).map(function (one) { return one.minutes; })),
      fitted: rows.some(function (one) { return one.left_out || shortened(one); })
    };
  }

  function shortened(one) {
    return !one.left_out && one.minutes < one.full_minutes;
  }

  /* assemble.fit_mark: "shortened from 15 to 10 min", "left out to fit", or "". */
  function fitMark(data, one) {
    if (one.left_out) return say(data, "agenda.left_out");
    if (shortened(one) && one.kind === "activity") {
      return say(data, "agenda.shortened", {full: one.full_minutes, minutes: one.minutes});
    }
    return "";
  }

  /* What the planner and its print view say when the blocks cannot meet the budget: the
   * agenda is the plan as written. */
  function shortfallText(data, shortfall) {
    return say(data, "planner.fit.cannot", {least: minutesText(data, shortfall.least),
                                            budget: minutesText(data, shortfall.budget)});
  }

  /* A row's clock times as the agenda shows them ("09:00–09:15"; none for a row left out);
   * the whole agenda's too. */
  function clockText(one) {
    return one.left_out ? "" : one.start + "–" + one.end;
  }

  /* A row's length as the agenda shows it: a row left out shows what it would have taken. */
  function lengthText(data, one) {
    return minutesText(data, one.left_out ? one.full_minutes : one.minutes);
  }

  /* The published activity an agenda row stands for, or null for a block's row. */
  function activityOf(data, one) {
    var module = one.activity ? modulesById(data)[one.module] : null;
    return module ? module.activities.filter(function (each) {
      return each.id === one.activity;
    })[0] : null;
  }

  /* assemble.fitted_note: how the plan was fitted to its budget ("" without one). */
  function fittedNote(data, result) {
    if (!result.fit) return "";
    return say(data, "agenda.fitted", {budget: minutesText(data, result.fit),
                                       full: minutesText(data, result.full_minutes)});
  }

  /* assemble.contact_hours: minutes of learning, rounded down to the quarter hour. */
  function contactHours(minutes) {
    return Math.floor(Math.max(minutes, 0) / 15) / 4;
  }

  /* -- materials (assemble.roll_up_materials) -------------------------------------------- */

  /* The plan's modules in agenda order, each once (assemble.distinct_modules). */
  function distinctModules(plan, data) {
    var seen = {}, found = [];
    plan.blocks.forEach(function (block) {
      var module = block.kind === "module" ? modulesById(data)[block.module] : null;
      if (module && !seen[module.id]) {
        seen[module.id] = true;
        found.push(module);
      }
    });
    return found;
  }

  function scaledQuantity(material, size) {
    if (material.per === "participant") return material.quantity * size;
    if (material.per === "group") {
      return material.quantity * Math.ceil(size / (material.group_size || size));
    }
    return material.quantity;
  }

  /* [{item, quantity, modules}] for the group, by item (`key`: the name as Python folds it),
   * first seen first; reusable things count at the most one module needs. */
  function materials(plan, data) {
    var lines = [], byKey = {};
    distinctModules(plan, data).forEach(function (module) {
      module.materials.forEach(function (material) {
        var line = byKey[material.key];
        if (!line) {
          line = byKey[material.key] = {item: material.item, summed: 0, peak: 0, modules: []};
          lines.push(line);
        }
        var count = scaledQuantity(material, plan.size);
        if (material.reusable) line.peak = Math.max(line.peak, count);
        else line.summed += count;
        if (line.modules.indexOf(module.title) === -1) line.modules.push(module.title);
      });
    });
    return lines.map(function (line) {
      return {item: line.item, quantity: line.summed + line.peak, modules: line.modules};
    });
  }

  /* -- warnings (validate: session_rules) ------------------------------------------------- */

  /* What `curriculum check` says of the plan as a session file: [{field, severity, key,
   * values}], `field` named as check names it (`blocks[2].module`, `fit`). */
  function warnings(plan, result, data) {
    var found = [];
    var byId = modulesById(data);
    plan.blocks.forEach(function (block, index) {
      var module = block.kind === "module" ? byId[block.module] : null;
      if (!module) return;
      var low = nullable(module.group_size.min), high = nullable(module.group_size.max);
      if ((low !== null && plan.size < low) || (high !== null && plan.size > high)) {
        found.push(warning("blocks[" + index + "].module", "group_size",
                           {module: module.title, size: plan.size, range: module.group_text}));
      }
    });
    found = found.concat(prerequisiteWarnings(plan, data));
    if (result.shortfall) {
      found.push({field: "fit", severity: "error", key: "over_budget",
                  values: {least: result.shortfall.least, budget: result.shortfall.budget,
                           over: result.shortfall.least - result.shortfall.budget}});
    }
    return found;
  }

  function warning(field, key, values) {
    return {field: field, severity: "warning", key: key, values: values};
  }

  /* validate.session_prerequisites: each prerequisite comes earlier in the session. */
  function prerequisiteWarnings(plan, data) {
    var byId = modulesById(data), found = [];
    var ids = plan.blocks.map(function (block) {
      return block.kind === "module" ? block.module : null;
    });
    ids.forEach(function (id, index) {
      var module = id ? byId[id] : null;
      if (!module) return;
      var earlier = ids.slice(0, index), later = ids.slice(index + 1);
      module.prerequisites.forEach(function (prerequisite) {
        if (earlier.indexOf(prerequisite) !== -1 || prerequisite === id ||
            !byId[prerequisite]) return;
        var key = later.indexOf(prerequisite) !== -1 ? "prerequisite_later"
          : "prerequisite_missing";
        found.push(warning("blocks[" + index + "].module", key,
                           {module: module.title, prerequisite: byId[prerequisite].title}));
      });
    });
    return found;
  }

  /* -- the plan in the address ------------------------------------------------------------ */

  /* A plan with the curriculum's defaults and no blocks. */
  function emptyPlan(data) {
    return {title: "", date: "", start: data.curriculum.defaults.start,
            size: data.curriculum.defaults.group_size, fit: null, blocks: []};
  }

  function wholeNumber(text, low, high) {
    if (!/^\d{1,9}$/.test(text || "")) return null;
    var value = Number(text);
    return value >= low && value <= high ? value : null;
  }

  /* Title text as a session file keeps it: one line, runs of spaces as one, no lone
   * surrogates, at most LIMITS.title characters, no space at either end (a cut may leave
   * one, which the loader would strip). */
  function cleanTitle(text) {
    var words = String(text || "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
                                           "$1\uFFFD");
    words = words.split(/[\s\u001c-\u001f\u0085]+/).filter(Boolean).join(" ");
    return Array.from(words).slice(0, LIMITS.title).join("").replace(/ $/, "");
  }

  /* How each field of the address is read: its value for the plan, or null. */
  var READERS = {
    date: function (text) { return parseDate(text) ? text : null; },
    start: parseClock,
    size: function (text) { return wholeNumber(text, 1, LIMITS.size); },
    fit: function (text) { return wholeNumber(text, 1, LIMITS.fit); }
  };
  var FIELDS = ["title", "date", "start", "size", "fit", "blocks"];
  var SHOWN = 60;  /* characters of a value a problem repeats: a long one is cut short */

  /* A query string -> {plan, problems}. Each field or block that cannot be read is a
   * problem ({key, values}) and is left out; the rest of the plan stands. A field given
   * twice is read from its first. */
  function readQuery(search, data) {
    var params = new URLSearchParams(search || "");
    var plan = emptyPlan(data), problems = [];
    function problem(key, values) { problems.push({key: key, values: cutShort(values)}); }
    FIELDS.forEach(function (name) {
      if (params.getAll(name).length > 1) problem("repeated", {value: name});
    });
    if (params.has("title")) {
      var title = params.get("title");
      plan.title = cleanTitle(title);
      if (Array.from(title.trim()).length > LIMITS.title) problem("title_long", {limit: LIMITS.title});
    }
    Object.keys(READERS).forEach(function (name) {
      var text = params.get(name);
      if (!text) return;
      var value = READERS[name](text);
      if (value) plan[name] = value;
      else problem("bad_" + name, {value: text, limit: LIMITS[name]});
    });
    (params.get("blocks") || "").split(",").forEach(function (item) {
      if (!item.trim()) return;
      var block = readBlock(item.trim(), data);
      if (block.problem) {
        problem(block.problem, {value: block.value || item.trim(), limit: LIMITS.minutes});
      }
      else if (plan.blocks.length >= LIMITS.blocks) problem("too_many", {limit: LIMITS.blocks});
      else plan.blocks.push(block);
    });
    return {plan: plan, problems: dedupe(problems)};
  }

  /* A problem's values with a long `value` cut to SHOWN characters: a link may hold a
   * date of 5,000 characters, the page need not repeat it. */
  function cutShort(values) {
    var value = Array.from(String(values.value === undefined ? "" : values.value));
    if (value.length <= SHOWN) return values;
    var copy = {};
    Object.keys(values).forEach(function (key) { copy[key] = values[key]; });
    copy.value = value.slice(0, SHOWN - 1).join("") + "\u2026";
    return copy;
  }

  function dedupe(problems) {
    var seen = {};
    return problems.filter(function (one) {
      var key = JSON.stringify(one);
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  /* `module:ID`, `break:MIN`, `opening:MIN`, `closing:MIN` -> a block, or {problem}. */
  function readBlock(item, data) {
    var at = item.indexOf(":");
    var kind = at < 0 ? item : item.slice(0, at), value = at < 0 ? "" : item.slice(at + 1);
    if (KINDS.indexOf(kind) === -1) return {problem: "bad_block"};
    if (kind === "module") {
      return modulesById(data)[value] ? {kind: "module", module: value}
        : {problem: "unknown_module", value: value};
    }
    var minutes = wholeNumber(value, 1, LIMITS.minutes);
    return minutes ? {kind: kind, minutes: minutes} : {problem: "bad_minutes"};
  }

  function blockItem(block) {
    return block.kind + ":" + (block.kind === "module" ? block.module : block.minutes);
  }

  /* A value in a query, readable where it can be: a colon needs no escape there. */
  function queryText(value) {
    return encodeURIComponent(String(value)).replace(/%3A/gi, ":");
  }

  /* The plan as the query of its address, in the contract's order; empty fields left out. */
  function writeQuery(plan) {
    var parts = [];
    function add(name, value) {
      if (value !== "" && value !== null && value !== undefined) {
        parts.push(name + "=" + queryText(value));
      }
    }
    add("title", plan.title);
    add("date", plan.date);
    add("start", plan.start);
    add("size", plan.size);
    add("fit", plan.fit);
    if (plan.blocks.length) {
      parts.push("blocks=" + plan.blocks.map(function (block) {
        return queryText(blockItem(block));
      }).join(","));
    }
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* The query of the print view of a plan in one edition: the plan's query (writeQuery), then
   * `edition` (planner-print.js reads both). */
  function printQuery(plan, edition) {
    var query = writeQuery(plan);
    return (query ? query + "&" : "?") + "edition=" + edition;
  }

  /* -- the plan as a session file --------------------------------------------------------- */

  /* A YAML double-quoted string that PyYAML reads back as `text`: quotes, backslashes and
   * every character YAML will not take as it is written escaped. */
  function yamlString(text) {
    var out = "\"";
    Array.from(text).forEach(function (ch) {
      var code = ch.codePointAt(0);
      if (ch === "\"" || ch === "\\") out += "\\" + ch;
      else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff &&
               code !== 0x2028 && code !== 0x2029) || (code >= 0xe000 && code <= 0xfffd &&
               code !== 0xfeff) || code >= 0x10000) out += ch;
      else if (code <= 0xff) out += "\\x" + pad(code.toString(16), 2);
      else out += "\\u" + pad(code.toString(16), 4);
    });
    return out + "\"";
  }

  /* The session file's id and name: the title as a slug (`^[a-z0-9]+(-[a-z0-9]+)*$`, at
   * most 64 characters), never `index` (that page is the list of sessions). */
  function sessionId(plan) {
    var slug = String(plan.title || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > 64) slug = slug.slice(0, 64).replace(/-[^-]*$/, "") || slug.slice(0, 64);
    slug = slug.replace(/-+$/, "");
    if (!slug) slug = "planned-session";
    return slug === "index" ? "index-session" : slug;
  }

  function planTitle(plan, data) {
    return plan.title || say(data, "planner.untitled");
  }

  /* The plan as curriculum/sessions/<id>.yml: what `curriculum check --strict` accepts and
   * `curriculum packet` prints with the same agenda. `link` is the plan's address, kept in a
   * comment so the file leads back to the planner. */
  function sessionYaml(plan, data, link) {
    var lines = ["# yaml-language-server: $schema=../../schema/session.schema.json"];
    String(say(data, "planner.yaml_note")).split("\n").forEach(function (line) {
      lines.push("# " + line);
    });
    if (link) lines.push("# " + link);
    lines.push("title: " + yamlString(planTitle(plan, data)));
    if (plan.date) lines.push("date: " + plan.date);
    lines.push("start: \"" + (plan.start || data.curriculum.defaults.start) + "\"");
    lines.push("group_size: " + plan.size);
    if (plan.fit) lines.push("fit: " + plan.fit);
    lines.push("blocks:");
    plan.blocks.forEach(function (block) {
      lines.push("  - " + block.kind + ": " + (block.kind === "module" ? block.module
        : block.minutes));
    });
    return lines.join("\n") + "\n";
  }

  /* -- the plan in the room (run_of_show.py: the agenda object, version 1) ----------------- */

  /* A short name for the plan's run: its id and a hash of its address, so that two plans keep
   * their runs apart and the same plan finds its own again (FNV-1a, 32 bits). */
  function runKey(plan) {
    var text = writeQuery(plan), hash = 0x811c9dc5;
    for (var at = 0; at < text.length; at += 1) {
      hash ^= text.charCodeAt(at);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return "plan:" + sessionId(plan) + "-" + pad(hash.toString(16), 8);
  }

  /* The agenda object the run-of-show view and the room's screen read (run_of_show.agenda_data
   * for the plan as a session file): the same clock times, fitted minutes and marks. Without
   * the guides' scripts: the run view of a plan shows each activity's purpose. */
  function runAgenda(plan, data, result) {
    result = result || agenda(plan, data);
    var blocks = [];
    result.rows.forEach(function (one) {
      if (one.kind !== "activity") {
        blocks.push({kind: one.kind, title: one.title, module: one.module,
                     label: one.kind === "module" ? "" : sayOr(data, "block." + one.kind, ""),
                     start: one.start, end: one.end, minutes: one.minutes, activities: []});
        return;
      }
      var activity = activityOf(data, one);
      blocks[blocks.length - 1].activities.push({
        id: one.activity, title: one.title, start: one.start, end: one.end,
        minutes: one.minutes, planned: one.full_minutes || one.minutes,
        mark: fitMark(data, one), format: activity.format_label || activity.format,
        prompt: activity.purpose || ""});
    });
    return {version: 1, key: runKey(plan), title: planTitle(plan, data),
            language: data.language, timezone: data.curriculum.timezone || null,
            days: [{number: 1, heading: "", dates: plan.date ? [plan.date] : [],
                    start: result.start, end: result.end, minutes: result.minutes,
                    blocks: blocks}]};
  }

  return {
    KINDS: KINDS, TIMED: TIMED, LIMITS: LIMITS,
    say: say, sayOr: sayOr, minutesText: minutesText, numberText: numberText,
    dateText: dateText, formatClock: formatClock, clockMinutes: clockMinutes,
    parseClock: parseClock, parseDate: parseDate,
    fitToBudget: fitToBudget, agenda: agenda, fitMark: fitMark, fittedNote: fittedNote,
    shortfallText: shortfallText, clockText: clockText, lengthText: lengthText,
    activityOf: activityOf, wholeNumber: wholeNumber,
    contactHours: contactHours, distinctModules: distinctModules, scaledQuantity: scaledQuantity,
    materials: materials, warnings: warnings, modulesById: modulesById,
    emptyPlan: emptyPlan, readQuery: readQuery, writeQuery: writeQuery,
    printQuery: printQuery, cleanTitle: cleanTitle,
    blockMinutes: blockMinutes, sessionId: sessionId, sessionYaml: sessionYaml,
    yamlString: yamlString, planTitle: planTitle, runKey: runKey, runAgenda: runAgenda,
    STORED: STORED
  };
});
