"""Markdown -> HTML for packets, and the participant edition's cut of facilitator-only text.

Facilitator-only passages are `facilitator` admonitions (`!!! facilitator "Title"`, also the
collapsible `???`/`???+` forms and extra classes such as `!!! note facilitator`). They are
removed from the Markdown source, before any parsing, so that nothing of them can reach a
participant's copy: not the title, not a nested passage, not the text of a search index.

Several documents share one packet, so their ids are prefixed and their headings shifted to
sit under the packet's own section headings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .markdown_source import fence_after

FACILITATOR = "facilitator"

# Python-Markdown's admonition opener and pymdownx.details' `???`/`???+` opener: a type, maybe
# more classes, maybe a quoted title.
_OPENER = re.compile(r'^(?:!!!|\?\?\?\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +".*?")? *$')
_QUOTE = re.compile(r"^ {0,3}> ?")

EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "sane_lists",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]


@dataclass
class _Line:
    """A source line seen through its blockquote markers: depth, indentation, rest."""

    depth: int
    indent: int
    rest: str

    @property
    def blank(self) -> bool:
        return not self.rest.strip()


def _split(line: str) -> _Line:
    depth, text = 0, line.expandtabs(4)
    while (quote := _QUOTE.match(text)) is not None:
        depth, text = depth + 1, text[quote.end():]
    stripped = text.lstrip(" ")
    return _Line(depth, len(text) - len(stripped), stripped.rstrip("\r\n"))


def is_facilitator_opener(rest: str) -> bool:
    """True for `!!! facilitator ...` and any admonition or details block with that class."""
    match = _OPENER.match(rest.rstrip())
    return bool(match) and FACILITATOR in match.group(1).lower().split()


def strip_facilitator(text: str) -> str:
    """The Markdown without any `facilitator` admonition, wherever it stands.

    A passage ends at the first non-blank line indented no deeper than its opener (in the same
    blockquote), exactly where Python-Markdown ends it. Fenced code is copied untouched, so an
    example of the syntax inside a code block survives; an *indented* code block cannot be told
    apart from a nested passage without parsing, so there we err on the side of leaving out.
    """
    kept: list[str] = []
    fence: str | None = None
    cut: _Line | None = None
    for line in text.splitlines(keepends=True):
        seen = _split(line)
        if cut is not None and seen.blank:
            kept.append(line)  # harmless, and it keeps what follows apart from what came before
            continue
        if cut is not None and seen.depth >= cut.depth and seen.indent > cut.indent:
            continue
        cut = None
        if fence is None and is_facilitator_opener(seen.rest):
            cut = seen
            continue
        fence = fence_after(seen.rest, fence)
        kept.append(line)
    return "".join(kept)


@dataclass
class Placement:
    """Where a document lands in a packet: an id prefix, a heading shift and heading notes.

    `notes` maps a heading id (as written, e.g. `check-in`) to a short text shown in the
    heading, such as the activity's clock time in this session.
    """

    prefix: str = ""
    shift: int = 0
    notes: dict[str, str] = field(default_factory=dict)


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
        href = element.get("href", "")
        if href.startswith("#") and placement.prefix:
            element.set("href", f"#{placement.prefix}-{href[1:]}")

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


class _PlacementExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_PlacementProcessor(md), "curriculum_placement", 1)


class MarkdownRenderer:
    """One configured Python-Markdown instance, reused for every document of a packet."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[*EXTENSIONS, _PlacementExtension()],
                                     output_format="html")
        self._processor = self._md.treeprocessors["curriculum_placement"]

    def render(self, text: str, placement: Placement | None = None) -> Markup:
        """HTML of one document placed as asked (the author's Markdown, HTML allowed)."""
        self._processor.placement = placement or Placement()
        html = self._md.reset().convert(text)
        return Markup(html)
