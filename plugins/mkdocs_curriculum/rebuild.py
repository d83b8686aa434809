"""What an edit touches, so that `mkdocs serve` rebuilds that and nothing else.

A page's HTML is made from two things: its Markdown (with what its links resolve to), and the
page's surroundings as the theme prints them (its title, table of contents, the navigation as
this page shows it, its neighbours). Each gets a key, a hash of exactly those inputs: a page
whose Markdown key is unchanged keeps its converted content, a page whose page key is
unchanged keeps its HTML. So an edit to one overview re-renders that module's page, and a
module's title change also the catalog, lists, paths, sessions and the pages whose navigation
shows the title; nothing else. Packets are chosen from the source files that changed (see
`packet_scope`); their PDFs are cached by their HTML anyway.

Plain values in, plain values out: the plugin (serve.py) reads MkDocs' objects into these.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .layout import Layout
from .model import Curriculum

Snapshot = dict[str, tuple[int, int]]
"""Every watched file -> (modification time in ns, size): how an edit is noticed."""


def digest(*parts: object) -> str:
    """A key for what `parts` print as: equal keys, equal inputs. Each part is hashed with
    its kind and length first, so that no two lists of parts hash the same bytes; a text (a
    `str`, not a subclass) as it is, anything else as its repr (a page's HTML and Markdown
    escaped character by character were most of the cost of a rebuild's keys)."""
    hasher = hashlib.sha256()
    for part in parts:
        kind, text = (b"s", part) if type(part) is str else (b"r", repr(part))
        data = str(text).encode("utf-8", "surrogatepass")
        hasher.update(b"%s%d:" % (kind, len(data)))
        hasher.update(data)
    return hasher.hexdigest()


Value = TypeVar("Value")


class LastCall:
    """Values one call works out, kept for the next call (the next rebuild under `mkdocs
    serve`), which takes those whose key is unchanged and works out the rest. Each call keeps
    only what it used, so a long session of edits does not grow it."""

    def __init__(self) -> None:
        self._before: dict[Hashable, Any] = {}
        self._now: dict[Hashable, Any] = {}

    def next_call(self) -> None:
        """A new call begins: what the last one used is what it may take."""
        self._before, self._now = self._now, {}

    def value(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """What this call or the last kept under `key`, else `make()`, kept."""
        if key not in self._now:
            self._now[key] = self._before[key] if key in self._before else make()
        return self._now[key]

    def of(self, thing: object, make: Callable[[], Value], *also: Hashable) -> Value:
        """`value` for this very object (and `also`, what else the value is made of): the
        object is kept with it, so that no other object has its identity meanwhile."""
        return self.value((id(thing), *also), lambda: (thing, make()))[1]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """The files under `paths` (folders walked, files as they are) with their stamps."""
    found: Snapshot = {}
    for path in paths:
        if path.is_file():
            found[str(path)] = _stamp(path)
        for folder, _, names in os.walk(path):
            for name in names:
                file = os.path.join(folder, name)
                found[file] = _stamp(Path(file))
    return found


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:  # gone between listing and reading: counts as changed
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)


def changed_files(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or written since `before`."""
    names = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    return {Path(name) for name in names}


# -- the navigation as one page shows it ---------------------------------------------------------

@dataclass(frozen=True)
class NavNode:
    """An item of the site navigation: a page (`url`) or a section (`children`)."""

    title: str
    url: str | None = None
    meta: str = ""
    """What the theme prints of a page's front matter in the navigation (icon, status)."""
    children: tuple[NavNode, ...] = field(default=())


def shown_nav(nodes: Iterable[NavNode], active: set[int], pruned: bool) -> list:
    """What of the navigation a page prints, as a value to key: with Material's
    `navigation.prune`, a section off the page's own branch (`active` holds the ids of the
    sections above the page) shows only its title and the link to its first page."""
    shown: list = []
    for node in nodes:
        if not node.children:
            shown.append((node.title, node.url, node.meta))
        elif pruned and id(node) not in active:
            shown.append((node.title, _first_page(node)))
        else:
            shown.append((node.title, shown_nav(node.children, active, pruned)))
    return shown


def _first_page(node: NavNode) -> str | None:
    while node.children:
        node = node.children[0]
    return node.url


# -- packets --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PacketScope:
    """The packets a rebuild remakes: sessions' packets and modules' handouts; `None` for all."""

    sessions: frozenset[str] | None = None
    modules: frozenset[str] | None = None

    def has_session(self, session_id: str) -> bool:
        return self.sessions is None or session_id in self.sessions

    def has_module(self, module_id: str) -> bool:
        return self.modules is None or module_id in self.modules


EVERY_PACKET = PacketScope()


def packet_scope(changed: Iterable[Path], layout: Layout, curriculum: Curriculum,
                 before: Mapping[str, Iterable[str]]) -> PacketScope:
    """The packets an edit of the `changed` files can change.

    A module's files reach its handouts and the packets of the sessions that run it or a
    module that builds on it (its title and facts are printed there); a session's file reaches
    its own packets. Anything else (curriculum.yml, a general guide, a template) and any module
    or session added or removed (links between documents resolve differently) reach them all.
    `before` holds the previous build's ids: {"modules": [...], "sessions": [...]}.
    """
    if set(before.get("modules", ())) != set(curriculum.modules) \
            or set(before.get("sessions", ())) != set(curriculum.sessions):
        return EVERY_PACKET
    folders = {module.folder: module.id for module in curriculum.modules.values()}
    session_files = {session.file: session.id for session in curriculum.sessions.values()}
    modules, sessions = set(), set()
    for path in changed:
        rel = layout.rel(path)
        module = folders.get(_module_folder(rel, folders))
        if module is not None:
            modules.add(module)
        elif rel in session_files:
            sessions.add(session_files[rel])
        else:
            return EVERY_PACKET
    sessions |= _sessions_showing(modules, curriculum)
    return PacketScope(frozenset(sessions), frozenset(modules))


def _module_folder(rel: str, folders: Mapping[str, str]) -> str:
    """The module folder that holds the file at `rel` (or "" for none)."""
    return next((folder for folder in folders if rel.startswith(f"{folder}/")), "")


def _sessions_showing(modules: set[str], curriculum: Curriculum) -> set[str]:
    """Sessions that run one of `modules` or a module with one of them as a prerequisite."""
    found = set()
    for session in curriculum.sessions.values():
        for block in session.blocks:
            module = curriculum.modules.get(block.module or "")
            if module and (module.id in modules or modules & set(module.prerequisites)):
                found.add(session.id)
    return found
