"""Markdown -> HTML for packets, and the participant edition's cut of facilitator-only text.

Facilitator-only passages are `facilitator` admonitions (`!!! facilitator "Title"`, also the
collapsible `???`/`???+` forms and extra classes such as `!!! note facilitator`). Which lines
open one is decided by Python-Markdown's own parse, never by guessing at code fences, HTML
blocks or indented code: a line that only looks like a fence cannot hide a passage. The
participant renderer then drops every element with the `facilitator` class from the parsed
tree, so no part of a passage (title, nested blocks, link definitions) reaches a participant.

Several documents share one packet, so their ids are prefixed and their headings shifted to
sit under the packet's own section headings.
"""

from __future__ import annotations

import copy
import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import HtmlStash
from markupsafe import Markup
from pymdownx.tasklist import TasklistTreeprocessor

from . import markdown_speed
from .followed import source_digest
from .markdown_inline import FastInlineProcessor, InlineSpeedExtension
from .markdown_links import find_html_links, replace_targets
from .markdown_speed import NAME as SPEED_EXTENSION
from .packet_links import LinkBook, open_details

FACILITATOR = "facilitator"

# Python-Markdown's admonition opener and pymdownx.details' `???`/`???+` opener: a type, maybe
# more classes, maybe a quoted title.
_OPENER = re.compile(r'^(?:!!!|\?\?\?\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +".*?")? *$')
_QUOTE = re.compile(r"^ {0,3}> ?")
_LIST_MARKER = re.compile(r"^(?:[*+-]|\d{1,9}[.)]) +")
_CLASSES_END = re.compile(r"(?:!!!|\?\?\?\+?) ?[\w\-]+(?: +[\w\-]+)*")
_TAG = "facilitator-line-"

EXTENSIONS = [
    "toc",  # headings get the ids MkDocs gives them, so that links to `file.md#heading` land
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "sane_lists",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
    SPEED_EXTENSION,  # the same HTML, sooner
]


def is_facilitator_opener(rest: str) -> bool:
    """True for `!!! facilitator ...` and any admonition or details block with that class."""
    match = _OPENER.match(rest.rstrip())
    return bool(match) and FACILITATOR in match.group(1).lower().split()


def is_facilitator_element(element: etree.Element) -> bool:
    """An element the participant edition leaves out: any with the `facilitator` class."""
    return FACILITATOR in element.get("class", "").lower().split()


_QUOTE_STEP = ">"
_CONTAINER = re.compile(r"(?P<quote> {0,3}> ?)|(?P<item> {0,3}(?:[*+-]|\d{1,9}[.)]) +)"
                        r"|(?P<indent>(?: {4})+)(?=[ ]{0,3}(?:>|[*+-] |\d{1,9}[.)] ))")


@dataclass(frozen=True)
class _Opener:
    """A line that may open a passage: the containers it sits in (blockquote markers and
    indentation, outermost first) and the indentation of the passage's body inside them."""

    number: int
    steps: tuple[str | int, ...]
    body: int


