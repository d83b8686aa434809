"""This round's fields and flags under the values an author or trainer writes by mistake.

Each test is a mistake that once went through: a traceback, a stall or silently wrong output.
What the user must see instead is one located line per problem (`path:line: field: ...`) and
exit 1, from `curriculum check` and from the build alike.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM as CURRICULUM_YML
from helpers import MODULE_B, problems_of, site_project, write_project

MKDOCS = Path(sys.executable).with_name("mkdocs")
CURRICULUM = Path(sys.executable).with_name("curriculum")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SESSION = "curriculum/sessions/morning.yml"
HUGE = 10**30


def run(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """A command as a user runs it; a stall fails the test instead of hanging it."""
    return subprocess.run([str(a) for a in args], env=ENV, capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def assert_refused(done: subprocess.CompletedProcess, *expected: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, (text, output)


# -- numbers no session has: a group of 10**30, a break of 10**30 minutes ----------------------

@pytest.mark.parametrize("text, expected", [
    (f"title: M\ngroup_size: {HUGE}\nblocks:\n  - module: arriving\n",
     f"{SESSION}:2: group_size: too large: at most 9999 are allowed (got {HUGE})"),
    (f"title: M\nblocks:\n  - module: arriving\n  - break: {HUGE}\n",
     f"{SESSION}:4: blocks[1].break: too large: at most 1440 are allowed (got {HUGE})"),
    ("title: M\ndays:\n  - blocks:\n    - opening: 1441\n    - closing: 0\n",
     f"{SESSION}:4: days[0].blocks[0].opening: too large: at most 1440 are allowed"
     " (got 1441)"),
    ("title: M\ndays:\n  - blocks:\n    - opening: 1441\n    - closing: 0\n",
     f"{SESSION}:5: days[0].blocks[1].closing: expected a whole number of at least 1"
     " (got 0)"),
])
def test_a_group_or_block_no_session_has_is_refused_by_check(tmp_path, text, expected):
    assert expected in problems_of(tmp_path, {SESSION: text})


def test_a_default_group_size_no_session_has_is_refused_by_check(tmp_path):
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": CURRICULUM_YML.replace(
        "group_size: 10", "group_size: 100000")})
    assert lines == ["curriculum/curriculum.yml:5: defaults.group_size: too large: at most 9999"
                     " are allowed (got 100000)"]


def test_an_activity_longer_than_a_day_is_refused_by_check(tmp_path):
    module = MODULE_B.replace("duration: 20", f"duration: {HUGE}").replace(
        "minutes: 20", f"minutes: {HUGE}")
    lines = problems_of(tmp_path, {"modules/telling/module.yml": module})
    assert f"modules/telling/module.yml:12: activities[0].minutes: too large: at most" \
           f" 1440 are allowed (got {HUGE})" in lines


def test_a_huge_break_stops_the_build_at_the_problem_not_in_the_calendar(tmp_path):
    """It printed "16666666666666666666666666666 h 40 min" in the packets, and the build
    crashed writing the session's calendar (OverflowError)."""
    site_project(tmp_path, {SESSION: f"title: M\ndate: 2027-01-01\nblocks:\n"
                                     f"  - module: arriving\n  - break: {HUGE}\n"})
    assert_refused(run(MKDOCS, "build", "-q", "-f", tmp_path / "mkdocs.yml"),
                   f"{SESSION}:5: blocks[1].break: too large: at most 1440 are allowed")


# -- dates at the ends of the calendar -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('title: M\ndate: 9999-12-31\nstart: "23:50"\nblocks:\n  - module: arriving\n',
     f"{SESSION}:2: date: a session's calendar holds days from 0001-01-02 to 9998-12-31"
     " (got 9999-12-31)"),
    ('title: M\ndate: 0001-01-01\nblocks:\n  - module: arriving\n',
     f"{SESSION}:2: date: a session's calendar holds days from 0001-01-02 to 9998-12-31"
     " (got 0001-01-01)"),
    ("title: M\ndays:\n  - date: 2027-01-04\n    blocks:\n    - module: arriving\n"
     "  - date: 9999-12-31\n    blocks:\n    - module: telling\n",
     f"{SESSION}:6: days[1].date: a session's calendar holds days from 0001-01-02 to"
     " 9998-12-31 (got 9999-12-31)"),
    ("title: M\ndate: 9998-12-01\nrepeat: {every_weeks: 4, count: 3}\nblocks:\n"
     "  - module: arriving\n",
     f"{SESSION}:3: repeat.count: a session's calendar holds days from 0001-01-02 to"
     " 9998-12-31 (got 3)"),
])
def test_a_date_the_calendar_cannot_hold_is_refused_by_check(tmp_path, text, expected):
    assert problems_of(tmp_path, {SESSION: text}) == [expected]


