"""Work on every core: forked processes that see the parent's objects as they are.

A build's large pieces of work (converting pages, rendering the planner's kits, finding the
facilitator passages) are pure functions of objects the build already holds: a curriculum, a
MkDocs page. Forked workers read those objects from the parent's memory (nothing is pickled
on the way in: only an item's index), and send back plain results. Where forking is not
available, or the work is too small to pay for the processes, it runs here, in order.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import select
import signal
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
         worker_setup: Callable[[], None] | None = None) -> list[Result]:
    """`[function(item) for item in items]`, on every core when `worth_it` (the caller knows
    what an item costs) and the machine has more than one core and can fork."""
    processes = min(available(), len(items))
    if not worth_it or processes < 2:
        return [function(item) for item in items]
    chunk = max(1, len(items) // (processes * 8))  # small tasks even out the cores
    global _WORK
    _WORK = (function, items)
    try:
        with set_aside():
            pool = multiprocessing.get_context("fork").Pool(processes, worker_setup)
        with pool:
            return pool.map(_one, range(len(items)), chunksize=chunk)
    finally:
        _WORK = ()


def each_here_too(function: Callable[[Item], Result], items: Sequence[Item],
                  worth_it: bool = True) -> list[Result]:
    """`each`, with this process working too, for work whose results cost much to send back
    (a loaded module): this process takes the items from the front, forked copies take them
    from the back, one at a time, until they meet, and each copy sends each result as soon as
    it has it, which this process receives between its own items. So no core waits for
    another: a copy that is slowed down (a busy machine) or pays for sending its results
    works fewer items, and the last results are not all sent (and read) at the end."""
    processes = min(available(), len(items))
    if not worth_it or processes < 2:
        return [function(item) for item in items]
    with _Shared(function, items, processes - 1) as shared:
        return shared.results()


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


LOCK_PATIENCE = 5.0
"""Seconds a process waits for `_Shared`'s lock, which is held for a few instructions at a
time: a longer wait means that its holder died holding it (a copy killed by the kernel for
memory, say), and no process may ever take it again. Work goes on here rather than hang."""


class _Shared(Generic[Item, Result]):
    """The items of `each_here_too` shared between this process and `copies` forked ones:
    two counters in shared memory, the front (this process's next item) and the back (the
    copies' next), under one lock. This process works the first item, each copy starts with
    one of the last ones: whichever is slowed down, every process works a share that begins
    (or ends) the list, and no copy is forked for nothing. A copy sends (index, result) down
    its pipe after each item and ends when the counters meet; an item a copy took and never
    sent (the copy failed) is worked here, so that its error is this process's."""

    def __init__(self, function: Callable[[Item], Result], items: Sequence[Item],
                 copies: int) -> None:
        self.function, self.items = function, items
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.ends = context.RawArray("q", [1, len(items) - 1 - copies])  # front, back
        self.done: dict[int, Result] = {}
        self.pipes: dict[int, multiprocessing.connection.Connection] = {}  # by pid
        self.polled = select.poll()  # every pipe: which has results
        self.each: dict[int, select.poll] = {}  # by pid: whether its pipe has more
        self.fds: dict[int, int] = {}  # pid by pipe
        for copy in range(copies):
            self._fork(len(items) - 1 - copy)

    def _fork(self, first: int) -> None:
        read, write = multiprocessing.Pipe(duplex=False)
        _roomy(write)
        with set_aside():
            pid = os.fork()
        if pid == 0:
            read.close()
            self._work_as_copy(first, write)
        write.close()
        self.pipes[pid], self.fds[read.fileno()] = read, pid
        self.each[pid] = select.poll()
        self.each[pid].register(read.fileno(), select.POLLIN)
        self.polled.register(read.fileno(), select.POLLIN)

    def _work_as_copy(self, index: int | None, pipe) -> None:
        """In a forked copy: its items from the back, each result sent at once; then it ends
        at once (no exit handlers of the process it copied)."""
        global _BEHIND
        _BEHIND = True
        try:
            while index is not None:
                pipe.send((index, self.function(self.items[index])))
                index = self._take(back=True)
        finally:
            os._exit(0)

    def _take(self, back: bool) -> int | None:
        """The next item's index from the front or the back, None when all are taken (or
        the counters' lock is lost: see LOCK_PATIENCE)."""
        if not self.lock.acquire(timeout=LOCK_PATIENCE):
            return self._lock_lost(back)
        try:
            front, last = self.ends
            if front > last:
                return None
            self.ends[back] = last - 1 if back else front + 1
            return last if back else front
        finally:
            self.lock.release()

    def _lock_lost(self, back: bool) -> None:
        """No process takes another item: a copy ends, and this process ends the copies
        (whose results so far it keeps) and works every item none of them sent."""
        if not back:
            self._receive(wait=False)
            self._end_copies()

    def results(self) -> list[Result]:
        """Every item's result, in the items' order: this process's items from the front,
        the copies' results read between them; then the copies' last ones."""
        index: int | None = 0  # this process's own first item
        while index is not None:
            self.done[index] = self.function(self.items[index])
            self._receive(wait=False)
            index = self._take(back=False)
        while self.pipes:
            self._receive(wait=True)
        done, function, items = self.done, self.function, self.items
        return [done[index] if index in done else function(items[index])  # a copy failed
                for index in range(len(items))]

    def _receive(self, wait: bool) -> None:
        """The results the copies sent (waiting for one, if `wait`); a copy that ended
        (its pipe closed) is collected. (`select.poll`, not `multiprocessing`'s `wait`,
        which makes a selector for each call: twice an item.)"""
        for fd, _ in self.polled.poll(None if wait else 0):
            pid = self.fds[fd]
            pipe, more = self.pipes[pid], self.each[pid].poll
            try:
                while True:
                    index, result = pipe.recv()
                    self.done[index] = result
                    if not more(0):
                        break
            except EOFError:
                self._collect(pid)

    def _collect(self, pid: int) -> None:
        pipe = self.pipes.pop(pid)
        self.polled.unregister(pipe.fileno())
        del self.fds[pipe.fileno()], self.each[pid]
        pipe.close()
        os.waitpid(pid, 0)

    def __enter__(self) -> _Shared[Item, Result]:
        return self

    def __exit__(self, *failed) -> None:
        """On the way out of a failure here, the copies still at work are ended."""
        self._end_copies()

    def _end_copies(self) -> None:
        for pid in list(self.pipes):
            os.kill(pid, signal.SIGKILL)
            self._collect(pid)


def _roomy(pipe) -> None:
    """A pipe that holds many results (Linux: 1 MiB, as far as allowed), so that a copy
    seldom waits for this process to read, which it does between its own items."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl  # not on Windows (which cannot fork either)

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


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
        with set_aside():
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
def set_aside() -> Iterator[None]:
    """The objects this process holds (a loaded curriculum, a build's pages) frozen out of
    the garbage collector's full collections while the block runs, and given back after
    (unless something froze them before: then its thaw is its own). Around a fork, the
    forked copies never walk them (a full collection of a large build, tenths of a second,
    in each copy, and every page of memory it touches copied), as Python's `gc.freeze`
    documentation advises; around a PDF render, WeasyPrint's collections, which come often
    (it makes objects by the million), walk only what it made (a fifth of a packet's time)."""
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
