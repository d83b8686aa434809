"""The planner of a tiny curriculum built with Material's offline plugin, opened from files
(file://, no server): it plans and prints, its print views are the packets of the same plan
(a lesson-style module, links between documents, a budget), and no facilitator-only text
(sentinels planted in an overview, a handout and a lesson) reaches the participant edition
or the files it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.packet_html import build_packet_html
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, GUIDE_A, MKDOCS_YML, MODULE_A, MODULE_B, mkdocs_build, site_project
from planner_pages import READY, packet_shape, print_view_shape, session_of_query

SENTINELS = ("SENTINEL-OVERVIEW-7f3a", "SENTINEL-HANDOUT-7f3a", "SENTINEL-LESSON-7f3a")
PLAN = ("?title=Tiny%20day&start=10:00&size=8&fit=45"
        "&blocks=opening:5,module:arriving,break:5,module:telling")
TINY = {
    "mkdocs.yml": MKDOCS_YML.replace("  - search\n  - curriculum\n",
                                     "  - search\n  - offline\n  - curriculum:\n"
                                     "      packets: false\n"),
    "curriculum/curriculum.yml": CURRICULUM + (
        "support:\n  - {name: Peer line, contact: Call 555-0100., when: Any time.}\n"
        "evaluation:\n  questions: [Was the room right?]\n"),
    "modules/arriving/module.yml": MODULE_A.replace(
        "    minutes: 10\n", "    minutes: 10\n    optional: true\n").replace(
        "    minutes: 20\n", "    minutes: 20\n    min_minutes: 10\n") + (
        "follow_up: Ask one colleague how their week went.\n"),
    "modules/arriving/overview.md": (
        "## Why\n\nBecause. Read [the story lesson](../telling/facilitator.md#tell) later.\n\n"
        f'!!! facilitator "Quietly"\n    {SENTINELS[0]}: only the facilitator reads this line.\n'),
    "modules/arriving/handouts/prompts.md": (
        "# Prompts\n\n1. Who are you?\n\n"
        f"!!! facilitator\n    {SENTINELS[1]}: answers for the facilitator only.\n"),
    "modules/arriving/facilitator.md": GUIDE_A,
    "modules/telling/module.yml": MODULE_B + "participants_read: guide\n",
    "modules/telling/overview.md": None,
    "modules/telling/facilitator.md": (
        "## Tell {#tell}\n\nTell a story about [arriving](../arriving/overview.md#why).\n\n"
        f"!!! facilitator\n    {SENTINELS[2]}: how the facilitator ends the story.\n"),
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = site_project(tmp_path_factory.mktemp("tiny"), TINY)
    built = mkdocs_build(root, "--strict")
    assert built.returncode == 0, built.stderr
    curriculum, problems = check_project(read_layout(root / "mkdocs.yml")[0])
    assert problems == []
    return root, curriculum


def file_url(root: Path, path: str) -> str:
    return (root / "site" / path).as_uri()


def test_the_planner_plans_and_prints_from_files(page, tiny):
    root, _ = tiny
    page.goto(file_url(root, "planner/index.html"))
    page.wait_for_selector(READY)
    page.get_by_role("button", name="Add Arriving to the plan").click()
    page.get_by_role("button", name="Add Telling to the plan").click()
    assert page.locator("#planner-summary").inner_text().startswith("09:00–09:50")
    page.get_by_role("link", name="Participant edition: print view").click()
    page.wait_for_selector(READY)
    assert page.url.startswith("file://")
    assert page.locator("section.module").count() == 2
    assert page.locator("section.handout h1").inner_text() == "Prompts"


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_print_views_of_a_lesson_style_plan_are_its_packets(page, tiny, edition):
    root, curriculum = tiny
    session = session_of_query(PLAN, curriculum)
    expected = packet_shape(page, build_packet_html(curriculum, session, edition))
    got = print_view_shape(page, file_url(root, "planner/print/index.html") + PLAN +
                           f"&edition={edition}")
    assert got == expected
    assert any("left out to fit" in text for text in got)
    assert "<span.heading-note>" in got  # the lesson's activity carries its clock time


def test_no_facilitator_text_reaches_the_participant_edition(page, tiny):
    root, _ = tiny
    views = {}
    for edition in ("facilitator", "participant"):
        page.goto(file_url(root, "planner/print/index.html") + PLAN + f"&edition={edition}")
        page.wait_for_selector(READY)
        views[edition] = page.content() + page.evaluate(
            "JSON.stringify(window.curriculumPlannerKits)")
    assert all(sentinel in views["facilitator"] for sentinel in SENTINELS)
    assert [s for s in SENTINELS if s in views["participant"]] == []
    published = [path for path in (root / "site/planner").rglob("*")
                 if path.is_file() and "facilitator" not in path.parts
                 and path.name != "guides.js"]
    assert len(published) > 5
    assert [path.name for path in published
            if any(s in path.read_text("utf-8") for s in SENTINELS)] == []
