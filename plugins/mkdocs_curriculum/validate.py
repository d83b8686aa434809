"""Rules across files: references, sums, cycles, order, sizes and facilitator-guide sections.

Each rule is a small function from the loaded curriculum to problems; `validate` runs them
all. Types, unknown keys and missing fields were already checked while loading (schema.py).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import addresses, deidentify, language, markdown_support
from .assemble import Agenda, assemble_agenda, clock_minutes
from .layout import Layout
from .links import link_problems
from .load import KeptModules, load_checked
from .markdown_html import facilitator_lines
from .markdown_links import Link, find_links
from .model import Block, Curriculum, Day, Document, LearningPath, Module, Session
from .packet_contract import EDITION_IDS, site_handouts, site_packet
from .problems import WARNING, Problem, did_you_mean, show, sort_problems

Rule = Callable[[Curriculum], Iterator[Problem]]


def validate(curriculum: Curriculum, checked: dict[str, ModuleFindings] | None = None
             ) -> list[Problem]:
    """Every rule's problems, in file and line order. `checked`: what `module_findings`
    found in each module as it was loaded, if it ran there (`check_project`)."""
    if checked is None:
        checked = {module.id: module_findings(module, curriculum)
                   for module in curriculum.modules.values() if module.loaded}
    links = {file: found for done in checked.values() for file, found in done.links.items()}
    found = [problem for rule in RULES for problem in rule(curriculum)]
    found += link_problems(curriculum, links)
    found += [problem for done in checked.values() for problem in done.problems]
    return sort_problems(found)


def check_project(layout: Layout, pooled: bool = True, kept: KeptModules | None = None
                  ) -> tuple[Curriculum, list[Problem]]:
    """Load and validate a project: the model and every problem, in file and line order.
    What a module's own rules find is found where it is loaded (on every core, for many,
    when `pooled`; with `kept`, the previous load's, only for the modules that changed)."""
    with _no_cycle_collection():
        curriculum, problems, checked = load_checked(layout, module_findings, pooled, kept)
        return curriculum, sort_problems(problems + validate(curriculum, checked))


@dataclass
class ModuleFindings:
    """What one module's own rules find: the problems of MODULE_RULES, and the links of each
    of its documents (by file) for `link_problems`, which needs every module to follow them."""

    problems: list[Problem]
    links: dict[str, list[Link]]


def module_findings(module: Module, curriculum: Curriculum) -> ModuleFindings:
    """The findings of one loaded module (curriculum.yml's settings aside, it needs no other
    file), so that they can be worked out where and when the module is loaded."""
    problems = [problem for rule in MODULE_RULES for problem in rule(module, curriculum)]
    links = {doc.file: find_links(doc.text) for doc in addresses.module_documents(module)}
    return ModuleFindings(problems, links)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a project is read (as Mercurial pauses it while
    it reads a manifest): loading builds tens of thousands of mappings and lists that all live
    on in the model, and the collector, woken every 700 of them, walked them again and again
    to find no garbage (a tenth of check's time). What is dropped is still freed at once (by
    reference counting); only cycles wait for the collector, which runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unknown(where, field: str, kind: str, value: str, known) -> Problem:
    """`field: unknown <kind>; did you mean ...? (got value)` at the field's line."""
    hint = did_you_mean(value, known)
    return Problem(where.file, where.line(field), field, f"unknown {kind}{hint}", show(value))


def module_taxonomy(curriculum: Curriculum) -> Iterator[Problem]:
    """Level, audiences and themes must be keys of curriculum.yml."""
    for module in curriculum.modules.values():
        if module.level and module.level not in curriculum.levels:
            yield _unknown(module, "level", "level", module.level, curriculum.levels)
        for kind in ("audiences", "themes"):
            known = getattr(curriculum, kind)
            for index, value in enumerate(getattr(module, kind)):
                if value not in known:
                    yield _unknown(module, f"{kind}[{index}]", kind[:-1], value, known)


