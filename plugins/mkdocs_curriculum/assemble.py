"""Assembly: agendas with clock times, learning-path totals, materials scaled to a group.

Pure functions over a loaded curriculum; templates receive their results ready to print.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from .language import Labels, labels_for
from .model import (
    Activity,
    Block,
    Credit,
    Curriculum,
    Day,
    GroupSize,
    LearningPath,
    Material,
    Module,
    Repeat,
    Session,
)


def day_heading(day: AgendaDay, labels: Labels) -> str:
    """ "Day 2 — Wednesday 10 February 2027", or "Day 2" for a day without a date."""
    if day.date is None:
        return labels("agenda.day", number=day.number)
    return labels("agenda.day_dated", number=day.number, date=labels.date(day.date))


def agenda_dates(agenda: Agenda, labels: Labels) -> str:
    """The session's date, or its first and last day's: "" when no day has one. (For a series,
    the first meeting's; `meeting_dates` gives every meeting's.)"""
    return _dates_text([day.date for day in agenda.days], labels)


def meeting_dates(agenda: Agenda, labels: Labels) -> list[str]:
    """Each meeting's date (or first and last day), in order: one line per meeting."""
    return [_dates_text(meeting.dates, labels) for meeting in agenda.meetings]


def series_text(agenda: Agenda, labels: Labels) -> str:
    """ "13 meetings, every 2 weeks" for a series; "" for a session that meets once."""
    if agenda.repeat is None or len(agenda.meetings) < 2:
        return ""
    return labels("series.summary", meetings=labels("series.meetings",
                                                    count=len(agenda.meetings)),
                  every=labels("series.every", count=agenda.repeat.every_weeks))


def _dates_text(dates: list[_dt.date | None], labels: Labels) -> str:
    shown = [labels.date(date) for date in dates if date is not None]
    if not shown:
        return ""
    first, last = shown[0], shown[-1]
    return first if first == last else labels("agenda.dates", first=first, last=last)


def agenda_times(agenda: Agenda) -> str:
    """ "09:00–12:00"; for several days each day's, "09:00–16:30, 09:00–15:00"."""
    return ", ".join(f"{day.start}–{day.end}" for day in agenda.days)


