"""The planner's print views are the packet: the same parts, in the same order, element for
element, as `curriculum packet` makes of the same plan written as a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.packet_html import build_packet_html
from mkdocs_curriculum.validate import check_project

from planner_pages import READY, packet_shape, print_view_shape, session_of_query

REPO = Path(__file__).resolve().parents[2]
SAMPLE_PLAN = ("?title=Team%20morning&date=2027-03-04&start=08:45&size=14&fit=150"
               "&blocks=opening:10,module:circle-of-connection,break:15,"
               "module:appreciation-in-huddles,module:why-community-is-clinical,closing:5")


@pytest.fixture(scope="module")
def sample():
    layout, _ = read_layout(REPO / "mkdocs.yml")
    curriculum, _ = check_project(layout)
    return curriculum, layout


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_the_print_view_of_a_sample_plan_is_its_packet(page, base_url, sample, edition):
    curriculum, layout = sample
    session = session_of_query(SAMPLE_PLAN, curriculum)
    expected = packet_shape(page, build_packet_html(curriculum, session, edition, web=layout.web))
    got = print_view_shape(page, f"{base_url}planner/print/index.html{SAMPLE_PLAN}"
                                 f"&edition={edition}")
    assert len(expected) > 500
    assert got == expected


@pytest.mark.parametrize(("edition", "other"), [("facilitator", "participant"),
                                                ("participant", "facilitator")])
def test_the_print_views_bar_leads_back_to_the_plan_and_to_the_other_edition(page, base_url,
                                                                            edition, other):
    page.goto(f"{base_url}planner/print/index.html{SAMPLE_PLAN}&edition={edition}")
    page.wait_for_selector(READY)
    plan = page.evaluate("window.curriculumPlan.writeQuery("
                         "window.curriculumPlan.readQuery(location.search,"
                         " window.curriculumPlanner).plan)")
    assert plan.startswith("?title=Team%20morning&date=2027-03-04&start=08:45")
    assert page.locator(".planner-back").get_attribute("href") == f"../index.html{plan}"
    assert page.locator(".planner-other").get_attribute("href") == (
        f"index.html{plan}&edition={other}")
