"""MkDocs' page templates on two cores: a forked copy of the build renders the last pages'
templates while MkDocs renders the first ones here.

After `on_env`, MkDocs renders every page through the theme's template, one after the other
(`mkdocs.commands.build._build_page`: the page's context, the plugins' `on_page_context`, the
template, the plugins' `on_post_page`, the file): with Material and 500 modules, seconds of
one core while the other waits. A page's template gives what the build holds at `on_env`, the
page and the plugins' `on_page_context`; so a copy of the build forked there renders the last
pages' templates as MkDocs would, and sends back their HTML (and the log lines they wrote).
MkDocs' loop still runs here, in its order, with every plugin's `on_page_context` and
`on_post_page`: only the template's `render` of those pages returns the HTML the copy made.
Where the copy failed, MkDocs renders them itself.
"""

from __future__ import annotations

import logging
from functools import partial

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.structure.files import Files, InclusionLevel

from . import cores

BESIDE_FROM = 200
"""Pages: below, forking the build costs about what the other core saves."""
SHARE = 0.65
"""Of the pages, those the copy renders: the last ones, while this process renders the first
ones and also copies the theme's files, renders 404.html and the sitemap, runs every plugin's
page hooks (the search index's entries) and writes every page, and reads the copy's HTML.
At half each, the copy was done long before this process (500 modules, `navigation.prune`,
warm page cache: 2.4-2.9 s of CPU in the copy, 4.2-4.4 s here for the loop); at 0.65 the
two were even (2.9-3.0 s there, 3.0-3.2 s here)."""
SENT_PER_PAGE = 40_000
"""Characters of HTML per page, on average, that the copy sends back at most: larger pages
cost more to send and receive than to render here. Material without `navigation.prune` puts
the whole navigation into every page, 250 kB each at 500 modules: 300 MB for half the site,
seconds to pickle and as many to read back; with prune, pages average 11 kB."""
ITEM_HTML = 100
"""Characters of HTML for one item of Material's navigation, at least."""
KNOWN = frozenset({"mkdocs_curriculum.plugin.CurriculumPlugin",
                   "material.plugins.search.plugin.SearchPlugin",
                   "mkdocs.contrib.search.SearchPlugin"})
"""Plugins whose hooks after `on_env` give each page's template what they give it in order:
they read the page, not what the pages before it left behind."""
SEARCH = frozenset({"material.plugins.search.plugin.SearchPlugin",
                    "mkdocs.contrib.search.SearchPlugin"})
"""Known plugins whose page hook adds the page to their `search_index` (and, Material's,
takes the search attributes out of its HTML): an index that a copy never writes."""
EVENTS = ("env", "page_context", "post_page", "pre_template", "template_context",
          "post_template")


def in_any_order(config) -> bool:
    """Whether every hook from `on_env` to the last page is a known plugin's (`KNOWN`): another
    plugin's (or a `hooks:` file's) might carry something from page to page."""
    return all(_owner(hook) in KNOWN for event in EVENTS
               for hook in config.plugins.events[event])


def small_pages(config, nav) -> bool:
    """Whether the pages are likely small enough to send back (`SENT_PER_PAGE`), known before
    forking: a theme without Material's `navigation.prune` prints every item of the
    navigation into every page. There, even a copy that gives up at its first pages cost
    more than it saved (A/B at 500 modules, no prune, load 5: 1.08x, 1.20x), for the fork
    of a large build and the pages of memory this process then copies for itself."""
    if "navigation.prune" in (config.theme.get("features") or []):
        return True
    return _items(nav.items) * ITEM_HTML < SENT_PER_PAGE


def _items(items) -> int:
    return sum(1 + _items(item.children or []) for item in items)


def _owner(hook) -> str:
    kind = type(getattr(hook, "__self__", None))
    return f"{kind.__module__}.{kind.__qualname__}"


class RenderedBeside:
    """The last pages' HTML, rendered by the copy, handed to MkDocs by their templates."""

    def __init__(self, env: jinja2.Environment, config, files: Files, nav) -> None:
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        share = [file.page for file in doc_files[len(doc_files) - int(len(doc_files) * SHARE):]]
        self.index = {id(page): at for at, page in enumerate(share)}  # MkDocs' order
        self.made = cores.later(partial(_rendered, share, doc_files, config, nav, env),
                                failed=lambda: None)
        self.templates = _templates(env, {_template_name(page) for page in share})
        for template in self.templates:
            template.render = partial(self._render, template.render)

    def _render(self, render, *args, **kwargs) -> str:
        """The template's `render`: the copy's HTML for its pages, else rendered here."""
        page = dict(*args, **kwargs).get("page")
        at = self.index.pop(id(page), None)
        made = self.made.result() if at is not None else None
        if made is None:
            return render(*args, **kwargs)
        html, lines = made[at]
        for name, level, message in lines:
            logging.getLogger(name).log(level, message)
        return html

    def finish(self) -> None:
        """The templates back as Jinja made them; the copy ended if the build stopped."""
        self.made.cancel()
        for template in self.templates:
            del template.render


def _templates(env: jinja2.Environment, names: set[str]) -> list[jinja2.Template]:
    """The templates of these names; one that is missing or wrong is MkDocs' to report, at its page
    (where the copy, which failed there too, leaves MkDocs to render)."""
    found = []
    for name in sorted(names):
        try:
            found.append(env.get_template(name))
        except jinja2.TemplateError:
            continue
    return found


def _template_name(page) -> str:
    return page.meta.get("template", "main.html")  # as MkDocs picks it


def _rendered(share: list, doc_files: list, config, nav, env) -> list[tuple[str, list]] | None:
    """In the copy: each page's HTML and the log lines its rendering wrote, which the build
    writes when it reaches the page; None (MkDocs renders them) when the pages are too large
    to send (`SENT_PER_PAGE`), which the first ones tell."""
    lines: list[tuple[str, int, str]] = []

    def caught(logger: logging.Logger, record: logging.LogRecord) -> None:
        if not logger.disabled:
            lines.append((logger.name, record.levelno, record.getMessage()))

    logging.Logger.handle = caught  # this copy ends once it has sent its pages
    _index_nothing(config)
    made = []
    sent = 0
    for page in share:
        html = _page_html(page, doc_files, config, nav, env)
        made.append((html, lines[:]))
        lines.clear()
        sent += len(html)
        if sent > SENT_PER_PAGE * max(len(made), 8):  # a long page or two may pass
            return None
    return made


def _index_nothing(config) -> None:
    """In the copy: the search plugins add no page to their index, which the copy never
    writes (MkDocs' process adds every page to its own, in its page loop). Their page hook
    does the rest of what it does (Material's: the page's HTML without search attributes)."""
    for plugin in config.plugins.values():
        if f"{type(plugin).__module__}.{type(plugin).__qualname__}" in SEARCH:
            plugin.search_index.add_entry_from_context = _nothing


def _nothing(page) -> None:
    """A page added to no index."""


def _page_html(page, doc_files: list, config, nav, env: jinja2.Environment) -> str:
    """What MkDocs 1.6's `_build_page` renders for `page`, up to the template's HTML."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(_template_name(page))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return template.render(context)
    finally:
        page.active = False
        config._current_page = None