def _opener(number: int, line: str) -> _Opener | None:
    """The line as an opener candidate, seen through blockquotes, list items and indentation.

    A continuation line of a list item is indented four spaces whatever its marker, and a
    passage's body four more than the block that holds its opener.
    """
    text, steps = line.expandtabs(4).rstrip("\r\n"), []
    while (container := _CONTAINER.match(text)) is not None and container.end():
        kind = container.lastgroup
        steps.append(_QUOTE_STEP if kind == "quote" else
                     4 if kind == "item" else len(container.group()))
        text = text[container.end():]
    rest = text.lstrip(" ")
    if not is_facilitator_opener(rest):
        return None
    column = len(text) - len(rest)
    return _Opener(number, tuple(steps), -(-column // 4) * 4 + 4)


def strip_facilitator(text: str) -> str:
    """The Markdown without any `facilitator` passage, wherever Python-Markdown sees one.

    Candidate openers are tagged and the text is parsed; only those that came out as
    admonitions or details are passages (not the syntax shown in code, or raw HTML). A passage
    runs on over blank lines and lines indented four more than its opener, in the same
    containers, as in Python-Markdown.

    The cut is then checked: it must render exactly as the participant edition of the whole
    text. Where taking lines out changes how the rest is read (two blockquotes that would
    merge), each passage leaves an empty HTML comment in its place; should that still not
    agree, the participant edition's HTML is given as one raw block. Never a leak, never a
    lost line.
    """
    lines, candidates = _candidates(text)
    if not candidates:
        return text
    real = _parsed_openers(lines, candidates)
    renderers = _renderers()
    expected = str(renderers.participant.render(text))
    for mark in (False, True):
        cut = _cut_lines(lines, candidates, real, mark)
        if _PLACEHOLDER_HTML.sub("", str(renderers.full.render(cut))).strip() == expected:
            return cut
    return f'<div markdown="0">\n{expected}\n</div>\n'


def facilitator_lines(text: str) -> set[int]:
    """The lines (numbered from 1) inside `facilitator` passages, as `strip_facilitator` cuts
    them: what a participant never reads."""
    lines, candidates = _candidates(text)
    if not candidates:
        return set()
    real = _parsed_openers(lines, candidates)
    return {number + 1 for number, (_, state) in enumerate(_walk(lines, candidates, real))
            if state is not None}


_PLACEHOLDER = "<!-- -->"
_PLACEHOLDER_HTML = re.compile(r"(?:<p>)?<!-- -->(?:</p>)?\n*")


def _cut_lines(lines: list[str], candidates: dict[int, _Opener], real: set[int],
               mark: bool) -> str:
    """The lines outside passages; with `mark`, an empty comment where each passage began."""
    kept: list[str] = []
    for line, state in _walk(lines, candidates, real):
        if state == _OPENS:
            if mark:
                start = _CLASSES_END.search(line).start()
                kept.append(f"{line[:start]}{_PLACEHOLDER}\n")
        elif state is None or not line.strip():
            kept.append(line)  # blank lines stay: they keep apart what came before and after
    return "".join(kept)


_OPENS, _INSIDE = "opens", "inside"


def _walk(lines: list[str], candidates: dict[int, _Opener],
          real: set[int]) -> Iterator[tuple[str, str | None]]:
    """Each line with where it stands: it opens a passage (`_OPENS`), runs on inside one
    (`_INSIDE`) or is outside every passage (None). One reading for the cut and the lines."""
    cut: _Opener | None = None
    previous_blank = True
    for number, line in enumerate(lines):
        if cut is not None and not _in_passage(line, cut, previous_blank):
            cut = None
        if cut is None and number in real:
            cut = candidates[number]
            yield line, _OPENS
        else:
            yield line, None if cut is None else _INSIDE
        previous_blank = not line.strip()


def _in_passage(line: str, cut: _Opener, previous_blank: bool) -> bool:
    """Whether `line` continues the passage: inside the same containers, indented as deep as
    its body, or blank. A line without a blockquote's `>` right after a non-blank line
    continues the blockquote lazily, as in Markdown."""
    rest = line.expandtabs(4).rstrip("\r\n")
    for step in cut.steps:
        if not rest.strip():
            return True
        if step == _QUOTE_STEP:
            quote = _QUOTE.match(rest)
            if quote is None and previous_blank:
                return False
            rest = rest[quote.end():] if quote else rest
        elif rest[:step].strip():
            return False
        else:
            rest = rest[step:]
    return not rest.strip() or len(rest) - len(rest.lstrip(" ")) >= cut.body


def _parsed_openers(lines: list[str], candidates: dict[int, _Opener]) -> set[int]:
    """The candidate lines that Python-Markdown parses as facilitator admonitions."""
    return _renderers().openers.openers(_tagged(lines, candidates))


def _tagged(lines: list[str], candidates: dict[int, _Opener]) -> str:
    """The text with a class naming its line added to each candidate opener, which the
    element it opens (if it opens one) carries through the parse."""
    tagged = list(lines)
    for number in candidates:
        line = tagged[number]
        match = _CLASSES_END.search(line)
        tagged[number] = f"{line[:match.end()]} {_TAG}{number}{line[match.end():]}"
    return "".join(tagged)


def _candidates(text: str) -> tuple[list[str], dict[int, _Opener]]:
    """The text's lines and the lines among them that may open a passage. An opener names
    the class, whatever its case: a line that does not is no candidate, and is not read
    through its containers (most lines of a curriculum, and every line of most handouts)."""
    lines = text.splitlines(keepends=True)
    return lines, {c.number: c for n, line in enumerate(lines)
                   if FACILITATOR in line.lower() and (c := _opener(n, line))}


@dataclass(frozen=True)
class Reading:
    """A document read once by Python-Markdown, for the leak check (leaks.py)."""

    passages: tuple[tuple[int, str], ...]
    """Each `facilitator` passage as (the line of its opener, from 1; its text as it reads
    once rendered, a line per block: title, paragraphs, list items). A nested passage is
    listed inside its outer one and on its own."""
    public: str | None
    """The HTML of the rest: what the authors wrote for all to read (None: not asked for)."""


def read_passages(text: str, public: bool = True) -> Reading:
    """The document's passages and, from the same parse, the HTML of what lies outside them
    (as the participant edition prints it): one parse gives the leak check both. Without
    `public`, the parse ends once the passages are read, and a document without a line that
    may open one is not parsed at all: the leak check reads what the rest says only when it
    finds a passage's sentence in an output."""
    lines, candidates = _candidates(text)
    named = _may_name_tags(text)
    if not public and not candidates and not named:
        return Reading((), None)
    parser = _renderers().passages
    alone = not public and not named and not parser.may_hold_marker(text)
    return parser.read(_tagged(lines, candidates), public, alone)


def _may_name_tags(text: str) -> bool:
    """Whether the author's text may give an element a class that `_tagged` gives candidate
    openers (as a class written in raw HTML, with character references or escapes, say): the
    parse would read that element as the passage of the line the class names."""
    return _TAG in html.unescape(text).replace("\\", "")


class _OpenerCollector(Treeprocessor):
    """Notes the tagged openers that the block parser turned into elements."""

    found: set[int]

    def run(self, root: etree.Element) -> None:
        self.found = {int(name[len(_TAG):]) for element in root.iter()
                      for name in element.get("class", "").split() if name.startswith(_TAG)}
        root.clear()  # nothing more to render


class _OpenerParser:
    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS)
        self._collector = _OpenerCollector(self._md)
        self._md.treeprocessors.register(self._collector, "curriculum_openers", 100)

    def openers(self, text: str) -> set[int]:
        self._md.reset().convert(text)
        return self._collector.found


_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
_RAW_TAG = re.compile(r"<[^>]*>")
"""Python-Markdown's placeholder for raw HTML, which the tree holds until it is serialized."""
BLOCKS = frozenset({"p", "li", "dt", "dd", "td", "th", "tr", "pre", "blockquote", "div",
                    "details", "summary", "table", "ul", "ol", "dl", "section", "br", "hr",
                    "h1", "h2", "h3", "h4", "h5", "h6"})
"""Elements whose text reads as a block of its own (a line of `block_text`)."""


def block_text(element: etree.Element, stash: Sequence[str] = ()) -> str:
    """The words of an element as a reader meets them: a line per block (see BLOCKS), words
    of inline elements set apart by spaces. Raw HTML (held in Python-Markdown's `stash` until
    the tree is serialized) gives its words and entities."""
    parts: list[str] = []

    def walk(node: etree.Element) -> None:  # a line break in a text is a space
        edge = "\n" if node.tag in BLOCKS else " "
        parts.extend((edge, " ".join((node.text or "").split())))
        for child in node:
            walk(child)
        parts.extend((edge, " ".join((node.tail or "").split())))

    walk(element)

    def raw(match: re.Match) -> str:
        index = int(match[1])
        return f" {html.unescape(_RAW_TAG.sub(' ', str(stash[index])))} " \
            if index < len(stash) else " "

    lines = _STASHED.sub(raw, "".join(parts)).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


class _PassageCollector(Treeprocessor):
    """After inline Markdown: the text of each tagged facilitator passage, by opener line;
    then the passages leave the tree, which renders what lies outside them (or, without
    `public`, nothing: the tree is emptied)."""

    found: dict[int, str]
    public = True

    def run(self, root: etree.Element) -> None:
        self.found = {}
        passages = [element for element in root.iter() if is_facilitator_element(element)]
        for element in passages:
            for name in element.get("class", "").split():
                if name.startswith(_TAG):
                    self.found[int(name[len(_TAG):])] = block_text(
                        element, self.md.htmlStash.rawHtmlBlocks)
        if not self.public:
            root.clear()  # nothing more to render
        elif passages:  # else there is nothing to cut: no need to walk the tree again
            cut_passages(root)


_TAG_WORD = re.compile(rf" {_TAG}\d+")
"""A tag left on a line that only looked like an opener (in code, say): not the author's."""


class _PassagesAlone(Treeprocessor):
    """Before inline Markdown, for a reading of the passages alone (`alone`, asked for each
    document): every element that neither is nor holds a facilitator passage leaves the
    tree, so inline Markdown and what follows it read the passages and their containers
    only (the most of a document's reading). The passages read as before: each stage from
    here on reads each element on its own (its text, its tail, the tags of its ancestors,
    which stay), references were gathered by the block parser, raw HTML is looked up by the
    number its placeholder carries. Two things read the whole document, and the caller
    leaves those documents whole: a table of contents, which lists every heading (its
    marker), and a class written by the author that names a passage (`_may_name_tags`),
    which attr_list gives an element after inline Markdown."""

    alone = False
    """This document is read so; set by `_PassageParser.read` where `works` holds."""

    def run(self, root: etree.Element) -> None:
        if self.alone:
            _keep_passages(root)


def _keep_passages(parent: etree.Element) -> bool:
    """Remove from `parent` each child that neither is nor holds a facilitator element (a
    passage is kept whole); whether any is left."""
    kept = False
    for child in list(parent):
        if is_facilitator_element(child) or _keep_passages(child):
            kept = True
        else:
            parent.remove(child)
    return kept


_ALONE_AT = 22
"""After the task lists (25, which read a list item with its first paragraph), right before
inline Markdown (20)."""
_READS_ALONE = ("task-list", "curriculum_alone", "inline", "prettify", "attr_list", "toc",
                "unescape", "curriculum_passages")
"""The passage parser's tree stages, in order, as `_PassagesAlone` was written for: each of
those after it reads each element on its own, toc's table aside (the marker)."""


class _PassageParser:
    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[*EXTENSIONS, InlineSpeedExtension()])
        markdown_speed.leave_toc_unbuilt(self._md)  # the leak check reads no table of contents
        self._collector = _PassageCollector(self._md)
        # last, after `unescape` (0): the text as it prints, escapes and all
        self._md.treeprocessors.register(self._collector, "curriculum_passages", -1)
        self._alone = _PassagesAlone(self._md)
        self._md.treeprocessors.register(self._alone, "curriculum_alone", _ALONE_AT)
        self.works = (_names(self._md.treeprocessors) == _READS_ALONE
                      and _reads_alone(self._md) and _follows_markdown())
        """Whether passages can be read alone (`_PassagesAlone`): the stages and the
        Python-Markdown it was written for."""

    def may_hold_marker(self, text: str) -> bool:
        """Whether the document may hold toc's marker, whose table lists every heading."""
        marker = self._md.treeprocessors["toc"].marker
        return bool(marker) and marker in html.unescape(text).replace("\\", "")

    def read(self, text: str, public: bool = True, alone: bool = False) -> Reading:
        """The reading of `text` (tagged); with `alone`, its passages only are read inline
        (see `_PassagesAlone`; never with `public`, the HTML of the rest)."""
        self._collector.public = public
        self._alone.alone = alone and self.works and not public
        printed = self._md.reset().convert(text)
        return Reading(tuple(sorted((number + 1, words) for number, words
                                    in self._collector.found.items())),
                       _TAG_WORD.sub("", printed) if public else None)


