"""Every link and image an author wrote in a Markdown file, where it is, and the ids it can reach.

One scanner serves every reader: `check` follows what it finds, the site and the export get the
same Markdown with each target rewritten in place (`replace_targets`), so what is checked is
what is published. It finds inline links and images (`[text](target)`, `![alt](target)`),
reference definitions (`[ref]: target`) and `href`/`src` in raw HTML (`<a href>`, `<img src>`),
and skips what Markdown does not read as links: fenced and indented code, code spans, HTML
comments and escaped brackets.

`document_ids` gives the ids a page made from a document holds (its headings, slugged as the
`toc` extension MkDocs runs does, and explicit `{#id}`s), so that a link's `#fragment` can be
checked before MkDocs does.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

from .markdown_inline import InlineSpeedExtension

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(?:\.?[\w#.+-]*)[ \t]*"
                         r"(?:[a-zA-Z]\w*(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|\S+))?[ \t]*)*"
                         r"(?:\{[^\n]*\})?[ \t]*$")
_BLOCK_OPENER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*\w")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+\S")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>|\"']")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_REFERENCE = re.compile(r"^[ \t]*\[([^\]^\n][^\]\n]*)\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.MULTILINE)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'"
                  r"|[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"\s([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_LINK_ATTRIBUTES = frozenset({"href", "src"})
_MASK = "\x00"
_NOT_BREAK = re.compile(r"[^\n]")
_LINK_MARK = re.compile(r"\][(:]")


@dataclass(frozen=True)
class Link:
    """One link or image: its target as written, where the target stands in the text (offsets,
    so it can be replaced there), its line, and how it was written."""

    target: str
    start: int
    end: int
    line: int
    image: bool = False
    html: bool = False
    """In a raw HTML attribute: MkDocs leaves those alone, so they must hold the final URL."""

    @property
    def field(self) -> str:
        """The field a problem with this link reports: `image` or `link`."""
        return "image" if self.image else "link"


def find_links(text: str) -> list[Link]:
    """Every link, image, reference definition and raw HTML href/src of `text`, in order."""
    if not _has_markdown_links(text) and not _may_hold_html_links(text):
        return []  # most files of a curriculum hold no link: one quick look
    masked = _masked(text)
    found: list[tuple[int, int, bool, bool]] = []
    images = set()
    for chunk in _chunks(masked):
        found += _inline(masked, chunk, images)
    for match in _REFERENCE.finditer(masked):
        group = 2 if match.group(2) is not None else 3
        label = " ".join(match.group(1).lower().split())
        found.append((match.start(group), match.end(group), label in images, False))
    for match in _TAG.finditer(masked):
        found += _tag_attributes(match)
    links, line, last = [], 1, 0
    for start, end, image, html in sorted(set(found)):
        line += text.count("\n", last, start)  # in increasing order: each break counted once
        last = start
        links.append(Link(text[start:end], start, end, line, image, html))
    return links


def _has_markdown_links(text: str) -> bool:
    """Whether an inline link (`](`) or a reference definition (`]:`) may be written. One
    search for either (a pattern beginning with a fixed character is searched for in C)
    instead of two for two-character strings, which read a text at a fraction of the speed."""
    return _LINK_MARK.search(text) is not None


def _may_hold_html_links(text: str) -> bool:
    """Whether a tag (which begins with `<`) may hold an href or src, in any case."""
    if "<" not in text:
        return False
    lowered = text.lower()  # substring tests run in C; a case-blind regex would not
    return "href" in lowered or "src" in lowered


def find_html_links(html: str) -> list[Link]:
    """The href and src of every tag in a piece of HTML (such as a document Markdown made).
    Only the tags whose attributes spell `href` or `src` somewhere are read attribute by
    attribute: most tags of a document (paragraphs, headings with ids) hold no link."""
    if not _may_hold_html_links(html):
        return []
    found = sorted({item for match in _TAG.finditer(html) if _may_hold_link(match)
                    for item in _tag_attributes(match)})
    return [Link(html[start:end], start, end, 0, image, True) for start, end, image, _ in found]


def _may_hold_link(tag: re.Match) -> bool:
    """Whether a tag's attributes may name an href or src (in any case: `lower` maps each
    character alone, so a name that reads `href` lowered is in the attributes lowered)."""
    attributes = tag.group(2).lower()
    return "href" in attributes or "src" in attributes


def replace_targets(text: str, targets: dict[Link, str]) -> str:
    """`text` with the target of each link in `targets` replaced by its new value."""
    parts, last = [], 0
    for link in sorted(targets, key=lambda item: item.start):
        parts += [text[last:link.start], targets[link]]
        last = link.end
    return "".join(parts) + text[last:]


# -- what Markdown does not read as links -----------------------------------------------------

def _masked(text: str) -> str:
    """`text` with code, comments and escaped characters blotted out, offsets kept."""
    spans, offset = [], 0
    for line, is_code in _code_lines(text):
        if is_code:
            spans.append((offset, offset + len(line)))
        offset += len(line)
    masked = _blot(text, spans)
    for pattern in (_COMMENT, _ESCAPE):
        masked = _blot(masked, [match.span() for match in pattern.finditer(masked)])
    spans = [match.span() for start, end in _chunks(masked)
             for match in _CODE_SPAN.finditer(masked, start, end)]
    return _blot(masked, spans)


def _blot(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span masked, its line breaks kept (so are offsets)."""
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], _NOT_BREAK.sub(_MASK, text[start:end])]
        last = end
    return "".join(parts) + text[last:]


