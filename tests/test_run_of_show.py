"""The run-of-show view and the room's screen as the build makes them: pages linked from each
session, the agenda as data (the core's clock times, the guide's script for the run view only),
links in the scripts that lead where they lead on the site. The views themselves are tested in
a browser (tests/browser/test_room_views.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mkdocs_curriculum.addresses import SiteMap
from mkdocs_curriculum.assemble import assemble_agenda
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.problems import ProblemError
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.run_of_show import Scripts, agenda_data, json_block, screen_leaks
from mkdocs_curriculum.validate import check_project

from helpers import (
    CURRICULUM,
    GUIDE_A,
    LINKED,
    MKDOCS_YML,
    MODULE_A,
    dead_links,
    mkdocs_build,
    site_project,
    write_project,
)

SESSION = "curriculum/sessions/morning.yml"
SENTINEL = "FACILITATOR-SENTINEL"
DATED = """\
title: Morning
date: 2027-03-09
start: "09:00"
group_size: 8
blocks:
  - opening: 5
    title: Welcome
  - module: arriving
  - break: 5
  - module: telling
repeat: {every_weeks: 2, count: 3}
"""
GUIDE = GUIDE_A.replace("Say hello.\n", (
    "Say hello to each person.\n\n"
    f'!!! facilitator "Watch the room"\n    {SENTINEL}: notice who stays quiet.\n\n'
    "### If people arrive late\n\nWave them in.\n"))
AGENDA_BLOCK = re.compile(r'<script type="application/json" id="curriculum-agenda">(.*?)</script>')


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    layout = write_project(tmp_path_factory.mktemp("run"), {
        SESSION: DATED, "modules/arriving/facilitator.md": GUIDE,
        "curriculum/curriculum.yml": CURRICULUM + "timezone: Europe/London\n"})
    curriculum, problems = check_project(layout)
    assert problems == []
    return curriculum


def activities(data: dict) -> list[dict]:
    return [a for day in data["days"] for block in day["blocks"] for a in block["activities"]]


def test_the_agenda_data_has_the_cores_clock_times_and_dates(tiny):
    data = agenda_data(tiny.sessions["morning"], tiny)
    agenda = assemble_agenda(tiny.sessions["morning"], tiny)
    assert (data["version"], data["key"], data["title"], data["timezone"]) == (
        1, "session:morning", "Morning", "Europe/London")
    [day] = data["days"]
    assert day["dates"] == ["2027-03-09", "2027-03-23", "2027-04-06"]
    assert (day["start"], day["end"], day["minutes"]) == ("09:00", "10:00", 60)
    rows = [(b["start"], b["end"], b["title"], b["kind"]) for b in day["blocks"]]
    assert rows == [(r.start, r.end, r.title, r.kind) for r in agenda.rows
                    if r.kind != "activity"]
    assert [(a["start"], a["end"], a["title"], a["minutes"]) for a in activities(data)] == [
        (r.start, r.end, r.title, r.minutes) for r in agenda.rows if r.kind == "activity"]
    assert [b["label"] for b in day["blocks"]] == ["Opening", "", "Break", ""]
    check_in = activities(data)[0]
    assert (check_in["id"], check_in["format"], check_in["prompt"]) == (
        "check-in", "Whole group", "Arrive.")


def test_the_data_is_the_fitted_agenda_with_its_marks(tmp_path):
    fitted = DATED.replace("repeat:", "fit: 45\nrepeat:")
    module = MODULE_A.replace("    minutes: 20\n    format: pairs\n",
                              "    minutes: 20\n    min_minutes: 15\n    format: pairs\n")
    module = module.replace("    minutes: 10\n", "    minutes: 10\n    optional: true\n")
    curriculum, _ = check_project(write_project(tmp_path, {
        SESSION: fitted, "modules/arriving/module.yml": module}))
    data = agenda_data(curriculum.sessions["morning"], curriculum)
    assert [(a["title"], a["start"], a["minutes"], a["planned"], a["mark"])
            for a in activities(data)] == [
        ("Check-in", "09:05", 0, 10, "left out to fit"),
        ("Pair talk", "09:05", 15, 20, "shortened from 20 to 15 min"),
        ("Tell", "09:25", 20, 20, "")]
    assert data["days"][0]["minutes"] == 45


def test_the_run_view_carries_each_activitys_script_with_its_notes(tiny):
    page = "sessions/morning/run.md"
    run = render_site(tiny)[page]
    data = json.loads(AGENDA_BLOCK.search(run).group(1))
    check_in, pairs, tell = activities(data)
    assert "Say hello to each person." in check_in["script"]
    assert SENTINEL in check_in["script"] and "admonition facilitator" in check_in["script"]
    assert "Wave them in." in check_in["script"]  # a deeper heading stays in its section
    assert "Pairs talk." not in check_in["script"]  # the next activity's section does not
    assert pairs["script"] == "<p>Pairs talk.</p>" and tell["script"] == "<p>Tell a story.</p>"


def test_the_screen_holds_no_guide_text(tiny):
    pages = render_site(tiny)
    screen = pages["sessions/morning/screen.md"]
    data = json.loads(AGENDA_BLOCK.search(screen).group(1))
    assert all("script" not in a for a in activities(data))
    for text in (SENTINEL, "Say hello", "Pairs talk.", "Tell a story."):
        assert text not in screen
    assert SENTINEL in pages["sessions/morning/run.md"]  # (the sentinel is there to be found)


NOTE_LINE = GUIDE.splitlines().index('!!! facilitator "Watch the room"') + 1


def leak(quoted: str) -> str:
    return ("sessions/morning/screen/index.html: facilitator: facilitator-only text reached"
            " what participants read, from the passage at modules/arriving/facilitator.md:"
            f'{NOTE_LINE} (got "{quoted}")')


def screen_gets_the_scripts(monkeypatch) -> None:
    """A bug planted on purpose: the screen is given the run view's data, guide and notes."""
    real = agenda_data

    def leaky(session, curriculum, scripts=None, page=""):
        scripts = scripts or Scripts(curriculum, SiteMap.of(curriculum))
        return real(session, curriculum, scripts, page)
    monkeypatch.setattr("mkdocs_curriculum.render.agenda_data", leaky)


