"""Likely patient identifiers in participants' text are located warnings; prose, numbers of a
curriculum, links and deliberate examples are not."""

from __future__ import annotations

import pytest

from mkdocs_curriculum import cli
from mkdocs_curriculum.deidentify import scan

from helpers import CURRICULUM, problems_of, write_project

HANDOUT = "modules/arriving/handouts/prompts.md"
PLANTED = """\
# Prompts

1. Who are you?

Case: Mr K., date of birth 14 March 1931, seen in clinic.

MRN 00482913 was on the printed list.
"""


def test_a_record_number_and_a_date_of_birth_in_a_handout_are_located_warnings(tmp_path):
    lines = problems_of(tmp_path, {HANDOUT: PLANTED})
    tail = ("; participants' text must not identify a patient (if it does not, end the line"
            " with <!-- identifier-ok -->)")
    assert lines == [
        f"{HANDOUT}:5: warning: identifier: looks like a date with day and month{tail}"
        ' (got "14 March")',
        f"{HANDOUT}:7: warning: identifier: looks like a medical record or account number{tail}"
        ' (got "MRN 00482913")',
    ]


def test_strict_check_fails_on_them(tmp_path, capsys):
    root = tmp_path
    write_project(root, {HANDOUT: PLANTED})
    assert cli.main(["check", "-f", str(root / "mkdocs.yml")]) == 0
    assert cli.main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 1
    assert "prompts.md:7: warning: identifier" in capsys.readouterr().out


def test_facilitator_notes_and_marked_lines_are_not_read(tmp_path):
    handout = ("# Prompts\n\n!!! facilitator \"Example\"\n    Born 14 March 1931, MRN 00482913.\n\n"
               "Practice form: MRN 12345678 <!-- identifier-ok: a made-up number -->\n")
    assert problems_of(tmp_path, {HANDOUT: handout}) == []


def test_overviews_are_read_and_facilitator_guides_are_not(tmp_path):
    lines = problems_of(tmp_path, {
        "modules/arriving/overview.md": "## Why\n\nCall 555-201-3344 to book.\n",
        "modules/arriving/facilitator.md":
            "## Check-in {#check-in}\n\nPatient seen 03/12/2019.\n\n## Pair talk {#pairs}\n\nx\n",
    })
    assert len(lines) == 1
    assert lines[0].startswith("modules/arriving/overview.md:3: warning: identifier: looks like"
                               " a phone or fax number")


@pytest.mark.parametrize("text, kind", [
    ("Seen on 2019-03-12.", "a date with day and month"),
    ("DOB 03/12/1931", "a date with day and month"),
    ("born 12.03.1931", "a date with day and month"),
    ("on March 12th", "a date with day and month"),
    ("the 3rd of June", "a date with day and month"),
    ("Fax (555) 201-3344", "a phone or fax number"),
    ("call +44 20 7946 0958", "a phone or fax number"),
    ("write to k.smith@example.org", "an email address"),
    ("SSN 123-45-6789", "a social security number"),
    ("account no. 7730012", "a medical record or account number"),
    ("a 93-year-old woman", "an age over 89"),
    ("aged 101", "an age over 89"),
])
def test_each_kind_is_found(text, kind):
    assert [finding.kind for finding in scan(text)] == [kind]


@pytest.mark.parametrize("text", [
    "From 09:00 to 10:30, then a 15-minute break at 10:45.",
    "In 2019 and 2021 the rate rose; 45 min, 1 h 30 min, 90 minutes, 120 minutes.",
    "JAMA Netw Open. 2019;40(6):928-936. doi:10.1186/s12913-021-06413-4",
    "See [the study](https://example.org/2019-03-12/report-555-201-3344.pdf).",
    "Print fig-2019-03-12.png and <https://example.org/a@b>.",
    "Groups of 4–6, 12 participants, step 3 of 5, page 12, 988 and 911.",
    "You may 5 times ask; in March, in May 2019, 90 seconds, 100 people.",
    "Module 2 of 3 · 10:00–11:30; scores 3.4.10 and 1,000,000 views.",
])
def test_numbers_of_ordinary_prose_are_not_identifiers(text):
    assert list(scan(text)) == []


def test_month_names_of_the_curriculum_language_count(tmp_path):
    handout = "# Casos\n\nNacida el 14 de marzo de 1931, de 95 años.\n"
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": CURRICULUM + "language: es\n",
                                   HANDOUT: handout})
    assert [line.split("looks like ")[1].split(";")[0] for line in lines] == [
        "a date with day and month", "an age over 89"]


def test_a_lesson_style_guide_is_read_outside_its_facilitator_notes(tmp_path):
    from helpers import MODULE_A

    guide = ("## Check-in {#check-in}\n\nSay hello. MRN 00482913.\n\n"
             "!!! facilitator \"Aside\"\n    A 93-year-old taught me this.\n\n"
             "## Pair talk {#pairs}\n\nPairs talk.\n")
    lines = problems_of(tmp_path, {
        "modules/arriving/module.yml": MODULE_A + "participants_read: guide\n",
        "modules/arriving/overview.md": None,
        "modules/arriving/facilitator.md": guide})
    assert [line.split(": warning")[0] for line in lines] == [
        "modules/arriving/facilitator.md:3"]