def module_prerequisites(curriculum: Curriculum) -> Iterator[Problem]:
    """Prerequisites name other, existing modules, once each."""
    for module in curriculum.modules.values():
        seen: set[str] = set()
        for index, value in enumerate(module.prerequisites):
            field = f"prerequisites[{index}]"
            if value == module.id:
                yield Problem(module.file, module.line(field), field,
                              "a module cannot be its own prerequisite", show(value))
            elif value not in curriculum.modules:
                yield _unknown(module, field, "module", value, curriculum.modules)
            elif value in seen:
                yield Problem(module.file, module.line(field), field, "listed twice", show(value))
            seen.add(value)


def prerequisite_cycles(curriculum: Curriculum) -> Iterator[Problem]:
    """A cycle is reported once, at the prerequisite that closes it in its first module."""
    reported: set[frozenset[str]] = set()
    for start in sorted(curriculum.modules):
        cycle = _find_cycle(start, curriculum.modules)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            first = curriculum.modules[cycle[0]]
            index = first.prerequisites.index(cycle[1])
            field = f"prerequisites[{index}]"
            chain = " -> ".join(cycle + [cycle[0]])
            yield Problem(first.file, first.line(field), field,
                          f"prerequisites form a cycle: {chain}", show(cycle[1]))


def _find_cycle(start: str, modules: dict[str, Module]) -> list[str] | None:
    """The cycle through `start`, if any, as a list of module ids beginning with it."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        current, trail = stack.pop()
        for prerequisite in modules[current].prerequisites:
            if prerequisite == start and len(trail) > 1:
                return trail
            if prerequisite in modules and prerequisite not in visited and prerequisite != current:
                visited.add(prerequisite)
                stack.append((prerequisite, trail + [prerequisite]))
    return None


def module_timing(curriculum: Curriculum) -> Iterator[Problem]:
    """The activities' minutes add up to the module's duration; activity ids are unique."""
    for module in curriculum.modules.values():
        minutes = [activity.minutes for activity in module.activities]
        if module.duration is not None and None not in minutes and sum(minutes) != module.duration:
            yield Problem(module.file, module.line("duration"), "duration",
                          f"activities add up to {sum(minutes)} minutes, not the duration",
                          show(module.duration))
        yield from _duplicate_activity_ids(module)
        yield from _activity_leeway(module)


def _activity_leeway(module: Module) -> Iterator[Problem]:
    """`min_minutes` within an activity's minutes; at least one activity is not optional."""
    for index, activity in enumerate(module.activities):
        field = f"activities[{index}].min_minutes"
        if activity.min_minutes is not None and activity.minutes is not None \
                and activity.min_minutes > activity.minutes:
            yield Problem(module.file, module.line(field), field,
                          f"must be at most the activity's minutes ({activity.minutes})",
                          show(activity.min_minutes))
    optional = [activity for activity in module.activities if activity.optional]
    if optional and len(optional) == len(module.activities):
        yield Problem(module.file, module.line("activities"), "activities",
                      "every activity is optional; a module keeps at least one when it is"
                      " fitted to a budget", f"{len(optional)} optional")


def _duplicate_activity_ids(module: Module) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, activity in enumerate(module.activities):
        field = f"activities[{index}].id"
        if activity.id and activity.id in seen:
            yield Problem(module.file, module.line(field), field,
                          "activity id is used twice in this module", show(activity.id))
        seen.add(activity.id)


def module_group_size(curriculum: Curriculum) -> Iterator[Problem]:
    for module in curriculum.modules.values():
        low, high = module.group_size.min, module.group_size.max
        if low is not None and high is not None and low > high:
            yield Problem(module.file, module.line("group_size.max"), "group_size.max",
                          f"must be at least group_size.min ({low})", show(high))
        for index, material in enumerate(module.materials):
            field = f"materials[{index}].group_size"
            if material.group_size is not None and material.per != "group":
                yield Problem(module.file, module.line(field), field,
                              "only applies to materials with per: group",
                              show(material.group_size))


