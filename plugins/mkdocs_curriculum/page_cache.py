"""Markdown converted once per content: MkDocs' page conversion, cached between builds.

Python-Markdown is the largest cost of a build after the templates, and most pages of a
rebuild (another `mkdocs build`, a `mkdocs serve` reload) are made from what they were made
from last time. A page's HTML is a function of what MkDocs converts: its Markdown (after every
plugin's `on_page_markdown`), its address, the Markdown extensions and their options, the code
of those extensions, the files their options name (Material's custom icons, the snippets
appended to every page), and the site's files (links resolve against them). The key hashes all
of that; an entry holds everything `Page.render` leaves on the page, and the log lines it wrote,
which a hit writes again (a broken link still fails `--strict` on a cached page). A page that
includes another file (pymdownx.snippets' `--8<--`) is converted every build, as without the
cache: no key sees what it includes.

Entries are JSON files under the plugin's cache_dir (`markdown/`), written atomically, so two
builds can share the folder; an in-memory copy survives `mkdocs serve` rebuilds. Pages the
cache lacks are converted in a pool of forked processes when there are enough of them to pay
for it (`convert_missing`), before MkDocs asks for them one by one.

Material's search plugin parses every page's HTML again into sections (its own HTML parser,
as slow as the conversion). An entry keeps those sections too, parsed where the page was
converted, and `index_from_cache` has the search index take them from there when the page's
HTML is still what was parsed; it then makes the index's entries itself, as Material does.
The sections come from `search_text`, a reader of the HTML Python-Markdown writes that
follows Material's parser at a fraction of its cost, and from Material's parser itself for any
page that reader does not vouch for, or when Material's parser is not the one it follows.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import os
import re
import sys
import time
from functools import lru_cache, partial
from importlib import metadata
from itertools import chain
from pathlib import Path
from types import MethodType

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

try:  # Material's search: its parser of a page's HTML into sections
    from material.plugins.search.plugin import Parser as _SearchParser
    from material.plugins.search.plugin import SearchIndex as _SearchIndex
    from material.plugins.search.plugin import SearchPlugin as _SearchPlugin
except ImportError:  # pragma: no cover - another theme
    _SearchParser = _SearchIndex = _SearchPlugin = None

from . import cores, page_render, search_text
from .followed import source_digest
from .packet import write_atomic
from .rebuild import snapshot

FORMAT = 2
"""Bump when an entry's shape changes: old entries are then never read."""
KEEP_DAYS = 30
POOL_FROM = 48
"""Fewer missing pages than this are converted in this process: a pool costs more."""
WRITTEN_TOGETHER = 32
"""Pages a worker converts before it writes their entries, one after the other: a file
created between two conversions cost three times the CPU of one created right after another
(cold 500-module build, cores -> 1: the entries' files 1.05 s of CPU one by one, 0.39 s in
bursts of 64)."""
_FIELDS = frozenset({"format", "content", "toc", "title", "anchors", "links", "logs", "search"})
"""What `convert` writes in an entry, which `restore` and a hit read."""
_MEMORY: dict[str, dict] = {}
"""Entries of this process, by key: a serve rebuild reads no file for a page it had."""
_PREVIOUS: set[str] = set()
"""The keys of the previous build's pages, whose entries memory keeps (`keep_only`)."""
SNIPPETS = "pymdownx.snippets"
SNIPPET_MARK = "8<-"
"""In every marker of pymdownx.snippets (its own quick test of a line)."""
_KEYS: dict[tuple, str] = {}
"""Each key by what it is made of (`PageCache.key`), of the pages of this build and the
previous (`keep_only`): MkDocs makes a new page for every build, so that a serve rebuild
would otherwise digest every page again, those it did not convert too."""
_KEY = "_curriculum_cache_key"
"""The attribute of a page that remembers its key (`PageCache.key`)."""
_ENGINE = Page.__module__.split(".")[0]  # "mkdocs", or "properdocs" running the plugin


