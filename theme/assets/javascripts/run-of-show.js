/* Run of show: the facilitator's phone (the run view) and the room's screen (the screen view).
 *
 * Both views compute from one agenda object (its shape is documented in the package's
 * run_of_show.py; the planner makes the same object). A session's pages carry it in
 * <script type="application/json" id="curriculum-agenda">; a page without one (/run/, /screen/)
 * takes it from sessionStorage or localStorage, key "curriculum-agenda:" + the `agenda` query
 * parameter, where the planner put it.
 *
 * The run view follows the clock when the agenda has today's date: the activity scheduled now is
 * on, with the time left in it. Start (now), Next, Back, +5 min and Pause take it over by hand:
 * from then on each activity starts when the one before it ends, and a run that is late or early
 * shifts the clock times of what follows and says by how much. The run's state lives in
 * localStorage under "curriculum-run:<agenda key>:<today's date>", so a reload (or the screen
 * view in another window of the same browser, told by the `storage` event) sees it; the screen
 * view runs the same computation on the same state, else on the clock. The screen is kept awake
 * where the browser allows (Wake Lock API), and a service worker (run-of-show-sw.js) keeps the
 * page and its files for a reload without network (not from file://, where there is none).
 *
 * Every word comes from the curriculum's label table (window.curriculumLabels, published by the
 * build); text from the agenda is set as text, except an activity's script, which is HTML the
 * build made from the facilitator guide. */
