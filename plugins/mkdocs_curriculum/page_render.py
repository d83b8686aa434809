"""MkDocs' `Page.render` with one Markdown instance for the pages of a build, not one each.

`Page.render` makes a new Python-Markdown instance for every page, loading and configuring
every extension again (about a millisecond a page, a tenth of a page's conversion). Python-
Markdown converts any number of documents with one instance, `reset` between them: the packets
do so. `render` does what `Page.render` does, step for step, with the instance of the previous
page when the build's extensions and their options are the same: MkDocs' four processors of
the page are registered on it afresh (each replaces the previous page's, in the same order), so
what the page gets is what a new instance gives it.

An extension may keep something from one document to the next that `reset` does not clear:
the instance is reused only when every extension is one of `REUSABLE` (read for that), and
only while `Page.render` is the code this follows (`PAGE_RENDER`); else MkDocs' own runs. A
conversion that fails leaves its instance to nobody.
"""

from __future__ import annotations

import logging
from functools import cache

import markdown
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
    log,
)
from mkdocs.structure.toc import get_toc

from . import markdown_inline, markdown_speed, markdown_support
from .followed import source_digest

PAGE_RENDER = "320529348f7a8af152073d0a3ab02960ccce91f9204716144e51b20931983cc6"
"""sha256 of the source of the `Page.render` that `render` follows."""
_PAGE_RENDER = Page.render
REUSABLE = frozenset({
    "admonition", "attr_list", "fenced_code", "md_in_html", "sane_lists", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist",
    markdown_support.NAME, markdown_speed.NAME, markdown_inline.NAME,
})
"""Extensions that keep nothing from one document to the next beyond what `reset` clears
(their state is per run, or their `reset` clears it), as mkdocs.yml names them."""
_LAST: dict = {}
"""The instance of the previous page (`md`) and what it was made from (`made_of`)."""


def render(page: Page, config, files) -> None:
    """What `Page.render` does to the page, with the previous page's instance if it may."""
    md = _instance(config) if follows_mkdocs() else None
    if md is None:
        _PAGE_RENDER(page, config, files)
        return
    try:
        _convert(page, md, config, files)
    except BaseException:
        _LAST.clear()  # half a conversion may be left in it
        raise


def _convert(page: Page, md: markdown.Markdown, config, files) -> None:
    """`Page.render`'s steps, after making the Markdown instance."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md.reset()  # as a new instance is, when MkDocs registers the page's processors on it
    raw_html_ext = _RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = _ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = (extract_anchors_ext.present_anchor_ids
                               | raw_html_ext.present_anchor_ids)
    if log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def _instance(config) -> markdown.Markdown | None:
    """The previous page's instance when it was made from what this page's would be made
    of; a new one when every extension is `REUSABLE`; else None (MkDocs makes its own)."""
    made_of = (id(config), repr(config["markdown_extensions"]), repr(config["mdx_configs"]))
    if _LAST.get("made_of") == made_of:
        return _LAST["md"]
    _LAST.clear()
    if not all(isinstance(name, str) and name in REUSABLE
               for name in config["markdown_extensions"]):
        return None
    _LAST["md"] = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
    markdown_speed.leave_toc_unbuilt(_LAST["md"])  # a page's toc is read from its tokens
    _LAST["made_of"] = made_of
    return _LAST["md"]


@cache
def follows_mkdocs() -> bool:
    """Whether `Page.render` is the one `render` follows, step for step."""
    return source_digest(_PAGE_RENDER) == PAGE_RENDER