class _Renderers(threading.local):
    """The parsers `strip_facilitator` and `read_passages` use, one set per thread (a
    Markdown instance is not thread-safe, and building one is slow)."""

    def __init__(self) -> None:
        self.openers = _OpenerParser()
        self.passages = _PassageParser()
        self.full = MarkdownRenderer()
        self.participant = MarkdownRenderer(notes=False)


_local: _Renderers | None = None


def _renderers() -> _Renderers:
    global _local
    if _local is None:
        _local = _Renderers()
    return _local


@dataclass
class Placement:
    """Where a document lands in a packet: an id prefix, a heading shift and heading notes.

    `notes` maps a heading id (as written, e.g. `check-in`) to a short text shown in the
    heading, such as the activity's clock time in this session.
    """

    prefix: str = ""
    shift: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    source: str = ""
    """The document's file (from the project root), which its relative links start from."""
    book: LinkBook | None = None
    """The packet's links (packet_links.py), which this document's links are noted in."""


_HEADINGS = {f"h{level}" for level in range(1, 7)}
SHORT_TABLE_ROWS = 12
"""Tables up to this many rows are kept on one page: a form cut after two rows is no use."""


class _PlacementProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.placement = Placement()

    def run(self, root: etree.Element) -> None:
        """Headings and the elements with ids placed, each short table kept together. The
        elements are picked before any is placed (headings gain a child on the way); the
        rest of a document (most of it) is placed as it is."""
        prefixed = bool(self.placement.prefix)
        for element in [element for element in root.iter() if element.tag in _HEADINGS
                        or prefixed and "id" in element.attrib]:
            self._place(element)
        for parent in [parent for parent in root.iter() if parent.find("table") is not None]:
            _keep_tables_together(parent)

    def _place(self, element: etree.Element) -> None:
        placement = self.placement
        anchor = element.get("id")
        if element.tag in _HEADINGS:
            self._annotate(element, anchor)
            level = min(6, int(element.tag[1]) + placement.shift)
            element.tag = f"h{level}"
        if anchor and placement.prefix:
            element.set("id", f"{placement.prefix}-{anchor}")

    def _annotate(self, heading: etree.Element, anchor: str | None) -> None:
        note = self.placement.notes.get(anchor or "")
        if note:
            span = etree.SubElement(heading, "span", {"class": "heading-note"})
            span.text = note


