"""One truth: the planner's JavaScript (assets/planner-core.js, run in node) against the core.

Random curricula and random plans (seeded, so a failure replays) are computed both ways: the
agenda with its clock times and cuts by assemble.assemble_agenda, the materials by
roll_up_materials, the warnings by validate's session rules; they must be the same. The worked
cases of the time-budget contract (tests/data/fit_cases.json) run through the JavaScript too,
and the words it prints (dates, numbers, plural forms) must be Babel's.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mkdocs_curriculum import validate
from mkdocs_curriculum.assemble import (
    assemble_agenda,
    distinct_modules,
    fit_mark,
    roll_up_materials,
)
from mkdocs_curriculum.language import labels_for
from mkdocs_curriculum.model import (
    Activity,
    Block,
    Curriculum,
    Day,
    GroupSize,
    Material,
    Module,
    Session,
)
from mkdocs_curriculum.planner import planner_data
from mkdocs_curriculum.run_of_show import agenda_data

NODE = shutil.which("node")
RUNNER = Path(__file__).parent / "js" / "planner_core.js"
FIT_CASES = json.loads((Path(__file__).parent / "data/fit_cases.json").read_text())["cases"]
SESSION_FILE = "curriculum/sessions/plan.yml"
ITEMS = ["Pens", "pens ", " PENS", "Index cards", "Timer", "Flip chart", "Sticky notes"]
WORDS = ["Circle", "Story", "Huddle", "Écoute", "Team", "Safety", "Appreciation", "Notes"]

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run_node(tmp_path: Path, payload: dict) -> dict:
    """What planner-core.js in node makes of `payload` (see tests/js/planner_core.js)."""
    source = tmp_path / "input.json"
    source.write_text(json.dumps(payload, default=str), encoding="utf-8")
    done = subprocess.run([NODE, str(RUNNER), str(source)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- random curricula and plans --------------------------------------------------------------

def random_module(rng: random.Random, number: int, earlier: list[str]) -> Module:
    activities = []
    for index in range(rng.randint(1, 6)):
        minutes = rng.randint(1, 40)
        shortest = rng.choice([None, None, rng.randint(1, minutes)])
        activities.append(Activity(f"a{index}", f"{rng.choice(WORDS)} {index}", minutes,
                                   rng.choice(["whole-group", "pairs", "solo"]), "Why.",
                                   optional=rng.random() < 0.3, min_minutes=shortest))
    if all(a.optional for a in activities):
        activities[0].optional = False
    materials = [Material(rng.choice(ITEMS), rng.randint(1, 5),
                          per := rng.choice(["participant", "group", "session"]),
                          rng.choice([None, rng.randint(1, 8)]) if per == "group" else None,
                          rng.random() < 0.3)
                 for _ in range(rng.randint(0, 4))]
    low = rng.choice([None, rng.randint(1, 10)])
    high = rng.choice([None, rng.randint(low or 1, 30)])
    return Module(
        file=f"modules/m{number}/module.yml", id=f"m{number}",
        title=f"{rng.choice(WORDS)} {number}", summary="A module.",
        duration=sum(a.minutes for a in activities), level="foundation",
        group_size=GroupSize(low, high), activities=activities, materials=materials,
        prerequisites=rng.sample(earlier, k=min(len(earlier), rng.randint(0, 2))),
    )


def random_curriculum(rng: random.Random) -> Curriculum:
    curriculum = Curriculum(title="Random", levels={"foundation": "Foundation"})
    ids: list[str] = []
    for number in range(rng.randint(2, 7)):
        module = random_module(rng, number, ids)
        curriculum.modules[module.id] = module
        ids.append(module.id)
    return curriculum


def random_plan(rng: random.Random, curriculum: Curriculum) -> dict:
    blocks = []
    for _ in range(rng.randint(0, 8)):
        kind = rng.choice(["module", "module", "module", "break", "opening", "closing"])
        if kind == "module":
            blocks.append({"kind": kind, "module": rng.choice(list(curriculum.modules))})
        else:
            blocks.append({"kind": kind, "minutes": rng.randint(1, 60)})
    full = sum(curriculum.modules[b["module"]].duration if b["kind"] == "module"
               else b["minutes"] for b in blocks)
    start = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    return {"title": "Plan", "date": "", "start": start,
            "size": rng.randint(1, 40), "blocks": blocks,
            "fit": rng.choice([None, rng.randint(1, full + 10)])}


def _block(block: dict) -> Block:
    if block["kind"] == "module":
        return Block("module", module=block["module"])
    return Block(block["kind"], minutes=block["minutes"])


def session_of(plan: dict) -> Session:
    return Session(file=SESSION_FILE, id="plan", title=plan["title"], start=plan["start"],
                   group_size=plan["size"], fit=plan["fit"],
                   days=[Day(blocks=[_block(b) for b in plan["blocks"]])])


# -- what the core makes of a plan -------------------------------------------------------------

def core_result(plan: dict, curriculum: Curriculum) -> dict:
    session = session_of(plan)
    agenda = assemble_agenda(session, curriculum)
    labels = labels_for(curriculum.language)
    shortfall = agenda.shortfalls[0] if agenda.shortfalls else None
    lines = roll_up_materials(distinct_modules(session, curriculum), session.group_size)
    return {
        "start": agenda.start, "end": agenda.end, "minutes": agenda.minutes,
        "full_minutes": agenda.full_minutes, "contact_minutes": agenda.contact_minutes,
        "shortfall": {"field": shortfall.field, "least": shortfall.least,
                      "budget": shortfall.budget} if shortfall else None,
        "rows": [{"start": row.start, "end": row.end, "minutes": row.minutes,
                  "full_minutes": row.full_minutes, "title": row.title, "kind": row.kind,
                  "left_out": row.left_out, "mark": fit_mark(row, labels)}
                 for row in agenda.rows],
        "materials": [{"item": line.item, "quantity": line.quantity, "modules": line.modules}
                      for line in lines],
        "warnings": session_warnings(session, curriculum),
    }


WARNING_KEYS = {"group size": "group_size", "comes later": "prerequisite_later",
                "is not in this session": "prerequisite_missing",
                "the blocks need at least": "over_budget"}


def session_warnings(session: Session, curriculum: Curriculum) -> list[dict]:
    """What `curriculum check` says about the session: field, severity and which rule."""
    curriculum.sessions = {session.id: session}
    found = []
    for problem in validate.session_rules(curriculum):
        key = next(key for text, key in WARNING_KEYS.items() if text in problem.message)
        found.append({"field": problem.field, "severity": problem.severity, "key": key})
    return sorted(found, key=json.dumps)


def test_random_plans_are_computed_alike_by_the_core_and_the_planner(tmp_path):
    rng = random.Random(20270304)
    compared = 0
    for _ in range(12):
        curriculum = random_curriculum(rng)
        plans = [random_plan(rng, curriculum) for _ in range(40)]
        node = run_node(tmp_path, {"data": planner_data(curriculum), "plans": plans})["plans"]
        for plan, planner in zip(plans, node, strict=True):
            expected = core_result(plan, curriculum)
            planner["warnings"] = sorted(planner["warnings"], key=json.dumps)
            got = {key: planner[key] for key in expected}
            assert got == expected, json.dumps(plan)
            compared += 1
    assert compared == 480


def test_the_plan_in_the_room_is_the_agenda_the_build_gives_its_session(tmp_path):
    """What the planner hands the run of show and the room's screen is run_of_show's agenda
    object of the same plan as a session file, but for its key (a plan's own, that keeps its
    run apart from other plans') and the guides' scripts, which a plan's views do without."""
    rng = random.Random(15)
    keys = set()
    for _ in range(6):
        curriculum = random_curriculum(rng)
        plans = [random_plan(rng, curriculum) for _ in range(30)]
        for plan in plans:
            plan["date"] = rng.choice(["", "2027-03-04"])
        node = run_node(tmp_path, {"data": planner_data(curriculum), "plans": plans})["plans"]
        for plan, planner in zip(plans, node, strict=True):
            session = session_of(plan)
            session.date = _dt.date.fromisoformat(plan["date"]) if plan["date"] else None
            expected = agenda_data(session, curriculum)
            assert {**planner["run"], "key": ""} == {**expected, "key": ""}, json.dumps(plan)
            keys.add(planner["run"]["key"])
    assert len(keys) > 150 and all(key.startswith("plan:plan-") for key in keys)


def test_random_plans_cover_what_the_comparison_is_for(tmp_path):
    """The random plans reach every case: fitted, cut short, left out, over the budget, every
    warning, reusable and summed materials (else the test above would prove little)."""
    rng = random.Random(20270304)
    seen = set()
    for _ in range(12):
        curriculum = random_curriculum(rng)
        for _ in range(40):
            result = core_result(random_plan(rng, curriculum), curriculum)
            seen |= {w["key"] for w in result["warnings"]}
            seen |= {"left out" for row in result["rows"] if row["left_out"]}
            seen |= {"shortened" for row in result["rows"] if "shortened" in row["mark"]}
    assert seen >= {"group_size", "prerequisite_later", "prerequisite_missing", "over_budget",
                    "left out", "shortened"}


def test_the_worked_cases_of_the_time_budget_contract_run_alike_in_the_planner(tmp_path):
    got = run_node(tmp_path, {"data": planner_data(Curriculum()), "fit_cases": FIT_CASES})
    for case, fit in zip(FIT_CASES, got["fits"], strict=True):
        assert (fit["minutes"], fit["least"], fit["fits"]) == \
            (case["minutes"], case["least"], case["fits"]), case["name"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_dates_numbers_and_plurals_read_as_the_core_writes_them(tmp_path, language):
    rng = random.Random(language)
    curriculum = Curriculum(language=language)
    labels = labels_for(language)
    dates = [_dt.date(1, 1, 1), _dt.date(9999, 12, 31), _dt.date(2027, 3, 4)]
    dates += [_dt.date.fromordinal(rng.randint(1, 3_650_000)) for _ in range(200)]
    numbers = [0, 0.25, 1.5, 2, 12.75, 999.75, 1000, 1234.5, 25000.25]
    counts = list(range(0, 40)) + [100, 1000, 1_000_000]
    got = run_node(tmp_path, {"data": planner_data(curriculum), "dates": dates,
                              "numbers": numbers, "counts": counts})
    assert got["dates"] == [labels.date(day) for day in dates]
    assert got["numbers"] == [labels.number(n) for n in numbers]
    assert got["plurals"] == [labels("participants", count=n) for n in counts]


def test_a_plan_survives_its_address(tmp_path):
    """The address of a plan reads back as the same plan (the query is the contract)."""
    rng = random.Random(14)
    curriculum = random_curriculum(rng)
    plans = [{**random_plan(rng, curriculum), "title": rng.choice(["", "A, b & c: d?", "Día 1"]),
              "date": rng.choice(["", "2027-03-04"])} for _ in range(50)]
    got = run_node(tmp_path, {"data": planner_data(curriculum), "plans": plans})["plans"]
    for plan, planner in zip(plans, got, strict=True):
        assert planner["reread"] == {"plan": plan, "problems": []}, planner["query"]


def test_a_link_with_mistakes_keeps_the_rest_of_the_plan(tmp_path):
    curriculum = random_curriculum(random.Random(1))
    query = ("?title=Morning&date=2027-02-30&start=25:00&size=0&fit=abc"
             "&blocks=opening:10,module:nope,module:m0,break:0,lunch:5,closing:5,,break")
    got = run_node(tmp_path, {"data": planner_data(curriculum), "queries": [query]})["queries"]
    plan, problems = got[0]["plan"], got[0]["problems"]
    assert plan["title"] == "Morning" and plan["date"] == "" and plan["fit"] is None
    assert plan["blocks"] == [{"kind": "opening", "minutes": 10},
                              {"kind": "module", "module": "m0"},
                              {"kind": "closing", "minutes": 5}]
    assert [p["key"] for p in problems] == ["bad_date", "bad_start", "bad_size", "bad_fit",
                                            "unknown_module", "bad_minutes", "bad_block",
                                            "bad_minutes"]
    assert problems[1]["values"]["value"] == "25:00"


TITLES = ["Team morning", "  Día   de\tequipo  ", 'Quote " and \\ backslash', "#not: a comment",
          "Tab\there", "Line\u2028break", "Null\x00char", "Emoji 🙂 ok", "BOM\ufeff", "é" * 250,
          "index", "", "---", "Ünïcödé ÇÀFÉ", "\x85next", "C1\x9fcontrol"]


def test_titles_reach_the_session_file_as_written_and_name_it(tmp_path):
    got = run_node(tmp_path, {"data": planner_data(Curriculum()), "titles": TITLES})["titles"]
    for title, made in zip(TITLES, got, strict=True):
        assert yaml.safe_load(f"title: {made['yaml']}\n")["title"] == made["clean"], title
        assert made["clean"] == " ".join(made["clean"].split())
        assert len(made["clean"]) <= 200
        assert validate_id(made["id"]), made["id"]
    assert [made["id"] for made in got[:2]] == ["team-morning", "dia-de-equipo"]
    assert got[10]["id"] == "index-session" and got[11]["id"] == "planned-session"


def validate_id(value: str) -> bool:
    from mkdocs_curriculum.schema import id_problem
    return id_problem(value) is None and value != "index"


HOSTILE_TITLES = ['Say "hi": a morning', "#hashtag # not a comment", "key: value", "yes", "no",
                  "on", "null", "~", "1e3", "0x1F", "2027-03-04", "12:30", "- a list item",
                  "[a, b]", "{a: b}", "&anchor", "*alias", "!tag", "%TAG", "@at", "`tick`",
                  "'single'", "Line one\nline two", "Tab\tand\r\nreturn", "---", "...",
                  "Día de equipo · Ünïcödé", "مرحبا بالفريق", "e\u0301cole", "🙂 " * 120,
                  "back\\slash", "  padded  ", "\u2028sep\u2029", "|", ">", "? key"]


def test_hostile_titles_reach_a_session_file_that_check_strict_accepts(tmp_path, capsys):
    """The downloaded session file of a plan with any title passes `curriculum check --strict`
    and holds the title the planner showed: quotes, colons, '#', line breaks, YAML-looking
    words ('yes', '1e3', a date), any script, as long as a title may be."""
    from mkdocs_curriculum.cli import main

    from helpers import write_project

    curriculum, _ = validate.check_project(write_project(tmp_path))
    data = planner_data(curriculum)
    clean = [made["clean"] for made in
             run_node(tmp_path, {"data": data, "titles": HOSTILE_TITLES})["titles"]]
    plans = [{"title": title, "date": "2027-03-04", "start": "09:30", "size": 8, "fit": None,
              "blocks": [{"kind": "opening", "minutes": 5}, {"kind": "module",
                                                               "module": "arriving"}]}
             for title in clean]
    made = run_node(tmp_path, {"data": data, "plans": plans})["plans"]
    for number, plan in enumerate(made):
        (tmp_path / f"curriculum/sessions/t{number}.yml").write_text(plan["yaml"], "utf-8")
    assert main(["check", "--strict", "-f", str(tmp_path / "mkdocs.yml")]) == 0, \
        capsys.readouterr().out
    checked, problems = validate.check_project(write_project(tmp_path, {}))
    assert problems == []
    assert [checked.sessions[f"t{n}"].title for n in range(len(clean))] == clean
    assert clean[0] == 'Say "hi": a morning' and clean[22] == "Line one line two"


def test_a_field_given_twice_and_a_long_value_are_said_plainly(tmp_path):
    curriculum = random_curriculum(random.Random(1))
    query = "?size=10&size=20&blocks=module:" + "x" * 300 + "&blocks=break:5"
    got = run_node(tmp_path, {"data": planner_data(curriculum), "queries": [query]})["queries"]
    plan, problems = got[0]["plan"], got[0]["problems"]
    assert plan["size"] == 10 and plan["blocks"] == []
    assert [(p["key"], p["values"]["value"]) for p in problems] == [
        ("repeated", "size"), ("repeated", "blocks"), ("unknown_module", "x" * 59 + "…")]
