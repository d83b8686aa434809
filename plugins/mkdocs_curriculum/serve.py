"""`mkdocs serve` rebuilds what an edit changed: the plugin's side of MkDocs' dirty builds.

MkDocs 1.6's serve rebuilds the whole site after every edit; with `--dirty` it skips pages
whose source file is older than their output, which leaves stale navigation, titles and
search entries in the others (MkDocs says so in a warning). Here the plugin keeps the previous
build and decides itself, page by page, with the keys of rebuild.py:

- a page whose Markdown (and what its links resolve to) is unchanged is not converted again:
  its title, front matter, content and table of contents are those of the previous build;
- a page whose HTML inputs (that content, its navigation as it shows it, its neighbours) are
  unchanged is not written again: its file from the previous build stays;
- the search index keeps the entries of the pages not rebuilt, in the order of a full build;
- outputs whose source is gone are removed; packets are made only for what changed;
- a generated file (the planner's kits and data, labels, calendars) whose content is that of
  the previous build is not written again, and the theme's templates are not compiled again
  (MkDocs makes a new Jinja environment for every build), nor its folders listed again.

A rebuild is one of these when the previous build finished and only the authors' content
changed (curriculum folder, modules, docs folder); a change to mkdocs.yml or the theme, or a
failed build, gets MkDocs' full rebuild. The result equals a fresh build
(tests/test_serve.py edits a curriculum and compares).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from hashlib import sha256
from pathlib import Path

import jinja2
from mkdocs.commands import serve as serve_command
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .layout import Layout
from .load import KeptModules
from .model import Curriculum
from .packet import RendersAhead, site_outputs
from .page_cache import includes_files, named_files
from .rebuild import (
    EVERY_PACKET,
    NavNode,
    PacketScope,
    Snapshot,
    changed_files,
    digest,
    packet_scope,
    shown_nav,
    snapshot,
)
from .render import KeptPages

_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class PageMemo:
    """A page as the previous build left it."""

    markdown_key: str
    page_key: str
    markdown: str | None
    meta: dict
    content: str | None
    toc: object
    title: str | None
    anchors: set[str] | None = None
    """The page's anchors, which links from pages converted again are checked against."""


@contextmanager
def dirty_builds() -> Iterator[None]:
    """MkDocs' serve calls `build(config, serve_url=..., dirty=<--dirty>)` for each rebuild and
    offers no hook to choose: its `build` is made dirty for the length of one rebuild."""
    full = serve_command.build
    serve_command.build = lambda config, **options: full(config, **{**options, "dirty": True})
    try:
        yield
    finally:
        serve_command.build = full


