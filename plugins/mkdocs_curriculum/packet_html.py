"""A session packet as one self-contained, print-ready HTML page, in one of its editions, and a
module's handouts alone.

The facilitator edition holds everything; the participant and large-print editions leave out
every `facilitator` passage (cut from the Markdown source) and the facilitator-only parts, and
so do a module's handouts alone. Python
gathers what a packet shows into plain values ready to print; the Jinja2 templates in
`templates/packet/` hold all markup and the print CSS. A curriculum overrides any of them by
putting a file of the same name in `theme/packet/` (`extra.css` there is added after the
built-in CSS, for small changes).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import templates
from .addresses import SiteMap
from .assemble import (
    Agenda,
    AgendaDay,
    AgendaRow,
    EvaluationForm,
    MaterialLine,
    activity_leeway,
    agenda_dates,
    agenda_times,
    assemble_agenda,
    contact_hours,
    contact_hours_summary,
    day_heading,
    distinct_modules,
    evaluation_form,
    fit_mark,
    fitted_note,
    follow_ups,
    meeting_dates,
    meeting_days,
    meetings,
    module_facts,
    roll_up_materials,
    series_text,
    session_credit,
)
from .language import Labels, labels_for
from .layout import Web
from .markdown_html import MarkdownRenderer, Placement
from .markdown_source import body_without_title
from .markdown_support import SupportExtension, support_config
from .model import Credit, Curriculum, Document, Module, Session
from .packet_contract import (
    HANDOUTS,
    MODULE_FACTS,
    PAPERS,
    PARTICIPANT,
    PARTS,
    SIGN_IN_SPARE,
    Edition,
    edition_of,
)
from .packet_links import LinkBook
from .render import guide_markdown, safety_note

_AUTOESCAPE = jinja2.select_autoescape(["html"])
_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass
class Row:
    """One agenda line, ready to print."""

    clock: str
    title: str
    kind: str
    length: str
    format: str = ""
    purpose: str = ""
    anchor: str = ""
    mark: str = ""
    """What fitting the session to its budget did to it ("shortened from 15 to 10 min")."""
    left_out: bool = False
    """Left out to fit: no clock time, its own length struck through."""
    leeway: str = ""
    """What a facilitator may do to it to fit a budget ("may be shortened to 10 min")."""


@dataclass
class DayView:
    """One day of the agenda: its heading (for a session of several days), rows and total."""

    heading: str
    rows: list[Row]
    total: Row
    fitted: str = ""
    """How the day was fitted to its own budget, if it has one."""


@dataclass
class Section:
    """A document placed in the packet: a guide or a handout, with its anchor for the TOC."""

    anchor: str
    title: str
    html: Markup
    kicker: str = ""
    module: str = ""


@dataclass
class ModuleSection:
    anchor: str
    title: str
    kicker: str
    summary: str
    facts: list[tuple[str, str]]
    objectives: list[str]
    activities: list[Row]
    overview: Markup
    """What participants read (empty in the facilitator edition of a lesson-style module,
    whose guide is what they read)."""
    guide: Markup | None = None
    overview_anchor: str = ""
    """The id of the overview's heading: links to overview.md land there."""
    guide_anchor: str = ""
    sharing: Markup = Markup("")
    """For a module with personal sharing: confidentiality and opting out, for participants."""
    reads_guide: bool = False
    """A lesson-style module (`participants_read: guide`)."""


@dataclass
class SignInSheet:
    """One sign-in sheet: a day of the session (a session of several days signs in daily),
    its date, times and contact hours, and how many rows to print."""

    heading: str
    date: str
    clock: str
    hours: str
    """Contact hours, as a number ("1.75")."""
    rows: int


@dataclass
class PartView:
    """One part of this packet (see `packet_contract.PARTS`) and, if it repeats, its items."""

    key: str
    title: str
    template: str
    listed: bool
    note: str = ""
    items: list | None = None

    @property
    def anchor(self) -> str:
        return self.key