def _keep_tables_together(parent: etree.Element) -> None:
    """Mark short tables, and the paragraph that introduces one, to stay on one page."""
    previous = None
    for child in parent:
        if child.tag == "table" and sum(1 for _ in child.iter("tr")) <= SHORT_TABLE_ROWS:
            _add_class(child, "keep-together")
            if previous is not None and previous.tag == "p":
                _add_class(previous, "keep-with-next")
        previous = child


def _add_class(element: etree.Element, name: str) -> None:
    element.set("class", " ".join([*element.get("class", "").split(), name]))


class _LinksProcessor(Postprocessor):
    """On the finished HTML (raw HTML included): links to `#id` in the same document follow
    its prefixed ids, `<details>` print open, and every link is noted in the packet's book."""

    leaves_plain_text = True
    """A text without a tag (a heading's, for the toc) comes out as it went in, and noting it
    in the book notes no link (markdown_speed reads such headings without it)."""

    def __init__(self, md: markdown.Markdown, placement: _PlacementProcessor) -> None:
        super().__init__(md)
        self.placement = placement

    def run(self, text: str) -> str:
        placement = self.placement.placement
        if placement.prefix and "<" in text:  # no tag, no link (a heading, for the toc)
            text = replace_targets(text, {link: f"#{placement.prefix}-{link.target[1:]}"
                                          for link in find_html_links(text)
                                          if link.target.startswith("#") and link.target[1:]})
        text = open_details(text)
        if placement.book is not None:
            text = placement.book.note(text, placement.source, placement.prefix)
        return text