class _QuietDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build leaves stale navigation; this one does not (and the
    warning would fail `mkdocs serve --strict`)."""

    def __init__(self, served: ServedSite) -> None:
        super().__init__()
        self.served = served

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.served.incremental and record.getMessage().startswith(_DIRTY_WARNING))


class ServedSite:
    """The previous build under `mkdocs serve`, and the next rebuild, which starts from it."""

    def __init__(self) -> None:
        self._forget()
        self._compiled = _CompiledTemplates()
        self._listed = _ListedTemplates()
        self._quiet = _QuietDirtyWarning(self)
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)
        self.renderer = RendersAhead()
        """The renderer of the PDFs each rebuild changes, beside its pages."""

    def close(self) -> None:
        """When serve stops."""
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        self.renderer.close()

    def _forget(self) -> None:
        self.pages: dict[str, PageMemo] = {}
        self.search: dict[str, list] = {}
        self.outputs: set[str] = set()
        self.packets: set[Path] = set()
        self.ids: dict[str, list[str]] = {}
        self.generated: dict[str, str] = {}
        """The digest of each generated file's content by its output, as last written."""
        self.sources: Snapshot = {}
        self.pending: Snapshot | None = None
        self.changed: set[Path] = set()
        self.trusted = False
        """The previous build finished: what it left in the site folder is whole."""
        self.incremental = False
        """This build starts from the previous one (otherwise it is MkDocs' full build)."""
        self.rebuilt: dict[str, bool] = {}
        self.layout: Layout | None = None
        self.modules = KeptModules()
        """The modules as last loaded: a rebuild loads again only those whose folder changed."""
        self.rendered = KeptPages()
        """The modules' pages as last rendered: a rebuild renders again only those of the
        modules that changed (all of them when what they print of the rest changed)."""

    # -- the rebuild -----------------------------------------------------------------------

    def rebuilder(self, builder: Callable[[], None]) -> Callable[[], None]:
        """What the live-reload server calls after an edit, in place of MkDocs' `builder`."""
        def rebuild() -> None:
            after = snapshot(self._watched())
            self.changed = changed_files(self.sources, after)
            # An edit seen nowhere in the sources (a hook, a `watch:` folder) gets a full build.
            self.incremental = self.trusted and bool(self.changed) \
                and all(map(self._content, self.changed))
            self.pending, self.trusted = after, False
            if self.incremental:
                with dirty_builds():
                    builder()
            else:
                builder()
        return rebuild

    def begin(self, layout: Layout) -> None:
        """At the start of a build (on_config): the sources as they are, for the next one."""
        if self.layout is not None and self.layout != layout:  # another site: start afresh
            self._forget()
        self.layout = layout
        if self.pending is None:
            self.pending = snapshot(self._watched())

    def _watched(self) -> list[Path]:
        layout = self.layout
        if layout is None:
            return []
        folders = [layout.curriculum_dir, layout.modules_dir, layout.pages_dir, layout.theme_dir]
        return [*folders, *([layout.config_file] if layout.config_file else [])]

    def _content(self, path: Path) -> bool:
        """Whether `path` is the authors' content (not mkdocs.yml, not the theme)."""
        layout = self.layout
        assert layout is not None
        if path.is_relative_to(layout.theme_dir):
            return False
        return any(path.is_relative_to(folder)
                   for folder in (layout.curriculum_dir, layout.modules_dir, layout.pages_dir))

    # -- which pages (on_files, on_env) ------------------------------------------------------

    def files(self, files: Files, config) -> None:
        """Decide which pages to convert again; remove outputs whose source is gone."""
        context = _context_key(files, config)
        outputs = {file.abs_dest_path for file in files}
        if self.incremental:
            _remove(self.outputs - outputs, Path(config.site_dir))
        self.outputs = outputs
        self.rebuilt = {}
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            markdown = file.content_string
            key = digest(context, markdown)
            memo = self.pages.get(file.src_uri)
            self.rebuilt[file.src_uri] = not self.incremental or memo is None \
                or memo.markdown_key != key or includes_files(config, markdown)
            self.pages[file.src_uri] = _keyed(memo, key)
            if self.incremental:
                file.is_modified = partial(self.rebuilt.__getitem__, file.src_uri)

    def converts(self, file: File) -> bool:
        """Whether this build converts the page of `file` (after `files`): a page whose
        Markdown is unchanged keeps the previous conversion and is never read."""
        return self.rebuilt.get(file.src_uri, True)

    def pages_converted(self, files: Files, nav: Navigation, config) -> None:
        """After the pages are converted (on_env): give the others their previous state, then
        decide which pages to write again."""
        pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                 if f.page is not None]
        for page in pages:
            if not self.rebuilt[page.file.src_uri]:
                _restore(page, self.pages[page.file.src_uri])
        nodes, sections = _nav_nodes(nav.items)
        features = config.theme.get("features") or []
        pruned = "navigation.prune" in features and not {
            "navigation.tabs", "navigation.sections"} & set(features)
        site, navs = _site_key(config), {}  # a section's pages show the same navigation
        for page in pages:
            memo = self.pages[page.file.src_uri]
            active = frozenset(id(sections[id(s)]) for s in page.ancestors if id(s) in sections)
            if active not in navs:
                navs[active] = digest(shown_nav(nodes, set(active), pruned))
            key = _page_key(page, navs[active], site + memo.markdown_key)
            self.rebuilt[page.file.src_uri] = not self.incremental or memo.page_key != key
            self.pages[page.file.src_uri] = _remembered(page, memo.markdown_key, key)
        known = {page.file.src_uri for page in pages}
        self.pages = {uri: memo for uri, memo in self.pages.items() if uri in known}

    def compile_once(self, theme) -> None:
        """Every Jinja environment of this build's theme (MkDocs' for the pages, Material's
        search for its words) takes the templates compiled by the previous builds, and, in an
        incremental rebuild, the theme's files as the previous build listed them."""
        make = theme.get_env
        theme.get_env = lambda: self._listed.serve(self._compiled.serve(make()),
                                                   self.incremental)

    def before_writing(self, files: Files) -> None:
        """After the pages are converted (on_env), before MkDocs writes: generated files
        whose content is unchanged are not written again."""
        written, self.generated = self.generated, {}
        for file in files:
            if file.abs_src_path is not None or file.is_documentation_page():
                continue  # a copied file (MkDocs compares times) or a page (`pages_converted`)
            self.generated[file.abs_dest_path] = key = sha256(file.content_bytes).hexdigest()
            if self.incremental and written.get(file.abs_dest_path) == key \
                    and Path(file.abs_dest_path).is_file():
                file.is_modified = _unmodified  # type: ignore[method-assign]

    # -- after the build (on_post_build) -----------------------------------------------------

    def search_index(self, config, files: Files) -> None:
        """The search index of a full build: entries of pages not rebuilt are the previous."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        found: dict[str, list] = {}
        for entry in data.get("docs", []):
            found.setdefault(entry["location"].split("#")[0], []).append(entry)
        urls = [f.page.url for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                if f.page is not None]
        if self.incremental:
            fresh = found
            found = {url: fresh[url] if url in fresh else self.search.get(url, []) for url in urls}
            data["docs"] = [entry for url in urls for entry in found[url]]
            path.write_text(json.dumps(data, separators=(",", ":"), default=str),
                            encoding="utf-8")
        self.search = found

    def packet_scope(self, curriculum: Curriculum) -> PacketScope:
        """The packets this build makes: all, or those the changed sources reach."""
        if not self.incremental or self.layout is None:
            return EVERY_PACKET
        return packet_scope(self.changed, self.layout, curriculum, self.ids)

    def finish(self, curriculum: Curriculum, packets: bool) -> None:
        """The build is whole: remember its sources; remove packets of what is gone."""
        assert self.layout is not None
        written = site_outputs(curriculum, self.layout.site_dir) if packets else set()
        if self.incremental:
            _remove({str(path) for path in self.packets - written}, self.layout.site_dir)
        self.packets = written
        self.ids = {"modules": list(curriculum.modules), "sessions": list(curriculum.sessions)}
        self.sources, self.pending, self.trusted = self.pending or {}, None, True


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates as compiled by the previous builds of this serve, in memory. Jinja takes one
    only if its source is unchanged (it checks the checksum of the source); `kind` keeps apart
    environments that would compile the same source differently."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], bytes] = {}
        self.kind = ""

    def serve(self, env: jinja2.Environment) -> jinja2.Environment:
        """`env`, compiling its templates through this cache."""
        syntax = ("block_start_string", "block_end_string", "variable_start_string",
                  "variable_end_string", "comment_start_string", "comment_end_string",
                  "line_statement_prefix", "line_comment_prefix", "trim_blocks",
                  "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized")
        self.kind = digest(sorted(env.extensions), repr(env.autoescape),
                           env.finalize is not None, [getattr(env, name) for name in syntax])
        env.bytecode_cache = self
        return env

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get((self.kind, bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[(self.kind, bucket.key)] = bucket.bytecode_to_string()


class _ListedTemplates:
    """The theme's files as a build listed them (`Files.add_files_from_theme` walks the theme
    folders, Material's thousands of icons among them, and filters every name), kept while
    rebuilds are incremental: neither mkdocs.yml nor the theme folder changed since."""

    def __init__(self) -> None:
        self.listed: dict[tuple, list[str]] = {}

    def serve(self, env: jinja2.Environment, keep: bool) -> jinja2.Environment:
        """`env`, listing its templates from this build's or the previous build's listing."""
        if not keep:
            self.listed = {}
        listing = env.list_templates

        def list_templates(extensions=None, filter_func=None) -> list[str]:
            # The filter is MkDocs' (a function of mkdocs.yml, unchanged): keyed by its code.
            key = (tuple(extensions or ()), getattr(filter_func, "__code__", filter_func))
            if key not in self.listed:
                self.listed[key] = listing(extensions, filter_func)
            return list(self.listed[key])

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env


def _unmodified() -> bool:
    """`File.is_modified` of a generated file whose output holds its content already."""
    return False


def _context_key(files: Files, config) -> str:
    """What every page's conversion depends on besides its Markdown: where each file is
    published (links resolve through it), the Markdown settings and the files they name."""
    addresses = sorted((f.src_uri, f.dest_uri) for f in files)
    return digest(addresses, config.markdown_extensions, config.mdx_configs,
                  named_files(config), config.use_directory_urls)


def _site_key(config) -> str:
    """What every page prints of the configuration, which the plugin sets in part from the
    curriculum (the theme's language, the words of `extra`): all of it but the plugins."""
    theme = {name: config.theme[name] for name in config.theme}
    return digest(theme, *(config[name] for name in sorted(config) if name != "plugins"))


def _keyed(memo: PageMemo | None, markdown_key: str) -> PageMemo:
    """The previous state of a page whose Markdown is unchanged; a blank one otherwise."""
    if memo is not None and memo.markdown_key == markdown_key:
        return memo
    return PageMemo(markdown_key, "", None, {}, None, None, None)


def _restore(page: Page, memo: PageMemo) -> None:
    """A page not converted again gets what converting it gave last time."""
    page.markdown, page.meta, page.content = memo.markdown, memo.meta, memo.content
    page.toc = memo.toc  # type: ignore[assignment]
    page._title_from_render = memo.title
    page.present_anchor_ids = memo.anchors


def _remembered(page: Page, markdown_key: str, page_key: str) -> PageMemo:
    return PageMemo(markdown_key, page_key, page.markdown, page.meta, page.content, page.toc,
                    page._title_from_render, page.present_anchor_ids)


def _page_key(page: Page, nav: str, markdown_key: str) -> str:
    """Everything of a page the theme prints: its own content and title, its table of
    contents, the navigation as it shows it (`nav`, digested), its neighbours."""
    def neighbour(other: Page | None) -> tuple | None:
        return (other.title, other.url) if other is not None else None

    return digest(markdown_key, page.content, _toc(page.toc), page.title, page.meta, page.url,
                  page.canonical_url, page.edit_url, nav, neighbour(page.previous_page),
                  neighbour(page.next_page), page.file.inclusion)


def _toc(items) -> list:
    return [(item.title, item.url, item.level, _toc(item.children)) for item in items]


def _nav_nodes(items) -> tuple[list[NavNode], dict[int, NavNode]]:
    """MkDocs' navigation as plain nodes, and each section's node by the section's id."""
    sections: dict[int, NavNode] = {}

    def node(item) -> NavNode:
        if isinstance(item, Section):
            made = NavNode(str(item.title), None, "", tuple(node(child) for child in item.children))
            sections[id(item)] = made
            return made
        meta = getattr(item, "meta", None) or {}
        shown = {key: meta[key] for key in ("icon", "status", "subtitle") if key in meta}
        return NavNode(str(item.title), item.url, repr(shown))

    return [node(item) for item in items], sections


def _remove(paths: set[str], site_dir: Path) -> None:
    """Delete outputs whose source is gone, and the folders they leave empty."""
    for name in sorted(paths):
        path = Path(name)
        if path.is_file():
            path.unlink()
        folder = path.parent
        while folder != site_dir and folder.is_relative_to(site_dir) and folder.is_dir() \
                and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
