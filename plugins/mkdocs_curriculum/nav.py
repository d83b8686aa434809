"""The site navigation, as the plain lists and dicts of mkdocs.yml's `nav:`.

Material renders the whole navigation into every page, so a flat list of every module makes
a build grow with the square of the page count. Here each section stays small: modules are
grouped by level (in the curriculum's module order), any list longer than `limit` is split
into ranges (nested again if needed), and a module's guide and handouts are reached from its
page, not the nav. With Material's `navigation.prune`, a page then carries only its own
branch. (Not with `navigation.indexes`: every module page is an `index.md`, which that
feature would take for the index page of the module's group.)

Titles of sections are HTML-escaped here because MkDocs themes print nav titles unescaped;
pages get their titles from their `# heading`, which the renderer has already escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

from . import render
from .model import Curriculum

NavItem = str | dict[str, object]
LIMIT = 40
NOT_IN_NAV = ("/modules/*/guide.md", "/modules/*/handouts/", "/sessions/*/evaluation.md",
              "/sessions/*/run.md", "/sessions/*/screen.md", "/run/", "/screen/")
"""Pages reached from their module's or session's page rather than the nav (gitignore
patterns, as mkdocs.yml's `not_in_nav` takes them)."""


def site_nav(curriculum: Curriculum, extra_pages: Iterable[str] = (),
             limit: int = LIMIT) -> list[NavItem]:
    """Home, Catalog, Paths, Modules, Sessions, Planner, Guides, the author's other pages, About."""
    index = render.SiteIndex.of(curriculum)
    t = index.labels
    return [
        {_title(t("nav.home")): "index.md"},
        {_title(t("nav.catalog")): render.CATALOG},
        {_title(t("nav.paths")): [
            {_title(t("nav.all_paths")): render.PATHS},
            *_ranges([(p.title, render.path_uri(p.id)) for p in index.paths], limit)]},
        {_title(t("nav.modules")): [
            {_title(t("nav.all_modules")): render.MODULES},
            *_module_groups(curriculum, index, limit)]},
        {_title(t("nav.sessions")): [
            {_title(t("nav.all_sessions")): render.SESSIONS},
            *_ranges([(s.title, render.session_uri(s.id)) for s in index.sessions], limit)]},
        {_title(t("nav.planner")): render.PLANNER},
        {_title(t("nav.guides")): [
            {_title(t("nav.all_guides")): render.GUIDES},
            *_ranges([(g.title, render.general_guide_uri(g.id)) for g in index.guides], limit)]},
        *extra_pages,
        *([{_title(t("nav.about")): "about.md"}] if "about" in curriculum.pages else []),
    ]


def _module_groups(curriculum: Curriculum, index: render.SiteIndex, limit: int) -> list:
    groups: dict[str, list[tuple[str, str]]] = {key: [] for key in curriculum.levels}
    for module in index.modules:
        groups.setdefault(module.level, []).append((module.title, render.module_uri(module.id)))
    other = index.labels("level.other")
    return [{_title(curriculum.levels.get(level) or level or other): _ranges(items, limit)}
            for level, items in groups.items() if items]


def _ranges(items: list[tuple[str, str]], limit: int) -> list[NavItem]:
    """Pages in their order; more than `limit` become at most `limit` ranges such as "A–F",
    each split again while it is still too long."""
    if len(items) <= limit:
        return [uri for _, uri in items]
    count = min(limit, math.ceil(len(items) / limit))
    size = math.ceil(len(items) / count)
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    return [{_range_label(chunk[0][0], chunk[-1][0]): _ranges(chunk, limit)}
            for chunk in chunks]


def _range_label(first: str, last: str, width: int = 18) -> str:
    """Like a dictionary's guide words: "Circle of Connect… – Team Story Rounds"."""
    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[:width - 1].rstrip() + "…"
    return _title(f"{cut(first)} – {cut(last)}")


def _title(text: str) -> str:
    return html.escape(text, quote=False)


def nav_pages(nav: list[NavItem]) -> set[str]:
    """Every page (source path) the navigation lists."""
    found: set[str] = set()
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                found |= nav_pages(value)
            elif isinstance(value, str):
                found.add(value)
    return found
