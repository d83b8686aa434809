"""`check` loads a curriculum's modules on every core: the problems are those, in the order,
that loading every module here and running every rule after gives."""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from mkdocs_curriculum import cores, load
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.load import load_curriculum
from mkdocs_curriculum.problems import sort_problems
from mkdocs_curriculum.validate import check_project, validate

from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

MODULES = 30


def _plant(root: Path) -> None:
    """Mistakes in many modules: a wrong level, an unknown theme, a dead link, an identifier
    in what participants read, a file that is no YAML, a missing guide, a stray page."""
    folders = sorted((root / "modules").iterdir())
    for number, folder in enumerate(folders):
        yml, overview = folder / "module.yml", folder / "overview.md"
        kind = number % 5
        if kind == 0:
            yml.write_text(yml.read_text().replace("level: ", "level: nowhere-", 1))
        elif kind == 1:
            overview.write_text(overview.read_text() + "\nSee [the plan](missing-plan.md) and"
                                " [us](../../curriculum/pages/index.md#no-such-heading).\n")
        elif kind == 2:
            overview.write_text(overview.read_text() + "\nCall the ward at 555-123-4567.\n")
        elif kind == 3:
            (folder / "facilitator.md").unlink()
            (folder / "notes.md").write_text("# Notes\n")
        elif number % 10 == 4:
            yml.write_text("title: [unclosed\n")


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = generate(tmp_path_factory.mktemp("many"), MODULES)
    _plant(root)
    return read_layout(root / "mkdocs.yml")[0]


def _lines(problems) -> list[str]:
    return [problem.format() for problem in problems]


def test_problems_of_many_modules_come_in_the_same_order_with_the_pool_as_without(
        planted, monkeypatch):
    monkeypatch.setattr(cores, "usable", lambda: 2)  # the pool forks even on one core
    monkeypatch.setattr(load, "FORK_FROM", 1)
    pooled = _lines(check_project(planted)[1])
    monkeypatch.setattr(load, "FORK_FROM", MODULES + 1)
    alone = _lines(check_project(planted)[1])
    curriculum, loading = load_curriculum(planted)
    every_rule_after = _lines(sort_problems(loading + validate(curriculum)))
    assert pooled == alone == every_rule_after
    kinds = " ".join(pooled)
    for expected in ("unknown level", "no such file 'missing-plan.md'", "no heading",
                     "looks like a phone or fax number", "facilitator.md: file not found",
                     "not published", "modules/"):
        assert expected in kinds
    assert len({line.split(":")[0] for line in pooled}) > MODULES // 2  # many files


def test_the_pool_gives_the_modules_as_loading_each_here_does(planted, monkeypatch):
    monkeypatch.setattr(cores, "usable", lambda: 2)  # the pool forks even on one core
    monkeypatch.setattr(load, "FORK_FROM", 1)
    pooled = check_project(planted)[0]
    monkeypatch.setattr(load, "FORK_FROM", MODULES + 1)
    alone = check_project(planted)[0]
    assert list(pooled.modules) == list(alone.modules)
    assert pooled.modules == alone.modules
    for module_id, module in pooled.modules.items():
        assert module.line("activities[0].minutes") == \
            alone.modules[module_id].line("activities[0].minutes")


def test_each_here_too_works_a_share_here_and_the_rest_in_forked_processes_in_order(
        monkeypatch):
    monkeypatch.setattr(cores, "usable", lambda: 2)  # two processes even on one core
    here = os.getpid()
    done = cores.each_here_too(lambda item: (item, os.getpid()), list(range(120)))
    assert [item for item, _ in done] == list(range(120))
    pids = [pid for _, pid in done]
    forks = cores.available() > 1  # no fork on this system: everything runs here
    assert pids[0] == here and (pids[-1] != here) == forks
    assert pids == sorted(pids, key=lambda pid: pid != here)  # this process's share first
    assert cores.each_here_too(str, [1, 2], worth_it=False) == ["1", "2"]


def _pid_and(item: int, slow: float) -> tuple[int, int]:
    """The item and the process that worked it; a forked copy sleeps `slow` seconds first."""
    if os.getpid() != HERE:
        time.sleep(slow)
    return item, os.getpid()