def facilitator_sections(curriculum: Curriculum) -> Iterator[Problem]:
    """Every activity has its `## Title {#id}` section; every `{#id}` names an activity."""
    for module in curriculum.modules.values():
        if module.guide is None:
            continue
        anchors = {h.anchor: h for h in module.guide.headings if h.anchor}
        ids = [activity.id for activity in module.activities if activity.id]
        missing = [i for i in ids if i not in anchors]
        explained = set()
        for anchor, heading in anchors.items():
            if anchor not in ids:
                hint = did_you_mean(anchor, missing)  # a typo explains the missing section too
                explained.add(hint.split('"')[1] if hint else None)
                yield Problem(module.guide.file, heading.line, "heading",
                              f"{{#{anchor}}} names no activity of this module{hint}", show(anchor))
        for index, activity in enumerate(module.activities):
            if activity.id in missing and activity.id not in explained:
                field = f"activities[{index}].id"
                yield Problem(module.file, module.line(field), field,
                              f"no section in facilitator.md; add '## {activity.title or 'Title'}"
                              f" {{#{activity.id}}}'", show(activity.id))


def path_rules(curriculum: Curriculum) -> Iterator[Problem]:
    for path in curriculum.paths.values():
        if path.audience and path.audience not in curriculum.audiences:
            yield _unknown(path, "audience", "audience", path.audience, curriculum.audiences)
        yield from _path_steps(path, curriculum)


def _path_steps(path: LearningPath, curriculum: Curriculum) -> Iterator[Problem]:
    """Steps name modules, once each, after all of their prerequisites."""
    earlier: set[str] = set()
    for index, step in enumerate(path.steps):
        field = f"steps[{index}].module"
        module = curriculum.modules.get(step.module)
        if not step.module:
            continue
        if module is None:
            yield _unknown(path, field, "module", step.module, curriculum.modules)
        elif step.module in earlier:
            yield Problem(path.file, path.line(field), field,
                          "module is listed twice in this path", show(step.module))
        else:
            yield from _step_order(path, field, module, earlier, curriculum)
        earlier.add(step.module)


def _step_order(path, field, module: Module, earlier: set[str], curriculum) -> Iterator[Problem]:
    missing = [p for p in module.prerequisites
               if p in curriculum.modules and p not in earlier and p != module.id]
    if missing:
        names = ", ".join(missing)
        yield Problem(path.file, path.line(field), field,
                      f"prerequisite(s) {names} must come earlier in the path", show(module.id))
    if not module.loaded:
        return
    if path.audience in curriculum.audiences and path.audience not in module.audiences:
        yield Problem(path.file, path.line(field), field,
                      f"module is not meant for this path's audience ({path.audience})",
                      show(module.id), WARNING)


def session_rules(curriculum: Curriculum) -> Iterator[Problem]:
    for session in curriculum.sessions.values():
        for day in session.days:
            yield from _day_blocks(session, day, curriculum)
        yield from session_prerequisites(session, curriculum)
        for index, value in enumerate(session.done_before):
            if value not in curriculum.modules:
                yield _unknown(session, f"done_before[{index}]", "module", value,
                               curriculum.modules)
        agenda = assemble_agenda(session, curriculum)
        yield from _session_lengths(session, agenda)
        yield from _series(session, agenda)
        yield from _day_order(session, agenda)
        yield from _calendar_days(session, agenda)
        yield from fit_problems(session, agenda)
        for index, guide in enumerate(session.guides or []):
            if guide not in curriculum.guides:
                yield _unknown(session, f"guides[{index}]", "guide", guide, curriculum.guides)


def _day_blocks(session: Session, day: Day, curriculum: Curriculum) -> Iterator[Problem]:
    for index, block in enumerate(day.blocks):
        if block.kind != "module" or not block.module:
            continue
        field = f"{day.at}blocks[{index}].module"
        module = curriculum.modules.get(block.module)
        if module is None:
            yield _unknown(session, field, "module", block.module, curriculum.modules)
            continue
        if not module.loaded:
            continue
        size = session.group_size
        low, high = module.group_size.min, module.group_size.max
        if (low is not None and size < low) or (high is not None and size > high):
            yield Problem(session.file, session.line(field), field, f"group size {size} is"
                          f" outside this module's range {_sizes(low, high)}", show(module.id),
                          WARNING)


