"""Where everything an author writes is published, and where a link between sources leads.

Every page and file of the site has a fixed address (its `src_uri`, the path MkDocs knows it
by). `SiteMap` holds them all, each with the source file it is made from: `overview.md` of a
module becomes its page `modules/<id>/index.md`, `facilitator.md` its guide, a handout and a
file beside a module (`fig/x.svg`) keep their path inside the module folder, a general guide
`curriculum/guides/<id>.md` becomes `guides/<id>.md`, the docs folder's pages and files keep
theirs. Authors link to source files as they lie on disk; `resolve` turns such a link into the
entry it names, and every output (site, export, packets, `check`) asks it, so that a link means
the same everywhere.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from .markdown_links import find_links, replace_targets
from .model import Asset, Curriculum, Document, Module

# -- the address of each page -----------------------------------------------------------------

CATALOG = "catalog/index.md"
MODULES = "modules/index.md"
PATHS = "paths/index.md"
SESSIONS = "sessions/index.md"
GUIDES = "guides/index.md"
RUN = "run/index.md"
SCREEN = "screen/index.md"
PLANNER = "planner/index.md"
LISTS = {CATALOG: "the catalog", MODULES: "the list of all modules",
         PATHS: "the list of all paths", SESSIONS: "the list of all sessions",
         GUIDES: "the list of all guides", RUN: "the run-of-show view for planned sessions",
         SCREEN: "the room's screen for planned sessions", PLANNER: "the session planner"}
"""The pages the site makes of the whole curriculum, which have no source file of their own
and which no source may take the place of."""


def module_uri(module_id: str) -> str:
    return f"modules/{module_id}/index.md"


def guide_uri(module_id: str) -> str:
    return f"modules/{module_id}/guide.md"


def handout_uri(module: Module, handout: Document) -> str:
    """`modules/<id>/handouts/<name>.md`: the handout's path in its module folder, kept."""
    inside = handout.file[len(module.folder) + 1:]
    if not inside.startswith("handouts/"):
        inside = f"handouts/{inside}"
    return f"modules/{module.id}/{inside}"


def path_uri(path_id: str) -> str:
    return f"paths/{path_id}.md"


def session_uri(session_id: str) -> str:
    return f"sessions/{session_id}.md"


def evaluation_uri(session_id: str) -> str:
    """A session's printable evaluation form: `sessions/<id>/evaluation.md`, beside its
    packets (the session page is `sessions/<id>.md`, served at `sessions/<id>/`)."""
    return f"sessions/{session_id}/evaluation.md"


def general_guide_uri(guide_id: str) -> str:
    return f"guides/{guide_id}.md"


def run_uri(session_id: str) -> str:
    """`sessions/<id>/run.md`: the session's run-of-show view, for the facilitator's phone."""
    return f"sessions/{session_id}/run.md"


def screen_uri(session_id: str) -> str:
    """`sessions/<id>/screen.md`: the session's screen for the room (a projector)."""
    return f"sessions/{session_id}/screen.md"


def calendar_uri(session_id: str) -> str:
    """`sessions/<id>/<id>.ics`: a dated session's calendar, in its session's folder (beside
    its packets), named like the session so that a downloaded copy says which it is."""
    return f"sessions/{session_id}/{session_id}.ics"


@dataclass(frozen=True)
class Address:
    """Where one source becomes a page: the page's path, and where the source names it."""

    uri: str
    file: str
    line: int
    field: str
    got: str


def page_addresses(curriculum: Curriculum) -> list[Address]:
    """The page of every source, in a fixed order; rules check that no two share one."""
    found = []
    for module in sorted(curriculum.modules.values(), key=lambda m: m.id):
        found.append(Address(module_uri(module.id), module.file, 1, "id", module.id))
        if module.guide is not None:
            found.append(Address(guide_uri(module.id), module.guide.file, 1, "file", "guide"))
        for handout in module.handouts:
            name = handout.file[len(module.folder) + 1:]
            found.append(Address(handout_uri(module, handout), module.file, handout.line("ref"),
                                 "handouts", name))
    for items, uri in ((curriculum.paths, path_uri), (curriculum.sessions, session_uri),
                       (curriculum.guides, general_guide_uri)):
        found += [Address(uri(item.id), item.file, 1, "id", item.id)
                  for item in sorted(items.values(), key=lambda i: i.file)]
    return found


