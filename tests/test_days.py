"""Sessions over several days (`days:`): a clock per day, day totals, one materials list."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from mkdocs_curriculum.assemble import assemble_agenda, roll_up_materials, session_modules
from mkdocs_curriculum.packet import packet_jobs, write_packets
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_A, MODULE_B, problems_of, write_project

SESSION = "curriculum/sessions/morning.yml"
TWO_DAYS = """\
title: Two mornings
date: 2027-02-09
start: "09:00"
group_size: 8
days:
  - blocks:
      - opening: 5
      - module: arriving
      - break: 10
  - date: 2027-02-10
    start: "10:00"
    length: 30
    blocks:
      - module: telling
      - closing: 5
        title: Goodbye
"""
# Timers are reusable in both modules (the most one needs), index cards add up.
TELLING = MODULE_B + (
    "materials:\n  - {item: Index cards, quantity: 1, per: participant}\n"
    "  - {item: Timer, quantity: 2, per: session, reusable: true}\n")
ARRIVING = MODULE_A.replace("{item: Timer, quantity: 1, per: session}",
                            "{item: Timer, quantity: 1, per: session, reusable: true}")
CHANGES = {SESSION: TWO_DAYS, "modules/telling/module.yml": TELLING,
           "modules/arriving/module.yml": ARRIVING}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    layout = write_project(tmp_path_factory.mktemp("days"), CHANGES)
    curriculum, problems = check_project(layout)
    assert [p.format() for p in problems] == []
    return layout, curriculum


def test_each_day_has_its_clock_and_total(project):
    _, curriculum = project
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    days = [(d.number, str(d.date), d.start, d.end, d.minutes) for d in agenda.days]
    # the first day takes the session's date and start; the second its own
    assert days == [(1, "2027-02-09", "09:00", "09:45", 45),
                    (2, "2027-02-10", "10:00", "10:25", 25)]
    assert [(r.start, r.end, r.title) for r in agenda.days[1].rows] == [
        ("10:00", "10:20", "Telling"), ("10:00", "10:20", "Tell"), ("10:20", "10:25", "Goodbye")]
    assert (agenda.start, agenda.end, agenda.minutes) == ("09:00", "10:25", 70)


def test_materials_roll_up_across_the_days(project):
    _, curriculum = project
    session = curriculum.sessions["morning"]
    lines = roll_up_materials(session_modules(session, curriculum), session.group_size)
    assert [(line.item, line.quantity) for line in lines] == [
        ("Index cards", 24), ("Flip chart", 2), ("Timer", 2)]


def test_the_session_page_has_a_table_per_day_and_the_totals(project):
    _, curriculum = project
    page = render_site(curriculum)["sessions/morning.md"]
    assert "### Day 1 — Tuesday 9 February 2027\n" in page
    assert "### Day 2 — Wednesday 10 February 2027\n" in page
    assert "| **09:00–09:45** | **Day total** | **45 min** |" in page
    assert "| **10:00–10:25** | **Day total** | **25 min** |" in page
    assert "**Whole session, 2 days:** 1 h 10 min." in page
    assert "- **Date:** Tuesday 9 February 2027 – Wednesday 10 February 2027" in page
    assert page.count("## Materials for 8 participants") == 1


def test_a_one_day_session_has_no_day_headings(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path))
    page = render_site(curriculum)["sessions/morning.md"]
    assert "Day 1" not in page and "Day total" not in page and "Whole session" not in page


@pytest.fixture(scope="module")
def packets(project):
    layout, curriculum = project
    out = layout.root / "out"
    jobs = packet_jobs(curriculum, ["morning"], ("facilitator", "participant"), "a4",
                       lambda _: out)
    write_packets(jobs, layout.root / ".cache")
    return {edition: [page.extract_text() for page in
                      PdfReader(out / f"morning-{edition}.pdf").pages]
            for edition in ("facilitator", "participant")}


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_both_packets_show_two_agendas_with_totals(packets, edition):
    pages = packets[edition]
    agenda = next(text for text in pages if text.startswith("Agenda")).splitlines()
    for line in ("Day 1 — Tuesday 9 February 2027", "Day 2 — Wednesday 10 February 2027",
                 "09:00–09:45 Day total 45 min", "10:00–10:25 Day total 25 min",
                 "Whole session, 2 days: 1 h 10 min", "10:20–10:25 Goodbye 5 min"):
        assert line in agenda
    cover = pages[0]
    assert "Tuesday 9 February 2027 – Wednesday 10 February 2027" in cover
    assert "09:00–09:45, 10:00–10:25 (1 h 10 min)" in cover


def test_the_facilitator_packet_has_one_materials_list_and_days_in_module_kickers(packets):
    pages = packets["facilitator"]
    assert sum(text.startswith("Materials checklist") for text in pages) == 1
    firsts = [text.splitlines()[0] for text in pages]
    assert "MODULE 1 OF 2 · DAY 1 · 09:05–09:35" in firsts
    assert "MODULE 2 OF 2 · DAY 2 · 10:00–10:20" in firsts


def test_blocks_with_days_neither_or_an_empty_day_are_errors(tmp_path):
    both = TWO_DAYS + "blocks:\n  - break: 5\n"
    assert problems_of(tmp_path / "both", {SESSION: both}) == [
        f"{SESSION}:17: blocks: a session needs exactly one of blocks, days"
        " (got days, blocks)"]
    neither = "title: Nothing\n"
    assert problems_of(tmp_path / "neither", {SESSION: neither}) == [
        f"{SESSION}:1: blocks: a session needs exactly one of blocks, days (got nothing)"]
    empty = TWO_DAYS.replace("  - blocks:\n      - opening: 5\n      - module: arriving\n"
                             "      - break: 10\n", "  - blocks: []\n")
    assert problems_of(tmp_path / "empty", {SESSION: empty}) == [
        f"{SESSION}:6: days[0].blocks: expected at least 1 item(s) (got an empty list)",
        # day 1 lost `arriving`, which `telling` builds on (issue 14: check warns of it)
        f"{SESSION}:11: warning: days[1].blocks[0].module: prerequisite arriving is not in this"
        " session; add it before this module, or name it in done_before if the participants"
        ' have done it (got "telling")']
    no_blocks = TWO_DAYS.replace("  - date: 2027-02-10\n", "  - date: 2027-02-10\n"
                                 "  - date: 2027-02-11\n")
    assert problems_of(tmp_path / "no-blocks", {SESSION: no_blocks}) == [
        f"{SESSION}:10: days[1].blocks: required field is missing"]


def test_a_day_that_overruns_its_length_is_an_error(tmp_path):
    short = TWO_DAYS.replace("    length: 30\n", "    length: 20\n")
    assert problems_of(tmp_path, {SESSION: short}) == [
        f"{SESSION}:12: days[1].length: blocks take 25 minutes, 5 more than the declared"
        " length (got 20)"]
