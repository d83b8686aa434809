"""Calendars: every dated session's `.ics`, read back with icalendar, agrees with its agenda
(times, zone, the dates of a series), is the same on every build, and is linked from the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from mkdocs_curriculum.assemble import assemble_agenda
from mkdocs_curriculum.calendars import site_calendars
from mkdocs_curriculum.cli import main
from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import (
    CURRICULUM,
    MKDOCS_YML,
    MODULE_A,
    dead_links,
    mkdocs_build,
    site_project,
    write_project,
)

SESSION = "curriculum/sessions/morning.yml"
ICS = "sessions/morning/morning.ics"
LONDON = CURRICULUM + "timezone: Europe/London\n"
# Every two weeks from 9 March 2027: London moves to summer time on 28 March, between the
# second and third meeting, so the clock time stays 09:00 while the UTC hour changes.
SERIES = """\
title: Morning circle
date: 2027-03-09
start: "09:00"
group_size: 8
blocks:
  - opening: 5
  - module: arriving
  - break: 5
  - module: telling
repeat: {every_weeks: 2, count: 4}
"""
TWO_DAYS = """\
title: Two mornings
group_size: 8
days:
  - date: 2027-02-09
    start: "08:30"
    blocks:
      - module: arriving
  - date: 2027-02-10
    start: "10:00"
    blocks:
      - module: telling
      - closing: 5
        title: Goodbye