def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL path a page or file is served at, from the site's root, as MkDocs makes it:
    `modules/x/guide.md` -> `modules/x/guide/` (or `modules/x/guide.html`), `a/index.md` -> `a/`.
    """
    if not uri.endswith(".md"):
        return uri
    folder, name = posixpath.split(uri[:-3])
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if directory_urls:
        return f"{folder}/{name}/" if folder else f"{name}/"
    return f"{uri[:-3]}.html"


def page_file(uri: str, directory_urls: bool = True) -> str:
    """The file a page is written to, from the site's folder: `sessions/x/screen.md` ->
    `sessions/x/screen/index.html` (or `sessions/x/screen.html`); what a build names."""
    url = page_url(uri, directory_urls)
    return f"{url}index.html" if url.endswith("/") or not url else url


def relative_url(target: str, base: str) -> str:
    """The relative URL from the page at URL path `base` to URL path `target`."""
    start = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    relative = posixpath.relpath(target or ".", start.rstrip("/") or ".")
    if target.endswith("/") or not target:
        relative = "./" if relative == "." else relative + "/"
    return relative


# -- what the sources became ------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One page or file of the site: its address and the source file it is made from.

    `source` is the author's Markdown a page prints (None for pages made from the whole
    curriculum, such as the catalog); for a file published as it is, the file itself.
    """

    uri: str
    source: str | None
    page: bool = True


EXTERNAL, ABSOLUTE, SELF, RELATIVE = "external", "absolute", "self", "relative"


@dataclass(frozen=True)
class Target:
    """A link's target, taken apart: what kind it is, its path (unquoted), query and fragment."""

    kind: str
    path: str = ""
    query: str = ""
    fragment: str = ""

    @classmethod
    def of(cls, written: str) -> Target:
        """`https://x` is external, `/x` absolute, `#x` (or `?x`) on this page, else relative."""
        parts = urlsplit(written.strip())
        if parts.scheme or parts.netloc or written.strip().startswith("//"):
            return cls(EXTERNAL, written.strip())
        kind = ABSOLUTE if parts.path.startswith("/") else RELATIVE if parts.path else SELF
        return cls(kind, unquote(parts.path), parts.query, parts.fragment)

    def suffix(self) -> str:
        """The query and fragment, as they are written after a path."""
        return (f"?{self.query}" if self.query else "") + (
            f"#{self.fragment}" if self.fragment else "")


