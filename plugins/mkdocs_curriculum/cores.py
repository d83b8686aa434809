"""Work on every core: forked processes that see the parent's objects as they are.

A build's large pieces of work (converting pages, rendering the planner's kits, finding the
facilitator passages) are pure functions of objects the build already holds: a curriculum, a
MkDocs page. Forked workers read those objects from the parent's memory (nothing is pickled
on the way in: only an item's index), and send back plain results. Where forking is not
available, or the work is too small to pay for the processes, it runs here, in order.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_WORK: tuple = ()
"""(function, items) of the running `each`, set before its pool forks."""
_BEHIND = False
"""This process works in the background of another (`later`): its `each` works in order,
on the one core the other leaves it, so that the two of them keep the machine busy and no
more."""


def each(function: Callable[[Item], Result], items: Sequence[Item], worth_it: bool = True,
         worker_setup: Callable[[], None] | None = None, here_too: bool = False) -> list[Result]:
    """`[function(item) for item in items]`, on every core when `worth_it` (the caller knows
    what an item costs) and the machine has more than one core and can fork. `here_too`:
    this process works a share of the items itself while forked ones work the rest, for work
    whose results cost much to send back (a loaded module): this process then receives only
    the others' shares, and no core waits for the results."""
    processes = min(available(), len(items))
    if not worth_it or processes < 2:
        return [function(item) for item in items]
    workers = processes - here_too
    own = len(items) // processes if here_too else 0
    rest = range(own, len(items))
    # Here too: one task for each forked process, since handing out more would wait for this
    # process's lock, which its own share holds. Else small tasks, which even out the cores.
    chunk = -(-len(rest) // workers) if here_too else max(1, len(items) // (workers * 8))
    global _WORK
    _WORK = (function, items)
    try:
        with _forking():
            pool = multiprocessing.get_context("fork").Pool(workers, worker_setup)
        with pool:
            others = pool.map_async(_one, rest, chunksize=chunk)
            return [function(item) for item in items[:own]] + others.get()
    finally:
        _WORK = ()


def each_here_too(function: Callable[[Item], Result], items: Sequence[Item],
                  worth_it: bool = True) -> list[Result]:
    """`each` with a share worked here (`here_too`)."""
    return each(function, items, worth_it, here_too=True)


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


class Later(Generic[Result]):
    """A piece of work going on beside the build (`later`), and its result when it is done."""

    def __init__(self, function: Callable[[], Result], behind: bool,
                 failed: Callable[[], Result] | None = None) -> None:
        self.function = function
        self.failed = failed or function
        self.pid = 0
        if not behind:
            self.value = function()  # here, at once: no process to wait for
            return
        read, write = os.pipe()
        with _forking():
            self.pid = os.fork()
        if self.pid == 0:  # the forked copy: work, send the result, end without cleaning up
            os.close(read)
            _work_behind(function, write)
        os.close(write)
        self.pipe = os.fdopen(read, "rb")

    @property
    def behind(self) -> bool:
        """Whether the work goes on in another process (not yet collected)."""
        return self.pid != 0

    def result(self) -> Result:
        """The function's result: waits for the process. Where that process failed (a bug,
        memory), `failed()` gives it: by default the function runs again here, so that its
        error is this process's."""
        if self.pid:
            with self.pipe:
                sent = self.pipe.read()
            os.waitpid(self.pid, 0)
            self.pid = 0
            done, value = pickle.loads(sent) if sent else (False, None)
            self.value = value if done else self.failed()
        return self.value

    def cancel(self) -> None:
        """The build stopped: end the process, whose result nobody will ask for."""
        if self.pid:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            self.pipe.close()
            self.pid = 0


def later(function: Callable[[], Result], worth_it: bool = True,
          failed: Callable[[], Result] | None = None) -> Later[Result]:
    """`function()` worked in a forked copy of this process, on the core this one leaves it,
    while this one goes on; `.result()` collects it where it is needed (or `failed()` where
    the forked copy failed: by default, the function worked here). Where it is not `worth_it`
    (the caller knows what the work costs) or the machine has one core or cannot fork, it is
    worked here, at once."""
    return Later(function, worth_it and available() > 1, failed)


def _work_behind(function: Callable[[], object], write: int) -> None:
    """In the forked copy: the function's result (or that it failed) down the pipe; then the
    copy ends at once (no exit handlers of the build it copied)."""
    global _BEHIND
    _BEHIND = True
    try:
        try:
            sent = pickle.dumps((True, function()), pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the build runs it again and reports it
            sent = pickle.dumps((False, None))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(sent)
    finally:
        os._exit(0)


@contextmanager
def _forking() -> Iterator[None]:
    """Around a fork: the objects this process holds (a loaded curriculum, a build's pages)
    are frozen out of the garbage collector for the forked copies, which then never walk
    them (a full collection of a large build, tenths of a second, in each copy, and every
    page of memory it touches copied), as Python's `gc.freeze` documentation advises. Here
    they are given back to the collector at once (unless something froze them before)."""
    ours, parent = gc.get_freeze_count() == 0, os.getpid()
    gc.freeze()
    try:
        yield
    finally:
        if ours and os.getpid() == parent:  # a forked copy keeps them frozen
            gc.unfreeze()


def hold_still() -> None:
    """What this process holds now (a loaded curriculum, converted pages) lives until the
    build ends: frozen out of the garbage collector's full collections (`gc.freeze`), which
    would walk all of it again and again for the few cycles the new objects make (tenths of
    a second each, in the middle of the build, at 500 modules). Objects still go when
    nothing refers to them; only a cycle among them waits for `let_go`."""
    global _HELD
    if _HELD or gc.get_freeze_count() == 0:  # else someone else froze them, and thaws them
        _HELD = True
        gc.freeze()


def let_go() -> None:
    """The build ended: what `hold_still` froze is the collector's again."""
    global _HELD
    if _HELD:
        gc.unfreeze()
        _HELD = False


_HELD = False


def no_collection_at_exit() -> None:
    """A large build leaves millions of objects, which Python's exit walks in full
    collections only to find the few cycles among them (half a second at 500 modules, on one
    core, after the site is written). Frozen when this process exits (`gc.freeze`), they are
    freed as the interpreter ends, without those walks; a cycle left then is not finalized,
    which Python never promised at exit."""
    global _FROZEN_AT_EXIT
    if not _FROZEN_AT_EXIT:  # once, however many builds this process runs
        _FROZEN_AT_EXIT = True
        atexit.register(gc.freeze)


_FROZEN_AT_EXIT = False


def available() -> int:
    """How many processes `each` can run at once: the cores this process may run on, or 1
    where it cannot fork (`each` hands its work to forked copies of this process) or works
    in the background of another (`later`)."""
    if _BEHIND or "fork" not in multiprocessing.get_all_start_methods():
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