class _PlacementExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        placement = _PlacementProcessor(md)
        md.treeprocessors.register(placement, "curriculum_placement", 1)
        md.postprocessors.register(_LinksProcessor(md, placement), "curriculum_links", 5)


class _FacilitatorCut(Treeprocessor):
    """Drops every facilitator element from the parsed tree, before inline Markdown runs;
    `cut` says whether the last document had any. With `hand_over` (asked for each document)
    the cut waits for `_LateCut` where inline Markdown cannot tell (`_cut_can_wait`): the tree
    before the cut is then what the full renderer makes of the document up to there."""

    cut = False
    hand_over = False
    waiting = False

    def __init__(self, md: markdown.Markdown, references: _ParticipantReferences) -> None:
        super().__init__(md)
        self.references = references

    def run(self, root: etree.Element) -> None:
        self.waiting = self.hand_over and not self.references.forgot and _cut_can_wait(root)
        if not self.waiting:
            self.cut = cut_passages(root)


def _cut_can_wait(root: etree.Element) -> bool:
    """Whether cutting after inline Markdown gives what cutting before it gives: no passage
    leaves text after it (the cut joins it to the text before, to be read inline with it; a
    bare line end reads as itself), and none sits in a list item (a task's `[ ]` is looked
    for in the item's first paragraph). Inline Markdown reads each element on its own."""
    return not any(is_facilitator_element(child)
                   and ((child.tail or "").strip("\n") or parent.tag == "li")
                   for parent in root.iter() for child in parent if "class" in child.attrib)