class SiteMap:
    """Every page and file of the site, by address and by the source file it is made from."""

    def __init__(self, entries: list[Entry], aliases: dict[str, str] | None = None) -> None:
        self.by_uri = {entry.uri: entry for entry in entries}
        self.by_source = {entry.source: entry for entry in entries if entry.source}
        for alias, uri in (aliases or {}).items():
            self.by_source.setdefault(alias, self.by_uri[uri])

    @classmethod
    def of(cls, curriculum: Curriculum) -> SiteMap:
        """The map of a loaded curriculum (see the module docstring for the rules)."""
        entries = [Entry(uri, None) for uri in LISTS]
        aliases: dict[str, str] = {}
        for module in curriculum.modules.values():
            entries += _module_entries(module)
            aliases[module.file] = module_uri(module.id)
        for path in curriculum.paths.values():
            entries.append(Entry(path_uri(path.id), path.file))
        for session in curriculum.sessions.values():
            entries.append(Entry(session_uri(session.id), session.file))
            entries.append(Entry(evaluation_uri(session.id), None))
            entries += [Entry(run_uri(session.id), None), Entry(screen_uri(session.id), None)]
        for guide in curriculum.guides.values():
            entries.append(Entry(general_guide_uri(guide.id), guide.file))
        for uri, doc in curriculum.docs.items():
            entries.append(Entry(uri, doc.file))
        for asset in (*curriculum.guide_assets, *curriculum.docs_assets):
            entries.append(Entry(asset.uri, asset.file, page=False))
        return cls(entries, aliases)

    def page_of(self, source: str) -> str | None:
        """The address of the page (or file) made from `source`, if it is published."""
        entry = self.by_source.get(source)
        return entry.uri if entry else None

    def resolve(self, source: str, target: Target) -> Entry | None:
        """The entry a relative link written in `source` names, if any.

        Its path is read first as a source file beside `source` (the convention), then as an
        address beside the page made from `source` (for the pages that have no source file,
        such as `catalog/index.md`, and links written by page address).
        """
        if target.kind != RELATIVE or target.path.endswith("/"):
            return None  # a folder is no page: MkDocs leaves such links as they are
        entry = self.by_source.get(_join(posixpath.dirname(source), target.path))
        page = self.page_of(source)
        if entry is None and page is not None:
            entry = self.by_uri.get(_join(posixpath.dirname(page), target.path))
        return entry

    def site_link(self, source: str, target: Target, html: bool = False,
                  directory_urls: bool = True) -> str | None:
        """A relative link written in `source`, as the page made from `source` must write it:
        for Markdown, to the target's address (MkDocs turns it into a URL); for raw HTML, which
        MkDocs leaves alone, as the URL itself. None if it names nothing published."""
        entry = self.resolve(source, target)
        page = self.page_of(source)
        if entry is None or page is None:
            return None
        if html:
            path = relative_url(page_url(entry.uri, directory_urls), page_url(page, directory_urls))
        else:
            path = posixpath.relpath(entry.uri, posixpath.dirname(page) or ".")
        return quote(path) + target.suffix()


    def url_from(self, source: str, target: Target, at: str,
                 directory_urls: bool = True) -> str | None:
        """A link written in `source`, as the URL it needs on page `at` when HTML is made
        here rather than by MkDocs: relative to `at`; a link to a heading of `source` itself
        (`#x`) leads to the page made from `source`. None if it names nothing published."""
        if target.kind == SELF and target.fragment:
            uri = self.page_of(source)
        else:
            entry = self.resolve(source, target)
            uri = entry.uri if entry else None
        if uri is None:
            return None
        path = relative_url(page_url(uri, directory_urls), page_url(at, directory_urls))
        return quote(path) + target.suffix()

    def rewrite_for(self, source: str, text: str, at: str, directory_urls: bool = True) -> str:
        """The Markdown of `source` made ready to print on page `at` as HTML made here (an
        activity's script in the run-of-show view): every link leads to its URL from `at`."""
        changes = {}
        for link in find_links(text):
            new = self.url_from(source, Target.of(link.target), at, directory_urls)
            if new is not None and new != link.target:
                changes[link] = new
        return replace_targets(text, changes)

    def rewrite(self, source: str, text: str, directory_urls: bool = True) -> str:
        """The Markdown of `source` as the page made from it must hold it: every link to a
        source file (or page) leads to what that became; anything else is left as written."""
        changes = {}
        for link in find_links(text):
            new = self.site_link(source, Target.of(link.target), link.html, directory_urls)
            if new is not None and new != link.target:
                changes[link] = new
        return replace_targets(text, changes)


def _join(folder: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(folder, path))


def _module_entries(module: Module) -> list[Entry]:
    overview = module.overview.file if module.overview else module.file
    entries = [Entry(module_uri(module.id), overview)]
    if module.guide is not None:
        entries.append(Entry(guide_uri(module.id), module.guide.file))
    entries += [Entry(handout_uri(module, handout), handout.file) for handout in module.handouts]
    entries += [Entry(asset.uri, asset.file, page=False) for asset in module.assets]
    return entries


def authored_documents(curriculum: Curriculum) -> list[Document]:
    """Every Markdown file of the authors the site prints: each module's overview, guide and
    handouts, the general guides and the docs folder's pages."""
    documents = [doc for module in curriculum.modules.values() for doc in module_documents(module)]
    return documents + list(curriculum.guides.values()) + list(curriculum.docs.values())


def module_documents(module: Module) -> list[Document]:
    """A module's Markdown files: its overview, guide and handouts."""
    return [doc for doc in (module.overview, module.guide) if doc is not None] + module.handouts


def published_files(curriculum: Curriculum) -> list[Asset]:
    """The files the curriculum publishes beside its pages (those beside the modules and the
    general guides); the docs folder's own files MkDocs publishes itself."""
    assets = [asset for module in curriculum.modules.values() for asset in module.assets]
    return assets + curriculum.guide_assets
