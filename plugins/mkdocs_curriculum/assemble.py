"""Assembly: agendas with clock times, learning-path totals, materials scaled to a group.

Pure functions over a loaded curriculum; templates receive their results ready to print.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
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


def contact_hours_text(hours: Decimal, labels: Labels) -> str:
    """ "2.75 contact hours" ("2,75 horas lectivas"): hours in words."""
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


def attended_dates(agenda: Agenda, labels: Labels, meeting: int | None = None) -> str:
    """The dates a certificate names: one meeting's, or the whole session's (for a series,
    from its first meeting to its last); "" when the session gives none."""
    days = meeting_days(agenda)
    return _dates_text(days[meeting - 1] if meeting else [d for ds in days for d in ds], labels)


def meeting_days(agenda: Agenda) -> list[list[_dt.date | None]]:
    """The date of each day, for each meeting (None where the session gives none)."""
    found = [meeting.dates for meeting in agenda.meetings]
    return found + [[None] * len(agenda.days)] * (meetings(agenda) - len(found))


def session_credit(session: Session, curriculum: Curriculum) -> Credit | None:
    """The credit a session claims: curriculum.yml's, unless the session says `credit: false`."""
    return curriculum.credit if session.credit else None


# -- fitting a session to a time budget ------------------------------------------------------

@dataclass(frozen=True)
class FitItem:
    """One line of an agenda as fitting sees it: an activity, or a break, opening or closing
    (which are never optional and have no minimum)."""

    minutes: int
    optional: bool = False
    min_minutes: int | None = None


@dataclass(frozen=True)
class Fit:
    """What `fit_to_budget` decided. `minutes[i]` is item i's new length, 0 if left out.
    `least` is the fewest minutes the items can take at all; `fits` is False when even that
    is over the budget (then `minutes` are the items' own, unchanged)."""

    minutes: list[int]
    least: int
    fits: bool


def fit_to_budget(items: Sequence[FitItem], budget: int) -> Fit:
    """Fit agenda lines, in agenda order, into `budget` minutes. This is a contract: the
    planner (theme JavaScript) does exactly the same, and a test holds them to each other.

    over = sum of all minutes - budget. If over <= 0, nothing changes. Lines that are neither
    `optional` nor have a `min_minutes` (breaks, openings, closings among them) never change.
    1. Walk the items from the LAST to the first; while over > 0, leave out each optional
       item met (its minutes become 0; over -= its minutes). It may end a few minutes under.
    2. If still over > 0: the givers are the items not left out whose min_minutes < minutes,
       in agenda order; give_i = minutes_i - min_minutes_i; G = sum of give_i. If G < over,
       the items cannot fit (`fits` False; least = sum - all optional minutes - G). Else
       cut_i = floor(over * give_i / G); the r = over - sum(cut_i) minutes left are handed
       out one each to the givers with the largest remainder (over * give_i mod G), ties to
       the earlier item, never cutting more than give_i. An item's new length is
       minutes_i - cut_i.
    """
    minutes = [item.minutes for item in items]
    least = sum(0 if i.optional else min(i.min_minutes or i.minutes, i.minutes) for i in items)
    over = sum(minutes) - budget
    for index in reversed(range(len(items))):
        if over <= 0:
            break
        if items[index].optional:
            minutes[index], over = 0, over - items[index].minutes
    if over > 0:
        givers = {i: item.minutes - item.min_minutes for i, item in enumerate(items)
                  if minutes[i] and item.min_minutes is not None
                  and item.min_minutes < item.minutes}
        if sum(givers.values()) < over:
            return Fit([item.minutes for item in items], least, False)
        for index, cut in _cuts(givers, over).items():
            minutes[index] -= cut
    return Fit(minutes, least, True)


