"""Time budgets: `optional` and `min_minutes` on activities, `fit` on a session or a day.

The algorithm is a contract (the planner re-implements it): worked cases in
tests/data/fit_cases.json, properties over random agendas, then what users see of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from mkdocs_curriculum.assemble import FitItem, assemble_agenda, fit_to_budget
from mkdocs_curriculum.cli import main
from mkdocs_curriculum.packet import packet_jobs, write_packets
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_A, problems_of, write_project

CASES = json.loads((Path(__file__).parent / "data/fit_cases.json").read_text())["cases"]
A = "modules/arriving/module.yml"
SESSION = "curriculum/sessions/morning.yml"
# Arriving: check-in 10 (may go to 6), pair talk 20 (may be left out), and a 5-minute
# closing that may go to 3; 35 minutes in all.
FLEXIBLE = MODULE_A.replace("duration: 30", "duration: 35").replace(
    "    minutes: 10\n", "    minutes: 10\n    min_minutes: 6\n").replace(
    "    minutes: 20\n", "    minutes: 20\n    optional: true\n").replace("handouts:\n", (
        "  - id: closing\n    title: Closing\n    minutes: 5\n    min_minutes: 3\n"
        "    format: whole-group\nhandouts:\n"))
GUIDE = ("## Check-in {#check-in}\n\nSay hello.\n\n## Pair talk {#pairs}\n\nPairs talk.\n\n"
         "## Closing {#closing}\n\nSay goodbye.\n")
# opening 5 + arriving 35 + break 5 + telling 20 = 65 minutes
FITTED = ('title: Morning\nstart: "09:00"\ngroup_size: 8\nfit: 40\nblocks:\n'
          "  - opening: 5\n  - module: arriving\n  - break: 5\n  - module: telling\n")
CHANGES = {A: FLEXIBLE, "modules/arriving/facilitator.md": GUIDE, SESSION: FITTED}


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_worked_cases_of_the_contract(case):
    fit = fit_to_budget([FitItem(*item) for item in case["items"]], case["budget"])
    assert (fit.minutes, fit.least, fit.fits) == (case["minutes"], case["least"], case["fits"])


ITEMS = st.lists(st.builds(
    lambda minutes, optional, low: FitItem(minutes, optional,
                                           None if low is None else min(low, minutes)),
    st.integers(1, 60), st.booleans(), st.one_of(st.none(), st.integers(1, 60))),
    max_size=12)


@given(ITEMS, st.integers(1, 400))
def test_a_fit_keeps_every_promise(items, budget):
    fit = fit_to_budget(items, budget)
    total = sum(item.minutes for item in items)
    assert fit.fits == (fit.least <= budget)
    left_out = [i for i, minutes in enumerate(fit.minutes) if minutes == 0]
    if left_out:  # from the last optional item back: every later optional one went too
        assert all(fit.minutes[i] == 0 for i in range(left_out[0], len(items))
                   if items[i].optional)
    if not fit.fits:
        assert fit.least > budget and fit.minutes == [item.minutes for item in items]
        return
    assert sum(fit.minutes) <= max(total, budget) and (total <= budget or
                                                        sum(fit.minutes) <= budget)
    for item, minutes in zip(items, fit.minutes, strict=True):
        if minutes == 0:
            assert item.optional  # only optional items are left out
        elif minutes != item.minutes:
            assert item.min_minutes is not None and item.min_minutes <= minutes < item.minutes
    if any(minutes < item.minutes > 0 and minutes > 0
           for item, minutes in zip(items, fit.minutes, strict=True)):
        assert sum(fit.minutes) == budget  # shortening stops exactly at the budget


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    layout = write_project(tmp_path_factory.mktemp("fit"), CHANGES)
    curriculum, problems = check_project(layout)
    assert [p.format() for p in problems] == []
    return layout, curriculum


def test_the_agenda_follows_the_fitted_minutes(project):
    _, curriculum = project
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    # over 25: pair talk (20) is left out, then 5 minutes come from check-in (gives 4) and
    # closing (gives 2): 20/6 -> 3 and 10/6 -> 1, the last minute to closing's remainder.
    rows = [(r.start, r.end, r.title, r.minutes, r.full_minutes, r.left_out)
            for r in agenda.rows]
    assert rows == [
        ("09:00", "09:05", "Opening", 5, 5, False),
        ("09:05", "09:15", "Arriving", 10, 35, False),
        ("09:05", "09:12", "Check-in", 7, 10, False),
        ("09:12", "09:12", "Pair talk", 0, 20, True),
        ("09:12", "09:15", "Closing", 3, 5, False),
        ("09:15", "09:20", "Break", 5, 5, False),
        ("09:20", "09:40", "Telling", 20, 20, False),
        ("09:20", "09:40", "Tell", 20, 20, False),
    ]
    assert (agenda.minutes, agenda.full_minutes, agenda.end) == (40, 65, "09:40")
    assert agenda.contact_minutes == 35  # credit counts the fitted minutes, breaks left out
    module = curriculum.modules["arriving"]
    assert [a.minutes for a in module.activities] == [10, 20, 5]  # the module is unchanged


def test_the_session_page_marks_every_change(project):
    _, curriculum = project
    pages = render_site(curriculum)
    page = pages["sessions/morning.md"]
    assert "Fitted to a budget of 40 min; as written, the blocks take 1 h 5 min." in page
    assert ('| 09:05–09:12 | <span class="curriculum-activity">Check-in · Whole group</span>'
            ' <span class="curriculum-fit">shortened from 10 to 7 min</span> | 7 min |') in page
    assert ('|  | <span class="curriculum-activity">Pair talk · Pairs</span>'
            ' <span class="curriculum-fit">left out to fit</span> | <s>20 min</s> |') in page
    module = pages["modules/arriving/index.md"]
    assert "may be shortened to 6 min" in module and "may be left out" in module
    assert "shortened from" not in module  # fitting is a view of the session only


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
def test_both_packets_mark_the_cuts_in_the_agenda(packets, edition):
    agenda = next(text for text in packets[edition] if text.startswith("Agenda"))
    lines = agenda.splitlines()
    assert "Fitted to a budget of 40 min; as written, the blocks take 1 h 5 min." in lines
    assert "09:05–09:12 Check-in shortened from 10 to 7 min Whole group 7 min" in lines
    assert "Pair talk left out to fit Pairs 20 min" in lines
    assert "09:00–09:40 Total 40 min" in lines


def test_the_facilitator_guide_says_so_in_its_headings(packets):
    text = "\n".join(packets["facilitator"])
    assert "Check-in 09:05–09:12 · shortened from 10 to 7 min" in text
    assert "Pair talk left out to fit" in text
    assert "Closing 09:12–09:15 · shortened from 5 to 3 min" in text


def test_a_session_that_cannot_fit_is_an_error_at_its_fit(tmp_path):
    # at least: 65 - 20 (optional) - 4 - 2 (what check-in and closing can give) = 39
    changes = {**CHANGES, SESSION: FITTED.replace("fit: 40", "fit: 30")}
    assert problems_of(tmp_path, changes) == [
        f"{SESSION}:4: fit: the blocks need at least 39 minutes, 9 more than the budget"
        " (got 30)"]


def test_each_day_is_fitted_to_its_own_budget_then_the_session_to_its(tmp_path):
    days = ('title: Two\ngroup_size: 8\nfit: 30\ndays:\n'
            "  - fit: 20\n    blocks:\n      - module: arriving\n"
            "  - blocks:\n      - module: telling\n")
    curriculum, problems = check_project(write_project(tmp_path / "ok", {**CHANGES,
                                                                         SESSION: days}))
    assert [p.format() for p in problems] == []
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    # day 1 to 20: pair talk (20) goes, 15 left. The session to 30: 5 more from check-in
    # (can give 4) and closing (2): 20/6 -> 3, 10/6 -> 1, the last minute to closing's
    # larger remainder: check-in 7, closing 3.
    assert [(day.minutes, day.full_minutes, day.fit) for day in agenda.days] == [
        (10, 35, 20), (20, 20, None)]
    assert [(r.title, r.minutes) for r in agenda.days[0].rows] == [
        ("Arriving", 10), ("Check-in", 7), ("Pair talk", 0), ("Closing", 3)]
    tight = days.replace("fit: 30", "fit: 25").replace("  - fit: 20", "  - fit: 5")
    assert problems_of(tmp_path / "tight", {**CHANGES, SESSION: tight}) == [
        f"{SESSION}:3: fit: the blocks need at least 29 minutes, 4 more than the budget"
        " (got 25)",
        f"{SESSION}:5: days[0].fit: the blocks need at least 9 minutes, 4 more than the"
        " budget (got 5)"]


def test_leeway_mistakes_are_errors(tmp_path):
    too_low = FLEXIBLE.replace("min_minutes: 6", "min_minutes: 12")
    assert problems_of(tmp_path / "min", {**CHANGES, A: too_low}) == [
        f"{SESSION}:4: fit: the blocks need at least 43 minutes, 3 more than the budget"
        " (got 40)",  # check-in cannot be shortened at all then
        f"{A}:19: activities[0].min_minutes: must be at most the activity's minutes (10)"
        " (got 12)"]
    everything = FLEXIBLE.replace("    min_minutes: 6\n", "    optional: true\n").replace(
        "    min_minutes: 3\n", "    optional: true\n")
    assert problems_of(tmp_path / "all", {**CHANGES, A: everything}) == [
        f"{A}:16: activities: every activity is optional; a module keeps at least one when it"
        " is fitted to a budget (got 3 optional)"]


def test_packet_fit_overrides_the_sessions_budget_for_one_print(project, tmp_path, capsys):
    layout, _ = project
    config = ["-f", str(layout.root / "mkdocs.yml")]
    out = tmp_path / "out"
    assert main([*config, "packet", "morning", "--fit", "50", "--edition", "participant",
                 "-o", str(out)]) == 0
    agenda = next(page.extract_text() for page in
                  PdfReader(out / "morning-participant.pdf").pages
                  if page.extract_text().startswith("Agenda"))
    # leaving out pair talk (20) is enough; it ends 5 minutes under the budget
    assert "Fitted to a budget of 50 min" in agenda and "09:00–09:45 Total 45 min" in agenda
    capsys.readouterr()
    assert main([*config, "packet", "morning", "--fit", "30", "-o", str(out)]) == 1
    assert capsys.readouterr().out == (
        "--fit: the blocks need at least 39 minutes, 9 more than the budget (got 30)\n")
    assert main([*config, "packet", "--all", "--fit", "30", "-o", str(out)]) == 2