def _code_lines(text: str):
    """Each line (with its line break) and whether it is code: in a fence, or indented code.

    Indented code is four spaces deeper than the block that holds it (an admonition's body or
    a list item is itself indented), after a blank line, as Python-Markdown reads it.
    """
    fence, bodies, blank = None, [0], True
    for line in text.splitlines(keepends=True):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if fence is not None:
            closes = re.match(rf"^[ \t]*{fence[0]}{{{len(fence)},}}[ \t]*$", line.rstrip("\n"))
            fence = None if closes else fence
            yield line, True
            continue
        if not line.strip():
            blank = True
            yield line, False
            continue
        while blank and len(bodies) > 1 and indent < bodies[-1]:
            bodies.pop()
        if blank and indent >= bodies[-1] + 4:
            yield line, True  # blank stays true: the code block goes on
            continue
        opened = _FENCE_OPEN.match(line.rstrip("\n"))
        if opened:
            fence = opened.group(1)
        elif _BLOCK_OPENER.match(line) or _LIST_ITEM.match(line):
            bodies.append(indent + 4)
        blank = False
        yield line, bool(opened)


def _chunks(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each run of text between blank lines: no link crosses one."""
    spans, start = [], 0
    for match in re.finditer(r"\n[ \t\x00]*\n", masked):
        spans.append((start, match.start() + 1))
        start = match.end()
    spans.append((start, len(masked)))
    return spans


# -- links ------------------------------------------------------------------------------------

def _inline(masked: str, chunk: tuple[int, int], images: set[str]) -> list:
    """Inline links and images of one chunk; labels of reference images go into `images`."""
    found = []
    start, end = chunk
    for opening, closing in _bracket_pairs(masked, start, end):
        image = opening > 0 and masked[opening - 1] == "!"
        after = closing + 1
        if after < end and masked[after] == "(":
            target = _destination(masked, after + 1, end)
            if target is not None:
                found.append((*target, image, False))
        elif image:
            label = masked[opening + 1:closing]
            if after < end and masked[after] == "[":
                label_end = masked.find("]", after, end)
                label = masked[after + 1:label_end] if label_end > after + 1 else label
            images.add(" ".join(label.lower().split()))
    return found


def _bracket_pairs(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """(opening, closing) of each pair of matching square brackets, in one pass (linear
    however many brackets are left open)."""
    pairs, stack = [], []
    for match in re.compile(r"[\[\]]").finditer(masked, start, end):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            pairs.append((stack.pop(), match.start()))
    return sorted(pairs)


def _destination(masked: str, index: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the destination after `(`: `<...>`, or text with balanced parentheses."""
    while index < end and masked[index] in " \t\n":
        index += 1
    if index < end and masked[index] == "<":
        close = masked.find(">", index, end)
        return (index + 1, close) if close > index else None
    start, depth = index, 0
    while index < end:
        char = masked[index]
        if char in " \t\n" or (char == ")" and depth == 0):
            break
        depth += {"(": 1, ")": -1}.get(char, 0)
        index += 1
    return (start, index) if index > start else None


def _tag_attributes(match: re.Match) -> list:
    """The href and src values of one raw HTML tag."""
    found, image = [], match.group(1).lower() == "img"
    offset = match.start(2)
    for attribute in _ATTRIBUTE.finditer(match.group(2)):
        if attribute.group(1).lower() not in _LINK_ATTRIBUTES:
            continue
        group = next((g for g in (2, 3, 4) if attribute.group(g) is not None), None)
        if group is not None:
            found.append((offset + attribute.start(group), offset + attribute.end(group),
                          image, True))
    return found


# -- the ids a document's page holds ----------------------------------------------------------

ID_EXTENSIONS = ["toc", "attr_list", "admonition", "md_in_html", "tables", "pymdownx.details",
                 "pymdownx.superfences"]
_HTML_ID = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


class _IdCollector(Treeprocessor):
    """Notes every id of the parsed tree (after `toc` gave headings theirs)."""

    ids: set[str]

    def run(self, root: etree.Element) -> None:
        self.ids = {element.get("id") for element in root.iter() if element.get("id")}


class _IdReader(threading.local):
    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=[*ID_EXTENSIONS, InlineSpeedExtension()])
        self.collector = _IdCollector(self.md)
        self.md.treeprocessors.register(self.collector, "curriculum_ids", 0)


_reader = _IdReader()


def document_ids(text: str) -> set[str]:
    """The ids a page made from `text` holds: headings slugged by `toc`, `{#id}`s, and the
    `id`/`name` of raw HTML elements."""
    _reader.md.reset().convert(text)
    ids = set(_reader.collector.ids)
    for block in _reader.md.htmlStash.rawHtmlBlocks:
        ids |= {next(g for g in m.groups() if g is not None) for m in _HTML_ID.finditer(block)}
    return ids