@dataclass
class PacketView:
    """Everything a packet template prints, as text (escaped by the template) or Markup.

    `parts` are the edition's parts in order, which the templates loop over.
    """

    edition: str
    edition_label: str
    language: str
    page_size: str
    curriculum_title: str
    title: str
    date: str
    clock: str
    length: str
    contact_hours: str
    """The session's contact hours: "2.75"; "1 per meeting, 13 for the series"."""
    group: str
    agenda_total: Row
    days: list[DayView]
    fitted: str
    """How the session was fitted to its budget, if it has one."""
    materials: list[MaterialLine]
    modules: list[ModuleSection]
    guides: list[Section] = field(default_factory=list)
    handouts: list[Section] = field(default_factory=list)
    credit: Credit | None = None
    """The credit the session claims, if any."""
    sign_in: list[SignInSheet] = field(default_factory=list)
    evaluation: EvaluationForm = field(default_factory=lambda: EvaluationForm([], []))
    follow_ups: list[tuple[str, str]] = field(default_factory=list)
    """(module title, what to practise before the next meeting)."""
    check_in: str = ""
    """For a series with follow-ups: how its later meetings open (facilitator edition)."""
    parts: list[PartView] = field(default_factory=list)
    facilitator: bool = False
    """True in the edition that holds facilitator-only text."""
    large_print: bool = False
    """True in the edition set in large type (`large-print.css` is added to its CSS)."""
    links: LinkBook | None = None
    """Its documents' links, which `LinkBook.finish` gives their final form."""
    support: Markup = Markup("")
    """The support and referral contacts, as the `!!! support` box prints them (on the
    facilitator edition's contents page)."""
    series: str = ""
    """For a series, "13 meetings, every 2 weeks" (and `meetings` each one's date)."""
    meetings: list[str] = field(default_factory=list)


def build_packet_html(curriculum: Curriculum, session: Session, edition: str, paper: str = "a4",
                      overrides: Path | None = None, web: Web | None = None) -> str:
    """The packet of `session` in `edition` on `paper` (a key of PAPERS), as an HTML string.

    The HTML embeds its CSS and nothing else is fetched, so the same string renders the PDF,
    opens in a browser as the print-friendly page, and is what the PDF cache hashes.
    `overrides` is the curriculum's folder of packet templates (`theme/packet/`); a template
    that cannot render raises ProblemError. `web` is the site's address, for links to pages the
    packet does not print (see packet_links.py).
    """
    view = packet_view(curriculum, session, edition, paper, web)
    html = templates.render(packet_environment(overrides), "packet.html", curriculum.root,
                            packet=view, t=labels_for(curriculum.language))
    return view.links.finish(html) if view.links else html


@dataclass
class HandoutsView:
    """A module's handouts alone, as `handouts.html` prints them: each on a fresh page, with
    the module's title in the running header."""

    language: str
    page_size: str
    curriculum_title: str
    title: str
    edition_label: str
    handouts: list[Section]
    large_print: bool = False


def build_handouts_html(curriculum: Curriculum, module: Module, paper: str = "a4",
                        overrides: Path | None = None, web: Web | None = None) -> str:
    """A module's handouts alone as one HTML page, as participants get them (no facilitator
    passage), for the PDF a trainer reprints for a meeting; like a packet, self-contained."""
    labels = labels_for(curriculum.language)
    links = LinkBook(SiteMap.of(curriculum), web or Web(), curriculum.root)
    renderer = edition_renderer(curriculum, edition_of(PARTICIPANT), links)
    view = HandoutsView(labels.html_lang, PAPERS[paper], curriculum.title,
                        module.title or module.id, labels(f"edition.{HANDOUTS}"),
                        [handout_section(module, h, renderer, labels) for h in module.handouts])
    html = templates.render(packet_environment(overrides), "handouts.html", curriculum.root,
                            packet=view, t=labels)
    return links.finish(html)