def clock_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def format_clock(minutes: int) -> str:
    """Minutes since midnight -> "HH:MM" (wrapping past midnight)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def group_size_text(size: GroupSize, labels: Labels) -> str:
    """4 to 12 -> "4–12 people"; no range -> "any size"."""
    low, high = size.min, size.max
    if low and high:
        return labels("people.range", low=low, high=high)
    if low:
        return labels("people.at_least", count=low)
    return labels("people.up_to", count=high) if high else labels("people.any")


def module_facts(module: Module, curriculum: Curriculum,
                 keys: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """A module's facts as (label, text), the same on its page and in packets; `keys` picks
    some (length, contact_hours, group_size, level, audiences, themes). Facts with no text
    are left out."""
    labels = labels_for(curriculum.language)
    facts = {
        "length": labels.minutes(module.duration or 0),
        "contact_hours": labels.number(contact_hours(module.duration or 0)),
        "group_size": group_size_text(module.group_size, labels),
        "level": curriculum.levels.get(module.level, module.level),
        "audiences": ", ".join(curriculum.audiences.get(a, a) for a in module.audiences),
        "themes": ", ".join(curriculum.themes.get(t, t) for t in module.themes),
    }
    return [(labels(f"fact.{key}"), facts[key]) for key in keys or facts if facts[key]]


def title_key(title: str) -> str:
    """How titles sort wherever lists are in title order: without regard to case."""
    return title.casefold()


def ordered_modules(curriculum: Curriculum) -> list[Module]:
    """The modules as every list of them shows them: those curriculum.yml's `order` names, in
    its order, then the rest by title. (The navigation, /modules/, the catalog and the export
    all take this one order, so an author's "start here" module comes first everywhere.)"""
    named = [curriculum.modules[i] for i in dict.fromkeys(curriculum.order)
             if i in curriculum.modules]
    listed = {module.id for module in named}
    rest = [m for m in curriculum.modules.values() if m.id not in listed]
    return named + sorted(rest, key=lambda m: title_key(m.title or m.id))


def block_minutes(block: Block, modules: dict[str, Module]) -> int:
    """A module block lasts its module's duration; an unknown module counts as 0."""
    if block.kind == "module":
        module = modules.get(block.module or "")
        return (module.duration or 0) if module else 0
    return block.minutes or 0


def session_minutes(session: Session, modules: dict[str, Module]) -> int:
    return sum(block_minutes(block, modules) for block in session.blocks)


# -- contact hours and credit ------------------------------------------------------------------

CONTACT_KINDS = ("opening", "module", "closing")
"""The agenda blocks whose minutes count toward contact hours: all but breaks. Openings and
closings count because they are part of the learning: ground rules, commitments and the
evaluation happen there."""


def contact_hours(minutes: int) -> Decimal:
    """Minutes of learning as contact hours, rounded down to the quarter hour: 100 -> 1.5.

    This is the rule credit systems share. For AMA PRA Category 1 Credit(TM) in a live
    activity, 60 minutes of participation is one credit, designated in 15-minute (0.25) steps,
    breaks excluded (AMA, "The Physician's Recognition Award and Credit System"); a nursing
    contact hour (ANCC) is 60 minutes of an organized learning activity, including the time
    participants spend evaluating it. Rounding down means a printed figure never claims more
    time than the agenda gives. (The README, "Credit, evaluation and attendance", says the
    same for authors.)
    """
    return Decimal(max(minutes, 0) // 15) / 4


def contact_hours_text(minutes: int, labels: Labels) -> str:
    """ "2.75 contact hours" ("2,75 horas lectivas"): `contact_hours` in words."""
    hours = contact_hours(minutes)
    return labels("credit.hours", count=hours, hours=labels.number(hours))


def contact_hours_summary(agenda: Agenda, labels: Labels) -> str:
    """A session's contact hours as its page and cover print them: "1.5"; for a series "1 per
    meeting, 13 for the series". The series claims each meeting's (rounded) hours times the
    meetings, as the meetings' sign-in sheets add up."""
    hours = contact_hours(agenda.contact_minutes)
    if meetings(agenda) < 2:
        return labels.number(hours)
    return labels("credit.series", hours=labels.number(hours),
                  total=labels.number(hours * meetings(agenda)))


def meetings(agenda: Agenda) -> int:
    """How many times the session meets: `repeat.count` for a series, else once."""
    return agenda.repeat.count if agenda.repeat else 1


def meeting_days(agenda: Agenda) -> list[list[_dt.date | None]]:
    """The date of each day, for each meeting (None where the session gives none)."""
    found = [meeting.dates for meeting in agenda.meetings]
    return found + [[None] * len(agenda.days)] * (meetings(agenda) - len(found))


def session_credit(session: Session, curriculum: Curriculum) -> Credit | None:
    """The credit a session claims: curriculum.yml's, unless the session says `credit: false`."""
    return curriculum.credit if session.credit else None


@dataclass
class AgendaRow:
    """One line of an agenda: a block or, indented under its module, an activity."""

    start: str
    end: str
    minutes: int
    title: str
    kind: str
    """opening, module, break, closing (a block) or activity (inside the module above it)."""
    module: Module | None = None
    activity: Activity | None = None
    format: str = ""


@dataclass
class AgendaDay:
    """One day's agenda: its rows with clock times and its total. A one-day session has one."""

    number: int
    date: _dt.date | None
    start: str
    end: str
    minutes: int
    rows: list[AgendaRow]

    @property
    def contact_minutes(self) -> int:
        """The day's minutes that count toward contact hours (see `CONTACT_KINDS`)."""
        return sum(row.minutes for row in self.rows if row.kind in CONTACT_KINDS)


@dataclass
class Meeting:
    """One meeting of a session: its number in the series (1 for the first) and the date of
    each of its days (None for a day whose date the session does not give)."""

    number: int
    dates: list[_dt.date | None]


@dataclass
class Agenda:
    """A session's agenda, day by day: what the site, packets and later views print.

    Plain data: times are "HH:MM" text, lengths whole minutes. `start` is the first day's
    start, `end` the last day's end, `minutes` the whole session's total (of one meeting).
    `meetings` are the dated meetings: one for a dated session, `repeat.count` for a series,
    none for a session without a date.
    """

    start: str
    end: str
    minutes: int
    days: list[AgendaDay]
    meetings: list[Meeting] = field(default_factory=list)
    repeat: Repeat | None = None

    @property
    def rows(self) -> list[AgendaRow]:
        """Every row, day after day."""
        return [row for day in self.days for row in day.rows]

    @property
    def several_days(self) -> bool:
        return len(self.days) > 1

    @property
    def contact_minutes(self) -> int:
        """The minutes that count toward contact hours, as the agenda stands: after fitting,
        breaks excluded, openings and closings counted (see `contact_hours`)."""
        return sum(day.contact_minutes for day in self.days)


def assemble_agenda(session: Session, curriculum: Curriculum) -> Agenda:
    """Clock times for every block and, within a module, every activity, day by day."""
    days = [_assemble_day(number, day, session, curriculum)
            for number, day in enumerate(session.days, start=1)]
    return Agenda(days[0].start, days[-1].end, sum(day.minutes for day in days), days,
                  series_meetings([day.date for day in days], session.repeat), session.repeat)


def series_meetings(dates: list[_dt.date | None], repeat: Repeat | None) -> list[Meeting]:
    """Every meeting: the days' own dates, then (for a series) the same days `every_weeks`
    weeks later, `count` meetings in all. None when no day has a date; a series that would
    run past the calendar's last day (reported by the rules) stops before it."""
    if not any(dates):
        return []
    count, weeks = (repeat.count, repeat.every_weeks) if repeat else (1, 0)
    last = max(date for date in dates if date is not None)
    meetings = []
    for number in range(count):
        shift = _dt.timedelta(weeks=weeks * number)
        if shift > _dt.date.max - last:
            break
        meetings.append(Meeting(number + 1, [date + shift if date else None for date in dates]))
    return meetings


def _assemble_day(number: int, day: Day, session: Session, curriculum: Curriculum) -> AgendaDay:
    """A day starts at its own start, else the session's; the first day's date defaults to
    the session's."""
    start = clock_minutes(day.start or session.start or curriculum.defaults.start)
    rows = _plan(day.blocks, curriculum.modules, labels_for(curriculum.language))
    end = _clock(rows, start)
    date = day.date or (session.date if number == 1 else None)
    return AgendaDay(number, date, format_clock(start), format_clock(end), end - start, rows)


def _plan(blocks: list[Block], modules: dict[str, Module], labels: Labels) -> list[AgendaRow]:
    """The rows of some blocks with their minutes, before clock times are known."""
    rows = []
    for block in blocks:
        module = modules.get(block.module or "") if block.kind == "module" else None
        kind = labels.get(f"block.{block.kind}", block.kind)
        title = block.title or (module.title if module else kind)
        rows.append(AgendaRow("", "", block_minutes(block, modules), title, block.kind, module))
        for activity in module.activities if module else []:
            rows.append(AgendaRow("", "", activity.minutes or 0, activity.title, "activity",
                                  module, activity, activity.format))
    return rows


def _clock(rows: list[AgendaRow], start: int) -> int:
    """Clock times for the rows from `start`: blocks one after another, a module's activities
    one after another within it. Returns the end."""
    clock = inner = start
    for row in rows:
        if row.kind == "activity":
            row.start, row.end = format_clock(inner), format_clock(inner + row.minutes)
            inner += row.minutes
        else:
            row.start, row.end = format_clock(clock), format_clock(clock + row.minutes)
            inner, clock = clock, clock + row.minutes
    return clock


@dataclass
class MaterialLine:
    """One checklist line: an item and how many of it the whole session needs.

    Consumables add up across modules; reusable things count once, at the most any one
    module needs (`peak`).
    """

    item: str
    summed: int = 0
    peak: int = 0
    modules: list[str] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return self.summed + self.peak


def scaled_quantity(material: Material, group_size: int) -> int:
    """participant x group size; group x number of groups; session x 1."""
    if material.per == "participant":
        return material.quantity * group_size
    if material.per == "group":
        per_group = material.group_size or group_size
        return material.quantity * math.ceil(group_size / per_group)
    return material.quantity


def roll_up_materials(modules: list[Module], group_size: int) -> list[MaterialLine]:
    """Every item the modules need for this group, by item name, in first-seen order."""
    lines: dict[str, MaterialLine] = {}
    for module in modules:
        for material in module.materials:
            key = material.item.strip().lower()
            line = lines.setdefault(key, MaterialLine(material.item))
            count = scaled_quantity(material, group_size)
            if material.reusable:
                line.peak = max(line.peak, count)
            else:
                line.summed += count
            if module.title not in line.modules:
                line.modules.append(module.title)
    return list(lines.values())


def session_modules(session: Session, curriculum: Curriculum) -> list[Module]:
    found = (curriculum.modules.get(b.module or "") for b in session.blocks if b.kind == "module")
    return [module for module in found if module is not None]


def distinct_modules(session: Session, curriculum: Curriculum) -> list[Module]:
    """The session's modules in agenda order, each once (a module may be run twice)."""
    return list({m.id: m for m in session_modules(session, curriculum)}.values())


@dataclass
class EvaluationForm:
    """What a session's evaluation asks, the same on its site page and in its packets.

    `objectives` are (module title, its objectives) for a "before / now" rating each; then
    the open `questions`: the two every form asks, curriculum.yml's, the session's. Nothing
    here asks who a person is (see curriculum/guides/running-this-program.md, "Evaluation
    plan": no names, no role questions where a role has one or two people).
    """

    objectives: list[tuple[str, list[str]]]
    questions: list[str]

    @property
    def ratings(self) -> int:
        """How many objectives are rated."""
        return sum(len(objectives) for _, objectives in self.objectives)


def evaluation_form(session: Session, curriculum: Curriculum) -> EvaluationForm:
    labels = labels_for(curriculum.language)
    objectives = [(m.title or m.id, m.objectives)
                  for m in distinct_modules(session, curriculum) if m.objectives]
    asked = [labels("evaluation.differently"), labels("evaluation.change")]
    for extra in (curriculum.evaluation, session.evaluation):
        asked += extra.questions if extra else []
    return EvaluationForm(objectives, asked)


def follow_ups(session: Session, curriculum: Curriculum) -> list[tuple[str, str]]:
    """(module title, its `follow_up`) for each module of the session that has one."""
    return [(m.title or m.id, m.follow_up)
            for m in distinct_modules(session, curriculum) if m.follow_up]


@dataclass
class PathTotals:
    modules: int
    minutes: int
    """The modules' minutes together; their contact hours are `contact_hours(minutes)`."""


def path_totals(path: LearningPath, curriculum: Curriculum) -> PathTotals:
    found = [curriculum.modules.get(step.module) for step in path.steps]
    known = [module for module in found if module is not None]
    return PathTotals(len(known), sum(module.duration or 0 for module in known))