class PageCache:
    """Converted pages by key, in memory and in `folder`. Trouble with the folder never fails
    a build: the cache is then memory only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._build = ""

    def begin_build(self, config, files) -> None:
        """What every page of this build shares: extensions, their code and the files they
        read, the site's files."""
        self._build = _digest([FORMAT, _versions(), _code(config), _extensions(config),
                               named_files(config), _files(files), repr(config.validation),
                               config.use_directory_urls])
        if _SearchParser is not None:
            _follows_material()  # read Material's source once, here, not in every worker

    def attach(self, page: Page, config, files) -> None:
        """`page.render` goes through the cache for this build."""
        page.render = lambda config=config, files=files: self.render(page, config, files)

    def key(self, page: Page) -> str:
        """The page's entry: of this build's extensions and files, the page's address and its
        Markdown. Asked for each page four times a build (converted ahead, rendered, indexed,
        kept), the digest is remembered on the page while its Markdown is the same text."""
        known = getattr(page, _KEY, None)
        if known is not None and known[0] is page.markdown and known[1] == self._build:
            return known[2]
        made_of = (self._build, page.file.src_uri, page.url, page.markdown)
        key = _KEYS.get(made_of)
        if key is None:
            key = _KEYS[made_of] = _digest(list(made_of))
        setattr(page, _KEY, (page.markdown, self._build, key))
        return key

    def render(self, page: Page, config, files) -> None:
        """What `Page.render` does, from the cache when it holds the page."""
        key = self.key(page)
        entry = None if includes_files(config, page.markdown) else self.get(key)
        if entry is None:
            self.misses += 1
            entry = convert(page, config, files)
            self.put(key, entry)
        else:
            self.hits += 1
            _replay(entry["logs"])
        restore(page, entry, files)

    def sections(self, page: Page) -> list[dict]:
        """The search sections of the page's HTML, from its entry when they are of it: of
        the entry's HTML, which is the page's (the same text, most often the same string)
        unless a plugin changed it since; compared, not hashed again (0.1 s of the main
        process, cold 500-module build)."""
        entry = _MEMORY.get(self.key(page)) or {}
        found = entry.get("search")
        if found is None or page.content != entry["content"]:
            found = search_sections(page.content)
        return found[1]

    def get(self, key: str) -> dict | None:
        entry = _MEMORY.get(key) or self._read(key)
        if entry is not None and entry["links"] is None and _notes_links():
            return None  # converted at debug level, without the links MkDocs checks now
        return entry

    def _read(self, key: str) -> dict | None:
        path = self.folder / f"{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # a hit keeps the entry alive
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT \
                or not _FIELDS <= entry.keys():
            return None  # of another version, or damaged: converted again
        _MEMORY[key] = entry
        return entry

    def put(self, key: str, entry: dict) -> None:
        _MEMORY[key] = entry
        _keep(self.folder, key, entry)

    def keep_only(self, pages: list[Page]) -> None:
        """Memory holds the entries of this build's pages and of the previous build's (an
        edit undone, a file added then removed, finds its pages there) and no others, so that
        a long `mkdocs serve` session of edits does not grow it (the folder keeps the rest)."""
        global _PREVIOUS, _KEYS
        kept = {self.key(page) for page in pages}
        for key in _MEMORY.keys() - kept - _PREVIOUS:
            del _MEMORY[key]
        _KEYS = {made_of: key for made_of, key in _KEYS.items() if key in kept}
        _PREVIOUS = kept

    def prune(self, days: int = KEEP_DAYS) -> None:
        """Forget entries unused for `days` and temporary files a killed build left."""
        try:
            for entry in self.folder.iterdir():
                age = time.time() - entry.lstat().st_mtime
                if age > (3600 if entry.suffix == ".tmp" else days * 86400):
                    entry.unlink(missing_ok=True)
        except OSError:
            pass

    def convert_missing(self, pages: list[Page], config, files) -> None:
        """Convert the pages the cache lacks on every core (forked workers see the pages,
        config and files as they are), so MkDocs finds them all in the cache."""
        jobs = [(self.key(page), page) for page in pages]
        jobs = [(key, page) for key, page in dict(jobs).items()
                if self.get(key) is None and not includes_files(config, page.markdown)]
        if len(jobs) < POOL_FROM or cores.available() < 2:
            return  # MkDocs converts them one by one (and logs what each conversion says)
        batches = [jobs[at:at + WRITTEN_TOGETHER] for at in range(0, len(jobs), WRITTEN_TOGETHER)]
        entries = cores.each(partial(_convert_and_keep, self.folder, config=config,
                                     files=files), batches, worker_setup=_quiet_worker)
        for (key, _), entry in zip(jobs, chain.from_iterable(entries), strict=True):
            _MEMORY[key] = entry  # its file was written where it was converted


def _convert_and_keep(folder: Path, batch: list[tuple[str, Page]], config, files) -> list[dict]:
    """In a worker: the entries of a batch of pages, also written to the folder there, on
    every core while other pages convert (written here, one after the other once all were
    converted, the entries of 2,379 pages took most of a second of one core while the other
    waited). Written once the batch is converted, one after the other: `WRITTEN_TOGETHER`."""
    entries = [convert(page, config, files) for _, page in batch]
    for (key, _), entry in zip(batch, entries, strict=True):
        _keep(folder, key, entry)
    return entries


def _keep(folder: Path, key: str, entry: dict) -> None:
    """The entry's file, for the next build."""
    try:
        write_atomic(folder / f"{key}.json", json.dumps(entry).encode("utf-8"))
    except OSError:
        pass  # memory only: the next build converts the page again


