"""Assembly: agenda clock times, materials scaled to the group, path totals."""

from __future__ import annotations

import datetime as dt

from mkdocs_curriculum.assemble import (
    assemble_agenda,
    path_totals,
    roll_up_materials,
    session_modules,
)
from mkdocs_curriculum.language import labels_for
from mkdocs_curriculum.load import load_curriculum

from helpers import MODULE_A, MODULE_B, write_project


def _curriculum(tmp_path, changes=None):
    curriculum, problems = load_curriculum(write_project(tmp_path, changes))
    assert problems == []
    return curriculum


def test_agenda_has_clock_times_for_blocks_and_activities(tmp_path):
    curriculum = _curriculum(tmp_path)
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    rows = [(r.start, r.end, r.kind, r.title) for r in agenda.rows]
    assert rows == [
        ("09:00", "09:05", "opening", "Opening"),
        ("09:05", "09:35", "module", "Arriving"),
        ("09:05", "09:15", "activity", "Check-in"),
        ("09:15", "09:35", "activity", "Pair talk"),
        ("09:35", "09:40", "break", "Break"),
        ("09:40", "10:00", "module", "Telling"),
        ("09:40", "10:00", "activity", "Tell"),
    ]
    assert (agenda.start, agenda.end, agenda.minutes) == ("09:00", "10:00", 60)


def test_materials_scale_with_the_group(tmp_path):
    curriculum = _curriculum(tmp_path)
    session = curriculum.sessions["morning"]  # 8 people; flip chart per group of 4
    lines = roll_up_materials(session_modules(session, curriculum), session.group_size)
    assert [(line.item, line.quantity) for line in lines] == [
        ("Index cards", 16), ("Flip chart", 2), ("Timer", 1)]
    nine = roll_up_materials(session_modules(session, curriculum), 9)
    assert [line.quantity for line in nine] == [18, 3, 1]


def test_consumables_add_up_and_reusable_things_count_once(tmp_path):
    module_b = MODULE_B + (
        "materials:\n  - {item: index cards, quantity: 1, per: participant}\n"
        "  - {item: Timer, quantity: 2, per: session, reusable: true}\n")
    module_a = MODULE_A.replace("{item: Timer, quantity: 1, per: session}",
                                "{item: Timer, quantity: 1, per: session, reusable: true}")
    curriculum = _curriculum(tmp_path, {"modules/telling/module.yml": module_b,
                                        "modules/arriving/module.yml": module_a})
    session = curriculum.sessions["morning"]
    lines = roll_up_materials(session_modules(session, curriculum), session.group_size)
    assert [(line.item, line.quantity, line.modules) for line in lines] == [
        ("Index cards", 24, ["Arriving", "Telling"]),
        ("Flip chart", 2, ["Arriving"]),
        ("Timer", 2, ["Arriving", "Telling"]),
    ]


def test_path_totals_and_minutes_format(tmp_path):
    curriculum = _curriculum(tmp_path)
    totals = path_totals(curriculum.paths["first"], curriculum)
    assert (totals.modules, totals.minutes) == (2, 50)
    minutes = labels_for("en").minutes
    assert [minutes(m) for m in (45, 60, 90, 240)] == ["45 min", "1 h", "1 h 30 min", "4 h"]


def test_dates_are_spelled_out_in_the_curriculum_language_not_the_machine_locale():
    format_date = labels_for("en").date
    assert format_date(dt.date(2027, 3, 4)) == "Thursday 4 March 2027"
    assert format_date(dt.date(2026, 12, 31)) == "Thursday 31 December 2026"
    assert format_date(None) == ""
