"""Work on every core gives what one process gives: the planner's kits and the leak check's
passages of the sample, made in forked workers and here, are the same."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_curriculum import cores, leaks, planner, plugin
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.validate import check_project

from helpers import REPO, site_project, write_project

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


def test_work_done_beside_the_build_comes_back_as_it_would_be_made_here():
    made = cores.later(lambda: {"pid": os.getpid(), "text": "é" * 100_000})
    assert made.behind
    found = made.result()
    assert found["text"] == "é" * 100_000 and found["pid"] != os.getpid()
    assert not made.behind and made.result() is found  # collected once
    here = cores.later(os.getpid, worth_it=False)
    assert not here.behind and here.result() == os.getpid()


def test_work_that_fails_beside_the_build_fails_here_with_its_own_error():
    def fails() -> None:
        raise ValueError("a bug in the kits")

    made = cores.later(fails)
    assert made.behind
    with pytest.raises(ValueError, match="a bug in the kits"):
        made.result()


def _build(root: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))


def _site(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_site_whose_kits_are_made_beside_the_pages_is_the_site_made_in_order(
        tmp_path, monkeypatch):
    """The planner's kits, made in a forked process while the build converts and writes the
    pages, and published after them: the site is byte for byte the one whose kits were made
    in order, and after an edit the kits hold the edit (none missing, none stale)."""
    root = site_project(tmp_path / "project")
    behind = []
    later = cores.later
    monkeypatch.setattr(cores, "later", lambda *args, **kwargs: behind.append(
        later(*args, **kwargs)) or behind[-1])
    for apart, site in ((False, "in-order"), (True, "beside")):
        monkeypatch.setattr(plugin, "KITS_APART_FROM", 0 if apart else 10_000)
        _build(root, tmp_path / site)
    assert [made.pid for made in behind] == [0, 0]  # collected, no process left
    beside, in_order = _site(tmp_path / "beside"), _site(tmp_path / "in-order")
    assert "planner/kit/participant/arriving.js" in beside
    assert beside == in_order
    overview = root / "modules/arriving/overview.md"
    overview.write_text(overview.read_text(encoding="utf-8") + "\nA bench by the window.\n",
                        encoding="utf-8")
    _build(root, tmp_path / "beside")
    kits = _site(tmp_path / "beside")
    for edition in ("facilitator", "participant"):
        assert b"A bench by the window." in kits[f"planner/kit/{edition}/arriving.js"]


def test_a_leak_in_kits_made_beside_the_pages_fails_the_build_and_publishes_no_kit(
        tmp_path, monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    root = site_project(tmp_path / "project", {"modules/arriving/overview.md": (
        "## Why\n\nBecause belonging matters.\n\n"
        '!!! facilitator "Frame the numbers gently"\n    Say where each figure comes from.\n')})
    monkeypatch.setattr(plugin, "KITS_APART_FROM", 0)
    monkeypatch.setattr("mkdocs_curriculum.markdown_html._ParticipantExtension.extendMarkdown",
                        lambda self, md: None)  # a bug planted: participants get the notes
    with pytest.raises(Abort):
        _build(root, tmp_path / "site")
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any(message.startswith("planner/kit/participant/arriving.js: facilitator:"
                                  " facilitator-only text") for message in errors), errors
    assert not (tmp_path / "site/planner/kit").exists()


def test_forked_copies_leave_the_objects_they_share_to_the_parent_but_this_one_collects_all():
    """Forked copies never walk the objects they were forked with (frozen for them); this
    process gives them back to its collector at once, so nothing stays frozen in it."""
    frozen_in_copies = cores.each(lambda _: gc.get_freeze_count(), list(range(4)))
    assert all(count > 1000 for count in frozen_in_copies), frozen_in_copies
    assert cores.later(gc.get_freeze_count).result() > 1000
    assert gc.get_freeze_count() == 0


def test_what_a_build_holds_still_is_the_collectors_again_when_it_ends(tmp_path, monkeypatch):
    root = site_project(tmp_path / "project")
    _build(root, tmp_path / "site")
    assert gc.get_freeze_count() == 0

    def fails(*args, **kwargs):
        assert gc.get_freeze_count() > 0  # held still since on_pre_build
        raise RuntimeError("a bug on the way")

    monkeypatch.setattr(plugin.PageCache, "begin_build", fails)
    with pytest.raises(RuntimeError, match="a bug on the way"):
        _build(root, tmp_path / "site")
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_someone_else_is_theirs_to_undo():
    gc.freeze()
    try:
        held = gc.get_freeze_count()
        cores.hold_still()
        cores.let_go()
        with cores.set_aside():
            pass
        assert gc.get_freeze_count() >= held
    finally:
        gc.unfreeze()


def test_the_collection_at_exit_is_skipped_once_however_many_builds(tmp_path):
    """At exit, the objects are frozen before Python's last collections (which then walk
    none of them); asked by every build, the freeze is registered once."""
    script = ("import atexit, gc\n"
              "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
              "from mkdocs_curriculum import cores\n"
              "register, asked = atexit.register, []\n"
              "atexit.register = asked.append\n"
              "cores.no_collection_at_exit(); cores.no_collection_at_exit()\n"
              "print('asked:', asked == [gc.freeze])\n"
              "register(*asked)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split("\n")[:2] == ["asked: True", "frozen at exit: True"]


def test_a_page_that_cannot_render_while_the_kits_are_made_beside_is_reported_once(
        tmp_path, monkeypatch, caplog):
    """The kits start before the pages render (on_pre_build): a page template's error stops
    the build with that one error, and the kits' process, cancelled, is left behind nowhere."""
    from mkdocs.exceptions import Abort

    root = site_project(tmp_path / "project", {"theme/site/module.md.j2": "{% if %}\n"})
    behind = []
    later = cores.later
    monkeypatch.setattr(cores, "later", lambda *args, **kwargs: behind.append(
        later(*args, **kwargs)) or behind[-1])
    monkeypatch.setattr(plugin, "KITS_APART_FROM", 0)
    with pytest.raises(Abort):
        _build(root, tmp_path / "site")
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert [message for message in errors if "module.md.j2" in message] == [
        "theme/site/module.md.j2:1: template: Expected an expression, got 'end of statement"
        " block'"], errors
    assert behind and behind[0].pid == 0 and not (tmp_path / "site/planner/kit").exists()
    assert gc.get_freeze_count() == 0