def includes_files(config, markdown: str | None) -> bool:
    """Whether the page includes other files as it converts (a pymdownx.snippets marker):
    what it includes is in no key, so it is converted again."""
    return SNIPPET_MARK in (markdown or "") and SNIPPETS in _extension_modules(config)


def named_files(config) -> list:
    """The files the extensions' options name, folders walked, with their stamps (Material's
    `custom_icons`, snippets' `auto_append`): extensions read them as they convert. A folder
    that holds the project, the site or the pages (".", snippets' `base_path`) is left out:
    any edit would convert every page again; what a page includes from there is seen by
    `includes_files`."""
    broad = [Path(config[name]).resolve() for name in ("config_file_path", "site_dir",
                                                      "docs_dir")]
    named = {Path(text) for text in _texts(config.mdx_configs)} | _appended(config)
    return sorted(snapshot(path for path in named
                           if _exists(path) and not any(b.is_relative_to(path.resolve())
                                                        for b in broad)).items())


def _appended(config) -> set[Path]:
    """The files pymdownx.snippets appends to every page: `auto_append` names them from its
    base paths."""
    options = config.mdx_configs.get(SNIPPETS) or {}
    bases = options.get("base_path") or ["."]
    bases = [bases] if isinstance(bases, str) else bases
    return {Path(base, name) for base in bases for name in options.get("auto_append") or ()}


def _texts(value) -> list[str]:
    """Every string among the options (lists and mappings walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in _texts(item)] if isinstance(value, list) else []


def _exists(path: Path) -> bool:
    try:
        return str(path) != "." and path.exists()
    except (OSError, ValueError):  # a name too long, a NUL: an option that is no file
        return False


def convert(page: Page, config, files) -> dict:
    """MkDocs' own conversion of the page, and what it leaves: the cache entry."""
    capture = _Capture()
    engine = logging.getLogger(_ENGINE)
    engine.addHandler(capture)
    try:
        page_render.render(page, config, files)
    finally:
        engine.removeHandler(capture)
    links = page.links_to_anchors
    return {
        "format": FORMAT, "content": page.content, "toc": _toc_tokens(page.toc),
        "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        "logs": capture.lines, "search": search_sections(page.content),
    }


def restore(page: Page, entry: dict, files) -> None:
    """Leave on the page what `Page.render` would have."""
    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if entry["links"] is not None and _notes_links():
        found = {uri: files.get_file_from_path(uri) for uri in entry["links"]}
        page.links_to_anchors = {found[uri]: links for uri, links in entry["links"].items()
                                 if found[uri] is not None}


class _Section:
    """A page's sections as Material's search index reads them (`create_entry_for_section`)."""

    def __init__(self, section: dict) -> None:
        self.id, self.title, self.text = section["id"], section["title"], section["text"]
        self.excluded = section["excluded"]

    def is_excluded(self) -> bool:
        return self.excluded


def search_sections(html: str) -> list | None:
    """[digest of the HTML, its sections] as Material's search parser divides it."""
    if _SearchParser is None:
        return None
    found = search_text.sections(html) if _follows_material() else None
    return [_digest([html]), materials_sections(html) if found is None else found]


def materials_sections(html: str) -> list[dict]:
    """The sections of Material's own parser."""
    parser = _SearchParser()
    parser.feed(html)
    parser.close()
    return [{"id": s.id, "title": s.title, "text": s.text, "excluded": s.is_excluded()}
            for s in parser.data]


@lru_cache(maxsize=1)
def _follows_material() -> bool:
    """Whether Material's parser is the one `search_text` follows, to the letter (its code,
    its tags): another version of it is left to itself."""
    module = inspect.getmodule(_SearchParser)
    return source_digest(_SearchParser, module.Element, module.Section,
                         repr(sorted(module.void))) == search_text.MATERIAL_PARSER


def index_from_cache(config, cache: PageCache) -> None:
    """Material's search index takes each page's sections from its cache entry (parsed with
    the conversion) when the page's HTML is still what was parsed; else it parses it."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if _SearchIndex is not None and isinstance(index, _SearchIndex):
            index.add_entry_from_context = lambda page, index=index: _index_page(
                index, page, cache.sections(page))


MATERIAL_PAGE_HOOK = "33eb62fd1688be4d99a4e7bf8fc51c1be3d37602b63ad5327c9be3abf5dc8d50"
"""sha256 of the source of Material's `SearchPlugin.on_page_context` (mkdocs-material 9.8.2)
that `_search_page_hook` follows."""
_SEARCH_ATTRIBUTE = r"\s?data-search-\w+=\"[^\"]+\""
"""The expression with which Material's hook takes search attributes out of a page's HTML."""


def quick_search_hook(config) -> None:
    """Material's search hook, run on every page in MkDocs' page loop (and by the copy that
    renders pages beside, `pages_beside`), takes the search attributes out of the page's HTML
    with a regular expression that tries every character of it: a third of a millisecond on
    a page of 10 kB, and nearly every page has none. In its place (same priority, same
    plugin) goes `_search_page_hook`, which asks the expression only of HTML that holds one;
    only while Material's hook is the one it follows (`MATERIAL_PAGE_HOOK`), and only for
    Material's own plugin (a subclass may do otherwise)."""
    if _SearchPlugin is None or not _follows_material_hook():
        return
    hooks = config.plugins.events["page_context"]
    for at, hook in enumerate(hooks):
        plugin = getattr(hook, "__self__", None)
        if type(plugin) is _SearchPlugin and hook.__func__ is _SearchPlugin.on_page_context:
            hooks[at] = MethodType(_search_page_hook, plugin)
            origins = config.plugins._event_origins  # which plugin MkDocs names in an error
            if hook in origins:
                origins[hooks[at]] = origins[hook]