@dataclass
class Handover:
    """A document's tree after inline Markdown, passages and all, with the raw HTML it holds
    (Python-Markdown's stash): what the full renderer makes of the same text up to there,
    since the two renderers parse alike (`_signature`). It is taken once (the tree goes on)."""

    root: etree.Element
    stash: tuple
    signature: tuple

    def restore(self, stash: HtmlStash) -> etree.Element:
        """The tree, its raw HTML put back in `stash`."""
        (stash.rawHtmlBlocks, stash.html_counter, stash.tag_counter,
         stash.tag_data) = self.stash
        return self.root


class _LateCut(Treeprocessor):
    """The cut `_FacilitatorCut` left for after inline Markdown: a copy of the tree as it
    stands is kept (`handover`) for the full renderer, then the passages go."""

    handover: Handover | None = None
    signature: tuple = ()
    """The renderer's `_signature` (set by it once its Markdown is made)."""

    def __init__(self, md: markdown.Markdown, early: _FacilitatorCut) -> None:
        super().__init__(md)
        self.early = early

    def run(self, root: etree.Element) -> None:
        self.handover = None
        if self.early.waiting and any(is_facilitator_element(element) for element
                                      in root.iter() if "class" in element.attrib):
            stash = self.md.htmlStash
            kept = (stash.rawHtmlBlocks, stash.html_counter, stash.tag_counter, stash.tag_data)
            self.handover = Handover(copy.deepcopy(root), copy.deepcopy(kept), self.signature)
            self.early.cut = cut_passages(root)


class _TakeOver(Treeprocessor):
    """In the full renderer, where the participant renderer hands a document over: its tree
    takes the place of the placeholder converted instead (`MarkdownRenderer.converted`)."""

    handover: Handover | None = None

    def run(self, root: etree.Element) -> etree.Element | None:
        handover, self.handover = self.handover, None
        return None if handover is None else handover.restore(self.md.htmlStash)


_HANDOVER = "curriculum_handover"
_HANDOVER_AT = 17
"""Right after `task-list` (25) and `inline` (20), before anything else (the support boxes,
15; `prettify`, 10; what reads the whole tree: toc's ids, the placement's tables): those run
on each edition's own tree."""
_BEFORE_HANDOVER = ("task-list", "inline")
_MARKDOWN_CODE = "cc3b23c40a38673db0bf9ce7ca2e7ad775ef38a6680bb4bbdf043c1afd151185"
"""Python-Markdown's convert, inline processor and stash and pymdownx's task lists as the
handover was written for (`_follows_markdown`)."""


@lru_cache(maxsize=1)
def _follows_markdown() -> bool:
    """Whether Python-Markdown (and the task lists) are the code the handover was written
    against, to the letter: another version converts each edition on its own."""
    return source_digest(markdown.Markdown.convert, InlineProcessor, TasklistTreeprocessor,
                         HtmlStash) == _MARKDOWN_CODE


def _reads_alone(md: markdown.Markdown) -> bool:
    """Whether the task lists and the inline stage are those the handover was written for,
    which read each element on its own: pymdownx's and Python-Markdown's own, or this
    package's faster inline stage (markdown_inline, held to Python-Markdown's HTML)."""
    return (type(md.treeprocessors["task-list"]) is TasklistTreeprocessor
            and type(md.treeprocessors["inline"]) in (InlineProcessor, FastInlineProcessor))


def _signature(md: markdown.Markdown) -> tuple:
    """What a renderer parses with and runs after the handover, by name: a tree is handed
    over only between renderers of the same (the participant's cut and references aside)."""
    return (_names(md.preprocessors), _names(md.parser.blockprocessors),
            _names(md.inlinePatterns), _names(md.treeprocessors, below=_HANDOVER_AT),
            _names(md.postprocessors))


def _names(registry, below: float = float("inf"), above: float = float("-inf")) -> tuple[str, ...]:
    """The names in a Python-Markdown registry, in the order it runs them (of priority
    between `above` and `below`)."""
    ordered = sorted(registry._priority, key=lambda item: item.priority, reverse=True)
    return tuple(item.name for item in ordered if above < item.priority < below)


def cut_passages(root: etree.Element) -> bool:
    """Remove every facilitator element from the tree (a passage nested in one goes with it);
    whether there was any."""
    cut = False
    for parent in list(root.iter()):
        for child in list(parent):
            if is_facilitator_element(child):
                _remove(parent, child)
                cut = True
    return cut