def packet_environment(overrides: Path | None) -> jinja2.Environment:
    """Templates from `overrides` first, then the built-in ones; HTML is autoescaped (not the
    CSS, whose labels go through `css_content`)."""
    env = templates.environment("packet", overrides, autoescape=_AUTOESCAPE)
    env.filters["css_content"] = templates.css_content
    return env


def packet_view(curriculum: Curriculum, session: Session, edition_id: str,
                paper: str, web: Web | None = None) -> PacketView:
    edition = edition_of(edition_id)
    labels = labels_for(curriculum.language)
    links = LinkBook(SiteMap.of(curriculum), web or Web(), curriculum.root)
    renderer = edition_renderer(curriculum, edition, links)
    agenda = assemble_agenda(session, curriculum)
    modules = distinct_modules(session, curriculum)
    view = PacketView(
        edition=edition.id,
        edition_label=labels(f"edition.{edition.id}"),
        language=labels.html_lang,
        page_size=PAPERS[paper],
        curriculum_title=curriculum.title,
        title=session.title or session.id,
        date=agenda_dates(agenda, labels),
        clock=agenda_times(agenda),
        length=labels.minutes(agenda.minutes),
        contact_hours=contact_hours_summary(agenda, labels),
        group=labels("participants", count=session.group_size),
        agenda_total=_total_row(agenda, labels),
        days=[_day_view(day, agenda, labels) for day in agenda.days],
        fitted=fitted_note(agenda.fit, agenda.full_minutes, labels),
        materials=roll_up_materials(modules, session.group_size),
        modules=[_module_section(m, agenda, renderer, i, len(modules), curriculum)
                 for i, m in enumerate(modules, start=1)],
        handouts=[handout_section(m, h, renderer, labels) for m in modules for h in m.handouts],
        credit=session_credit(session, curriculum),
        sign_in=sign_in_sheets(agenda, session, labels),
        evaluation=evaluation_form(session, curriculum),
        follow_ups=follow_ups(session, curriculum),
        facilitator=edition.notes,
        large_print=edition.large_print,
        links=links,
        support=support_html(curriculum, renderer),
        series=series_text(agenda, labels),
        meetings=meeting_dates(agenda, labels) if agenda.repeat else [],
    )
    if edition.notes:
        view.check_in = check_in(agenda, view.follow_ups, labels)
        view.guides = [guide_section(doc, renderer, labels)
                       for doc in session_guides(session, curriculum)]
    view.parts = _parts(view, edition, labels)
    return view


def edition_renderer(curriculum: Curriculum, edition: Edition,
                     links: LinkBook | None) -> MarkdownRenderer:
    """The renderer of an edition's documents: facilitator passages kept or cut, links noted
    in `links`, `!!! support` boxes filled with the curriculum's contacts."""
    labels = labels_for(curriculum.language)
    contacts = support_config(curriculum.support, labels("support.title"))
    return MarkdownRenderer(notes=edition.notes, book=links,
                            extensions=[SupportExtension(**contacts)])


def support_html(curriculum: Curriculum, renderer: MarkdownRenderer) -> Markup:
    """The support contacts as the `!!! support` box prints them ("" without contacts)."""
    return renderer.render('!!! support ""\n') if curriculum.support else Markup("")


@dataclass
class ModuleDocuments:
    """What a module's section prints of its Markdown in one edition (see `module_documents`)."""

    overview: Markup
    guide: Markup | None
    sharing: Markup


def module_documents(module: Module, renderer: MarkdownRenderer, labels: Labels,
                     clocks: dict[str, str]) -> ModuleDocuments:
    """A module's documents for its section of a packet: what participants read, the guide
    (facilitator edition only) and the note on personal sharing. `clocks` are the notes in the
    activities' headings (their clock times in the session); the planner renders them
    without and adds its own in the browser."""
    here = anchor("module", module.id)
    return ModuleDocuments(
        overview=_participant_html(module, renderer, here, clocks),
        guide=_guide_html(renderer, module, labels, f"{here}-guide", clocks)
        if renderer.notes else None,
        sharing=renderer.render(safety_note(module, labels, participants=True)),
    )


