/* The session planner's print view: a packet of the plan in the address, put together in the
 * browser, in one edition (?edition=facilitator|participant&<the plan>). The browser's print
 * makes the PDF.
 *
 * It is `curriculum packet` for a plan that is not a file: the parts of the packet contract
 * (packet_contract.PARTS, published in planner-data.js) in their order, each written as its
 * template in templates/packet/ writes it (the same elements and classes, so packet.css lays
 * it out), with the agenda, materials and warnings of planner-core.js and the modules'
 * documents from the edition's kits, which the build renders with the packets' renderer
 * (planner.py). The print view of the participant edition loads participant kits only: no
 * facilitator-only text is ever in its page. tests/browser/test_planner_print.py compares
 * what it prints, element by element, with the packet of the same session.
 *
 * A part that has no writer here (one added to the contract later) is left out and named on
 * the page, so that a trainer knows to print the session's own packet for it.
 */
(function () {
  "use strict";

  var data = window.curriculumPlanner;
  var core = window.curriculumPlan;
  var bar = document.querySelector(".planner-bar");
  var status = bar ? bar.querySelector(".planner-status") : null;

  function say(key, values) { return core.say(data, key, values); }

  function tell(text) {
    if (status) status.textContent = text;
  }

  /* -- HTML as the templates write it ------------------------------------------------------ */

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function each(items, write) {
    return items.map(write).join("\n");
  }

  function times(count, write) {
    var out = [];
    for (var number = 0; number < count; number += 1) out.push(write(number));
    return out.join("\n");
  }

  /* -- the packet's view of the plan (packet_html.packet_view, one day) ------------------- */

  function agendaRow(row) {
    var activity = core.activityOf(data, row);
    return {
      clock: core.clockText(row),
      title: row.title,
      kind: row.kind,
      length: core.lengthText(data, row),
      format: activity ? activity.format_label : "",
      purpose: activity ? activity.purpose : "",
      anchor: row.kind === "module" && row.module ? "module-" + row.module : "",
      mark: core.fitMark(data, row),
      left_out: row.left_out,
      leeway: activity ? activity.leeway : ""
    };
  }

  /* packet_html._heading_note: the activity's time in this session, and what fitting did. */
  function headingNote(row) {
    var mark = core.fitMark(data, row);
    if (row.left_out) return mark;
    return mark ? core.clockText(row) + " · " + mark : core.clockText(row);
  }

  function moduleSection(module, result, number, count, kit) {
    var rows = result.rows.filter(function (row) { return row.module === module.id; });
    var block = rows.filter(function (row) { return row.kind === "module"; })[0];
    var clocks = {};
    rows.forEach(function (row) { if (row.activity) clocks[row.activity] = headingNote(row); });
    return {
      anchor: "module-" + module.id,
      title: module.title,
      kicker: say("packet.module_kicker", {number: number, count: count, start: block.start,
                                           end: block.end}),
      summary: module.summary,
      facts: module.facts,
      objectives: module.objectives,
      activities: rows.filter(function (row) { return row.kind === "activity"; }).map(agendaRow),
      overview: kit.overview,
      guide: kit.guide,
      overview_anchor: "module-" + module.id + "-overview",
      guide_anchor: "module-" + module.id + "-guide",
      sharing: kit.sharing,
      reads_guide: module.reads_guide,
      clocks: clocks
    };
  }

  function packetView(plan, result, edition, kits) {
    var modules = core.distinctModules(plan, data);
    var dates = core.dateText(data, plan.date);
    var clock = core.clockText(result);
    var hours = core.numberText(data, core.contactHours(result.contact_minutes));
    var total = {clock: clock, title: say("packet.total"), kind: "total",
                 length: core.minutesText(data, result.minutes)};
    var view = {
      edition: edition.id,
      edition_label: say("edition." + edition.id),
      curriculum_title: data.curriculum.title,
      title: core.planTitle(plan, data),
      date: dates,
      clock: clock,
      length: core.minutesText(data, result.minutes),
      contact_hours: hours,
      group: say("participants", {count: plan.size}),
      days: [{heading: "", rows: result.rows.map(agendaRow), total: total, fitted: ""}],
      agenda_total: total,
      fitted: core.fittedNote(data, result),
      materials: core.materials(plan, data),
      modules: modules.map(function (module, index) {
        return moduleSection(module, result, index + 1, modules.length,
                             kits[edition.id + "/" + module.id]);
      }),
      handouts: [].concat.apply([], modules.map(function (module) {
        return kits[edition.id + "/" + module.id].handouts;
      })),
      guides: edition.notes ? kits.guides.guides : [],
      credit: data.curriculum.credit,
      sign_in: [{heading: "", date: dates, clock: clock, hours: hours,
                 rows: plan.size + data.sign_in_spare}],
      evaluation: {
        objectives: modules.filter(function (m) { return m.objectives.length; })
          .map(function (m) { return [m.title || m.id, m.objectives]; }),
        questions: data.curriculum.questions
      },
      follow_ups: modules.filter(function (m) { return m.follow_up; })
        .map(function (m) { return [m.title || m.id, m.follow_up]; }),
      facilitator: edition.notes,
      support: edition.notes ? kits.guides.support : "",
      series: "",
      meetings: []
    };
    view.parts = parts(view, edition);
    return view;
  }

  /* packet_html._parts: the edition's parts in the contract's order. */
  function parts(view, edition) {
    var found = [];
    data.parts.forEach(function (part) {
      var items = part.each ? view[part.each] : null;
      if (part.needs && !(view[part.needs] || []).length) return;
      if (part.editions.indexOf(edition.id) === -1 || (items && !items.length)) return;
      found.push({key: part.key, anchor: part.key, title: say("part." + part.key),
                  template: part.template, listed: part.listed,
                  note: part.note ? say("part." + part.key + ".note") : "", items: items});
    });
    return found;
  }

  /* -- the templates (templates/packet/*.html), one writer each ---------------------------- */

  var WRITERS = {
    "cover.html": cover,
    "contents.html": contents,
    "agenda.html": agenda,
    "materials.html": materialsPart,
    "sign_in.html": signIn,
    "module.html": modulePart,
    "guide.html": documentPart("general-guide"),
    "handout.html": documentPart("handout"),
    "follow_up.html": followUp,
    "evaluation.html": evaluation
  };

  function cover(packet) {
    var out = ['<section class="cover">',
      '<p class="cover-curriculum">' + esc(packet.curriculum_title) + "</p>",
      '<h1 class="cover-title">' + esc(packet.title) + "</h1>",
      '<p class="cover-edition">' + esc(packet.edition_label) + "</p>",
      '<table class="cover-facts">'];
    out.push(factRow("packet.date", esc(packet.date)));
    out.push(factRow("packet.time", esc(packet.clock) + ' <span class="quiet">(' +
                     esc(packet.length) + ")</span>"));
    out.push(factRow("packet.contact_hours", esc(packet.contact_hours)));
    out.push(factRow("packet.group", esc(packet.group)));
    out.push(factRow("packet.modules", esc(packet.modules.map(function (m) {
      return m.title;
    }).join(" · "))));
    if (packet.facilitator) out.push(factRow("packet.facilitators"), factRow("packet.room"));
    else out.push(factRow("packet.name"));
    out.push("</table>");
    if (packet.credit) {
      out.push('<div class="cover-credit">', "<h2>" + esc(say("credit.title")) + "</h2>",
        '<p class="credit-provider">' + (packet.credit.type ? "<strong>" +
          esc(packet.credit.type) + "</strong> · " : "") + esc(packet.credit.provider) + "</p>",
        '<p class="credit-statement">' + esc(packet.credit.statement) + "</p>", "</div>");
    }
    if (!packet.facilitator) {
      out.push('<nav class="cover-contents" aria-label="' + esc(say("packet.in_this_packet")) +
        '">', "<h2>" + esc(say("packet.in_this_packet")) + "</h2>", '<ol class="toc">');
      packet.parts.filter(function (p) { return p.listed; }).forEach(function (listed) {
        (listed.items || [listed]).forEach(function (item) {
          out.push('<li><a href="#' + esc(item.anchor) + '">' + esc(item.title) +
            (listed.note ? '<span class="quiet"> · ' + esc(listed.note) + "</span>" : "") +
            "</a></li>");
        });
      });
      out.push("</ol>", "</nav>");
    } else {
      out.push('<div class="cover-notes">', "<h2>" + esc(say("packet.notes")) + "</h2>",
        rules(7), "</div>");
    }
    out.push("</section>");
    return out.join("\n");
  }

  /* What the forms share (forms.html, one writer each): a fact printed (`html`), or a line to
   * fill in by hand where the packet does not know it (fact_row); lines to write on (rules). */
  function factRow(key, html) {
    if (!html) {
      return '<tr class="fill-row"><th scope="row">' + esc(say(key)) +
        '</th><td class="fill"></td></tr>';
    }
    return '<tr><th scope="row">' + esc(say(key)) + "</th><td>" + html + "</td></tr>";
  }

  function rules(count) {
    return times(count, function () { return '<div class="rule"></div>'; });
  }

  function sectionOpen(className, part) {
    return '<section class="' + className + '" id="' + esc(part.anchor) + '" data-title="' +
      esc(part.title) + '">';
  }

  function contents(packet, part) {
    var out = [sectionOpen("contents-page", part),
      '<nav class="contents" aria-label="' + esc(part.title) + '">',
      '<h1 class="section-title">' + esc(part.title) + "</h1>", '<ol class="toc">'];
    packet.parts.filter(function (p) { return p.listed; }).forEach(function (listed) {
      if (!listed.items) {
        out.push('<li><a href="#' + esc(listed.anchor) + '">' + esc(listed.title) + "</a></li>");
        return;
      }
      out.push('<li class="toc-group">' + esc(listed.title), "<ol>");
      listed.items.forEach(function (item) {
        out.push('<li><a href="#' + esc(item.anchor) + '">' + esc(item.title) + "</a></li>");
      });
      out.push("</ol>", "</li>");
    });
    out.push("</ol>", "</nav>");
    if (packet.support) {
      out.push('<div class="doc contents-support">', "<h2>" + esc(say("support.title")) +
        "</h2>", packet.support, "</div>");
    }
    out.push("</section>");
    return out.join("\n");
  }

  function struck(row, text) {
    return row.left_out ? "<s>" + esc(text) + "</s>" : esc(text);
  }

  function agenda(packet, part) {
    var out = [sectionOpen("agenda", part),
      '<h1 class="section-title">' + esc(part.title) + "</h1>",
      '<p class="lead">' + (packet.date ? esc(packet.date) + " · " : "") + esc(packet.clock) +
        " · " + esc(packet.group) + "</p>"];
    if (packet.fitted) out.push('<p class="fitted">' + esc(packet.fitted) + "</p>");
    packet.days.forEach(function (day) {
      if (day.heading) out.push('<h2 class="agenda-day">' + esc(day.heading) + "</h2>");
      if (day.fitted) out.push('<p class="fitted">' + esc(day.fitted) + "</p>");
      out.push('<table class="agenda-table">', "<thead>",
        '<tr><th class="clock">' + esc(say("column.time")) + "</th><th>" +
          esc(say("column.what")) + "</th><th>" + esc(say("column.format")) +
          '</th><th class="num">' + esc(say("column.length")) + "</th></tr>", "</thead>",
        "<tbody>");
      day.rows.forEach(function (row) {
        var what = row.left_out ? "<s>" + esc(row.title) + "</s>"
          : row.anchor ? '<a href="#' + esc(row.anchor) + '">' + esc(row.title) + "</a>"
          : esc(row.title);
        if (row.mark) what += ' <span class="fit-mark">' + esc(row.mark) + "</span>";
        out.push('<tr class="row-' + esc(row.kind) + (row.left_out ? " row-left-out" : "") +
          '">', '<td class="clock">' + esc(row.clock) + "</td>",
          '<td class="what">' + what + "</td>",
          '<td class="format">' + esc(row.format) + "</td>",
          '<td class="num">' + struck(row, row.length) + "</td>", "</tr>");
      });
      out.push('<tr class="row-total">', '<td class="clock">' + esc(day.total.clock) + "</td>",
        '<td class="what">' + esc(day.total.title) + "</td>", "<td></td>",
        '<td class="num">' + esc(day.total.length) + "</td>", "</tr>", "</tbody>", "</table>");
    });
    if (packet.days.length > 1) {
      out.push('<p class="agenda-session-total"><strong>' + esc(packet.agenda_total.title) +
        ":</strong> " + esc(packet.agenda_total.length) + "</p>");
    }
    out.push("</section>");
    return out.join("\n");
  }

  function materialsPart(packet, part) {
    var several = packet.modules.length > 1;
    var forHead = several ? "<th>" + esc(say("packet.for")) + "</th>" : "";
    var out = [sectionOpen("materials", part),
      '<h1 class="section-title">' + esc(part.title) + "</h1>",
      '<p class="lead">' + esc(say("packet.materials_lead", {group: packet.group})) + "</p>",
      '<table class="checklist">', "<thead>",
      '<tr><th class="tick-cell" aria-label="' + esc(say("packet.packed")) +
        '"></th><th class="num">' + esc(say("packet.quantity")) + "</th><th>" +
        esc(say("packet.item")) + "</th>" + forHead + "</tr>", "</thead>", "<tbody>"];
    packet.materials.forEach(function (line) {
      out.push("<tr>", '<td class="tick-cell"><span class="tick"></span></td>',
        '<td class="num qty">' + esc(line.quantity) + "</td>",
        '<td class="item">' + esc(line.item) + "</td>");
      if (several) out.push('<td class="for">' + esc(line.modules.join(", ")) + "</td>");
      out.push("</tr>");
    });
    if (!packet.materials.length) {
      out.push("<tr><td></td><td></td><td>" + esc(say("packet.no_materials")) + "</td>" +
        (several ? "<td></td>" : "") + "</tr>");
    }
    out.push("</tbody>", "</table>");
    if (packet.handouts.length) {
      out.push("<h2>" + esc(say("packet.handouts_to_copy")) + "</h2>",
        '<table class="checklist handouts">', "<thead>",
        '<tr><th class="tick-cell" aria-label="' + esc(say("packet.copied")) + '"></th><th>' +
          esc(say("packet.handout")) + "</th>" + forHead + '<th class="num">' +
          esc(say("packet.page")) + "</th></tr>", "</thead>", "<tbody>");
      packet.handouts.forEach(function (section) {
        out.push("<tr>", '<td class="tick-cell"><span class="tick"></span></td>',
          '<td class="item"><a href="#' + esc(section.anchor) + '">' + esc(section.title) +
            "</a></td>");
        if (several) out.push('<td class="for">' + esc(section.module) + "</td>");
        out.push('<td class="num"><a class="page-ref" href="#' + esc(section.anchor) +
          '"></a></td>', "</tr>");
      });
      out.push("</tbody>", "</table>");
    }
    out.push("</section>");
    return out.join("\n");
  }

  function signIn(packet, part) {
    var out = [sectionOpen("sign-in", part)];
    packet.sign_in.forEach(function (sheet) {
      out.push('<div class="sign-in-sheet">',
        '<h1 class="section-title">' + esc(part.title) + "</h1>",
        '<p class="sign-in-session">' + esc(packet.title) +
          (sheet.heading ? " · " + esc(sheet.heading) : "") + "</p>",
        '<table class="sign-in-facts">',
        factRow("packet.date", esc(sheet.date)),
        factRow("packet.time", esc(sheet.clock)),
        factRow("packet.contact_hours", esc(sheet.hours)));
      if (packet.credit) {
        out.push(factRow("credit.provider", esc(packet.credit.provider) +
          (packet.credit.type ? " · " + esc(packet.credit.type) : "")));
      }
      out.push("</table>", '<table class="sign-in-facilitators">',
        times(2, function () {
          return '<tr><th scope="row">' + esc(say("sign_in.facilitator")) +
            '</th><td class="fill name"></td><th scope="row" class="signature">' +
            esc(say("sign_in.signature")) + '</th><td class="fill"></td></tr>';
        }), "</table>",
        '<p class="lead">' + esc(say("sign_in.lead")) +
          (packet.credit ? " " + esc(say("sign_in.keep")) : "") + "</p>",
        '<table class="sign-in-rows">', "<thead>",
        '<tr><th class="num">' + esc(say("sign_in.number")) + "</th><th>" +
          esc(say("sign_in.name")) + "</th><th>" + esc(say("sign_in.profession")) +
          "</th><th>" + esc(say("sign_in.signature")) + "</th></tr>", "</thead>", "<tbody>",
        times(sheet.rows, function (number) {
          return '<tr><td class="num">' + (number + 1) + "</td><td></td><td></td><td></td></tr>";
        }), "</tbody>", "</table>", "</div>");
    });
    out.push("</section>");
    return out.join("\n");
  }

  function modulePart(packet, part, module) {
    var out = ['<section class="module" id="' + esc(module.anchor) + '" data-title="' +
      esc(module.title) + '">', '<p class="kicker">' + esc(module.kicker) + "</p>",
      '<h1 class="section-title">' + esc(module.title) + "</h1>",
      '<p class="summary">' + esc(module.summary) + "</p>", '<p class="facts">'];
    module.facts.forEach(function (fact) {
      out.push('<span class="fact"><span class="fact-label">' + esc(fact[0]) + "</span> " +
        esc(fact[1]) + "</span>");
    });
    out.push("</p>");
    if (module.objectives.length) {
      out.push("<h2>" + esc(say("packet.objectives")) + "</h2>", '<ul class="objectives">',
        each(module.objectives, function (o) { return "<li>" + esc(o) + "</li>"; }), "</ul>");
    }
    if (packet.facilitator) {
      out.push("<h2>" + esc(say("packet.timing")) + "</h2>", '<table class="timing">', "<thead>",
        '<tr><th class="clock">' + esc(say("column.time")) + "</th><th>" +
          esc(say("column.activity")) + "</th><th>" + esc(say("column.format")) +
          '</th><th class="num">' + esc(say("column.length")) + "</th></tr>", "</thead>",
        "<tbody>");
      module.activities.forEach(function (row) {
        var what = struck(row, row.title);
        if (row.mark) what += ' <span class="fit-mark">' + esc(row.mark) + "</span>";
        if (row.purpose) what += '<span class="purpose">' + esc(row.purpose) + "</span>";
        if (row.leeway) what += '<span class="leeway">' + esc(row.leeway) + "</span>";
        out.push("<tr" + (row.left_out ? ' class="row-left-out"' : "") + ">",
          '<td class="clock">' + esc(row.clock) + "</td>", '<td class="what">' + what + "</td>",
          '<td class="format">' + esc(row.format) + "</td>",
          '<td class="num">' + struck(row, row.length) + "</td>", "</tr>");
      });
      out.push("</tbody>", "</table>",
        '<h2 class="part-heading" id="' + esc(module.guide_anchor) + '">' +
          esc(say("packet.guide")) + "</h2>");
      if (module.reads_guide) {
        out.push('<p class="reads-guide">' + esc(say("packet.reads_guide")) + "</p>");
      }
      out.push('<div class="doc guide">', module.guide || "", "</div>");
      if (!module.reads_guide) {
        out.push('<h2 class="part-heading" id="' + esc(module.overview_anchor) + '">' +
          esc(say("packet.participants_read")) + "</h2>", '<div class="doc overview">',
          module.overview, "</div>");
      }
    } else {
      out.push(module.reads_guide
        ? '<h2 class="part-heading" id="' + esc(module.guide_anchor) + '">' +
          esc(say("packet.lesson")) + "</h2>"
        : '<h2 class="part-heading" id="' + esc(module.overview_anchor) + '">' +
          esc(say("packet.overview")) + "</h2>",
        '<div class="doc overview">', module.overview, "</div>");
    }
    if (module.sharing) out.push('<div class="doc sharing">', module.sharing, "</div>");
    out.push("</section>");
    return out.join("\n");
  }

  function documentPart(className) {
    return function (packet, part, section) {
      return ['<section class="' + className + '" id="' + esc(section.anchor) +
        '" data-title="' + esc(section.title) + '">',
        '<p class="kicker">' + esc(section.kicker) + "</p>",
        '<h1 class="section-title">' + esc(section.title) + "</h1>",
        '<div class="doc">', section.html, "</div>", "</section>"].join("\n");
    };
  }

  function followUp(packet, part) {
    return [sectionOpen("follow-up", part),
      '<h1 class="section-title">' + esc(part.title) + "</h1>",
      '<p class="lead">' + esc(say("follow_up.lead")) + "</p>",
      each(packet.follow_ups, function (item) {
        return ['<div class="follow-up-item">', "<h2>" + esc(item[0]) + "</h2>",
          "<p>" + esc(item[1]) + "</p>", rules(2), "</div>"].join("\n");
      }), "</section>"].join("\n");
  }

  function evaluation(packet, part) {
    var form = packet.evaluation;
    var out = [sectionOpen("evaluation", part),
      '<h1 class="section-title">' + esc(part.title) + "</h1>",
      '<p class="evaluation-session">' + esc(packet.title) +
        (packet.date ? " · " + esc(packet.date) : "") + "</p>",
      '<p class="evaluation-anonymous"><strong>' + esc(say("evaluation.anonymous")) +
        "</strong> " + esc(say("evaluation.reporting")) + "</p>"];
    if (form.objectives.length) {
      out.push("<h2>" + esc(say("evaluation.objectives")) + "</h2>",
        '<p class="lead">' + esc(say("evaluation.scale")) + "</p>", '<table class="rating">',
        "<thead>", "<tr><th>" + esc(say("evaluation.objective")) + '</th><th class="scale">' +
          esc(say("evaluation.before")) + '</th><th class="scale">' + esc(say("evaluation.now")) +
          "</th></tr>", "</thead>", "<tbody>");
      form.objectives.forEach(function (group) {
        out.push('<tr class="rating-module"><th colspan="3" scope="colgroup">' + esc(group[0]) +
          "</th></tr>");
        group[1].forEach(function (objective) {
          var boxes = times(5, function (n) { return '<span class="box">' + (n + 1) + "</span>"; })
            .replace(/\n/g, "");
          out.push('<tr class="rating-row">', '<td class="objective">' + esc(objective) + "</td>",
            times(2, function () { return '<td class="scale">' + boxes + "</td>"; }), "</tr>");
        });
      });
      out.push("</tbody>", "</table>");
    }
    form.questions.forEach(function (question) {
      out.push('<div class="question">', "<h2>" + esc(question) + "</h2>",
        rules(3), "</div>");
    });
    out.push("</section>");
    return out.join("\n");
  }

  /* The whole packet: each part by its writer, a repeating part once per item. Parts with no
   * writer are returned in `missing`. */
  function packetHtml(packet) {
    var html = [], missing = [];
    packet.parts.forEach(function (part) {
      var write = WRITERS[part.template];
      if (!write) {
        missing.push(part.title);
        return;
      }
      if (!part.items) html.push(write(packet, part));
      else part.items.forEach(function (item) { html.push(write(packet, part, item)); });
    });
    return {html: html.join("\n"), missing: missing};
  }

  /* -- after the packet is in the page ---------------------------------------------------- */

  /* The clock times of this session in the activities' headings, as the packet's renderer
   * places them: in the facilitator guide, and in a lesson-style module's guide that
   * participants read. */
  function addHeadingNotes(packet) {
    packet.modules.forEach(function (module) {
      var guide = module.reads_guide || packet.facilitator;
      if (!guide) return;
      Object.keys(module.clocks).forEach(function (activity) {
        var id = module.guide_anchor + "-" + activity;
        document.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(function (heading) {
          if (heading.id !== id || !module.clocks[activity]) return;
          var note = document.createElement("span");
          note.className = "heading-note";
          note.textContent = module.clocks[activity];
          heading.appendChild(note);
        });
      });
    });
  }

  /* A link to a document this view prints jumps there; any other link to a page of the
   * site leads to that page (the packet would print site_url's address, or the text). */
  function settleLinks(root) {
    document.querySelectorAll("a[data-site]").forEach(function (link) {
      var target = (link.getAttribute("href") || "").slice(1);
      if (link.getAttribute("data-print") === "xref" && target &&
          document.getElementById(target)) return;
      var url = new URL(root + link.getAttribute("data-site"), window.location.href).href;
      link.setAttribute("href", url);
      link.setAttribute("data-print", "url");
      link.setAttribute("data-url", url);
    });
  }

  /* -- loading the kits -------------------------------------------------------------------- */

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(src); };
      document.head.appendChild(script);
    });
  }

  function loadKits(plan, edition) {
    var names = core.distinctModules(plan, data).map(function (module) {
      return edition.id + "/" + module.id;
    });
    if (edition.notes) names.push("guides");
    return Promise.all(names.map(function (name) {
      return loadScript("../kit/" + name + ".js");
    })).then(function () { return window.curriculumPlannerKits || {}; });
  }

  function edition(params) {
    var wanted = params.get("edition") || "facilitator";
    return data.editions.filter(function (e) { return e.id === wanted; })[0] || null;
  }

  /* The bar: back to the planner with the same plan, the other edition, print. */
  function setUpBar(plan, chosen) {
    var back = bar.querySelector(".planner-back");
    back.setAttribute("href", "../index.html" + core.writeQuery(plan));
    var other = data.editions.filter(function (e) { return e.id !== chosen.id; })[0];
    var link = bar.querySelector(".planner-other");
    link.setAttribute("href", "index.html" + core.printQuery(plan, other.id));
    link.textContent = say("planner.print.other", {edition: say("edition." + other.id)});
    bar.querySelector(".planner-print").addEventListener("click", function () {
      window.print();
    });
  }

  function start() {
    if (!data || !core || !bar) return;
    var params = new URLSearchParams(window.location.search);
    var chosen = edition(params);
    var read = core.readQuery(window.location.search, data);
    var plan = read.plan;
    if (!chosen) {
      tell(say("planner.print.unknown_edition", {edition: params.get("edition")}));
      return;
    }
    setUpBar(plan, chosen);
    if (!plan.blocks.length) {
      tell(say("planner.print.empty"));
      return;
    }
    loadKits(plan, chosen).then(function (kits) {
      var result = core.agenda(plan, data);
      var packet = packetView(plan, result, chosen, kits);
      var made = packetHtml(packet);
      document.body.className = "edition-" + chosen.id;
      document.title = packet.title + " — " + packet.edition_label;
      bar.insertAdjacentHTML("afterend", made.html);
      addHeadingNotes(packet);
      settleLinks("../../");
      var notes = read.problems.map(function (problem) {
        return say("planner.problem." + problem.key, problem.values);
      });
      if (result.shortfall) {  /* printed as written, as the planner says */
        notes.push(core.shortfallText(data, result.shortfall));
      }
      if (made.missing.length) {
        notes.push(say("planner.print.missing", {parts: made.missing.join(", ")}));
      }
      tell(notes.join(" "));
      document.documentElement.setAttribute("data-planner-ready", chosen.id);
    }, function (src) {
      tell(say("planner.print.failed", {file: src}));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
