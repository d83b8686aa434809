"""Lesson-style modules (`participants_read: guide`): participants read the facilitator guide
without its notes, on the module page and in their packet; facilitators get the guide once."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from mkdocs_curriculum.packet import packet_jobs, write_packets
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_B, problems_of, write_project

B = "modules/telling/module.yml"
NOTE = "Watch the clock for the teller"
LESSON = {
    B: MODULE_B + "participants_read: guide\n",
    "modules/telling/overview.md": None,
    "modules/telling/facilitator.md": (
        "## Tell {#tell}\n\nEach person tells a story of a choice that mattered.\n\n"
        f'!!! facilitator "{NOTE}"\n    Give a one-minute signal.\n\n'
        "Listeners say one thing they heard.\n"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    layout = write_project(tmp_path_factory.mktemp("lesson"), LESSON)
    curriculum, problems = check_project(layout)
    assert [p.format() for p in problems] == []  # no overview.md, and none missed
    return layout, curriculum


def test_the_module_page_shows_the_guide_without_notes(project):
    _, curriculum = project
    pages = render_site(curriculum)
    page = pages["modules/telling/index.md"]
    reading = page.split("## What participants read\n", 1)[1]
    assert "Each person tells a story of a choice that mattered." in reading
    assert "Listeners say one thing they heard." in reading
    assert NOTE not in page and "facilitator" not in reading
    assert NOTE in pages["modules/telling/guide.md"]  # facilitators still read it all


@pytest.fixture(scope="module")
def packets(project):
    layout, curriculum = project
    out = layout.root / "out"
    jobs = packet_jobs(curriculum, ["morning"], ("facilitator", "participant"), "a4",
                       lambda _: out)
    write_packets(jobs, layout.root / ".cache")
    return {edition: "\n".join(page.extract_text() for page in
                               PdfReader(out / f"morning-{edition}.pdf").pages)
            for edition in ("facilitator", "participant")}


def test_the_participant_edition_carries_the_guide_without_its_notes(packets):
    text = packets["participant"]
    assert "Step by step" in text
    assert "Each person tells a story of a choice that mattered." in text
    assert "Listeners say one thing they heard." in text
    assert NOTE not in text and "Give a one-minute signal" not in text
    assert "Tell 09:40–10:00" in text  # the activity's clock time, as facilitators see it


def test_the_facilitator_edition_prints_the_guide_once(packets):
    text = packets["facilitator"]
    assert text.count("Each person tells a story of a choice that mattered.") == 1
    assert NOTE in text
    assert "Participants read this guide, without the facilitator notes" in text


def test_an_overview_nobody_reads_is_a_warning_and_the_value_is_checked(tmp_path):
    kept = {**LESSON, "modules/telling/overview.md": "## Why\n\nStories.\n"}
    assert problems_of(tmp_path / "kept", kept) == [
        f'{B}:14: warning: participants_read: participants read the guide, so overview.md is'
        ' printed nowhere; delete it or remove this line (got "guide")']
    wrong = {B: MODULE_B + "participants_read: guides\n"}
    assert problems_of(tmp_path / "wrong", wrong) == [
        f'{B}:14: participants_read: expected one of overview | guide; did you mean "guide"?'
        ' (got "guides")']