def _parts(view: PacketView, edition: Edition, labels: Labels) -> list[PartView]:
    """The edition's parts, in the contract's order; a repeating part with no items goes."""
    parts = []
    for part in PARTS:
        items = getattr(view, part.each) if part.each else None
        if part.needs and not getattr(view, part.needs):
            continue
        if edition.id in part.editions and (items is None or items):
            note = labels(f"part.{part.key}.note") if part.note else ""
            parts.append(PartView(part.key, labels(f"part.{part.key}"), part.template,
                                  part.listed, note, items))
    return parts


def session_guides(session: Session, curriculum: Curriculum) -> list[Document]:
    """The general guides a session names, in its order; all of them when it names none."""
    if session.guides is None:
        return list(curriculum.guides.values())
    return [curriculum.guides[g] for g in session.guides if g in curriculum.guides]


def anchor(*parts: str) -> str:
    """An HTML id that is safe inside `target-counter(attr(href))`: lowercase words and dashes."""
    return "-".join(_NOT_ID.sub("-", part.lower()).strip("-") for part in parts)


def _agenda_row(row: AgendaRow, labels: Labels) -> Row:
    target = anchor("module", row.module.id) if row.kind == "module" and row.module else ""
    activity = row.activity
    return Row("" if row.left_out else f"{row.start}–{row.end}", row.title, row.kind,
               labels.minutes(row.full_minutes if row.left_out else row.minutes),
               labels.get(f"format.{row.format}", ""), activity.purpose if activity else "",
               target, fit_mark(row, labels), row.left_out,
               activity_leeway(activity, labels) if activity else "")


def _total_row(agenda: Agenda, labels: Labels) -> Row:
    if not agenda.several_days:
        return Row(f"{agenda.start}–{agenda.end}", labels("packet.total"), "total",
                   labels.minutes(agenda.minutes))
    return Row(agenda_times(agenda), labels("agenda.whole_session", count=len(agenda.days)),
               "total", labels.minutes(agenda.minutes))


def _day_view(day: AgendaDay, agenda: Agenda, labels: Labels) -> DayView:
    """A day's table; a session of one day has one, headed by nothing and totalled as a whole."""
    rows = [_agenda_row(row, labels) for row in day.rows]
    if not agenda.several_days:
        return DayView("", rows, _total_row(agenda, labels),
                       fitted_note(day.fit, day.full_minutes, labels))
    total = Row(f"{day.start}–{day.end}", labels("agenda.day_total"), "total",
                labels.minutes(day.minutes))
    return DayView(day_heading(day, labels), rows, total,
                   fitted_note(day.fit, day.full_minutes, labels))


def sign_in_sheets(agenda: Agenda, session: Session, labels: Labels) -> list[SignInSheet]:
    """A sheet for each day of each meeting: attendance is recorded where it happens, so a
    session of several days signs in daily and a series at every meeting."""
    return [_sheet(number, day, date, agenda, session, labels)
            for number, dates in enumerate(meeting_days(agenda), start=1)
            for day, date in zip(agenda.days, dates, strict=True)]


def _sheet(number: int, day: AgendaDay, date: _dt.date | None, agenda: Agenda, session: Session,
           labels: Labels) -> SignInSheet:
    count = meetings(agenda)
    heading = [labels("sign_in.meeting", number=number, count=count)] if count > 1 else []
    if agenda.several_days:
        heading.append(labels("agenda.day", number=day.number))
    return SignInSheet(" · ".join(heading), labels.date(date), f"{day.start}–{day.end}",
                       labels.number(contact_hours(day.contact_minutes)),
                       session.group_size + SIGN_IN_SPARE)