def test_facilitator_text_in_the_screens_data_fails_the_render_naming_page_and_passage(
        tiny, monkeypatch):
    assert screen_leaks(tiny, render_site(tiny)) == []  # the run view holds it, and may
    screen_gets_the_scripts(monkeypatch)
    with pytest.raises(ProblemError) as raised:
        render_site(tiny)
    assert [problem.format() for problem in raised.value.problems] == [leak("Watch the room")]
    with pytest.raises(ProblemError) as raised:
        render_site(tiny, directory_urls=False)
    assert raised.value.problems[0].format().startswith("sessions/morning/screen.html: ")


def test_facilitator_text_on_a_screen_fails_the_build_once(tmp_path):
    """An author's own screen template that quotes a facilitator note: `mkdocs build` fails
    with one error that names the screen's file and the note's passage, and writes no site."""
    template = (Path(__file__).parents[1] / "plugins/mkdocs_curriculum/templates/site"
                / "run_of_show.md.j2").read_text(encoding="utf-8")
    planted = template.replace("{% if agenda %}", (
        f"{{% if kind == 'screen' %}}<p>Remember: {SENTINEL}: notice who stays quiet.</p>"
        "{% endif %}\n{% if agenda %}"))
    assert planted != template
    root = site_project(tmp_path, {
        "mkdocs.yml": MKDOCS_YML.replace("  - curriculum\n",
                                         "  - curriculum:\n      packets: false\n"),
        SESSION: DATED, "modules/arriving/facilitator.md": GUIDE,
        "theme/site/run_of_show.md.j2": planted})
    done = mkdocs_build(root)
    assert done.returncode == 1
    errors = [line.split(" -  ", 1)[1] for line in done.stderr.splitlines()
              if line.startswith("ERROR")]
    assert errors == [leak("notice who stays quiet."), "curriculum: 1 error(s); see above"]
    assert not (root / "site/sessions/morning/screen").exists()
    (root / "theme/site/run_of_show.md.j2").unlink()
    assert mkdocs_build(root, "--strict").returncode == 0


