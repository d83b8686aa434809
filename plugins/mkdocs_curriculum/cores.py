"""Work on every core: forked processes that see the parent's objects as they are.

A build's large pieces of work (converting pages, rendering the planner's kits, finding the
facilitator passages) are pure functions of objects the build already holds: a curriculum, a
MkDocs page. Forked workers read those objects from the parent's memory (nothing is pickled
on the way in: only an item's index), and send back plain results. Where forking is not
available, or the work is too small to pay for the processes, it runs here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_WORK: tuple = ()
"""(function, items) of the running `each`, set before its pool forks."""


def each(function: Callable[[Item], Result], items: Sequence[Item], worth_it: bool = True,
         worker_setup: Callable[[], None] | None = None) -> list[Result]:
    """`[function(item) for item in items]`, on every core when `worth_it` (the caller knows
    what an item costs) and the machine has more than one core and can fork."""
    workers = min(available(), len(items))
    if not worth_it or workers < 2:
        return [function(item) for item in items]
    global _WORK
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, worker_setup) as pool:
            return pool.map(_one, range(len(items)),
                            chunksize=max(1, len(items) // (workers * 8)))
    finally:
        _WORK = ()


def each_here_too(function: Callable[[Item], Result], items: Sequence[Item],
                  worth_it: bool = True) -> list[Result]:
    """`each`, with this process working a share of the items itself while forked ones work
    the rest: for work whose results cost much to send back (a loaded module), this process
    then receives only the others' shares, and no core waits for the results."""
    workers = min(available(), len(items)) - 1
    if not worth_it or workers < 1:
        return [function(item) for item in items]
    global _WORK
    _WORK = (function, items)
    own = len(items) // (workers + 1)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            rest = range(own, len(items))  # one task for each forked process: handing out
            # more would wait for this process's lock, which its own share holds
            others = pool.map_async(_one, rest, chunksize=-(-len(rest) // workers))
            return [function(item) for item in items[:own]] + others.get()
    finally:
        _WORK = ()


def each_new(function: Callable[[Item], Result], items: Mapping[str, Item],
             known: Mapping[str, Result], worth_it: Callable[[list[Item]], bool]
             ) -> dict[str, Result]:
    """`function` of each of `items`, by its key (what the item is made of), taking the
    results `known` holds (the previous call's): only the new items are worked, on every core
    when `worth_it(new items)`. What it returns, for the next call, has this call's keys
    only, so that what is remembered from build to build never outgrows one build."""
    new = {key: item for key, item in items.items() if key not in known}
    found = {key: known[key] for key in items if key in known}
    work = list(new.values())
    found.update(zip(new, each(function, work, worth_it(work)), strict=True))
    return found


def available() -> int:
    """How many processes `each` can run at once: the cores this process may run on, or 1
    where it cannot fork (`each` hands its work to forked copies of this process)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return usable()


def usable() -> int:
    """The cores this process may run on: a container's cpuset or `taskset`, not the host's,
    which os.cpu_count() counts (a pool of that many would only fight for the few)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # no affinity on this system (macOS)
        return os.cpu_count() or 1


def _one(index: int):
    function, items = _WORK
    return function(items[index])
