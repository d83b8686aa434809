"""The sample site's calendars, read back from the site the browser tests serve (built once for
them) with the icalendar library, as a calendar application imports them, and compared with the
agenda the core assembles: every meeting of a series on its date at its clock time, in the
curriculum's zone, across the change to summer time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from mkdocs_curriculum.assemble import assemble_agenda, clock_minutes


def starts(event: icalendar.Event) -> list[dt.datetime]:
    """Every start of the event, its recurrence rule applied."""
    first = event.decoded("dtstart")
    if "rrule" not in event:
        return [first]
    return list(rrulestr(event["rrule"].to_ical().decode(), dtstart=first))


def test_the_sample_series_imports_with_every_meetings_date_and_time(site_dir, sample):
    zone = ZoneInfo(sample.timezone)
    agenda = assemble_agenda(sample.sessions["lunchtime-peer-circle"], sample)
    data = (site_dir / "sessions/lunchtime-peer-circle/lunchtime-peer-circle.ics").read_bytes()
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == "Lunchtime peer circle for residents"
    found = starts(event)
    assert len(found) == len(agenda.meetings) == 6
    assert found == [dt.datetime.combine(meeting.dates[0], dt.time(12, 10), zone)
                     for meeting in agenda.meetings]
    # New York moves to summer time on 14 March 2027: 12:10 stays 12:10 there, not in UTC
    utc = [start.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") for start in found]
    assert utc[:6] == ["2027-01-12 17:10", "2027-01-26 17:10", "2027-02-09 17:10",
                       "2027-02-23 17:10", "2027-03-09 17:10", "2027-03-23 16:10"]
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=45)
    assert str(event["description"]).splitlines()[0] == "12:10–12:55 Circle of Connection (45 min)"


def test_every_dated_sample_session_imports_as_its_agenda_says(site_dir, sample):
    zone = ZoneInfo(sample.timezone)
    dated = 0
    for session in sample.sessions.values():
        agenda = assemble_agenda(session, sample)
        if not agenda.meetings:
            continue
        dated += 1
        data = (site_dir / f"sessions/{session.id}/{session.id}.ics").read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar.get_missing_tzids() == set(), session.id
        events = calendar.walk("VEVENT")
        assert len(events) == len(agenda.days), session.id
        for number, (event, day) in enumerate(zip(events, agenda.days, strict=True)):
            start = dt.time.fromisoformat(day.start)
            assert starts(event) == [dt.datetime.combine(meeting.dates[number], start, zone)
                                     for meeting in agenda.meetings], session.id
            minutes = (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() / 60
            assert minutes == clock_minutes(day.end) - clock_minutes(day.start) == day.minutes
            lines = str(event["description"]).splitlines()[1 if agenda.several_days else 0:]
            assert [line.strip().rsplit(" (", 1)[0] for line in lines] == [
                row.title if row.left_out else f"{row.start}–{row.end} {row.title}"
                for row in day.rows], session.id
    assert dated >= 4