def test_the_session_page_links_both_views_and_the_planners_views_exist(tiny):
    pages = render_site(tiny)
    session = pages["sessions/morning.md"]
    assert '<a class="md-button md-button--primary" href="run/">Run of show (phone)</a>' in session
    assert '<a class="md-button" href="screen/">Screen for the room</a>' in session
    run = pages["sessions/morning/run.md"]
    assert 'data-session="../" data-screen="../screen/"' in run
    assert "# Run of show: Morning\n" in run and "search:\n  exclude: true\n" in run
    for planned in ("run/index.md", "screen/index.md"):
        assert "curriculum-agenda" not in pages[planned] and 'id="curriculum-run"' in pages[planned]
    assert 'data-screen="../screen/"' in pages["run/index.md"]
    plain = render_site(tiny, directory_urls=False)
    assert 'href="morning/run.html"' in plain["sessions/morning.md"]
    assert 'data-session="../morning.html" data-screen="screen.html"' in \
        plain["sessions/morning/run.md"]


def test_text_cannot_close_the_data_block():
    hostile = {"title": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = json_block(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_a_session_of_several_days_gives_each_days_heading_and_dates(tmp_path):
    two_days = ("title: Two\ngroup_size: 8\ndays:\n  - date: 2027-02-09\n    blocks:\n"
                "      - module: arriving\n  - date: 2027-02-10\n    start: \"10:00\"\n"
                "    blocks:\n      - module: telling\n")
    curriculum, _ = check_project(write_project(tmp_path, {SESSION: two_days}))
    data = agenda_data(curriculum.sessions["morning"], curriculum)
    assert [(d["heading"], d["dates"], d["start"]) for d in data["days"]] == [
        ("Day 1 — Tuesday 9 February 2027", ["2027-02-09"], "09:00"),
        ("Day 2 — Wednesday 10 February 2027", ["2027-02-10"], "10:00")]
    assert data["timezone"] is None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    config = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      packets: false\n")
    root = site_project(tmp_path_factory.mktemp("run-site"), {
        **LINKED, "mkdocs.yml": config, SESSION: DATED})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_the_built_pages_carry_the_data_as_the_core_made_it(site, tmp_path):
    html = (site / "sessions/morning/run/index.html").read_text("utf-8")
    data = json.loads(AGENDA_BLOCK.search(html).group(1))
    curriculum, _ = check_project(write_project(tmp_path, {**LINKED, SESSION: DATED}))
    scripts = Scripts(curriculum, SiteMap.of(curriculum))
    made = agenda_data(curriculum.sessions["morning"], curriculum, scripts,
                       "sessions/morning/run.md")
    assert data == json.loads(json_block(made))
    assert (site / "sessions/morning/screen/index.html").is_file()
    assert (site / "run/index.html").is_file() and (site / "screen/index.html").is_file()
    assert (site / "run-of-show-sw.js").is_file()
    assert dead_links(site) == []


def test_links_in_a_script_lead_where_they_lead_on_the_site(site):
    html = (site / "sessions/morning/run/index.html").read_text("utf-8")
    script = activities(json.loads(AGENDA_BLOCK.search(html).group(1)))[0]["script"]
    targets = re.findall(r'(?:href|src)="([^"]+)"', script)
    assert "https://example.org/survey?from=arriving" in targets
    local = [t for t in targets if not t.startswith("https:")]
    assert len(local) == 5
    for target in local:
        parts = urlsplit(target)
        found = (site / "sessions/morning/run" / unquote(parts.path)).resolve()
        found = found / "index.html" if found.is_dir() else found
        assert found.is_file(), target
        if parts.fragment:
            assert f'id="{parts.fragment}"' in found.read_text("utf-8"), target


def test_text_from_yaml_reaches_the_data_as_text(tmp_path):
    hostile = DATED.replace("title: Morning", 'title: "</script><b>Morning</b>"')
    curriculum, _ = check_project(write_project(tmp_path, {SESSION: hostile}))
    run = render_site(curriculum)["sessions/morning/run.md"]
    assert run.count("</script>") == 1
    assert json.loads(AGENDA_BLOCK.search(run).group(1))["title"] == "</script><b>Morning</b>"


def test_every_sample_session_has_both_views():
    layout = read_layout(Path(__file__).resolve().parents[1] / "mkdocs.yml")[0]
    curriculum, _ = check_project(layout)
    pages = render_site(curriculum)
    for session in curriculum.sessions:
        for view in ("run", "screen"):
            assert AGENDA_BLOCK.search(pages[f"sessions/{session}/{view}.md"]), (session, view)