def _sizes(low: int | None, high: int | None) -> str:
    """A module's range of group sizes; an end that is not known (its own error, reported at
    the module) is left out, not printed as Python's None."""
    if low is not None and high is not None:
        return f"{low}-{high}"
    return f"{low} or more" if low is not None else f"up to {high}"


def session_blocks(session: Session) -> Iterator[tuple[str, Block]]:
    """Every block with its field name (`blocks[2]`, `days[1].blocks[0]`), in agenda order."""
    for day in session.days:
        for index, block in enumerate(day.blocks):
            yield f"{day.at}blocks[{index}]", block


def session_prerequisites(session: Session, curriculum: Curriculum) -> Iterator[Problem]:
    """A module's prerequisites come earlier in the session, unless its participants have done
    them before (`done_before`): a warning at the module for each one that comes later or not
    at all. (The planner gives the same warnings; tests hold the two to each other.)"""
    blocks = [(field, block.module) for field, block in session_blocks(session)
              if block.kind == "module" and block.module]
    done = set(session.done_before)
    for position, (field, module_id) in enumerate(blocks):
        module = curriculum.modules.get(module_id)
        if module is None or not module.loaded:
            continue
        earlier = {other for _, other in blocks[:position]} | done
        later = {other for _, other in blocks[position + 1:]}
        for prerequisite in module.prerequisites:
            if prerequisite in earlier or prerequisite == module_id \
                    or prerequisite not in curriculum.modules:
                continue
            where = ("comes later in this session; move it before this module"
                     if prerequisite in later else "is not in this session; add it before this"
                     " module, or name it in done_before if the participants have done it")
            yield Problem(session.file, session.line(f"{field}.module"), f"{field}.module",
                          f"prerequisite {prerequisite} {where}", show(module_id), WARNING)


def _session_lengths(session: Session, agenda: Agenda) -> Iterator[Problem]:
    """The whole session within its `length`, each day within its own."""
    limits = [(session.length, agenda.minutes, "length")]
    limits += [(day.length, shown.minutes, f"{day.at}length")
               for day, shown in zip(session.days, agenda.days, strict=True)]
    for length, total, field in limits:
        if length is not None and total > length:
            yield Problem(session.file, session.line(field), field,
                          f"blocks take {total} minutes, {total - length} more than the"
                          " declared length", show(length))


def _series(session: Session, agenda: Agenda) -> Iterator[Problem]:
    """A series starts on a date, ends within the calendar, and one meeting ends before the
    next begins."""
    repeat = session.repeat
    if repeat is None:
        return
    dates = [day.date for day in agenda.days if day.date is not None]
    if not dates:
        yield Problem(session.file, session.line("repeat"), "repeat", "a series needs the date"
                      " of its first meeting: add `date: YYYY-MM-DD` to the session", "no date")
    elif len(agenda.meetings) < repeat.count:
        yield Problem(session.file, session.line("repeat.count"), "repeat.count",
                      f"the series would run past {_dt.date.max}", show(repeat.count))
    elif (max(dates) - min(dates)).days >= 7 * repeat.every_weeks:
        yield Problem(session.file, session.line("repeat.every_weeks"), "repeat.every_weeks",
                      f"one meeting runs from {min(dates)} to {max(dates)}, longer than the"
                      f" {repeat.every_weeks} week(s) between meetings, so meetings would"
                      " overlap", show(repeat.every_weeks))


def _day_order(session: Session, agenda: Agenda) -> Iterator[Problem]:
    """Dated days run in date order, a date each: a day dated on or before an earlier one is
    a typo that the agenda would print as Day 2 before Day 1."""
    earlier = None
    for day, shown in zip(session.days, agenda.days, strict=True):
        if shown.date is None:
            continue
        if earlier is not None and shown.date <= earlier.date:
            field = f"{day.at}date"
            yield Problem(session.file, session.line(field), field, f"is not after the date of"
                          f" day {earlier.number} ({earlier.date}); days run in order",
                          show(shown.date))
        earlier = shown