"""


def calendars(tmp_path: Path, session: str, curriculum: str = LONDON,
              web: Web | None = None) -> tuple[dict[str, bytes], object]:
    layout = write_project(tmp_path, {SESSION: session, "curriculum/curriculum.yml": curriculum})
    found, problems = check_project(layout)
    assert problems == []
    return site_calendars(found, web), found


def events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def occurrences(event: icalendar.Event) -> list[dt.datetime]:
    """Every start of the event, its recurrence rule applied (as a calendar application does)."""
    start = event.decoded("dtstart")
    if "rrule" not in event:
        return [start]
    return list(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))


def test_a_series_is_one_event_that_recurs_on_every_meeting(tmp_path):
    found, curriculum = calendars(tmp_path, SERIES)
    [event] = events(found[ICS])
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    assert str(event["summary"]) == "Morning circle"
    assert event["rrule"].to_ical() == b"FREQ=WEEKLY;COUNT=4;INTERVAL=2"
    london = ZoneInfo("Europe/London")
    starts = occurrences(event)
    assert starts == [dt.datetime.combine(meeting.dates[0], dt.time(9, 0), london)
                      for meeting in agenda.meetings]
    # the same clock time in London; in UTC an hour earlier once summer time begins
    assert [s.astimezone(dt.UTC).strftime("%d %b %H:%M") for s in starts] == [
        "09 Mar 09:00", "23 Mar 09:00", "06 Apr 08:00", "20 Apr 08:00"]
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(
        minutes=agenda.minutes)
    assert event["dtstart"].params["TZID"] == "Europe/London"


def test_the_zone_is_described_by_a_vtimezone_covering_the_series(tmp_path):
    found, _ = calendars(tmp_path, SERIES)
    calendar = icalendar.Calendar.from_ical(found[ICS])
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    names = {str(part["tzname"]) for part in zone.walk() if part.name in ("STANDARD", "DAYLIGHT")}
    assert names == {"GMT", "BST"}
    assert calendar.get_missing_tzids() == set()


def _ical(value) -> str:
    text = value.to_ical()
    return text.decode() if isinstance(text, bytes) else text


@pytest.mark.parametrize(("zone", "changes"), [
    # RFC 5545: an observance starts at the clock time before the change (TZOFFSETFROM).
    ("Europe/London", {("DAYLIGHT", "20270328T010000", "+0000", "+0100")}),
    ("Europe/Berlin", {("DAYLIGHT", "20270328T020000", "+0100", "+0200")}),
    ("America/New_York", {("DAYLIGHT", "20270314T020000", "-0500", "-0400")}),
    ("Australia/Lord_Howe", {("STANDARD", "20270404T020000", "+1100", "+1030")}),
])
def test_the_vtimezone_dates_each_change_by_the_clock_before_it(tmp_path, zone, changes):
    found, _ = calendars(tmp_path, SERIES, CURRICULUM + f"timezone: {zone}\n")
    [vtimezone] = icalendar.Calendar.from_ical(found[ICS]).walk("VTIMEZONE")
    written = {(part.name, *(_ical(part[key]) for key in ("dtstart", "tzoffsetfrom",
                                                          "tzoffsetto")))
               for part in vtimezone.subcomponents if part["tzoffsetfrom"] != part["tzoffsetto"]}
    assert written == changes
    # and each is the instant the zone's offset really changes
    for _, start, before, _ in written:
        utc = dt.datetime.strptime(start + before, "%Y%m%dT%H%M%S%z")
        assert utc.astimezone(ZoneInfo(zone)).utcoffset() != (
            utc - dt.timedelta(seconds=1)).astimezone(ZoneInfo(zone)).utcoffset()


def test_each_day_of_a_session_is_an_event_with_that_days_agenda(tmp_path):
    found, curriculum = calendars(tmp_path, TWO_DAYS)
    first, second = events(found[ICS])
    london = ZoneInfo("Europe/London")
    assert (first.decoded("dtstart"), first.decoded("dtend")) == (
        dt.datetime(2027, 2, 9, 8, 30, tzinfo=london), dt.datetime(2027, 2, 9, 9, 0, tzinfo=london))
    assert (second.decoded("dtstart"), second.decoded("dtend")) == (
        dt.datetime(2027, 2, 10, 10, 0, tzinfo=london),
        dt.datetime(2027, 2, 10, 10, 25, tzinfo=london))
    assert "rrule" not in first
    assert str(second["description"]).splitlines() == [
        "Day 2 — Wednesday 10 February 2027",
        "10:00–10:20 Telling (20 min)",
        "    10:00–10:20 Tell (20 min)",
        "10:20–10:25 Goodbye (5 min)",
    ]
    assert str(first["uid"]) != str(second["uid"])


def test_the_description_is_the_agenda_of_a_one_day_session(tmp_path):
    found, curriculum = calendars(tmp_path, SERIES)
    [event] = events(found[ICS])
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    lines = str(event["description"]).splitlines()
    assert lines[:4] == ["09:00–09:05 Opening (5 min)", "09:05–09:35 Arriving (30 min)",
                         "    09:05–09:15 Check-in (10 min)", "    09:15–09:35 Pair talk (20 min)"]
    assert len(lines) == len(agenda.rows)


def test_the_description_says_what_fitting_did(tmp_path):
    fitted = SERIES.replace("repeat:", "fit: 45\nrepeat:")
    module = MODULE_A.replace("    minutes: 20\n    format: pairs\n",
                              "    minutes: 20\n    min_minutes: 15\n    format: pairs\n")
    module = module.replace("    minutes: 10\n", "    minutes: 10\n    optional: true\n")
    layout = write_project(tmp_path, {SESSION: fitted, "curriculum/curriculum.yml": LONDON,
                                      "modules/arriving/module.yml": module})
    curriculum, problems = check_project(layout)
    assert [p.format() for p in problems if p.is_error] == []
    [event] = events(site_calendars(curriculum)[ICS])
    lines = str(event["description"]).splitlines()
    assert lines[1:4] == ["09:05–09:20 Arriving (15 min)", "    Check-in (left out to fit)",
                          "    09:05–09:20 Pair talk (shortened from 20 to 15 min)"]


def test_without_a_time_zone_times_are_utc(tmp_path):
    found, _ = calendars(tmp_path, SERIES, CURRICULUM)
    calendar = icalendar.Calendar.from_ical(found[ICS])
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime(2027, 3, 9, 9, 0, tzinfo=dt.UTC)
    assert b"DTSTART:20270309T090000Z" in found[ICS]


def test_the_page_address_is_given_when_the_site_has_one(tmp_path):
    found, _ = calendars(tmp_path, SERIES, web=Web("https://example.org/rl/"))
    [event] = events(found[ICS])
    assert str(event["url"]) == "https://example.org/rl/sessions/morning/"
    found, _ = calendars(tmp_path / "plain", SERIES,
                         web=Web("https://example.org/rl/", directory_urls=False))
    assert str(events(found[ICS])[0]["url"]) == "https://example.org/rl/sessions/morning.html"
    found, _ = calendars(tmp_path / "none", SERIES)
    assert "url" not in events(found[ICS])[0]


def test_rebuilds_write_the_same_bytes_and_source_date_epoch_sets_the_stamp(tmp_path,
                                                                           monkeypatch):
    # a rebuild reads the same files again (writing them again would move their clock: on a
    # slow machine, into the next second of the stamp)
    layout = write_project(tmp_path, {SESSION: SERIES, "curriculum/curriculum.yml": LONDON})
    first, again = (site_calendars(check_project(layout)[0]) for _ in range(2))
    assert first[ICS] == again[ICS]
    assert first[ICS].count(b"\r\n") == len(first[ICS].splitlines())  # CRLF line ends
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    stamped, _ = calendars(tmp_path, SERIES)
    assert events(stamped[ICS])[0].decoded("dtstamp") == dt.datetime(2027, 1, 15, 8, 0,
                                                                     tzinfo=dt.UTC)
    assert str(events(stamped[ICS])[0]["uid"]) == str(events(first[ICS])[0]["uid"])


def test_a_session_without_a_date_has_no_calendar(tmp_path):
    found, curriculum = calendars(tmp_path, SERIES.replace("date: 2027-03-09\n", "")
                                  .replace("repeat: {every_weeks: 2, count: 4}\n", ""))
    assert found == {}
    assert "Add to calendar" not in render_site(curriculum)["sessions/morning.md"]


def test_a_spanish_curriculum_writes_its_calendars_in_spanish(tmp_path):
    found, _ = calendars(tmp_path, TWO_DAYS, LONDON + "language: es\n")
    assert str(events(found[ICS])[1]["description"]).startswith(
        "Día 2 — miércoles, 10 de febrero de 2027\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    config = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      packets: false\n")
    root = site_project(tmp_path_factory.mktemp("calendar-site"), {
        "mkdocs.yml": "site_url: https://example.org/rl/\n" + config,
        SESSION: SERIES, "curriculum/curriculum.yml": LONDON})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    return root


def test_the_site_publishes_the_calendar_that_the_session_page_links(site):
    page = (site / "site/sessions/morning/index.html").read_text("utf-8")
    assert 'href="morning.ics"' in page and "Add to calendar (.ics)" in page
    [event] = events((site / "site" / ICS).read_bytes())
    assert str(event["url"]) == "https://example.org/rl/sessions/morning/"
    assert dead_links(site / "site") == []


def test_the_export_carries_the_calendars(site, tmp_path):
    out = tmp_path / "out"
    assert main(["-f", str(site / "mkdocs.yml"), "export", str(out)]) == 0
    assert (out / "docs" / ICS).read_bytes() == (site / "site" / ICS).read_bytes()


def test_with_material_offline_the_calendar_gives_the_page_address_it_is_built_at(tmp_path):
    # Material's offline plugin turns directory URLs off after this plugin's on_config: the
    # session page is then sessions/morning.html, and the calendar must say so.
    config = MKDOCS_YML.replace("  - curriculum\n", "  - offline\n  - curriculum:\n"
                                "      packets: false\n")
    root = site_project(tmp_path, {"mkdocs.yml": "site_url: https://example.org/rl/\n" + config,
                                   SESSION: SERIES, "curriculum/curriculum.yml": LONDON})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    assert (root / "site/sessions/morning.html").is_file()
    [event] = events((root / "site" / ICS).read_bytes())
    assert str(event["url"]) == "https://example.org/rl/sessions/morning.html"
