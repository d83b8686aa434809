"""Work on every core gives what one process gives: the planner's kits and the leak check's
passages of the sample, made in forked workers and here, are the same."""

from __future__ import annotations

import os

import pytest

from mkdocs_curriculum import cores, leaks, planner
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.validate import check_project

from helpers import REPO, write_project

pytestmark = pytest.mark.skipif(cores.available() < 2, reason="one core, or no fork")


@pytest.fixture(scope="module")
def sample():
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    return curriculum


def test_each_keeps_the_order_of_its_items():
    items = list(range(200))
    assert cores.each(str, items) == [str(item) for item in items]


def test_a_process_allowed_one_core_works_alone_whatever_the_host_has(monkeypatch):
    """In a container pinned to one core of a large host (a cpuset, `taskset`), os.cpu_count()
    counts the host's cores: a pool of that many forked builds would only fight for the one
    core (and hold that many copies of the build in memory)."""
    monkeypatch.setattr(cores.os, "cpu_count", lambda: 64)
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert cores.available() == 1
    assert set(cores.each(lambda item: os.getpid(), list(range(8)))) == {os.getpid()}


def test_each_new_works_only_the_new_items_and_remembers_this_calls_only():
    worked: list[int] = []

    def square(item: int) -> int:
        worked.append(item)
        return item * item

    first = cores.each_new(square, {"a": 2, "b": 3}, {}, lambda new: False)
    second = cores.each_new(square, {"b": 3, "c": 4}, first, lambda new: False)
    assert first == {"a": 4, "b": 9} and worked == [2, 3, 4]
    assert second == {"b": 9, "c": 16}  # "a" is of no build any more: forgotten


def test_the_planners_kits_from_two_processes_are_those_of_one(sample, monkeypatch):
    web = Web("https://example.org/curriculum/", True)
    made = {}
    for apart in (False, True):
        monkeypatch.setattr(planner, "KITS_APART_FROM", 0 if apart else 10_000)
        monkeypatch.setattr(planner, "_KITS", {})
        made[apart] = planner.planner_files(sample, web)
    assert any(uri.startswith("planner/kit/participant/") for uri in made[False])
    assert made[True] == made[False]


def test_a_link_to_a_document_another_process_printed_jumps_to_it(tmp_path, monkeypatch):
    """Two modules, each rendered in a process of its own: the telling module's link to the
    arriving module's handout jumps to where the print view holds it, as from one process."""
    curriculum, _ = check_project(write_project(tmp_path, {"modules/telling/overview.md": (
        "## Why\n\nStories, after [the prompts](../arriving/handouts/prompts.md).\n")}))
    made = {}
    for apart in (False, True):
        monkeypatch.setattr(planner, "KITS_APART_FROM", 0 if apart else 10_000)
        monkeypatch.setattr(planner, "_KITS", {})
        made[apart] = planner.planner_kits(curriculum, Web())
    overview = made[False]["planner/kit/participant/telling.js"]["overview"]
    assert 'href="#handout-arriving-prompts"' in overview, overview
    assert made[True] == made[False]


def test_a_rebuild_renders_the_kits_of_the_module_edited_and_gives_a_fresh_builds(
        tmp_path, monkeypatch):
    """Kits are remembered (under serve) by what they are made of: after an edit to one
    module's overview only that module's kits (one per edition) are rendered again, and the
    kits are those of a build that remembers nothing."""
    rendered = []
    render = planner._rendered_kit
    monkeypatch.setattr(planner, "_rendered_kit", lambda *args: rendered.append(args[-1])
                        or render(*args))
    monkeypatch.setattr(planner, "_KITS", {})
    first, _ = check_project(write_project(tmp_path / "a"))
    planner.planner_kits(first, Web(), remember=True)
    assert len(rendered) == 5  # two modules in two editions, and the general kit
    rendered.clear()
    edited, _ = check_project(write_project(tmp_path / "a", {
        "modules/telling/overview.md": "## Why\n\nStories, told again.\n"}))
    again = planner.planner_kits(edited, Web(), remember=True)
    assert sorted((job.edition.id, job.module.id) for job in rendered) == [
        ("facilitator", "telling"), ("participant", "telling")]
    assert "told again" in again["planner/kit/participant/telling.js"]["overview"]
    assert again == planner.planner_kits(edited, Web())  # remembers nothing


def test_the_passages_found_in_forked_processes_are_those_found_here(sample, monkeypatch):
    found = {}
    for apart in (False, True):
        monkeypatch.setattr(leaks, "POOL_FROM", 0 if apart else 10_000)
        monkeypatch.setattr(leaks, "_READ", {})
        check = leaks.LeakCheck.of(sample)
        found[apart] = (check.sentences, check.documents)
    assert len(found[False][0]) > 20
    assert found[True] == found[False]
