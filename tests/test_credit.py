"""What program leads must show: contact hours, credit, the evaluation form, the sign-in sheet
and follow-ups, read back from site pages and packet PDFs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from mkdocs_curriculum.assemble import assemble_agenda, contact_hours
from mkdocs_curriculum.packet import packet_jobs, write_packets
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, MODULE_A, MODULE_B, problems_of, write_project

CREDIT = """\
credit:
  provider: Tiny Health Education Office
  type: Nursing contact hours
  statement: An example statement that a real program replaces with its accreditor's words.
evaluation:
  questions: [Did the pace suit you?]
"""

CHANGES = {
    "curriculum/curriculum.yml": CURRICULUM + CREDIT,
    # 15 + 30 + 20 + 10 minutes count; the 15-minute break does not: 75 min = 1.25 hours
    # (counting the break would make 90 min = 1.5)
    "curriculum/sessions/morning.yml": (
        'title: Morning circle\ndate: 2027-03-04\nstart: "09:00"\ngroup_size: 9\nblocks:\n'
        "  - opening: 15\n    title: Welcome\n  - module: arriving\n  - break: 15\n"
        "  - module: telling\n  - closing: 10\n    title: Evaluation and close\n"
        "evaluation:\n  questions: [What was missing today?]\n"),
    "curriculum/sessions/quiet.yml": (
        "title: Quiet circle\ncredit: false\nblocks:\n  - module: arriving\n"),
    "curriculum/sessions/retreat.yml": (
        "title: Two mornings\ngroup_size: 4\ndays:\n"
        '  - date: 2027-05-03\n    start: "09:00"\n    blocks:\n      - module: arriving\n'
        "      - break: 10\n      - module: telling\n"
        '  - date: 2027-05-04\n    start: "10:00"\n    blocks:\n      - closing: 45\n'),
    "curriculum/sessions/series.yml": (
        'title: Circle series\ndate: 2027-03-09\nstart: "12:00"\ngroup_size: 4\nblocks:\n'
        "  - opening: 5\n  - module: arriving\n  - break: 5\n  - module: telling\n"
        "repeat: {every_weeks: 2, count: 4}\n"),
    "modules/arriving/module.yml": MODULE_A.replace(
        "  - Hear every voice once.\n",
        "  - Hear every voice once.\n  - Say one thing that helps you arrive.\n")
    + "follow_up: Ask one colleague a real question this week, and listen to the answer.\n",
    "modules/telling/module.yml": MODULE_B + "objectives:\n  - Tell a two-minute story.\n",
}


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("credit"), CHANGES)


@pytest.fixture(scope="module")
def curriculum(project):
    curriculum, problems = check_project(project)
    assert [p.format() for p in problems] == []
    return curriculum


@pytest.fixture(scope="module")
def packets(project, curriculum) -> dict[str, Path]:
    out = project.root / "out"
    jobs = packet_jobs(curriculum, ["morning", "retreat"], ("facilitator", "participant"), "a4",
                       lambda _: out)
    jobs += packet_jobs(curriculum, ["series"], ("facilitator",), "a4", lambda _: out)
    write_packets(jobs, project.root / ".cache")
    return {f"{job.session}-{job.edition}": job.pdf for job in jobs}


@pytest.fixture(scope="module")
def site(curriculum) -> dict[str, str]:
    return render_site(curriculum)


# ---- contact hours ----------------------------------------------------------------------

@pytest.mark.parametrize(("minutes", "hours"), [
    (0, "0"), (14, "0"), (15, "0.25"), (55, "0.75"), (60, "1"), (74, "1"), (75, "1.25"),
    (119, "1.75"), (480, "8"),
])
def test_contact_hours_are_rounded_down_to_the_quarter_hour(minutes, hours):
    assert contact_hours(minutes) == Decimal(hours)


def test_a_sessions_contact_hours_leave_out_breaks_and_count_openings_and_closings(curriculum):
    agenda = assemble_agenda(curriculum.sessions["morning"], curriculum)
    assert (agenda.minutes, agenda.contact_minutes) == (90, 75)
    assert contact_hours(agenda.contact_minutes) == Decimal("1.25")


# Arriving, flexible: check-in 10 (may go to 6), pair talk 20 (may be left out), closing 5
# (may go to 3); 35 minutes in all.
FLEXIBLE = MODULE_A.replace("duration: 30", "duration: 35").replace(
    "    minutes: 10\n", "    minutes: 10\n    min_minutes: 6\n").replace(
    "    minutes: 20\n", "    minutes: 20\n    optional: true\n").replace("handouts:\n", (
        "  - id: closing\n    title: Closing\n    minutes: 5\n    min_minutes: 3\n"
        "    format: whole-group\nhandouts:\n"))
FLEXIBLE_GUIDE = ("## Check-in {#check-in}\n\nHello.\n\n## Pair talk {#pairs}\n\nTalk.\n\n"
                  "## Closing {#closing}\n\nBye.\n")


def test_contact_hours_are_counted_after_fitting(tmp_path):
    # 5 + 35 + 20 minutes count (60: one hour); fitted to 40, the pair talk goes and the
    # rest shrinks: 5 + 10 + 20 = 35 minutes count, 0.5 hours
    session = ('title: Fitted\nstart: "09:00"\nfit: 40\nblocks:\n  - opening: 5\n'
               "  - module: arriving\n  - break: 5\n  - module: telling\n")
    curriculum, problems = check_project(write_project(tmp_path, {
        "modules/arriving/module.yml": FLEXIBLE,
        "modules/arriving/facilitator.md": FLEXIBLE_GUIDE,
        "curriculum/sessions/fitted.yml": session}))
    assert [p.format() for p in problems] == []
    agenda = assemble_agenda(curriculum.sessions["fitted"], curriculum)
    assert (agenda.minutes, agenda.contact_minutes) == (40, 35)
    assert "- **Contact hours:** 0.5\n" in render_site(curriculum)["sessions/fitted.md"]


def test_pages_show_contact_hours_for_modules_paths_and_sessions(site):
    assert "- **Contact hours:** 0.5\n" in site["modules/arriving/index.md"]  # 30 min
    assert "- **Contact hours:** 0.75\n" in site["paths/first.md"]  # 30 + 20 min
    assert "- **Contact hours:** 1.25\n" in site["sessions/morning.md"]
    # a session of several days: every day's blocks but breaks (50 + 45 min)
    assert "- **Contact hours:** 1.5\n" in site["sessions/retreat.md"]


def test_contact_hours_in_spanish_use_a_decimal_comma(tmp_path):
    layout = write_project(tmp_path, {**CHANGES, "curriculum/curriculum.yml":
                                      CURRICULUM + "language: es\n" + CREDIT})
    curriculum, _ = check_project(layout)
    page = render_site(curriculum)["sessions/morning.md"]
    assert "- **Horas lectivas:** 1,25\n" in page
    assert "## Créditos" in page


# ---- credit -----------------------------------------------------------------------------

def test_the_session_page_prints_the_credit_it_claims(site):
    page = site["sessions/morning.md"]
    assert "## Credit" in page
    assert "**Nursing contact hours** · Tiny Health Education Office" in page
    assert "An example statement that a real program replaces with its accreditor" in page
    assert "every block but breaks, rounded down to the quarter hour" in page


def test_a_session_with_credit_false_claims_none(site, curriculum):
    page = site["sessions/quiet.md"]
    assert "This session claims no credit." in page
    assert "## Credit" not in page and "Tiny Health Education Office" not in page
    html = packet_jobs(curriculum, ["quiet"], ["facilitator"], "a4", lambda _: Path("."))[0].html
    assert "Tiny Health Education Office" not in html and 'class="cover-credit"' not in html


def test_without_credit_in_curriculum_yml_nothing_is_claimed(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path, {
        **CHANGES, "curriculum/curriculum.yml": CURRICULUM}))
    page = render_site(curriculum)["sessions/morning.md"]
    assert "## Credit" not in page and "claims no credit" not in page
    assert "- **Contact hours:** 1.25\n" in page  # hours are shown all the same


@pytest.mark.parametrize(("file", "text", "expected"), [
    ("curriculum/curriculum.yml", CURRICULUM + "credit:\n  provider: Us\n",
     "curriculum/curriculum.yml:16: credit.statement: required field is missing"),
    ("curriculum/curriculum.yml", CURRICULUM + "credit:\n  provider: Us\n  statment: Hi\n",
     'curriculum/curriculum.yml:17: credit.statment: unknown key; did you mean "statement"?'),
    ("curriculum/sessions/morning.yml", "title: M\ncredit: no credit\nblocks:\n  - closing: 5\n",
     'curriculum/sessions/morning.yml:2: credit: expected true or false (got "no credit")'),
    ("curriculum/curriculum.yml", CURRICULUM + "evaluation:\n  questions: []\n",
     "curriculum/curriculum.yml:16: evaluation.questions: expected at least 1 item(s)"),
    ("modules/telling/module.yml", MODULE_B + "follow_up: [a, b]\n",
     "modules/telling/module.yml:14: follow_up: expected text"),
])
def test_new_fields_are_checked_where_they_are_written(tmp_path, file, text, expected):
    found = problems_of(tmp_path, {file: text})
    assert any(line.startswith(expected) for line in found), found


# ---- the packets --------------------------------------------------------------------------

def test_the_cover_shows_contact_hours_and_the_credit(packets):
    for edition in ("facilitator", "participant"):
        cover = pdf_pages(packets[f"morning-{edition}"])[0]
        assert "Contact hours 1.25" in cover.splitlines()
        assert "Nursing contact hours · Tiny Health Education Office" in cover
        assert "An example statement that a real program replaces" in cover


def sign_in_sheets(pages: list[str]) -> list[str]:
    """The text of every page of the sign-in part, in order."""
    first = next(i for i, text in enumerate(pages) if text.startswith("Sign-in sheet\n"))
    found = []
    for text in pages[first:]:
        if not (text.startswith("Sign-in sheet\n") or text.startswith("No. Name Profession")):
            break
        found.append(text)
    return found


def row_numbers(text: str) -> list[int]:
    return [int(line) for line in text.splitlines() if re.fullmatch(r"\d+", line)]


def test_the_facilitator_edition_has_a_sign_in_sheet_with_two_spare_rows(packets):
    [sheet] = sign_in_sheets(pdf_pages(packets["morning-facilitator"]))
    lines = sheet.splitlines()
    for expected in ("Morning circle", "Date Thursday 4 March 2027", "Time 09:00–10:30",
                     "Contact hours 1.25", "No. Name Profession Signature"):
        assert expected in lines
    assert lines.count("Facilitator Signature") == 2
    assert row_numbers(sheet) == list(range(1, 9 + 2 + 1))  # group of 9, two spare
    assert not any(text.startswith("Sign-in sheet")
                   for text in pdf_pages(packets["morning-participant"]))


def test_a_session_of_several_days_signs_in_each_day(packets):
    sheets = sign_in_sheets(pdf_pages(packets["retreat-facilitator"]))
    assert len(sheets) == 2
    assert {"Two mornings · Day 1", "Date Monday 3 May 2027", "Time 09:00–10:00",
            "Contact hours 0.75"} <= set(sheets[0].splitlines())  # 50 minutes: no break
    assert {"Two mornings · Day 2", "Date Tuesday 4 May 2027", "Time 10:00–10:45",
            "Contact hours 0.75"} <= set(sheets[1].splitlines())  # 45 minutes
    assert [row_numbers(sheet) for sheet in sheets] == [list(range(1, 7))] * 2


def test_a_series_shows_hours_per_meeting_and_for_the_series(site, packets):
    # 5 + 30 + 20 minutes a meeting (not the break): 0.75 hours, four meetings: 3
    assert "- **Contact hours:** 0.75 per meeting, 3 for the series\n" in site["sessions/series.md"]
    cover = pdf_pages(packets["series-facilitator"])[0]
    assert "Contact hours 0.75 per meeting, 3 for the series" in cover.splitlines()


def test_a_series_signs_in_at_every_meeting(packets):
    sheets = sign_in_sheets(pdf_pages(packets["series-facilitator"]))
    assert [sheet.splitlines()[1] for sheet in sheets] == [
        f"Circle series · Meeting {n} of 4" for n in range(1, 5)]
    dates = [line for sheet in sheets for line in sheet.splitlines() if line.startswith("Date ")]
    assert dates == ["Date Tuesday 9 March 2027", "Date Tuesday 23 March 2027",
                     "Date Tuesday 6 April 2027", "Date Tuesday 20 April 2027"]
    assert all("Contact hours 0.75" in sheet.splitlines() for sheet in sheets)
    assert [row_numbers(sheet) for sheet in sheets] == [list(range(1, 7))] * 4


def test_a_series_opens_its_later_meetings_with_a_check_in_on_the_follow_ups(packets,
                                                                              curriculum):
    pages = pdf_pages(packets["series-facilitator"])
    agenda = next(text for text in pages if text.startswith("Agenda\n"))
    assert "Meetings 2–4 open with a check-in: what did people try since the last meeting?" \
        in agenda
    assert "Ask one colleague a real question this week" in agenda
    participant = packet_jobs(curriculum, ["series"], ["participant"], "a4",
                              lambda _: Path("."))[0].html
    assert "Meetings 2–4" not in participant and 'class="check-in"' not in participant
    assert not any("open with a check-in" in text
                   for text in pdf_pages(packets["morning-facilitator"]))  # no series


def test_a_long_sign_in_sheet_runs_over_pages_repeating_its_header(tmp_path):
    session = CHANGES["curriculum/sessions/morning.yml"].replace("group_size: 9", "group_size: 40")
    layout = write_project(tmp_path, {**CHANGES, "curriculum/sessions/morning.yml": session})
    curriculum, _ = check_project(layout)
    jobs = packet_jobs(curriculum, ["morning"], ["facilitator"], "letter", lambda _: tmp_path)
    write_packets(jobs, tmp_path / "cache")
    job = jobs[0]
    sheets = sign_in_sheets(pdf_pages(job.pdf))
    assert len(sheets) >= 2
    assert all("No. Name Profession Signature" in page.splitlines() for page in sheets)
    assert [n for page in sheets for n in row_numbers(page)] == list(range(1, 43))


def evaluation_pages(pages: list[str]) -> list[str]:
    first = next(i for i, text in enumerate(pages) if text.startswith("Evaluation\n"))
    return pages[first:]


def test_the_participant_edition_ends_with_an_evaluation_of_the_modules_objectives(packets):
    pages = pdf_pages(packets["morning-participant"])
    form = "\n".join(evaluation_pages(pages))
    assert pages[-1] in evaluation_pages(pages)
    ratings = [line for line in form.splitlines() if line.endswith("1 2 3 4 5 1 2 3 4 5")]
    assert [line.removesuffix(" 1 2 3 4 5 1 2 3 4 5") for line in ratings] == [
        "Hear every voice once.", "Say one thing that helps you arrive.",
        "Tell a two-minute story."]
    assert "Objective Before Now" in form.splitlines()
    questions = ["What will you do differently?", "What should change?",
                 "Did the pace suit you?", "What was missing today?"]  # curriculum's first
    positions = [form.index(question) for question in questions]
    assert positions == sorted(positions)
    assert "do not write your name" in form
    assert not re.search(r"^(Name|Role|Profession)\b", form, re.MULTILINE)


def test_before_we_meet_again_gathers_the_follow_ups(packets):
    pages = pdf_pages(packets["morning-participant"])
    [page] = [text for text in pages if text.startswith("Before we meet again\n")]
    assert "Arriving" in page.splitlines()
    assert "Ask one colleague a real question this week, and listen to the answer." in page
    assert "Telling" not in page.splitlines()  # it has no follow-up
    assert pages.index(page) < len(pages) - 1  # the evaluation comes after it
    cover = pages[0]
    assert "Before we meet again" in cover and "Evaluation" in cover  # listed on the cover


# ---- the evaluation on the site -------------------------------------------------------------

def test_the_evaluation_is_a_printable_page_linked_from_the_session(site):
    session = site["sessions/morning.md"]
    assert "[Evaluation form](morning/evaluation.md){ .md-button }" in session
    page = site["sessions/morning/evaluation.md"]
    assert page.startswith("---\ncurriculum: evaluation\n---\n\n# Evaluation: Morning circle\n")
    for text in ("Hear every voice once.", "Tell a two-minute story.",
                 "What will you do differently?", "Did the pace suit you?",
                 "What was missing today?", "do not write your name"):
        assert text in page
    assert page.count('<span class="curriculum-box">1</span>') == 2 * 3  # before, now x 3
    assert "[Morning circle](../morning.md)" in page


def test_module_page_shows_its_follow_up(site):
    page = site["modules/arriving/index.md"]
    assert "## Before we meet again\n\nAsk one colleague a real question this week" in page
    assert "Before we meet again" not in site["modules/telling/index.md"]


def test_a_module_run_twice_is_evaluated_once(tmp_path):
    session = ("title: Twice\nblocks:\n  - module: arriving\n  - break: 5\n"
               "  - module: arriving\n")
    curriculum, _ = check_project(write_project(tmp_path, {
        **CHANGES, "curriculum/sessions/twice.yml": session}))
    page = render_site(curriculum)["sessions/twice/evaluation.md"]
    assert page.count("Hear every voice once.") == 1
