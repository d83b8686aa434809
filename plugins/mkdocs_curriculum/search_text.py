"""A page's search sections as Material's search parser makes them, at a fraction of its cost.

Material's search plugin reads every page's HTML again with its `Parser` (an `HTMLParser`
subclass) into sections: a heading, its text with a few tags kept, the text before the first
heading. That parse cost about as much as a third of converting the page's Markdown. This
module divides the HTML Python-Markdown writes in one regular expression pass and a small
state machine that follows Material's `Parser` step by step (its quirks included: elements
compare by tag name, a skipped tag is forgotten when any element of that name closes, an
emptied tag is looked for from the first of its name).

It only answers for HTML it reads exactly as `HTMLParser` does: tags of the names in `TAGS`
(none of which switches `HTMLParser` to raw text, as `script`, `style` or `textarea` do),
written plainly (`<name attr="value">`, `</name>`), and text between them. Anything else (a
comment, a declaration, a stray `<`, an unquoted or spaced attribute, an unknown tag) gives
None, and the caller asks Material's own parser (page_cache). `tests/test_search_text.py`
holds the two to the same sections on every page of the sample site, on generated Markdown
and on tricky HTML.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape

MATERIAL_PARSER = "9620ba5bfdcd6ddcf286455681b2519c67a46f0e338291d64e8b706615a2a9ad"
"""The digest of the Material parser this module follows (mkdocs-material 9.8.2: the code of
its `Parser`, `Element` and `Section`, its void tags; page_cache computes it): where Material's
parser differs, page_cache leaves every page to it."""
TAGS = frozenset((
    "a abbr article b blockquote br button caption code col colgroup dd del details dfn div dl"
    " dt em figcaption figure form h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li link mark"
    " nav noscript ol option p path pre q s samp section select small span strong sub"
    " summary sup svg"
    " table tbody td tfoot th thead tr u ul var wbr"
).split())
"""Tags the fast path reads: what Python-Markdown, pymdownx, Material and this package write
(and `script`, only as `_SCRIPT` finds it)."""
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"))
"""Material's `void`: tags that open no element."""
KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
"""Material's `keep`: tags written into the index."""
SKIP = ("object", "script", "style")
"""Material's `skip`: tags whose text never reaches the index."""

_SPACE = "[ \t\n\r\f]"  # HTMLParser ends a tag's name at these only (not at "\v")
_TAG = (rf"<([a-z][a-z0-9]*)"                                     # a start tag's name
        rf"((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\"|='[^']*')?)*)"  # attributes
        rf"{_SPACE}*(/?)>"                                            # self-closing?
        rf"|</([a-z][a-z0-9]*){_SPACE}*>")                            # an end tag
_TOKEN = re.compile(rf"([^<]+)|{_TAG}|<")  # text, a tag, anything else
_WHOLE_TAG = re.compile(_TAG)
"""A start or end tag as `_TOKEN` reads it, alone."""
_PIECES = re.compile(r"(<[^<>]*>)")
"""Text and tags, as a plain split: `_read_pieces`."""
_UNSURE = object()
"""`_read_pieces` cannot cut this HTML as `_TOKEN` does: `_read` reads it."""
_ATTRIBUTE = re.compile(rf"{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=(?:\"([^\"]*)\"|'([^']*)'))?")
_SCRIPT = re.compile(rf"<script(?:{_ATTRIBUTE.pattern})*{_SPACE}*>[^<]*</script>")
"""A script without "<" in it (this package's JSON data): `HTMLParser` reads it as raw text
to its `</script>`, and Material's parser drops its text and attributes. Any other script
(or one inside a tag's attribute) is left to Material's parser: `<script` is no tag of TAGS."""


def sections(html: str) -> list[dict] | None:
    """The sections Material's parser makes of `html` ([{id, title, text, excluded}], title
    and text as lists of pieces), or None for HTML this reader does not vouch for."""
    found = _sections(html, _read_pieces)
    return _sections(html, _read) if found is _UNSURE else found


def _sections(html: str, read) -> list[dict] | None | object:
    """The sections, with `read` feeding the reader each stretch of HTML between scripts."""
    reader, at = _Sections(), 0
    for script in _SCRIPT.finditer(html) if "<script" in html else ():
        done = read(reader, html, at, script.start())
        if done is not True:
            return None if done is False else _UNSURE
        reader.start("script", {})  # its text and attributes are dropped
        reader.end("script")
        at = script.end()
    done = read(reader, html, at, len(html))
    return reader.result() if done is True else None if done is False else _UNSURE


def _read_pieces(reader: _Sections, html: str, begin: int, end: int) -> bool | object:
    """`_read`, cheaper: html[begin:end] cut at its tags by a plain split, each tag written
    the same way read once (`_tag`). The pieces are `_TOKEN`'s tokens when no text holds
    "<" and every tag is whole (no ">" inside a value): else `_UNSURE`, for `_read`. (The
    sections of a cold 500-module build's 2,379 pages, medians of 5: 1.29-1.39 s of CPU
    token by token, 1.10-1.21 s so, with the reader's shortcuts.)"""
    pieces = _PIECES.split(html[begin:end])
    if any("<" in text for text in pieces[::2]):
        return _UNSURE
    tags = [_tag(written) for written in pieces[1::2]]
    return _UNSURE if None in tags else _feed(reader, pieces[::2], tags)


def _feed(reader: _Sections, texts: list[str], tags: list[tuple]) -> bool:
    """Feed the reader each text and the tag after it (the last text has none)."""
    data, start, close = reader.data, reader.start, reader.end  # looked up once: a hot loop
    for text, tag in zip(texts, [*tags, None], strict=True):
        if text:
            data(unescape(text) if "&" in text else text)
        if tag is None:
            return True
        name, attributes, closed = tag
        if name not in TAGS:
            return False  # raw text tags, unknown tags: Material's parser decides
        if attributes is not None:
            start(name, attributes)
        if closed:
            close(name)
        if reader.lost:
            return False
    return True