CALENDAR_DAYS = (_dt.date(1, 1, 2), _dt.date(9998, 12, 31))
"""The days a session's calendar file can hold: it writes its time zone's rules for some weeks
around the session (icalendar steps up to two months), and those must stay within Python's
dates, years 1 to 9999."""


def _calendar_days(session: Session, agenda: Agenda) -> Iterator[Problem]:
    """Every dated day of every meeting, up to the end of its last block, in CALENDAR_DAYS.
    A series that runs past the last date is reported by `_series` already (at
    `repeat.count`), so of a series cut short only the first meeting's own dates are."""
    meetings = agenda.meetings
    if session.repeat is not None and len(meetings) < session.repeat.count:
        meetings = meetings[:1]
    low, high = (day.toordinal() for day in CALENDAR_DAYS)
    for meeting in meetings:
        for day, date in zip(agenda.days, meeting.dates, strict=True):
            ends = (clock_minutes(day.start) + day.minutes) // (24 * 60)
            if date is not None and not low <= date.toordinal() <= high - ends:
                field, got = _date_field(session, meeting.number, date)
                yield Problem(session.file, session.line(field), field, "a session's calendar"
                              f" holds days from {CALENDAR_DAYS[0]} to {CALENDAR_DAYS[1]}", got)
                return


def _date_field(session: Session, meeting: int, date: _dt.date) -> tuple[str, str]:
    """Where a day's date is written: the series' count (a later meeting), a day's own
    `date`, else the session's; and the value there."""
    if meeting > 1:
        return "repeat.count", show(session.repeat.count)
    return next((f"{day.at}date" for day in session.days if day.date == date), "date"), \
        show(date)


def fit_problems(session: Session, agenda: Agenda, override: str = "") -> Iterator[Problem]:
    """Budgets the blocks cannot meet, at the `fit` that set them; `override` names the
    command-line option that replaced the session's own `fit`, if one did."""
    for shortfall in agenda.shortfalls:
        message = (f"the blocks need at least {shortfall.least} minutes,"
                   f" {shortfall.least - shortfall.budget} more than the budget")
        if override and shortfall.field == "fit":
            yield Problem("", 0, override, message, show(shortfall.budget))
        else:
            yield Problem(session.file, session.line(shortfall.field), shortfall.field,
                          message, show(shortfall.budget))


def module_order(curriculum: Curriculum) -> Iterator[Problem]:
    """curriculum.yml's `order` names modules there are, once each."""
    seen: set[str] = set()
    for index, value in enumerate(curriculum.order):
        field = f"order[{index}]"
        if value not in curriculum.modules:
            yield _unknown(curriculum, field, "module", value, curriculum.modules)
        elif value in seen:
            yield Problem(curriculum.file, curriculum.line(field), field, "listed twice",
                          show(value))
        seen.add(value)


def page_addresses(curriculum: Curriculum) -> Iterator[Problem]:
    """No two sources become the same page: the later one would replace the other silently
    (a session named `index`, a handout at a module's root named like one in handouts/)."""
    taken = {_address(uri): what for uri, what in addresses.LISTS.items()}
    for address in addresses.page_addresses(curriculum):
        key = _address(address.uri)
        if key in taken:
            yield Problem(address.file, address.line, address.field,
                          f"its page {address.uri} would take the place of {taken[key]};"
                          " rename it", show(address.got))
        else:
            taken[key] = f"the page of {address.file}:{address.line} ({show(address.got)})"


def printed_places(curriculum: Curriculum) -> Iterator[Problem]:
    """No file of the authors lies where the packet step writes a PDF or its HTML page after
    the build (`modules/<id>/<id>-handouts.pdf` beside a module, say): it would be replaced."""
    printed = {site_packet(session, edition, suffix) for session in curriculum.sessions
               for edition in EDITION_IDS for suffix in ("pdf", "html")}
    printed |= {site_handouts(module.id, suffix) for module in curriculum.modules.values()
                if module.handouts for suffix in ("pdf", "html")}
    for asset in [*addresses.published_files(curriculum), *curriculum.docs_assets]:
        if asset.uri in printed:
            yield Problem(asset.file, 1, "file", f"the build writes its own {asset.uri} here,"
                          " which would replace this file; rename it")


def _address(uri: str) -> str:
    """The page's web address with directory URLs: `a/b.md` and `a/b/index.md` are one."""
    parts = uri.removesuffix(".md").split("/")
    return "/".join(parts[:-1] if parts[-1] == "index" else parts) + "/"
def support_references(curriculum: Curriculum) -> Iterator[Problem]:
    """`!!! support` prints curriculum.yml's contacts: without a `support:` list it is an error
    where it stands (a box with nobody to call is worse than none)."""
    if curriculum.support:
        return
    for doc in addresses.authored_documents(curriculum):
        lines = doc.text.splitlines()
        for line in markdown_support.support_references(doc.text):
            yield Problem(doc.file, line, "support", "refers to the support contacts, but"
                          " curriculum.yml has no support: list of {name, contact, when}",
                          show(lines[line - 1].strip()))


def patient_identifiers(module: Module, curriculum: Curriculum) -> Iterator[Problem]:
    """What participants read must not identify a patient: a warning at each likely
    identifier outside facilitator passages (deidentify.py says what is looked for)."""
    for doc in participant_documents(module):
        findings = list(deidentify.scan(doc.text, curriculum.language))
        hidden = facilitator_lines(doc.text) if findings else set()
        for finding in findings:
            if finding.line not in hidden:
                yield Problem(doc.file, finding.line, "identifier", f"looks like"
                              f" {finding.kind}; participants' text must not identify a"
                              f" patient (if it does not, end the line with"
                              f" {deidentify.MARKER})", show(finding.text), WARNING)


def participant_documents(module: Module) -> list[Document]:
    """What participants read of a module: its overview (or, in a lesson-style module, its
    guide, whose facilitator notes they never see) and its handouts."""
    return [doc for doc in (module.reading, *module.handouts) if doc is not None]


def story_safety(curriculum: Curriculum) -> Iterator[Problem]:
    """An activity that asks for personal experience (`sharing: personal`) needs its module to
    say how confidentiality, opting out and distress are handled."""
    for module in curriculum.modules.values():
        if module.safety is not None or "safety" in (module.source or {}):
            continue  # declared, or declared wrong (reported where it stands)
        for index, activity in enumerate(module.activities):
            if activity.sharing == "personal":
                field = f"activities[{index}].sharing"
                yield Problem(module.file, module.line(field), field,
                              "asks people to share personal experience, so the module needs"
                              " safety: {confidentiality, opt_out, distress}, a sentence each",
                              show(activity.sharing))


def language_labels(curriculum: Curriculum) -> Iterator[Problem]:
    """A label the language's table lacks prints in English: one warning names each (one in
    all for a language without a table)."""
    code = curriculum.language
    missing = language.missing_labels(code)
    if not missing:
        return
    where = (curriculum.file, curriculum.line("language"), "language")
    if language.table_code(code) is None:
        shipped = ", ".join(language.shipped())
        yield Problem(*where, f"no label table for this language (tables: {shipped}); every"
                      " label the site and packets print stays in English", show(code), WARNING)
        return
    for key in missing:
        yield Problem(*where, f'the "{language.table_code(code)}" label table has no "{key}";'
                      " it prints in English", show(code), WARNING)


RULES: tuple[Rule, ...] = (
    module_order,
    module_taxonomy,
    module_prerequisites,
    prerequisite_cycles,
    module_timing,
    module_group_size,
    facilitator_sections,
    path_rules,
    session_rules,
    page_addresses,
    printed_places,
    language_labels,
    support_references,
    story_safety,
)

MODULE_RULES: tuple[Callable[[Module, Curriculum], Iterator[Problem]], ...] = (
    patient_identifiers,
)
"""Rules of one module and curriculum.yml's settings, which `check_project` runs on each
module as it is loaded."""