def _remove(parent: etree.Element, child: etree.Element) -> None:
    """Remove `child`, keeping the text that follows it in `parent`."""
    if child.tail and child.tail.strip():
        index = list(parent).index(child)
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class _ParticipantReferences(ReferenceProcessor):
    """Link definitions written inside a facilitator passage do not resolve outside it;
    `forgot` says whether the last document had any (set back by `MarkdownRenderer.render`)."""

    forgot = False

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        before = dict(self.parser.md.references)
        done = super().run(parent, blocks)
        if done and _inside_passage(parent, self.parser.root):
            self.parser.md.references.clear()
            self.parser.md.references.update(before)
            self.forgot = True
        return done


def _inside_passage(element: etree.Element, root: etree.Element) -> bool:
    return any(element is inner for passage in root.iter() if is_facilitator_element(passage)
               for inner in passage.iter())


class _ParticipantExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        references = _ParticipantReferences(md.parser)
        cut = _FacilitatorCut(md, references)
        md.treeprocessors.register(cut, "curriculum_facilitator_cut", 30)
        md.treeprocessors.register(_LateCut(md, cut), _HANDOVER, _HANDOVER_AT)
        md.parser.blockprocessors.register(references, "reference", 15)


class _FullExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_TakeOver(md), _HANDOVER, _HANDOVER_AT)


class MarkdownRenderer:
    """One configured Python-Markdown instance, reused for every document of a packet.

    Without `notes` (the participant edition) facilitator passages are cut from the parsed
    tree: the parser that renders the document is the one that decides what a passage is.
    `extensions` are added to the packet's own (the support contacts, say).
    (`strip_facilitator` gives the same cut as Markdown, for pages that must stay Markdown.)
    """

    def __init__(self, notes: bool = True, book: LinkBook | None = None,
                 extensions: Sequence[Extension] = ()) -> None:
        extensions = [*EXTENSIONS, *extensions, _PlacementExtension(), InlineSpeedExtension()]
        self.book = book
        """The packet's links: where each document's links are noted (see packet_links.py)."""
        extensions.append(_FullExtension() if notes else _ParticipantExtension())
        self.notes = notes
        self._md = markdown.Markdown(extensions=extensions, output_format="html")
        markdown_speed.leave_toc_unbuilt(self._md)  # each document prints whole: no table
        self._processor = self._md.treeprocessors["curriculum_placement"]
        trees, blocks = self._md.treeprocessors, self._md.parser.blockprocessors
        self._cut = trees["curriculum_facilitator_cut"] \
            if "curriculum_facilitator_cut" in trees else None
        self._references = blocks["reference"] \
            if isinstance(blocks["reference"], _ParticipantReferences) else None
        self._handover = trees[_HANDOVER] if self._hands_over() else None
        self._signature = _signature(self._md)
        if isinstance(self._handover, _LateCut):
            self._handover.signature = self._signature

    def _hands_over(self) -> bool:
        """Whether this renderer can hand a tree over or take one (`Handover`): its tree
        processors before the handover are the cut (participant edition only), task lists and
        inline Markdown (none runs at its priority), and Python-Markdown is the one it was
        written against."""
        before = _names(self._md.treeprocessors, above=_HANDOVER_AT)
        cut = () if self.notes else ("curriculum_facilitator_cut",)
        alongside = [item.name for item in self._md.treeprocessors._priority
                     if item.priority == _HANDOVER_AT]
        return (before == (*cut, *_BEFORE_HANDOVER) and alongside == [_HANDOVER]
                and _reads_alone(self._md) and _follows_markdown())

    def render(self, text: str, placement: Placement | None = None, hand_over: bool = False,
               handover: Handover | None = None) -> Markup:
        """HTML of one document placed as asked (the author's Markdown, HTML allowed); for
        `hand_over` and `handover`, see `converted`."""
        placement = placement or Placement()
        if placement.book is None and self.book is not None:
            placement = replace(placement, book=self.book)
        self._processor.placement = placement
        if self._cut is not None and self._references is not None:
            self._cut.cut = self._references.forgot = False
            self._cut.hand_over = hand_over and self._handover is not None
        if self._handover is not None:  # the last document's (a blank one runs no processor)
            taken = self.notes and handover is not None and handover.signature == self._signature
            self._handover.handover = handover if taken else None
            text = _HANDED_OVER if taken else text
        html = self._md.reset().convert(text)
        return Markup(html)

    def converted(self, text: str, placement: Placement | None = None,
                  handover: Handover | None = None, hand_over: bool = False) -> Converted:
        """`render`, its links not yet noted in a book (see `Converted`). The participant
        renderer asked to `hand_over` keeps the tree the full renderer would make of a text
        with passages (`Converted.handover`), which the full renderer converts on from, given
        as `handover`, instead of the text."""
        recorder = _NoteRecorder()
        html = str(self.render(text, replace(placement or Placement(), book=recorder),
                                hand_over, handover))
        cut = (self._cut is None or self._references is None or self._cut.cut
               or self._references.forgot)
        if recorder.calls and html != recorder.calls[-1][0].strip():
            raise AssertionError("the links' postprocessor must be Markdown's last")
        handed = self._handover.handover if hand_over and self._handover is not None else None
        return Converted(html, tuple(recorder.calls), cut, handed)