def check_in(agenda: Agenda, takeaways: list[tuple[str, str]], labels: Labels) -> str:
    """For a series whose modules send people home with a follow-up: "Meetings 2–13 open
    with a check-in: ...", which the facilitator edition prints above the agenda."""
    count = meetings(agenda)
    if count < 2 or not takeaways:
        return ""
    return labels("series.check_in", count=count - 1, first=2, last=count)


def _module_section(module: Module, agenda: Agenda, renderer: MarkdownRenderer, number: int,
                    count: int, curriculum: Curriculum) -> ModuleSection:
    """A module's pages; the guide's activity headings show their clock time in this session."""
    day, rows = next((day, [row for row in day.rows if row.module is module])
                     for day in agenda.days if any(row.module is module for row in day.rows))
    block = next(row for row in rows if row.kind == "module")
    here = anchor("module", module.id)
    labels = labels_for(curriculum.language)
    clocks = {row.activity.id: _heading_note(row, labels) for row in rows if row.activity}
    kicker = "packet.module_kicker_day" if agenda.several_days else "packet.module_kicker"
    documents = module_documents(module, renderer, labels, clocks)
    return ModuleSection(
        anchor=here,
        title=module.title,
        kicker=labels(kicker, number=number, count=count, day=day.number, start=block.start,
                      end=block.end),
        summary=module.summary,
        facts=module_facts(module, curriculum, MODULE_FACTS),
        objectives=module.objectives,
        activities=[_agenda_row(row, labels) for row in rows if row.kind == "activity"],
        overview=documents.overview,
        guide=documents.guide,
        overview_anchor=f"{here}-overview",
        guide_anchor=f"{here}-guide",
        sharing=documents.sharing,
        reads_guide=module.reads_guide,
    )


def _heading_note(row: AgendaRow, labels: Labels) -> str:
    """The note in an activity's heading in the guide: its time in this session, and what
    fitting did to it ("10:05–10:15 · shortened from 15 to 10 min", "left out to fit")."""
    mark = fit_mark(row, labels)
    if row.left_out:
        return mark
    clock = f"{row.start}–{row.end}"
    return f"{clock} · {mark}" if mark else clock


def _participant_html(module: Module, renderer: MarkdownRenderer, here: str,
                      clocks: dict[str, str]) -> Markup:
    """What participants read. A lesson-style module's guide is what they read: the
    facilitator edition prints it once (as the guide), the participant edition without its
    notes, with the activities' clock times as in the facilitator's copy."""
    if not module.reads_guide:
        return _document_html(renderer, module.overview, f"{here}-overview", 1)
    if renderer.notes:
        return Markup("")
    return _document_html(renderer, module.guide, f"{here}-guide", 1, clocks)


def _document_html(renderer: MarkdownRenderer, doc: Document | None, prefix: str, shift: int,
                   notes: dict[str, str] | None = None) -> Markup:
    if doc is None:
        return Markup("")
    return renderer.render(doc.text, Placement(prefix, shift, notes or {}, doc.file))


def _guide_html(renderer: MarkdownRenderer, module: Module, labels: Labels, prefix: str,
                notes: dict[str, str]) -> Markup:
    """The facilitator guide, with the safety note at each activity of personal sharing."""
    if module.guide is None:
        return Markup("")
    text = guide_markdown(module, labels, module.guide.text)
    return renderer.render(text, Placement(prefix, 1, notes, module.guide.file))


def handout_section(module: Module, doc: Document, renderer: MarkdownRenderer,
                     labels: Labels) -> Section:
    here = anchor("handout", module.id, doc.id)
    html = renderer.render(body_without_title(doc.text), Placement(here, 0, source=doc.file))
    kicker = labels("packet.handout_kicker", module=module.title)
    return Section(here, doc.title or doc.id, html, kicker, module.title)


def guide_section(doc: Document, renderer: MarkdownRenderer, labels: Labels) -> Section:
    here = anchor("guide", doc.id)
    html = renderer.render(body_without_title(doc.text), Placement(here, 0, source=doc.file))
    return Section(here, doc.title or doc.id, html, labels("packet.guide_kicker"))
