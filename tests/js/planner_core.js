/* Runs the planner's core (plugins/mkdocs_curriculum/assets/planner-core.js) in node for
 * tests/test_planner_core.py: reads {data, plans, fit_cases, dates, counts, titles} as JSON
 * from the file named first, writes what the core makes of each as JSON on stdout. */
"use strict";
const fs = require("fs");
const path = require("path");
const core = require(path.join(__dirname, "../../plugins/mkdocs_curriculum/assets/planner-core.js"));

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const data = input.data;

function computed(plan) {
  const result = core.agenda(plan, data);
  return {
    start: result.start, end: result.end, minutes: result.minutes,
    full_minutes: result.full_minutes, contact_minutes: result.contact_minutes,
    shortfall: result.shortfall,
    rows: result.rows.map((row) => ({
      start: row.start, end: row.end, minutes: row.minutes, full_minutes: row.full_minutes,
      title: row.title, kind: row.kind, left_out: row.left_out,
      mark: core.fitMark(data, row)})),
    materials: core.materials(plan, data),
    warnings: core.warnings(plan, result, data).map((w) => ({field: w.field,
      severity: w.severity, key: w.key})),
    query: core.writeQuery(plan),
    reread: core.readQuery(core.writeQuery(plan), data),
    yaml: core.sessionYaml(plan, data, "https://example.org/planner/" + core.writeQuery(plan)),
    id: core.sessionId(plan),
    run: core.runAgenda(plan, data),
  };
}

process.stdout.write(JSON.stringify({
  plans: (input.plans || []).map(computed),
  fits: (input.fit_cases || []).map((c) => core.fitToBudget(
    c.items.map(([minutes, optional, min]) => ({minutes, optional, min_minutes: min})), c.budget)),
  dates: (input.dates || []).map((iso) => core.dateText(data, iso)),
  numbers: (input.numbers || []).map((n) => core.numberText(data, n)),
  plurals: (input.counts || []).map((n) => core.say(data, "participants", {count: n})),
  queries: (input.queries || []).map((q) => core.readQuery(q, data)),
  titles: (input.titles || []).map((t) => ({clean: core.cleanTitle(t),
    yaml: core.yamlString(core.cleanTitle(t)), id: core.sessionId({title: core.cleanTitle(t)})})),
}));