def test_a_day_after_midnight_of_the_last_day_stops_the_build_cleanly(tmp_path):
    """The build crashed writing the calendar (OverflowError: date value out of range)."""
    site_project(tmp_path, {SESSION: 'title: M\ndate: 9999-12-31\nstart: "23:50"\nblocks:\n'
                                     "  - module: arriving\n"})
    assert_refused(run(MKDOCS, "build", "-q", "-f", tmp_path / "mkdocs.yml"),
                   f"{SESSION}:2: date: a session's calendar holds days from 0001-01-02")


def test_the_last_day_the_calendar_holds_builds(tmp_path):
    site_project(tmp_path, {SESSION: 'title: M\ndate: 9998-12-31\nstart: "23:00"\nblocks:\n'
                                     "  - module: arriving\n"})
    done = run(MKDOCS, "build", "-q", "-f", tmp_path / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    assert "DTSTART:99981231T230000Z" in \
        (tmp_path / "site/sessions/morning/morning.ics").read_text(encoding="utf-8")


# -- a session whose every day is wrong ------------------------------------------------------------

@pytest.mark.parametrize("days, expected", [
    ("days:\n  -\n", "days[0]: expected a mapping of fields (got nothing)"),
    ("days:\n  - 5\n", "days[0]: expected a mapping of fields (got 5)"),
    ("days:\n  - date: 2027-01-01\n", "days[0].blocks: required field is missing"),
])
def test_a_session_whose_every_day_is_wrong_is_reported_not_a_traceback(tmp_path, days,
                                                                       expected):
    """check crashed: IndexError in assemble_agenda, which had no day to start from."""
    assert problems_of(tmp_path, {SESSION: f"title: M\n{days}"}) == [f"{SESSION}:3: {expected}"]


# -- dates as authors write them -----------------------------------------------------------------

@pytest.mark.parametrize("date", ['"2027-03-04"', "'2027-03-04'", "!!str 2027-03-04"])
def test_a_quoted_date_is_the_date_it_says(tmp_path, date):
    """It was refused: 'expected a date like 2027-03-04 (got "2027-03-04")'; the JSON Schema
    editors check against (`format: date`) accepts it."""
    write_project(tmp_path, {SESSION: f"title: M\ndate: {date}\nblocks:\n  - module: arriving\n"})
    curriculum, problems = check_project(read_layout(tmp_path / "mkdocs.yml")[0])
    assert problems == []
    assert curriculum.sessions["morning"].date == _dt.date(2027, 3, 4)


@pytest.mark.parametrize("date", ["2026-02-30", '"2026-02-30"', "2027-13-01", "2027-04-31"])
def test_a_day_the_calendar_has_not_is_named_as_such(tmp_path, date):
    got = date.strip('"')
    assert problems_of(tmp_path, {SESSION: f"title: M\ndate: {date}\nblocks:\n"
                                           "  - module: arriving\n"}) == [
        f'{SESSION}:2: date: no such day in the calendar (got "{got}")']


def test_a_date_of_another_shape_is_still_explained(tmp_path):
    assert problems_of(tmp_path, {SESSION: "title: M\ndate: 4 March 2027\nblocks:\n"
                                           "  - module: arriving\n"}) == [
        f'{SESSION}:2: date: expected a date like 2027-03-04 (got "4 March 2027")']


# -- --fit as a trainer types it -----------------------------------------------------------------

@pytest.mark.parametrize("command", ["packet", "certificates"])
@pytest.mark.parametrize("minutes", ["9" * 5000, "\u00b2", "0", "-5", "abc", "1e3", ""])
def test_fit_that_is_no_number_of_minutes_is_one_short_usage_line(tmp_path, capsys, command,
                                                                   minutes):
    """5,000 digits printed "invalid _minutes value: '999...'" (the function's name, and all
    5,000 digits); '²' the same."""
    write_project(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["-f", str(tmp_path / "mkdocs.yml"), command, "morning", "--fit", minutes])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "argument --fit: expected a whole number of minutes, got" in err
    assert "_minutes" not in err and len(err.splitlines()[-1]) < 200, err


# -- a new project inside the sources of the project here ------------------------------------------

@pytest.mark.parametrize("inside", ["modules/peer-support", "curriculum/pages/new",
                                    "theme/project"])
def test_new_project_refuses_a_folder_inside_the_sources_here(tmp_path, capsys, inside):
    """`new project modules/x` (meant: `new module x`) wrote a whole project into modules/,
    and the project here then failed its check: modules/x/ has no module.yml."""
    write_project(tmp_path)
    config = ["-f", str(tmp_path / "mkdocs.yml")]
    assert main([*config, "new", "project", str(tmp_path / inside)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("DIR: lies inside the source folder ") and "(got " in out, out
    assert not (tmp_path / inside).exists()
    assert main([*config, "check", "--strict"]) == 0


def test_new_project_beside_the_project_here_is_written(tmp_path, capsys):
    write_project(tmp_path)
    config = ["-f", str(tmp_path / "mkdocs.yml")]
    assert main([*config, "new", "project", str(tmp_path / "second")]) == 0
    assert (tmp_path / "second" / "mkdocs.yml").is_file()


@pytest.mark.parametrize("given", [".", "./", "made/.", "made/../made"])
def test_new_project_fills_the_empty_folder_it_is_given(tmp_path, monkeypatch, capsys, given):
    """`mkdir p && cd p && curriculum new project .` said "cannot write the new project:
    Invalid argument" (it tried to remove "." to put the project in its place)."""
    (tmp_path / "made").mkdir()
    monkeypatch.chdir(tmp_path / "made" if given.startswith(".") else tmp_path)
    assert main(["new", "project", given]) == 0, capsys.readouterr()
    made = tmp_path / "made"
    assert (made / "mkdocs.yml").is_file() and (made / "modules").is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["made"]  # no staging folder left beside
    assert main(["-f", str(made / "mkdocs.yml"), "check", "--strict"]) == 0


# -- an earlier export with the user's own files in it ----------------------------------------

def test_export_keeps_files_the_earlier_export_did_not_write(tmp_path, capsys):
    """An earlier export was replaced whole: a `git init` in it (to publish it) or a file the
    user added was deleted without a word."""
    write_project(tmp_path)
    out = tmp_path / "public"
    config = ["-f", str(tmp_path / "mkdocs.yml")]
    assert main([*config, "export", str(out)]) == 0
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (out / "docs" / "deploy-notes.md").write_text("mine\n", encoding="utf-8")
    capsys.readouterr()
    assert main([*config, "export", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith("DIR: holds files the earlier export did not write (.git/HEAD,"
                              " docs/deploy-notes.md)"), printed
    assert (out / ".git" / "HEAD").is_file() and (out / "docs" / "deploy-notes.md").is_file()
    (out / "docs" / "deploy-notes.md").unlink()
    shutil.rmtree(out / ".git")
    assert main([*config, "export", str(out)]) == 0  # an untouched export is replaced


# -- days whose dates go backwards ----------------------------------------------------------------

@pytest.mark.parametrize("second, expected", [
    ("2027-01-01", "days[1].date: is not after the date of day 1 (2027-01-05); days run in"
                   " order (got 2027-01-01)"),
    ("2027-01-05", "days[1].date: is not after the date of day 1 (2027-01-05); days run in"
                   " order (got 2027-01-05)"),
])
def test_a_day_dated_before_the_day_it_follows_is_an_error(tmp_path, second, expected):
    """It passed: the packet printed "Day 1 — Tuesday 5 January" above "Day 2 — Friday 1
    January", and the series' overlap check measured a span that was not one."""
    days = (f"title: M\ndays:\n  - date: 2027-01-05\n    blocks:\n    - module: arriving\n"
            f"  - date: {second}\n    blocks:\n    - module: telling\n")
    assert problems_of(tmp_path, {SESSION: days}) == [f"{SESSION}:6: {expected}"]