def _cuts(gives: dict[int, int], over: int) -> dict[int, int]:
    """`over` minutes shared out in proportion to what each giver can give (largest
    remainder method, whole minutes; `gives` in agenda order, sum(gives) >= over)."""
    total = sum(gives.values())
    cuts = {i: over * give // total for i, give in gives.items()}
    left = over - sum(cuts.values())
    for index in sorted(gives, key=lambda i: (-(over * gives[i] % total), i)):
        if left == 0:
            break
        if cuts[index] < gives[index]:
            cuts[index], left = cuts[index] + 1, left - 1
    return cuts


# -- agendas ----------------------------------------------------------------------------------

@dataclass
class AgendaRow:
    """One line of an agenda: a block or, indented under its module, an activity.

    `minutes` is what it takes in this session (after fitting), `full_minutes` what its files
    say; a row `left_out` to fit the budget has 0 minutes and starts and ends at one time.
    """

    start: str
    end: str
    minutes: int
    title: str
    kind: str
    """opening, module, break, closing (a block) or activity (inside the module above it)."""
    module: Module | None = None
    activity: Activity | None = None
    format: str = ""
    full_minutes: int = 0
    left_out: bool = False

    @property
    def shortened(self) -> bool:
        return not self.left_out and self.minutes < self.full_minutes


@dataclass
class AgendaDay:
    """One day's agenda: its rows with clock times and its total. A one-day session has one.
    `fit` is the day's own budget (`fit:` of one of `days:`), if it has one."""

    number: int
    date: _dt.date | None
    start: str
    end: str
    minutes: int
    rows: list[AgendaRow]
    full_minutes: int = 0
    fit: int | None = None

    @property
    def contact_minutes(self) -> int:
        """The day's minutes that count toward contact hours (see `CONTACT_KINDS`)."""
        return sum(row.minutes for row in self.rows if row.kind in CONTACT_KINDS)


@dataclass(frozen=True)
class Shortfall:
    """A budget the blocks cannot fit: `field` is where it was set (`fit`, `days[1].fit`)."""

    field: str
    least: int
    budget: int


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
    start, `end` the last day's end, `minutes` the whole session's total (of one meeting;
    `full_minutes` before fitting). `meetings` are the dated meetings: one for a dated
    session, `repeat.count` for a series, none for a session without a date. `fit` is the
    session's budget, if it has one; `shortfalls` the budgets that could not be met (the
    agenda then keeps those blocks' own minutes).
    """

    start: str
    end: str
    minutes: int
    days: list[AgendaDay]
    meetings: list[Meeting] = field(default_factory=list)
    repeat: Repeat | None = None
    full_minutes: int = 0
    fit: int | None = None
    shortfalls: list[Shortfall] = field(default_factory=list)

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

    @property
    def fitted(self) -> bool:
        """Whether fitting changed anything."""
        return any(row.left_out or row.shortened for row in self.rows)


def assemble_agenda(session: Session, curriculum: Curriculum) -> Agenda:
    """Clock times for every block and, within a module, every activity, day by day, after
    fitting each day to its own `fit` and then the whole session to the session's."""
    labels = labels_for(curriculum.language)
    plans = [_plan(day.blocks, curriculum.modules, labels) for day in session.days]
    shortfalls = [found for day, rows in zip(session.days, plans, strict=True)
                  if day.fit is not None for found in _fit(rows, day.fit, f"{day.at}fit")]
    if session.fit is not None:
        shortfalls += _fit([row for rows in plans for row in rows], session.fit, "fit")
    days = [_assemble_day(number, day, rows, session, curriculum)
            for number, (day, rows) in enumerate(zip(session.days, plans, strict=True), 1)]
    return Agenda(days[0].start, days[-1].end, sum(day.minutes for day in days), days,
                  series_meetings([day.date for day in days], session.repeat), session.repeat,
                  sum(day.full_minutes for day in days), session.fit, shortfalls)


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


def _assemble_day(number: int, day: Day, rows: list[AgendaRow], session: Session,
                  curriculum: Curriculum) -> AgendaDay:
    """A day starts at its own start, else the session's; the first day's date defaults to
    the session's."""
    start = clock_minutes(day.start or session.start or curriculum.defaults.start)
    end = _clock(rows, start)
    date = day.date or (session.date if number == 1 else None)
    full = sum(row.full_minutes for row in rows if row.kind != "activity")
    return AgendaDay(number, date, format_clock(start), format_clock(end), end - start, rows,
                     full, day.fit)


def _plan(blocks: list[Block], modules: dict[str, Module], labels: Labels) -> list[AgendaRow]:
    """The rows of some blocks with their minutes as written, before fitting and clocks."""
    rows = []
    for block in blocks:
        module = modules.get(block.module or "") if block.kind == "module" else None
        kind = labels.get(f"block.{block.kind}", block.kind)
        title = block.title or (module.title if module else kind)
        minutes = block_minutes(block, modules)
        rows.append(AgendaRow("", "", minutes, title, block.kind, module, full_minutes=minutes))
        for activity in module.activities if module else []:
            minutes = activity.minutes or 0
            rows.append(AgendaRow("", "", minutes, activity.title, "activity", module, activity,
                                  activity.format, minutes))
    return rows


def _fit(rows: list[AgendaRow], budget: int, field: str) -> list[Shortfall]:
    """Fit the rows to `budget` (see `fit_to_budget`): activities and blocks, not the module
    rows, which then last what their activities do."""
    lines = [row for row in rows if row.kind != "module" and not row.left_out]
    fit = fit_to_budget([_fit_item(row) for row in lines], budget)
    if not fit.fits:
        return [Shortfall(field, fit.least, budget)]
    for row, minutes in zip(lines, fit.minutes, strict=True):
        row.minutes, row.left_out = minutes, minutes == 0
    module_row = None
    for row in rows:
        if row.kind == "module":
            module_row, row.minutes = row, row.full_minutes
        elif row.kind == "activity" and module_row is not None:
            module_row.minutes -= row.full_minutes - row.minutes
    return []


def _fit_item(row: AgendaRow) -> FitItem:
    if row.activity is None:
        return FitItem(row.minutes)
    return FitItem(row.minutes, row.activity.optional, row.activity.min_minutes)


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


def fit_mark(row: AgendaRow, labels: Labels) -> str:
    """What fitting did to a row, as the agenda and the guide's heading say it: "shortened
    from 15 to 10 min", "left out to fit", or ""."""
    if row.left_out:
        return labels("agenda.left_out")
    if row.shortened and row.kind == "activity":
        return labels("agenda.shortened", full=row.full_minutes, minutes=row.minutes)
    return ""


def fitted_note(budget: int | None, full: int, labels: Labels) -> str:
    """ "Fitted to a budget of 45 min; as written, the blocks take 1 h." ("" with no budget)."""
    if budget is None:
        return ""
    return labels("agenda.fitted", budget=labels.minutes(budget), full=labels.minutes(full))


def activity_leeway(activity: Activity, labels: Labels) -> str:
    """What a facilitator may do to fit a shorter session: "may be left out", "may be
    shortened to 10 min", both, or ""."""
    if activity.optional and activity.min_minutes is not None:
        return labels("activity.optional_shortest", minutes=activity.min_minutes)
    if activity.optional:
        return labels("activity.optional")
    if activity.min_minutes is not None and activity.min_minutes < (activity.minutes or 0):
        return labels("activity.shortest", minutes=activity.min_minutes)
    return ""


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