@lru_cache(maxsize=1 << 14)
def _tag(written: str) -> tuple[str, dict | None, bool] | None:
    """A whole tag as `_TOKEN` reads it: (name, attributes, whether it closes) for a start
    tag, (name, None, True) for an end tag; None if `_TOKEN` reads it otherwise. The
    attributes are shared by every tag so written: the reader only looks at them."""
    found = _WHOLE_TAG.fullmatch(written)
    return None if found is None else _tag_of(*found.groups())


def _tag_of(name: str, attributes: str, closed: str, closing: str
            ) -> tuple[str, dict | None, bool]:
    """A tag as `_feed` takes it, from the groups of `_TAG`."""
    if closing:
        return closing, None, True
    return name, _attributes(attributes) if attributes else {}, bool(closed)


def _read(reader: _Sections, html: str, begin: int, end: int) -> bool:
    """Feed the reader the tags and text of html[begin:end], token by token (`_TOKEN`);
    False where it cannot vouch."""
    texts, tags = [""], []
    for text, name, attributes, closed, closing in _TOKEN.findall(html, begin, end):
        if text:
            texts[-1] = text  # `[^<]+` takes all of it: never two texts in a row
        elif name or closing:
            tags.append(_tag_of(name, attributes, closed, closing))
            texts.append("")
        else:
            return False  # comments, stray "<": Material's parser decides
    return _feed(reader, texts, tags)


def _attributes(written: str) -> dict:
    """A tag's attributes as `HTMLParser` gives them: names lower-cased, values unescaped,
    None without a value, the last of a repeated name."""
    return {name.lower(): (None if not value else unescape(double or single))
            for name, value, double, single in _ATTRIBUTE.findall(written)}


class _Sections:
    """Material's `Parser` handlers on tag names: its `Element`s compare and hash by tag, so
    a list of names stands for its context and a set of names for its skip list."""

    def __init__(self) -> None:
        self.skip = set(SKIP)
        self.context: list[str] = []
        self.permalinks: list[bool] = []  # per element of context: an `a.headerlink`?
        self.found: list[_Section] = []
        self.section: _Section | None = None
        self.lost = False  # Material's parser would raise here: it decides
        self.skipping = False  # an element of context is in skip (kept as they change)
        self.pres = 0  # elements of context that are a `pre`

    def start(self, tag: str, attributes: dict) -> None:
        if tag in VOID:
            return
        self.context.append(tag)
        self.permalinks.append(tag == "a" and attributes.get("class") == "headerlink")
        self.skipping = self.skipping or tag in self.skip
        self.pres += tag == "pre"
        if tag in HEADINGS and "id" in attributes:
            self._heading(tag, attributes)
        if self.section is None:
            self._open(_Section("hx", 0, False))
        if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
            self.skip.add(tag)
            self.skipping = True
        elif tag in KEEP and not self.skipping:
            self._pieces().append(f"<{tag}>")

    def _heading(self, tag: str, attributes: dict) -> None:
        depth = len(self.context)
        if tag != "h1" and not self.found:
            self._open(_Section("hx", depth, False))
        section = _Section(tag, depth, "data-search-exclude" in attributes)
        if self.found:
            section.id = attributes["id"]
        self._open(section)

    def _open(self, section: _Section) -> None:
        self.section = section
        self.found.append(section)

    def end(self, tag: str) -> None:
        context = self.context
        if not context or context[-1] != tag:
            return
        if self.section.depth > len(context):
            self._leave_nested(len(context))
        context.pop()
        self.permalinks.pop()
        self.pres -= tag == "pre"
        skipped = tag in self.skip
        if skipped and tag not in SKIP:
            self.skip.remove(tag)
        if self.skipping:
            self.skipping = not self.skip.isdisjoint(context)
        elif not skipped and tag in KEEP:
            self._close(self._pieces(), tag)

    def _leave_nested(self, depth: int) -> None:
        """A heading nested in an element ends with it: text goes to the section before."""
        for section in reversed(self.found):
            if section.depth <= depth:
                self.section.depth = float("inf")
                self.section = section
                return

    def _close(self, pieces: list[str], tag: str) -> None:
        """Material's closing of a kept tag: dropped with what follows the first opening of
        its name when that is all blank, else written."""
        opening = f"<{tag}>"
        if opening not in pieces:
            self.lost = True
            return
        index = pieces.index(opening)
        if any(not piece.isspace() for piece in pieces[index + 1:]):
            pieces.append(f"</{tag}>")
        else:
            del pieces[index:]

    def data(self, data: str) -> None:
        if self.skipping:
            return
        in_pre = self.pres > 0
        if not in_pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        if self.section is None:
            self._open(_Section("hx", 0, False))
        section = self.section
        if section.tag in self.context:
            if not any(self.permalinks):
                section.title.append(escape(data, quote=False))
        elif not data.isspace():
            section.text.append(escape(data, quote=False))
        elif not section.text or not section.text[-1].isspace() or in_pre:
            section.text.append(data)

    def _pieces(self) -> list[str]:
        """Where a kept tag goes: the title while inside the heading, else the text."""
        return self.section.title if self.section.tag in self.context else self.section.text

    def result(self) -> list[dict]:
        return [{"id": s.id, "title": s.title, "text": s.text, "excluded": s.excluded}
                for s in self.found]


class _Section:
    """Material's `Section`: a heading's tag, its depth in the page, its pieces."""

    def __init__(self, tag: str, depth: float, excluded: bool) -> None:
        self.tag, self.depth, self.excluded = tag, depth, excluded
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []
