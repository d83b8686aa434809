"""Calendars: every dated session as an iCalendar file (RFC 5545) beside its page.

One event per day of the session, in the curriculum's time zone (`timezone:`, with its
VTIMEZONE; UTC when none is said), titled with the session's title, its agenda as the
description and the session page's address when mkdocs.yml has a `site_url`. A series
(`repeat:`) is one event per day with a weekly recurrence rule, so a calendar shows every
meeting and a change to the file moves them all.

The bytes depend only on the sources: each event's UID is derived from the curriculum, the
session and the day; its DTSTAMP is `SOURCE_DATE_EPOCH` when set (reproducible builds), else the
time the session's sources last changed. So a rebuild writes the same file, and a calendar that
imports it again sees an edited session as newer.
"""

from __future__ import annotations

import datetime as _dt
import os
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from . import __version__
from .addresses import calendar_uri, page_url, session_uri
from .assemble import (
    Agenda,
    AgendaDay,
    AgendaRow,
    assemble_agenda,
    clock_minutes,
    day_heading,
    fit_mark,
)
from .language import Labels, labels_for
from .layout import Web
from .model import Curriculum, Session

PRODUCT = f"-//mkdocs-curriculum//mkdocs-curriculum {__version__}//EN"
UTC = "UTC"


def site_calendars(curriculum: Curriculum, web: Web | None = None) -> dict[str, bytes]:
    """The calendar file of every dated session, keyed by its address in the site."""
    calendars = {}
    for session in curriculum.sessions.values():
        agenda = assemble_agenda(session, curriculum)
        if agenda.meetings:
            calendars[calendar_uri(session.id)] = session_calendar(session, curriculum, agenda,
                                                                   web or Web())
    return calendars


def zone_name(curriculum: Curriculum) -> str:
    """The zone clock times are written in: the curriculum's, else UTC."""
    return curriculum.timezone or UTC


def session_calendar(session: Session, curriculum: Curriculum, agenda: Agenda,
                     web: Web) -> bytes:
    """The session's calendar: a VEVENT per day (each repeating for a series), the zone's
    VTIMEZONE, CRLF line ends and folded lines as RFC 5545 has them."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    labels = labels_for(curriculum.language)
    stamp = calendar_stamp(session, curriculum)
    url = web.url(page_url(session_uri(session.id), web.directory_urls))
    for day in agenda.days:
        if day.date is not None:
            calendar.add_component(_event(day, session, curriculum, agenda, labels, stamp, url))
    first, last = agenda.meetings[0].dates, agenda.meetings[-1].dates
    calendar.add_missing_timezones(
        first_date=min(d for d in first if d) - _dt.timedelta(days=1),
        last_date=max(d for d in last if d) + _dt.timedelta(days=2))
    _changes_at_clock_before(calendar, ZoneInfo(zone_name(curriculum)))
    return calendar.to_ical()


def _changes_at_clock_before(calendar: icalendar.Calendar, zone: ZoneInfo) -> None:
    """RFC 5545 dates a VTIMEZONE's change of offset by the clock before it (TZOFFSETFROM):
    Europe/Berlin's summer time starts at 02:00. icalendar 7 writes the clock after a jump
    forward (03:00), an hour late for a calendar that trusts it; each change is dated again
    from the instant the zone really changes."""
    for observance in (part for tz in calendar.walk("VTIMEZONE") for part in tz.subcomponents):
        before, after = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
        written = observance["DTSTART"].dt
        for instant in (written - before, written - after):  # the two readings, in UTC
            if before != after and _offsets_around(instant, zone) == (before, after):
                observance["DTSTART"] = icalendar.vDDDTypes(instant + before)
                break


def _offsets_around(instant: _dt.datetime, zone: ZoneInfo) -> tuple:
    """The zone's offset from UTC just before `instant` (naive UTC) and at it."""
    at = instant.replace(tzinfo=_dt.UTC)
    return ((at - _dt.timedelta(seconds=1)).astimezone(zone).utcoffset(),
            at.astimezone(zone).utcoffset())


def _event(day: AgendaDay, session: Session, curriculum: Curriculum, agenda: Agenda,
           labels: Labels, stamp: _dt.datetime, url: str | None) -> icalendar.Event:
    """One day of the session as an event."""
    zone = ZoneInfo(zone_name(curriculum))
    start = _at(day.date, day.start, zone)
    event = icalendar.Event()
    event.add("uid", event_uid(session, curriculum, day.number, url))
    event.add("dtstamp", stamp)
    event.add("summary", session.title or session.id)
    event.add("dtstart", start)
    event.add("dtend", start + _dt.timedelta(minutes=day.minutes))
    event.add("description", agenda_text(day, agenda, labels))
    if url:
        event.add("url", url)
    if agenda.repeat is not None and agenda.repeat.count > 1:
        event.add("rrule", {"freq": "weekly", "interval": agenda.repeat.every_weeks,
                            "count": len(agenda.meetings)})
    return event


def _at(date: _dt.date, clock: str, zone: ZoneInfo) -> _dt.datetime:
    """The wall-clock time `clock` on `date` in `zone`."""
    minutes = clock_minutes(clock)
    return _dt.datetime(date.year, date.month, date.day, minutes // 60, minutes % 60, tzinfo=zone)


def agenda_text(day: AgendaDay, agenda: Agenda, labels: Labels) -> str:
    """The day's agenda as lines of text, activities indented under their module: what a
    calendar shows in the event's notes."""
    lines = [day_heading(day, labels)] if agenda.several_days else []
    lines += [_row_text(row, labels) for row in day.rows]
    return "\n".join(lines)


def _row_text(row: AgendaRow, labels: Labels) -> str:
    """ "09:05–09:15 Check-in (10 min)", with what fitting did to it; a row left out to fit
    has no time."""
    indent = "    " if row.kind == "activity" else ""
    mark = fit_mark(row, labels)
    if row.left_out:
        return f"{indent}{row.title} ({mark})"
    return f"{indent}{row.start}–{row.end} {row.title} ({mark or labels.minutes(row.minutes)})"


def event_uid(session: Session, curriculum: Curriculum, day: int, url: str | None) -> str:
    """A UID that stays the same across builds and edits of the session's times: a UUID from
    the session page's address (or the curriculum's title) and the day's number."""
    home = url or f"curriculum:{curriculum.title}/sessions/{session.id}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{home}#day-{day}"))


def calendar_stamp(session: Session, curriculum: Curriculum) -> _dt.datetime:
    """When the calendar was made, as the sources say: SOURCE_DATE_EPOCH if set, else when the
    files that make the session's times (its file, curriculum.yml, its modules') last changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC)
    files = [session.file, curriculum.file]
    files += [curriculum.modules[b.module].file for b in session.blocks
              if b.kind == "module" and b.module in curriculum.modules]
    times = [_modified(curriculum.root / file) for file in files]
    return _dt.datetime.fromtimestamp(max(times), _dt.UTC).replace(microsecond=0)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