HERE = os.getpid()


NO_FORK = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")


@NO_FORK
def test_a_slowed_copy_works_fewer_items_and_all_come_back_in_order(monkeypatch):
    """The items are shared as they are worked, not split in halves beforehand: a copy slowed
    down (by a busy machine, say) leaves the rest to this process, and the results are in the
    items' order whoever worked them."""
    monkeypatch.setattr(cores, "usable", lambda: 2)
    done = cores.each_here_too(functools.partial(_pid_and, slow=0.05), list(range(60)))
    assert [item for item, _ in done] == list(range(60))
    pids = [pid for _, pid in done]
    assert pids[-1] != HERE  # a copy has worked its first item at least
    assert pids.count(HERE) > 40  # ~59: the copy sleeps 50 ms an item, this process none


def _slow_here(item: int) -> tuple[int, int]:
    if os.getpid() == HERE:
        time.sleep(0.05)
    return item, os.getpid()


@NO_FORK
def test_a_slowed_process_here_works_the_first_item_and_leaves_the_rest(monkeypatch):
    """Mirrored: this process slowed, the copy takes what is left, down to the first item,
    which this process keeps (so its share always begins the list)."""
    monkeypatch.setattr(cores, "usable", lambda: 2)
    done = cores.each_here_too(_slow_here, list(range(60)))
    assert [item for item, _ in done] == list(range(60))
    pids = [pid for _, pid in done]
    assert pids[0] == HERE and pids.count(HERE) < 20
    assert pids == sorted(pids, key=lambda pid: pid != HERE)


def _fails_in_copies(item: int) -> int:
    if os.getpid() != HERE and item % 7 == 3:
        raise ValueError(item)
    return item * 2


def _fails(item: int) -> int:
    if item == 55:
        raise ValueError("item 55")
    return item


@NO_FORK
def test_an_item_a_copy_failed_on_is_worked_here_where_its_error_is_raised(monkeypatch):
    """A copy that fails ends; what it took and did not send is worked here: the results are
    whole, and an error of the work itself is raised here, as without copies."""
    monkeypatch.setattr(cores, "usable", lambda: 2)
    forked, fork = [], os.fork

    def spied() -> int:
        forked.append(fork())
        return forked[-1]

    monkeypatch.setattr(cores.os, "fork", spied)
    assert cores.each_here_too(_fails_in_copies, list(range(40))) == \
        [item * 2 for item in range(40)]
    with pytest.raises(ValueError, match="item 55"):
        cores.each_here_too(_fails, list(range(60)))
    assert len(forked) == 2
    for pid in forked:  # each copy was ended and collected: none is left behind
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _dies_holding_the_lock(take):
    """`_Shared._take` for a copy that the kernel kills while it holds the counters' lock."""
    def take_or_die(shared, back: bool) -> int | None:
        if back:
            shared.lock.acquire()
            os._exit(1)
        return take(shared, back)
    return take_or_die


@NO_FORK
def test_a_copy_that_dies_holding_the_lock_leaves_its_items_here_and_nothing_hangs(
        monkeypatch):
    """The lock is held a few instructions at a time, so a copy killed then (out of memory)
    leaves it held for good: this process, kept waiting longer than LOCK_PATIENCE, ends the
    copies and works every item none of them sent, instead of waiting for ever."""
    monkeypatch.setattr(cores, "usable", lambda: 2)
    monkeypatch.setattr(cores, "LOCK_PATIENCE", 0.2)
    monkeypatch.setattr(cores._Shared, "_take", _dies_holding_the_lock(cores._Shared._take))
    signal.signal(signal.SIGALRM, _hung)
    signal.alarm(60)
    try:
        done = cores.each_here_too(_slow_here, list(range(60)))  # the copy dies first
    finally:
        signal.alarm(0)
    assert [item for item, _ in done] == list(range(60))
    assert [pid for _, pid in done].count(HERE) == 59  # the copy sent its first item only


def _hung(*_) -> None:
    raise AssertionError("each_here_too hung on a lock its holder died with")
