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

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .markdown_inline import InlineSpeedExtension
from .markdown_links import find_html_links, replace_targets
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
    """The text's lines and the lines among them that may open a passage."""
    lines = text.splitlines(keepends=True)
    return lines, {c.number: c for n, line in enumerate(lines) if (c := _opener(n, line))}


@dataclass(frozen=True)
class Reading:
    """A document read once by Python-Markdown, for the leak check (leaks.py)."""

    passages: tuple[tuple[int, str], ...]
    """Each `facilitator` passage as (the line of its opener, from 1; its text as it reads
    once rendered, a line per block: title, paragraphs, list items). A nested passage is
    listed inside its outer one and on its own."""
    public: str
    """The HTML of the rest: what the authors wrote for all to read."""


def read_passages(text: str) -> Reading:
    """The document's passages and, from the same parse, the HTML of what lies outside them
    (as the participant edition prints it): one parse gives the leak check both."""
    lines, candidates = _candidates(text)
    return _renderers().passages.read(_tagged(lines, candidates))


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
    then the passages leave the tree, which renders what lies outside them."""

    found: dict[int, str]

    def run(self, root: etree.Element) -> None:
        self.found = {}
        for element in root.iter():
            if not is_facilitator_element(element):
                continue
            for name in element.get("class", "").split():
                if name.startswith(_TAG):
                    self.found[int(name[len(_TAG):])] = block_text(
                        element, self.md.htmlStash.rawHtmlBlocks)
        cut_passages(root)


_TAG_WORD = re.compile(rf" {_TAG}\d+")
"""A tag left on a line that only looked like an opener (in code, say): not the author's."""


class _PassageParser:
    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[*EXTENSIONS, InlineSpeedExtension()])
        self._collector = _PassageCollector(self._md)
        # last, after `unescape` (0): the text as it prints, escapes and all
        self._md.treeprocessors.register(self._collector, "curriculum_passages", -1)

    def read(self, text: str) -> Reading:
        public = self._md.reset().convert(text)
        return Reading(tuple(sorted((number + 1, words) for number, words
                                    in self._collector.found.items())),
                       _TAG_WORD.sub("", public))


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
        for element in list(root.iter()):  # headings gain a child on the way
            self._place(element)
        for parent in list(root.iter()):
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
    `cut` says whether the last document had any."""

    cut = False

    def run(self, root: etree.Element) -> None:
        self.cut = cut_passages(root)


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
        md.treeprocessors.register(_FacilitatorCut(md), "curriculum_facilitator_cut", 30)
        md.parser.blockprocessors.register(_ParticipantReferences(md.parser), "reference", 15)


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
        if not notes:
            extensions.append(_ParticipantExtension())
        self.notes = notes
        self._md = markdown.Markdown(extensions=extensions, output_format="html")
        self._processor = self._md.treeprocessors["curriculum_placement"]
        trees, blocks = self._md.treeprocessors, self._md.parser.blockprocessors
        self._cut = trees["curriculum_facilitator_cut"] \
            if "curriculum_facilitator_cut" in trees else None
        self._references = blocks["reference"] \
            if isinstance(blocks["reference"], _ParticipantReferences) else None

    def render(self, text: str, placement: Placement | None = None) -> Markup:
        """HTML of one document placed as asked (the author's Markdown, HTML allowed)."""
        placement = placement or Placement()
        if placement.book is None and self.book is not None:
            placement = replace(placement, book=self.book)
        self._processor.placement = placement
        if self._cut is not None and self._references is not None:
            self._cut.cut = self._references.forgot = False
        html = self._md.reset().convert(text)
        return Markup(html)

    def converted(self, text: str, placement: Placement | None = None) -> Converted:
        """`render`, its links not yet noted in a book (see `Converted`)."""
        recorder = _NoteRecorder()
        html = str(self.render(text, replace(placement or Placement(), book=recorder)))
        cut = (self._cut is None or self._references is None or self._cut.cut
               or self._references.forgot)
        if recorder.calls and html != recorder.calls[-1][0].strip():
            raise AssertionError("the links' postprocessor must be Markdown's last")
        return Converted(html, tuple(recorder.calls), cut)


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

    def noted(self, book: LinkBook | None) -> Markup:
        if book is None or not self.notes:
            return Markup(self.html)
        for text, source, prefix in self.notes[:-1]:
            book.note(text, source, prefix)
        return Markup(book.note(*self.notes[-1]).strip())


class KitRenderer:
    """An edition's renderer for one module's kits in both editions: a document the
    participant renderer cut nothing from converts once, and the full renderer takes its
    HTML, noted in its own book. `shared` is one module's (the planner makes one for each),
    keyed by the document's text and all its placement but the book."""

    def __init__(self, renderer: MarkdownRenderer,
                 shared: dict[tuple, Converted]) -> None:
        self.renderer = renderer
        self.notes = renderer.notes
        self.shared = shared

    def render(self, text: str, placement: Placement | None = None) -> Markup:
        placement = placement or Placement()
        key = (text, placement.prefix, placement.shift, tuple(placement.notes.items()),
               placement.source)
        converted = self.shared.get(key)
        if converted is None:
            converted = self.renderer.converted(text, placement)
            if not self.notes and not converted.cut:
                self.shared[key] = converted
        return converted.noted(self.renderer.book if placement.book is None else placement.book)