def _search_page_hook(self, context, *, page, config, nav) -> None:
    """Material's `on_page_context` to the letter, but its substitution is made only where
    the HTML holds "data-search-", which every match of its expression does (after an
    optional space): elsewhere the substitution gives back the same text."""
    if not self.config.enabled:
        return
    self.search_index.add_entry_from_context(page)
    if "data-search-" in page.content:
        page.content = re.sub(_SEARCH_ATTRIBUTE, "", page.content)


@lru_cache(maxsize=1)
def _follows_material_hook() -> bool:
    return source_digest(_SearchPlugin.on_page_context) == MATERIAL_PAGE_HOOK


def _index_page(index, page, sections: list[dict]) -> None:
    """What Material's `add_entry_from_context` does with the sections of the page."""
    if (page.meta.get("search") or {}).get("exclude"):
        return
    for section in sections:
        if not section["excluded"]:
            index.create_entry_for_section(_Section(section), page.toc, page.url, page)


class _Capture(logging.Handler):
    """The log lines a conversion writes (links MkDocs cannot follow), to write on a hit."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[list] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.lines.append([record.name, record.levelno, record.getMessage()])


def _replay(lines: list[list]) -> None:
    for name, level, message in lines:
        logging.getLogger(name).log(level, message)


def _toc_tokens(toc) -> list[dict]:
    """The table of contents back as Python-Markdown's tokens, which `get_toc` reads."""
    return [{"level": item.level, "id": item.id, "name": item.title, "html": item.title,
             "children": _toc_tokens(item.children)} for item in toc]


def _quiet_worker() -> None:
    """A worker's log lines go into its entries, to be written once by the build."""
    engine = logging.getLogger(_ENGINE)
    engine.handlers = []
    engine.propagate = False


def _digest(parts: list) -> str:
    return hashlib.sha256(json.dumps(parts, default=_stable).encode("utf-8")).hexdigest()


def _stable(value: object) -> str:
    """Options that are Python objects (`!!python/name:` functions, extension instances) by
    their name: their repr holds an address that changes with every process."""
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _extensions(config) -> list:
    return [[e if isinstance(e, str) else _stable(e) for e in config.markdown_extensions],
            config.mdx_configs]


def _files(files) -> list:
    return [[f.src_uri, f.url, str(f.inclusion)] for f in files]


def _notes_links() -> bool:
    """Whether MkDocs notes a page's links to anchors as it converts it (not when it logs at
    debug level, `-v`): an entry converted without them does not stand in for one with them,
    or a page from the cache would skip MkDocs' check of its anchors."""
    return logging.getLogger(Page.__module__).getEffectiveLevel() > logging.DEBUG


@lru_cache(maxsize=1)
def _versions() -> list:
    """Every installed distribution and its version (the engine, Markdown, pymdownx, Material
    for its emoji, any other extension's package): an upgrade of any converts every page
    again. Read once per process."""
    return sorted([d.metadata["Name"] or "", d.version or ""] for d in metadata.distributions())


def _code(config) -> list:
    """The files of this package (its Markdown extensions change without a new version
    number while it is worked on) and of each configured extension's module (a project's
    own extension, in no distribution), by modification time."""
    here = Path(__file__).parent
    names = _extension_modules(config)
    files = [*sorted(here.glob("*.py")),
             *sorted(_module_file(name) for name in names if _module_file(name))]
    return [[str(p), p.stat().st_mtime_ns] for p in files]


def _extension_modules(config) -> set[str]:
    """The module of each configured Markdown extension (a name, or an instance's)."""
    return {e.split(":")[0] if isinstance(e, str) else type(e).__module__
            for e in config.markdown_extensions}


def _module_file(name: str) -> Path | None:
    found = getattr(sys.modules.get(name), "__file__", None)
    return Path(found) if found and Path(found).is_file() else None
