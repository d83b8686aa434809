"""The sample curriculum: clean under --strict, complete, and valid against the schemas."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from mkdocs_curriculum.assemble import (
    assemble_agenda,
    ordered_modules,
    path_totals,
    session_minutes,
)
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.model import Block, Day, Session
from mkdocs_curriculum.validate import check_project

REPO = Path(__file__).resolve().parent.parent
KIND_OF = {"curriculum/curriculum.yml": "curriculum", "modules/*/module.yml": "module",
           "curriculum/paths/*.yml": "path", "curriculum/sessions/*.yml": "session"}


@pytest.fixture(scope="module")
def sample():
    curriculum, problems = check_project(read_layout(REPO / "mkdocs.yml")[0])
    return curriculum, problems


def test_sample_is_clean_even_under_strict(sample):
    _, problems = sample
    assert [p.format() for p in problems] == []


def test_sample_has_what_the_product_promises(sample):
    curriculum, _ = sample
    assert len(curriculum.modules) == 13
    assert set(curriculum.audiences) == {"students", "residents", "teams"}
    assert sorted(curriculum.guides) == [
        "building-safety", "co-facilitating-online", "ground-rules", "running-this-program",
        "strong-emotion"]
    assert sum(bool(m.prerequisites) for m in curriculum.modules.values()) >= 5
    for module in curriculum.modules.values():
        assert module.handouts, f"{module.id} has no handout"
        assert module.objectives and module.materials
        assert "!!! facilitator" in module.guide.text + module.overview.text + "".join(
            h.text for h in module.handouts)


def test_sample_peer_hosts_have_words_for_a_disclosure_of_risk(sample):
    curriculum, _ = sample
    circle = curriculum.modules["circle-of-connection"]
    titles = {h.title: h.text for h in circle.handouts}
    card = titles["Host Card: If Someone May Be at Risk"]
    assert "Are you thinking about suicide?" in card
    assert "backup facilitator" in card.lower()
    assert "If Someone May Be at Risk" in titles["Circle Host Card"]


def test_sample_paths_one_per_audience_of_five_to_eight(sample):
    curriculum, _ = sample
    assert sorted(p.audience for p in curriculum.paths.values()) == [
        "residents", "students", "teams"]
    for path in curriculum.paths.values():
        assert 5 <= path_totals(path, curriculum).modules <= 8


def test_sample_sessions(sample):
    curriculum, _ = sample
    minutes = {s.id: session_minutes(s, curriculum.modules) for s in curriculum.sessions.values()}
    assert 60 <= minutes["lunchtime-peer-circle"] <= 90
    retreat = curriculum.sessions["resident-retreat"]
    assert retreat.length and sum(b.kind == "module" for b in retreat.blocks) == 3
    assert {b.kind for b in retreat.blocks} == {"opening", "module", "break", "closing"}
    assert curriculum.sessions["team-evening-series"].group_size == 24


def test_sample_structures_real_programs(sample):
    curriculum, _ = sample
    assert ordered_modules(curriculum)[0].id == "why-community-is-clinical"
    retreat = assemble_agenda(curriculum.sessions["two-day-resident-retreat"], curriculum)
    assert [day.date.isoformat() for day in retreat.days] == ["2027-02-09", "2027-02-10"]
    lunch = assemble_agenda(curriculum.sessions["lunchtime-peer-circle"], curriculum)
    assert (lunch.start, lunch.end, lunch.minutes, lunch.full_minutes) == (
        "12:10", "12:55", 45, 60)
    assert all(row.shortened for row in lunch.rows if row.kind == "activity")
    kickoff = assemble_agenda(curriculum.sessions["appreciation-kickoff"], curriculum)
    assert [row.title for row in kickoff.rows if row.left_out] == ["Closing round"]
    activities = [a for m in curriculum.modules.values() for a in m.activities]
    assert sum(a.optional for a in activities) >= 2
    assert sum(a.min_minutes is not None for a in activities) >= 40


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("pattern", sorted(KIND_OF))
def test_sample_files_match_the_published_json_schema(pattern):
    schema = json.loads((REPO / "schema" / f"{KIND_OF[pattern]}.schema.json").read_text())
    files = sorted(REPO.glob(pattern))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        jsonschema.validate(_plain(yaml.safe_load(text)), schema)


def test_json_schema_rejects_what_check_rejects():
    schema = json.loads((REPO / "schema" / "module.schema.json").read_text())
    data = _plain(yaml.safe_load((REPO / "modules/story-of-self/module.yml").read_text()))
    data["titel"] = data.pop("title")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_lunchtime_series_meets_as_often_as_its_circle_plans(sample):
    """The circle's guide, objectives and follow-up plan six meetings, then a decision to go
    on; the series that runs it must print as many sign-in sheets and dates, not thirteen."""
    curriculum, _ = sample
    circle = curriculum.modules["circle-of-connection"]
    assert "for six meetings in all" in circle.follow_up
    assert "After the sixth session" in circle.guide.text
    assert curriculum.sessions["lunchtime-peer-circle"].repeat.count == 6


def test_guides_of_shortenable_modules_say_what_the_shortest_version_is(sample):
    """A facilitator given less time reads in the guide what to cut, and the guide's shortest
    version is the one the tool fits to: the activities' minimums without the optional ones.
    Scripts read aloud in a fitted circle do not promise the hour it no longer has."""
    curriculum, _ = sample

    def least(module_id: str) -> int:
        return sum(a.min_minutes or a.minutes for a in curriculum.modules[module_id].activities
                   if not a.optional)

    circle = curriculum.modules["circle-of-connection"].guide.text
    assert least("circle-of-connection") == 45 and "| **Total** | **60** | **45** |" in circle
    assert "For the next hour" not in circle and "Thank you for the hour" not in circle
    assert "0:33 in the lunch hour" in circle
    rounds = curriculum.modules["team-story-rounds"].guide.text
    assert "## Fitting a shorter slot" in rounds
    assert least("team-story-rounds") == 48 and "That makes 48 minutes" in rounds


def test_two_modules_and_a_break_make_90_minutes_for_14_that_fit_75(sample):
    """Issue 14's "Done when" on the sample: a trainer plans 90 minutes for 14 people from two
    modules and a break and fits it to 75. The team pause (30 min, 20 at the least) beside the
    appreciation kickoff (45, 28 at the least) and a 15-minute break is such a plan."""
    curriculum, _ = sample
    blocks = [Block("module", module="appreciation-in-huddles"), Block("break", minutes=15),
              Block("module", module="team-pause")]
    session = Session(file="curriculum/sessions/planned.yml", id="planned", title="Team morning",
                      date=None, start="09:00", group_size=14, fit=75, days=[Day(blocks=blocks)])
    for module_id in ("appreciation-in-huddles", "team-pause"):
        size = curriculum.modules[module_id].group_size
        assert size.min <= 14 <= size.max, module_id
    agenda = assemble_agenda(session, curriculum)
    assert (agenda.full_minutes, agenda.minutes, agenda.end, agenda.shortfalls) == (
        90, 75, "10:15", [])
    assert [row.title for row in agenda.rows if row.left_out] == ["Closing round", "Closing word"]
    assert any(row.shortened for row in agenda.rows if row.kind == "activity")
