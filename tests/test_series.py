"""Time zones and series: `timezone:` in curriculum.yml, `repeat: {every_weeks, count}` on a
session; the dates of a series on the session page and the packet cover."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from mkdocs_curriculum.assemble import assemble_agenda
from mkdocs_curriculum.packet import packet_jobs, write_packets
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, problems_of, write_project

SESSION = "curriculum/sessions/morning.yml"
MORNING = """\
title: Morning
date: 2027-03-09
start: "09:00"
group_size: 8
length: 90
blocks:
  - opening: 5
  - module: arriving
  - break: 5
  - module: telling
"""
SERIES = MORNING + "repeat: {every_weeks: 2, count: 4}\n"
TWO_DAYS = """\
title: Two mornings
group_size: 8
days:
  - date: 2027-02-09
    blocks:
      - module: arriving
  - date: 2027-02-10
    blocks:
      - module: telling
repeat:
  every_weeks: 1
  count: 3
"""
CURRICULUM_YML = "curriculum/curriculum.yml"
ZONE_LINE = len(CURRICULUM.splitlines()) + 1


def test_a_time_zone_is_an_iana_name(tmp_path):
    layout = write_project(tmp_path, {CURRICULUM_YML: CURRICULUM + "timezone: Europe/London\n"})
    curriculum, problems = check_project(layout)
    assert problems == [] and curriculum.timezone == "Europe/London"


def test_without_a_time_zone_none_is_said(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path))
    assert curriculum.timezone == ""


@pytest.mark.parametrize(("written", "hint"), [
    ("Europe/Londn", '; did you mean "Europe/London"?'),
    ("america/new_york", '; did you mean "America/New_York"?'),
    ("Mars/Olympus", ""),
    ("localtime", ""),
])
def test_an_unknown_time_zone_is_a_located_error_with_a_suggestion(tmp_path, written, hint):
    lines = problems_of(tmp_path, {CURRICULUM_YML: CURRICULUM + f"timezone: {written}\n"})
    assert lines == [f"{CURRICULUM_YML}:{ZONE_LINE}: timezone: unknown time zone{hint}; write an"
                     " IANA name such as Europe/London, America/New_York or UTC"
                     f' (got "{written}")']


def test_a_series_meets_every_n_weeks(tmp_path):
    curriculum, problems = check_project(write_project(tmp_path, {SESSION: SERIES}))
    assert problems == []
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    assert [(m.number, m.dates) for m in agenda.meetings] == [
        (1, [dt.date(2027, 3, 9)]), (2, [dt.date(2027, 3, 23)]),
        (3, [dt.date(2027, 4, 6)]), (4, [dt.date(2027, 4, 20)])]


def test_each_day_of_a_multi_day_series_moves_with_it(tmp_path):
    curriculum, problems = check_project(write_project(tmp_path, {SESSION: TWO_DAYS}))
    assert problems == []
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    assert [[str(date) for date in m.dates] for m in agenda.meetings] == [
        ["2027-02-09", "2027-02-10"], ["2027-02-16", "2027-02-17"],
        ["2027-02-23", "2027-02-24"]]


def test_a_session_that_meets_once_has_one_meeting_or_none_without_a_date(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path, {SESSION: MORNING}))
    assert len(assemble_agenda(curriculum.sessions["morning"], curriculum).meetings) == 1
    curriculum, _ = check_project(write_project(tmp_path / "undated"))
    assert assemble_agenda(curriculum.sessions["morning"], curriculum).meetings == []


def test_a_series_without_a_date_is_a_located_error(tmp_path):
    undated = SERIES.replace("date: 2027-03-09\n", "")
    assert problems_of(tmp_path, {SESSION: undated}) == [
        f"{SESSION}:10: repeat: a series needs the date of its first meeting: add"
        " `date: YYYY-MM-DD` to the session (got no date)"]


def test_meetings_that_would_overlap_are_an_error(tmp_path):
    fortnight = TWO_DAYS.replace("2027-02-10", "2027-02-16")
    assert problems_of(tmp_path, {SESSION: fortnight}) == [
        f"{SESSION}:11: repeat.every_weeks: one meeting runs from 2027-02-09 to 2027-02-16,"
        " longer than the 1 week(s) between meetings, so meetings would overlap (got 1)"]


def test_a_series_past_the_last_day_of_the_calendar_is_an_error(tmp_path):
    late = SERIES.replace("2027-03-09", "9999-12-01")
    # One run names both: the first meeting's own date, and the count that runs past the end.
    assert problems_of(tmp_path, {SESSION: late}) == [
        f"{SESSION}:2: date: a session's calendar holds days from 0001-01-02 to 9998-12-31"
        " (got 9999-12-01)",
        f"{SESSION}:11: repeat.count: the series would run past 9999-12-31 (got 4)"]


def test_a_series_cut_short_with_a_first_date_that_fits_names_only_the_count(tmp_path):
    late = SERIES.replace("2027-03-09", "9998-12-01").replace("every_weeks: 2", "every_weeks: 20")
    assert problems_of(tmp_path, {SESSION: late}) == [
        f"{SESSION}:11: repeat.count: the series would run past 9999-12-31 (got 4)"]


@pytest.mark.parametrize(("repeat", "message"), [
    ("{every_weeks: 0, count: 4}", "repeat.every_weeks: expected a whole number from 1 to 52"
                                   " (got 0)"),
    ("{every_weeks: 2, count: 1000}", "repeat.count: expected a whole number from 1 to 260"
                                      " (got 1000)"),
    ("{every_weeks: 2}", "repeat.count: required field is missing"),
    ("{every_weeks: 2, count: 3, every_day: true}",
     'repeat.every_day: unknown key; did you mean "every_weeks"? (got "every_day")'),
    ("weekly", 'repeat: expected a mapping of fields (got "weekly")'),
])
def test_a_malformed_repeat_is_a_located_error(tmp_path, repeat, message):
    assert problems_of(tmp_path, {SESSION: MORNING + f"repeat: {repeat}\n"}) == [
        f"{SESSION}:11: {message}"]


def test_the_session_page_lists_the_dates_of_the_series(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path, {SESSION: SERIES}))
    pages = render_site(curriculum)
    page = pages["sessions/morning.md"]
    assert "- **Series:** 4 meetings, every 2 weeks\n" in page
    assert ("## Dates of the series\n\n<ol class=\"curriculum-series\">\n"
            "<li>Tuesday 9 March 2027</li>\n<li>Tuesday 23 March 2027</li>\n"
            "<li>Tuesday 6 April 2027</li>\n<li>Tuesday 20 April 2027</li>\n</ol>") in page
    assert "(4 meetings, every 2 weeks)" in pages["sessions/index.md"]


def test_a_session_that_meets_once_lists_no_series(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path, {SESSION: MORNING}))
    page = render_site(curriculum)["sessions/morning.md"]
    assert "Series" not in page and "curriculum-series" not in page


def test_a_weekly_series_says_so_in_spanish(tmp_path):
    weekly = SERIES.replace("every_weeks: 2", "every_weeks: 1")
    layout = write_project(tmp_path, {SESSION: weekly,
                                      CURRICULUM_YML: CURRICULUM + "language: es\n"})
    curriculum, _ = check_project(layout)
    page = render_site(curriculum)["sessions/morning.md"]
    assert "- **Serie:** 4 encuentros, cada semana\n" in page
    assert "<li>martes, 16 de marzo de 2027</li>" in page


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_the_packet_cover_shows_every_date_of_the_series(tmp_path, edition):
    layout = write_project(tmp_path, {SESSION: SERIES})
    curriculum, _ = check_project(layout)
    out = tmp_path / "out"
    write_packets(packet_jobs(curriculum, ["morning"], (edition,), "a4", lambda _: out),
                  tmp_path / ".cache")
    cover = PdfReader(out / f"morning-{edition}.pdf").pages[0].extract_text()
    assert "Series 4 meetings, every 2 weeks" in cover
    for date in ("Tuesday 9 March 2027", "Tuesday 23 March 2027", "Tuesday 6 April 2027",
                 "Tuesday 20 April 2027"):
        assert date in cover