_HANDED_OVER = "handed over\n"
"""What the full renderer converts in place of a document handed over: its tree comes in
after inline Markdown (`_TakeOver`)."""


class _NoteRecorder:
    """Stands in for a LinkBook while a document converts: keeps what it is asked to note
    (Markdown's toc notes each heading before the document), changes nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def note(self, text: str, source: str, prefix: str) -> str:
        self.calls.append((text, source, prefix))
        return text


@dataclass(frozen=True)
class Converted:
    """A document's conversion before its links are noted: `noted` gives the HTML `render`
    gives with `book`, and notes in the book what `render` would have noted. Noting is
    the only step of a render that depends on the book (its tokens count the book's links)."""

    html: str
    notes: tuple[tuple[str, str, str], ...]
    """Each `LinkBook.note` call of the conversion (text, source, prefix), in order; the last
    is the finished document's."""
    cut: bool
    """The participant renderer cut a facilitator passage (or forgot a link definition
    written in one), or the renderer does not cut (the full one): a participant renderer
    that cut nothing converts the text as the full renderer does."""
    handover: Handover | None = None
    """The tree the full renderer would make of the text, kept by the participant renderer
    that cut a passage, when asked to (`MarkdownRenderer.converted`)."""

    def noted(self, book: LinkBook | None) -> Markup:
        if book is None or not self.notes:
            return Markup(self.html)
        for text, source, prefix in self.notes[:-1]:
            book.note(text, source, prefix)
        return Markup(book.note(*self.notes[-1]).strip())


class Shared(dict):
    """What one module's two editions share (the planner makes one for each module): the
    documents the participant renderer cut nothing from, converted (the dict), and the trees
    it handed over (`handovers`) of those it cut a passage from. Keys are a document's text
    and all its placement but the book: what makes its HTML differ."""

    def __init__(self) -> None:
        super().__init__()
        self.handovers: dict[tuple, Handover] = {}


class KitRenderer:
    """An edition's renderer for one module's kits in both editions: a document the
    participant renderer cut nothing from converts once, and the full renderer takes its
    HTML, noted in its own book; one it cut a passage from is parsed and read inline once, and
    the full renderer converts on from the tree handed over (a `Shared` only).
    `shared` is one module's."""

    def __init__(self, renderer: MarkdownRenderer,
                 shared: dict[tuple, Converted]) -> None:
        self.renderer = renderer
        self.notes = renderer.notes
        self.shared = shared
        self.handovers = shared.handovers if isinstance(shared, Shared) else None

    def render(self, text: str, placement: Placement | None = None) -> Markup:
        placement = placement or Placement()
        key = (text, placement.prefix, placement.shift, tuple(placement.notes.items()),
               placement.source)
        converted = self.shared.get(key)
        if converted is None:
            converted = self._converted(text, placement, key)
        return converted.noted(self.renderer.book if placement.book is None else placement.book)

    def _converted(self, text: str, placement: Placement, key: tuple) -> Converted:
        """The document converted: from the tree handed over, if any (each is taken once);
        in the participant edition, kept for the other as it can be."""
        handovers = self.handovers
        if self.notes:
            handover = handovers.pop(key, None) if handovers is not None else None
            return self.renderer.converted(text, placement, handover)
        converted = self.renderer.converted(text, placement, hand_over=handovers is not None)
        if not converted.cut:
            self.shared[key] = converted
        elif converted.handover is not None and handovers is not None:
            handovers[key] = converted.handover
        return converted