(function () {
  "use strict";

  var MINUTE = 60000;
  var published = window.curriculumLabels || {labels: {}};
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(published.language) : null;
  var worker = document.currentScript && document.currentScript.dataset.serviceWorker;

  function say(key, values, count) {
    var label = published.labels["run_" + key];
    if (label && typeof label === "object") {
      label = label[plurals && count !== undefined ? plurals.select(count) : "other"] ||
        label.other;
    }
    if (typeof label !== "string") return "";
    values = values || {};
    if (count !== undefined) values.count = count;
    return label.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  /* -- The agenda as steps: what the engine walks through ---------------------------------- */

  function clockMinutes(clock) {
    var parts = String(clock).split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function formatClock(minutes) {
    var whole = ((Math.round(minutes) % 1440) + 1440) % 1440;
    var hours = Math.floor(whole / 60), rest = whole % 60;
    return (hours < 10 ? "0" : "") + hours + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* One step per activity that takes time (one left out to fit takes none), and one per block
   * without activities (an opening, a break, a closing). Offsets are minutes from the day's
   * start, summed from the minutes as the core sums them (assemble.py). */
  function stepsOf(agenda) {
    var steps = [];
    (agenda.days || []).forEach(function (day, dayIndex) {
      var blockOffset = 0;
      (day.blocks || []).forEach(function (block, blockIndex) {
        var activities = block.activities || [];
        if (!activities.length) {
          steps.push(step(day, dayIndex, block, blockIndex, null, -1, blockOffset));
        }
        var offset = blockOffset;
        activities.forEach(function (activity, index) {
          if (activity.minutes > 0) {
            steps.push(step(day, dayIndex, block, blockIndex, activity, index, offset));
          }
          offset += activity.minutes;
        });
        blockOffset += block.minutes;
      });
    });
    steps.forEach(function (item, index) { item.index = index; });
    return steps;
  }

  function step(day, dayIndex, block, blockIndex, activity, activityIndex, offset) {
    var source = activity || block;
    var start = clockMinutes(day.start) + offset;
    return {
      day: dayIndex, block: blockIndex, activity: activityIndex,
      id: dayIndex + "." + blockIndex + "." + activityIndex,
      title: source.title, blockTitle: block.title, kind: block.kind,
      label: block.label || "", offset: offset, minutes: source.minutes,
      start: formatClock(start), end: formatClock(start + source.minutes),
      format: activity ? activity.format || "" : "", mark: activity ? activity.mark || "" : "",
      prompt: activity ? activity.prompt || "" : "", script: activity ? activity.script || "" : "",
      blockStart: block.start, blockEnd: block.end
    };
  }

  /* -- Clocks: the wall clock of the agenda's zone ----------------------------------------- */

  var formatters = {};

  /* The date ("2027-01-12") and minutes since midnight (with fractions) of an instant, in the
   * agenda's zone (the device's own when the agenda names none). */
  function wallClock(ms, zone) {
    var key = zone || "";
    if (!formatters[key]) {
      var options = {year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
                     minute: "2-digit", second: "2-digit", hourCycle: "h23"};
      if (zone) options.timeZone = zone;
      try {
        formatters[key] = new Intl.DateTimeFormat("en-CA", options);
      } catch (error) {  // a zone this browser does not know: its own clock
        delete options.timeZone;
        formatters[key] = new Intl.DateTimeFormat("en-CA", options);
      }
    }
    var parts = {};
    formatters[key].formatToParts(new Date(ms)).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var hours = Number(parts.hour) % 24;
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      minutes: hours * 60 + Number(parts.minute) + Number(parts.second) / 60 +
        (ms % 1000 + 1000) % 1000 / MINUTE
    };
  }

  /* The instant at which day `dayIndex` starts if it started today as planned (`now` is on its
   * date), else null. */
  function plannedStart(agenda, dayIndex, now) {
    var day = agenda.days[dayIndex];
    var wall = wallClock(now, agenda.timezone);
    if ((day.dates || []).indexOf(wall.date) === -1) return null;
    return now - (wall.minutes - clockMinutes(day.start)) * MINUTE;
  }

  /* The day of the agenda that meets today, and which meeting of the series it is. */
  function today(agenda, now) {
    var date = wallClock(now, agenda.timezone).date;
    for (var index = 0; index < agenda.days.length; index++) {
      var meeting = (agenda.days[index].dates || []).indexOf(date);
      if (meeting !== -1) return {day: index, meeting: meeting, date: date};
    }
    return null;
  }

  /* The next meeting day from today on, or after today once today's is over (`afterToday`);
   * else the last one, if all are past. */
  function nextMeeting(agenda, now, afterToday) {
    var date = wallClock(now, agenda.timezone).date, found = null, last = null;
    agenda.days.forEach(function (day, index) {
      (day.dates || []).forEach(function (when, meeting) {
        var item = {date: when, day: index, meeting: meeting};
        var coming = afterToday ? when > date : when >= date;
        if (!last || when > last.date) last = item;
        if (coming && (!found || when < found.date)) found = item;
      });
    });
    return found ? {next: found} : last ? {last: last} : null;
  }

  function meetingCount(agenda) {
    return Math.max.apply(null, agenda.days.map(function (day) {
      return (day.dates || []).length;
    }).concat([0]));
  }

  /* -- The run: state and what it means now ------------------------------------------------ */

  function freshState() {
    return {version: 1, mode: "clock", step: 0, starts: {}, extra: {}, anchors: {},
            pausedAt: null};
  }

  function firstOfDay(steps, day) {
    for (var index = 0; index < steps.length; index++) {
      if (steps[index].day === day) return index;
    }
    return steps.length;
  }

  /* What the views show at `now`: the phase (idle: no meeting today and not started; before:
   * today's start is still to come; running; finished), the current step and the time left in
   * it, the delay in minutes and the clock time of each later step of the day. */
  function compute(agenda, steps, state, now) {
    if (state.mode === "hand") return byHand(agenda, steps, state, now);
    return byClock(agenda, steps, now);
  }

  function byClock(agenda, steps, now) {
    var found = today(agenda, now);
    if (!found) return {phase: "idle", mode: "clock", meeting: nextMeeting(agenda, now)};
    var day = agenda.days[found.day];
    var start = plannedStart(agenda, found.day, now);
    var elapsed = (now - start) / MINUTE;
    var own = steps.filter(function (item) { return item.day === found.day; });
    var view = {mode: "clock", day: found.day, meetingIndex: found.meeting, delay: 0,
                anchor: start};
    if (elapsed < 0) {
      view.phase = "before";
      view.current = null;
      view.startsAt = start;
      view.remaining = -elapsed * MINUTE;
      view.upcoming = later(own, start, 0, -1);
      return view;
    }
    if (elapsed >= day.minutes || !own.length) {
      view.phase = "finished";
      view.endedAt = start + day.minutes * MINUTE;
      return view;
    }
    var current = own[0];
    own.forEach(function (item) { if (item.offset <= elapsed) current = item; });
    view.phase = "running";
    view.current = current;
    view.startedAt = start + current.offset * MINUTE;
    view.endsAt = view.startedAt + current.minutes * MINUTE;
    view.remaining = view.endsAt - now;
    view.upcoming = later(own, start, 0, current.index);
    return view;
  }

  function byHand(agenda, steps, state, now) {
    var at = state.pausedAt || now;
    if (state.step >= steps.length) {
      return {phase: "finished", mode: "hand", endedAt: state.starts[steps.length] || at,
              paused: false, day: steps.length ? steps[steps.length - 1].day : 0};
    }
    var current = steps[state.step];
    var anchor = state.anchors[current.day];
    var started = state.starts[state.step];
    var minutes = current.minutes + (state.extra[state.step] || 0);
    var ends = started + minutes * MINUTE;
    var own = steps.filter(function (item) { return item.day === current.day; });
    var following = own.filter(function (item) { return item.index > current.index; });
    var planned = following.length ? anchor + following[0].offset * MINUTE
      : anchor + agenda.days[current.day].minutes * MINUTE;
    // While paused the plan slips: what follows starts later by the time paused so far.
    var slipped = ends + (state.pausedAt ? now - state.pausedAt : 0);
    var delay = Math.round((Math.max(slipped, now) - planned) / MINUTE);
    var found = today(agenda, at);
    return {
      phase: "running", mode: "hand", paused: !!state.pausedAt, current: current,
      day: current.day, meetingIndex: found && found.day === current.day ? found.meeting : null,
      anchor: anchor, startedAt: started, endsAt: ends, remaining: ends - at, delay: delay,
      upcoming: later(own, anchor, delay, current.index)
    };
  }

  /* The steps of a day after `index`, each with its clock time moved by `delay` minutes. */
  function later(own, anchor, delay, index) {
    return own.filter(function (item) { return item.index > index; }).map(function (item) {
      return {step: item, at: anchor + (item.offset + delay) * MINUTE};
    });
  }

  /* -- What the buttons do: each takes the run by hand, from where the view is now --------- */

  function takeOver(agenda, steps, state, now) {
    if (state.mode === "hand") return state;
    var view = byClock(agenda, steps, now);
    var fresh = freshState();
    fresh.mode = "hand";
    if (view.phase === "running") {
      fresh.step = view.current.index;
      fresh.anchors[view.day] = view.anchor;
      fresh.starts[fresh.step] = view.startedAt;
    } else {
      var day = view.phase === "idle" ? 0 : view.day;
      fresh.step = view.phase === "finished" ? firstOfDay(steps, day + 1) : firstOfDay(steps, day);
      startDay(agenda, steps, fresh, fresh.step, now);
    }
    return fresh;
  }

  function startDay(agenda, steps, state, index, now) {
    if (index >= steps.length) {
      state.starts[index] = now;
      return;
    }
    var day = steps[index].day;
    var planned = plannedStart(agenda, day, now);
    state.anchors[day] = planned === null ? now : planned;
    state.starts[index] = now;
  }

  var actions = {
    start: function (agenda, steps, state, now) {
      var fresh = freshState();
      fresh.mode = "hand";
      var found = today(agenda, now);
      fresh.step = firstOfDay(steps, found ? found.day : 0);
      startDay(agenda, steps, fresh, fresh.step, now);
      return fresh;
    },
    next: function (agenda, steps, state, now) {
      state = resume(takeOver(agenda, steps, state, now), now);
      if (state.step >= steps.length) return state;
      var from = steps[state.step];
      state.step += 1;
      if (state.step < steps.length && steps[state.step].day !== from.day) {
        startDay(agenda, steps, state, state.step, now);
      } else {
        state.starts[state.step] = now;
      }
      return state;
    },
    back: function (agenda, steps, state, now) {
      state = resume(takeOver(agenda, steps, state, now), now);
      if (state.step === 0) {
        state.starts[0] = now;
        return state;
      }
      state.step -= 1;
      if (state.starts[state.step] === undefined) {
        state.starts[state.step] = now;
        var day = steps[state.step].day;
        if (state.anchors[day] === undefined) state.anchors[day] = now;
      }
      return state;
    },
    more: function (agenda, steps, state, now) {
      state = takeOver(agenda, steps, state, now);
      if (state.step < steps.length) state.extra[state.step] = (state.extra[state.step] || 0) + 5;
      return state;
    },
    pause: function (agenda, steps, state, now) {
      state = takeOver(agenda, steps, state, now);
      if (state.pausedAt) return resume(state, now);
      state.pausedAt = now;
      return state;
    },
    clock: function () { return freshState(); }
  };

  /* Paused time does not count: the current step (and so all that follows) moves on by it. */
  function resume(state, now) {
    if (state.pausedAt) {
      if (state.starts[state.step] !== undefined) {
        state.starts[state.step] += now - state.pausedAt;
      }
      state.pausedAt = null;
    }
    return state;
  }

  /* -- Storage ------------------------------------------------------------------------------ */

  function storageKey(agenda, now) {
    return "curriculum-run:" + agenda.key + ":" + wallClock(now, agenda.timezone).date;
  }

  function readState(key) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "null");
      if (saved && saved.version === 1) return saved;
    } catch (error) { /* storage off or spoiled: a fresh run */ }
    return freshState();
  }

  function writeState(key, state) {
    try {
      window.localStorage.setItem(key, JSON.stringify(state));
    } catch (error) { /* private mode without storage: the run lasts as long as the page */ }
  }

  /* The agenda this page shows: its own, else the one the planner stored under ?agenda=KEY. */
  function loadAgenda() {
    var block = document.getElementById("curriculum-agenda");
    if (block) return JSON.parse(block.textContent);
    var key = new URLSearchParams(window.location.search).get("agenda");
    if (!key) return null;
    var name = "curriculum-agenda:" + key, text = null;
    try {
      text = window.sessionStorage.getItem(name) || window.localStorage.getItem(name);
      if (text) window.localStorage.setItem(name, text);  // for reloads and the other view
    } catch (error) { /* no storage */ }
    var agenda = text ? JSON.parse(text) : null;
    return agenda && agenda.version === 1 && agenda.days ? agenda : null;
  }

  /* -- Showing it --------------------------------------------------------------------------- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function duration(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var hours = Math.floor(seconds / 3600), minutes = Math.floor(seconds % 3600 / 60);
    var rest = seconds % 60;
    var text = (hours ? hours + ":" + (minutes < 10 ? "0" : "") : "") + minutes + ":" +
      (rest < 10 ? "0" : "") + rest;
    return text;
  }

  function dateText(iso, language) {
    var parts = iso.split("-").map(Number);
    try {
      return new Intl.DateTimeFormat(language || undefined, {
        weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
      }).format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])));
    } catch (error) {
      return iso;
    }
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function View(root, agenda, kind) {
    this.root = root;
    this.agenda = agenda;
    this.kind = kind;
    this.steps = stepsOf(agenda);
    this.key = storageKey(agenda, Date.now());
    this.state = readState(this.key);
    this.nodes = {};
    this.lastStep = null;
    this.build();
  }

  View.prototype.clock = function (ms) {
    return formatClock(wallClock(ms, this.agenda.timezone).minutes);
  };

  View.prototype.build = function () {
    var n = this.nodes, root = this.root, self = this;
    root.textContent = "";
    root.classList.add("rs", "rs--" + this.kind);
    n.status = element("p", "rs-status");
    n.now = element("span", "rs-now");
    n.where = element("span", "rs-where");
    n.status.append(n.now, n.where);
    n.current = element("div", "rs-current");
    n.current.setAttribute("aria-live", "polite");
    n.block = element("p", "rs-block");
    n.title = element("h2", "rs-title");
    n.meta = element("p", "rs-meta");
    n.current.append(n.block, n.title, n.meta);
    n.timer = element("p", "rs-timer");
    n.countdown = element("span", "rs-countdown");
    n.until = element("span", "rs-until");
    n.timer.append(n.countdown, n.until);
    n.bar = element("div", "rs-bar");
    n.fill = element("div", "rs-bar__fill");
    n.bar.append(n.fill);
    n.bar.setAttribute("aria-hidden", "true");
    n.late = element("p", "rs-late");
    n.late.setAttribute("role", "status");
    n.nextUp = element("p", "rs-next");
    n.prompt = element("section", "rs-prompt");
    n.promptText = element("p", "rs-prompt__text");
    if (this.kind === "run") {
      n.prompt.append(element("h3", "rs-heading", say("prompt")), n.promptText);
      root.append(n.status, n.current, n.timer, n.bar, n.late, this.controls(), n.nextUp,
                  n.prompt, this.script(), this.upcoming(), this.links());
    } else {
      n.prompt.append(n.promptText);
      root.append(n.status, n.current, n.timer, n.bar, n.prompt, n.nextUp, n.late,
                  this.screenControls());
    }
    window.addEventListener("storage", function (event) {
      if (event.key === self.key) {
        self.state = readState(self.key);
        self.render();
      }
    });
  };

  View.prototype.button = function (name, label, primary) {
    var self = this;
    var button = element("button", "md-button rs-button rs-button--" + name +
                         (primary ? " md-button--primary" : ""), label);
    button.type = "button";
    button.dataset.action = name;
    button.addEventListener("click", function () { self.act(name); });
    this.nodes[name] = button;
    return button;
  };

  View.prototype.controls = function () {
    var box = element("div", "rs-controls");
    this.nodes.controls = box;
    box.append(this.button("back", say("back")), this.button("pause", say("pause")),
               this.button("more", say("more")), this.button("next", say("next"), true));
    var modes = element("div", "rs-modes");
    var dated = meetingCount(this.agenda) > 0;
    modes.append(this.button("start", say("start")),
                 this.button("clock", dated ? say("follow_clock") : say("reset")));
    var both = element("div", "rs-actions");
    both.append(box, modes);
    return both;
  };

  View.prototype.screenControls = function () {
    var box = element("div", "rs-screen-controls");
    var root = this.root;
    if (document.fullscreenEnabled) {
      var full = element("button", "md-button rs-button", say("fullscreen"));
      full.type = "button";
      full.addEventListener("click", function () {
        (document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen())
          .catch(function () {});
      });
      box.append(full);
    }
    return box;
  };

  View.prototype.script = function () {
    var box = element("section", "rs-script");
    this.nodes.scriptBox = box;
    this.nodes.script = element("div", "rs-script__body");
    box.append(element("h3", "rs-heading", say("script")), this.nodes.script);
    return box;
  };

  View.prototype.upcoming = function () {
    var box = element("section", "rs-upcoming");
    this.nodes.upcomingBox = box;
    this.nodes.upcoming = element("ol", "rs-upcoming__list");
    box.append(element("h3", "rs-heading", say("coming_up")), this.nodes.upcoming);
    return box;
  };

  View.prototype.links = function () {
    var box = element("p", "rs-links");
    var screen = this.root.dataset.screen;
    if (screen) {
      var query = window.location.search;
      var link = element("a", "", say("open_screen"));
      link.href = screen + (document.getElementById("curriculum-agenda") ? "" : query);
      link.target = "curriculum-screen";
      box.append(link);
    }
    if (this.root.dataset.session) {
      var back = element("a", "", say("session_page"));
      back.href = this.root.dataset.session;
      box.append(back);
    }
    return box;
  };

  View.prototype.act = function (name) {
    var now = Date.now();
    var state = JSON.parse(JSON.stringify(this.state));
    this.state = actions[name](this.agenda, this.steps, state, now);
    writeState(this.key, this.state);
    this.render();
  };

  View.prototype.render = function () {
    var now = Date.now(), n = this.nodes, agenda = this.agenda;
    var view = compute(agenda, this.steps, this.state, now);
    this.root.dataset.phase = view.phase;
    this.root.dataset.mode = view.mode;
    this.root.dataset.paused = view.paused ? "true" : "false";
    setText(n.now, this.clock(now));
    setText(n.where, this.where(view));
    this.showCurrent(view, now);
    this.showLate(view);
    this.showNext(view);
    if (this.kind === "run") this.showRunOnly(view);
    keepAwake(view.phase === "running" || view.phase === "before");
  };

  View.prototype.where = function (view) {
    var parts = [];
    var days = this.agenda.days;
    if (view.day !== undefined && days.length > 1) {
      parts.push(say("day", {number: days[view.day].number}));
    }
    var count = meetingCount(this.agenda);
    if (count > 1 && view.meetingIndex !== null && view.meetingIndex !== undefined) {
      parts.push(say("meeting", {number: view.meetingIndex + 1}, count));
    }
    if (this.kind === "run") {
      parts.push(view.paused ? say("paused") : view.mode === "hand" ? say("by_hand")
        : say("following"));
    } else if (view.paused) {
      parts.push(say("paused"));
    }
    return parts.join(" · ");
  };

  View.prototype.showCurrent = function (view, now) {
    var n = this.nodes, current = view.current;
    var title = "", block = "", meta = "", countdown = "", until = "", fill = 0, prompt = "";
    if (view.phase === "running") {
      title = current.title;
      block = current.activity >= 0 ? current.blockTitle + " · " + current.blockStart + "–" +
        current.blockEnd : current.label;
      meta = [current.format, say("minutes", {minutes: current.minutes}), current.mark]
        .filter(Boolean).join(" · ");
      var over = view.remaining < 0;
      countdown = (over ? "+" : "") + duration(Math.abs(view.remaining));
      until = over ? say("over") : say("left", {time: this.clock(view.endsAt)});
      var length = view.endsAt - view.startedAt;
      fill = length > 0 ? Math.min(1, Math.max(0, 1 - view.remaining / length)) : 1;
      prompt = current.prompt;
      this.root.dataset.over = over ? "true" : "false";
    } else if (view.phase === "before") {
      title = this.agenda.title;
      block = say("starts_at", {time: this.clock(view.startsAt)});
      countdown = duration(view.remaining);
      until = say("to_start");
    } else if (view.phase === "finished") {
      title = this.agenda.title;
      block = say("finished", {time: this.clock(view.endedAt)});
      var coming = nextMeeting(this.agenda, now, true);
      meta = coming && coming.next ? this.meetingText(coming) : "";
    } else {
      title = this.agenda.title;
      block = this.meetingText(view.meeting);
    }
    if (view.phase !== "running") this.root.dataset.over = "false";
    setText(n.title, title);
    setText(n.block, block);
    setText(n.meta, meta);
    setText(n.countdown, countdown);
    setText(n.until, until);
    n.timer.hidden = !countdown;
    n.bar.hidden = view.phase !== "running";
    n.fill.style.width = Math.round(fill * 1000) / 10 + "%";
    setText(n.promptText, prompt);
    n.prompt.hidden = !prompt;
    document.title = title + (countdown ? " · " + countdown : "");
  };

  View.prototype.meetingText = function (meeting) {
    if (!meeting) return say("not_started");
    var item = meeting.next || meeting.last;
    var day = this.agenda.days[item.day];
    var values = {date: dateText(item.date, this.agenda.language), time: day.start};
    return meeting.next ? say("next_meeting", values) : say("last_meeting", values);
  };

  View.prototype.showLate = function (view) {
    var text = "";
    if (view.phase === "running" && view.delay >= 1) text = say("late", {}, view.delay);
    else if (view.phase === "running" && view.delay <= -1) text = say("ahead", {}, -view.delay);
    setText(this.nodes.late, text);
    this.nodes.late.hidden = !text;
    this.root.dataset.late = !text ? "none" : view.delay >= 1 ? "late" : "ahead";
  };

  View.prototype.showNext = function (view) {
    var first = view.upcoming && view.upcoming[0];
    var text = first ? say("next_at", {time: this.clock(first.at), title: first.step.title}) : "";
    if (!first && view.phase === "running") {
      var end = view.anchor + (this.agenda.days[view.day].minutes + view.delay) * MINUTE;
      text = say("ends_at", {time: this.clock(end)});
    }
    setText(this.nodes.nextUp, text);
    this.nodes.nextUp.hidden = !text;
  };

  View.prototype.showRunOnly = function (view) {
    var n = this.nodes;
    var running = view.phase === "running";
    // Only what can be done now, so that a tap in the room cannot skip an item: Pause, +5 min
    // and Next while one is on, Back once the session has begun; Start now leads on a day
    // without a meeting (the clock starts the others).
    n.pause.hidden = n.more.hidden = n.next.hidden = !running;
    n.back.hidden = !running && view.phase !== "finished";
    n.controls.hidden = n.back.hidden;
    setText(n.pause, view.paused ? say("resume") : say("pause"));
    n.pause.setAttribute("aria-pressed", view.paused ? "true" : "false");
    n.clock.hidden = view.mode !== "hand";
    n.start.hidden = view.mode === "hand";
    n.start.classList.toggle("md-button--primary", view.phase === "idle");
    var id = running ? view.current.id : "";
    if (id !== this.lastStep) {
      this.lastStep = id;
      if (running && view.current.script) {
        n.script.innerHTML = view.current.script;  // HTML the build made from the guide
      } else {
        n.script.textContent = "";
      }
      n.scriptBox.hidden = !(running && view.current.script);
    }
    this.showUpcoming(view);
  };

  View.prototype.showUpcoming = function (view) {
    var list = this.nodes.upcoming, self = this;
    var items = (view.upcoming || []).map(function (item) {
      return [self.clock(item.at), item.step.title, say("minutes", {minutes: item.step.minutes})];
    });
    var text = JSON.stringify(items);
    if (list.dataset.shown === text) return;
    list.dataset.shown = text;
    list.textContent = "";
    items.forEach(function (item) {
      var row = element("li", "rs-upcoming__item");
      row.append(element("time", "rs-upcoming__time", item[0]),
                 element("span", "rs-upcoming__title", item[1]),
                 element("span", "rs-upcoming__minutes", item[2]));
      list.append(row);
    });
    this.nodes.upcomingBox.hidden = !items.length;
  };

  /* -- The screen kept awake, and the page kept for offline use ---------------------------- */

  var lock = null, wanted = false;

  function keepAwake(on) {
    wanted = on;
    if (!navigator.wakeLock) return;
    if (on && !lock && document.visibilityState === "visible") {
      lock = "pending";
      navigator.wakeLock.request("screen").then(function (sentinel) {
        lock = sentinel;
        sentinel.addEventListener("release", function () { lock = null; });
        if (!wanted) sentinel.release();
      }).catch(function () { lock = null; });
    } else if (!on && lock && lock !== "pending") {
      lock.release().catch(function () {});
      lock = null;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") keepAwake(wanted);
  });

  /* The service worker keeps this page and what it loaded, for a reload without network. Its
   * scope is this page alone; it is told which files to keep once it runs. */
  function keepForOffline(root) {
    if (!worker || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) {
      return;
    }
    var scope = location.pathname;
    navigator.serviceWorker.register(worker, {scope: scope}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.href.split("#")[0]].concat(loadedFiles())
        .filter(function (url) { return url.indexOf(location.origin + "/") === 0; });
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { root.dataset.offline = "ready"; };
      registration.active.postMessage({keep: urls}, [channel.port2]);
    }).catch(function () { /* no worker: the page still runs while it stays open */ });
  }

  /* The files this page loaded: its stylesheets, scripts and icons as the page names them
   * (always known), and whatever else the browser's resource timing lists (where it has it). */
  function loadedFiles() {
    var named = Array.prototype.map.call(
      document.querySelectorAll("link[rel~='stylesheet'][href], link[rel~='icon'][href], " +
                                "script[src]"),
      function (node) { return node.href || node.src; });
    var timed = [];
    try {
      timed = performance.getEntriesByType("resource").map(function (entry) {
        return entry.name;
      });
    } catch (error) { /* no resource timing */ }
    return named.concat(timed).filter(function (url, index, all) {
      return all.indexOf(url) === index;
    });
  }

  function setUp() {
    var root = document.getElementById("curriculum-run");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "true";
    var agenda = null;
    try {
      agenda = loadAgenda();
    } catch (error) {
      agenda = null;
    }
    if (!agenda) {
      root.textContent = "";
      root.append(element("p", "rs-missing", say("no_agenda")));
      return;
    }
    var view = new View(root, agenda, root.dataset.view === "screen" ? "screen" : "run");
    view.render();
    window.setInterval(function () {
      if (root.dataset.view === "screen") view.state = readState(view.key);
      view.render();
    }, 250);
    keepForOffline(root);
  }

  window.CurriculumRunOfShow = {
    steps: stepsOf, compute: compute, actions: actions, freshState: freshState,
    wallClock: wallClock, formatClock: formatClock, storageKey: storageKey
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
