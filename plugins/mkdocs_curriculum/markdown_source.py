"""What the core needs from Markdown sources: the `# Title` line and the headings with ids.

Only headings outside fenced code blocks count; `## Title {#id}` carries an anchor id the
facilitator guide uses to name an activity's section.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from .model import Document, Heading
from .problems import Problem, show
from .schema import MAX_TITLE
from .sources import MAX_NESTING, read_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTRS = re.compile(r"\s*\{([^}]*)\}\s*$")
_ANCHOR = re.compile(r"#([^\s}]+)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""What str.splitlines splits at."""
_CANDIDATE = re.compile(r"\n(?:#|\s*`{3,}|\s*~{3,}).*")
"""A heading or fence line with the line break before it: a pattern that begins with a fixed
character is searched for in C, one that begins with `^` is tried at every position."""

MAX_PARAGRAPH = 50_000
"""Characters in one paragraph (lines without a blank line between them). With brackets
nested or left open at most MAX_NESTING deep, this bounds Python-Markdown's search for each
bracket's end, whose cost grows with their number times the paragraph's length (a hundred KB
of `[[[` takes minutes)."""
_CONTAINER = re.compile(r" {0,3}(?:>|[*+-](?= |$)|\d{1,9}[.)](?= |$)) ?")
_PARAGRAPH = re.compile(r"(?:^[ \t]*\S.*(?:\n|$))+", re.MULTILINE)
_DEEP = re.compile(rf"\n[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}")  # as _CANDIDATE
_BLOCK = 2000
"""Characters of Markdown whose brackets are counted at once (a paragraph's worth of prose
holds a few; a block with more than MAX_NESTING is counted again, stretch by stretch)."""
_BRACKETS = re.compile(r"(?<!\\)[\[\]()<>]")
_PAIRS = {"]": "[", ")": "(", ">": "<"}
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_OPTIONAL_END = frozenset("p li dt dd tr td th option thead tbody tfoot colgroup rp rt".split())
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?(/?)>")


def load_document(path: Path, rel: str, doc_id: str, titled: bool,
                  headings: bool = False) -> tuple[Document, list]:
    """Read one Markdown file; with `titled`, its first line must be `# Title`.

    Headings are parsed only where a rule needs them (the facilitator guide's anchors).
    """
    source = read_text(path, rel)
    doc = Document(file=rel, id=doc_id, lines={"": 1})
    if source.text is None:
        return doc, source.problems
    doc.text = source.text
    doc.headings = parse_headings(source.text) if headings else []
    problems = markdown_problems(source.text, rel)
    if titled:
        doc.title, title_problem = _title(source.text, rel)
        problems += title_problem
    return doc, problems


def parse_headings(text: str) -> list[Heading]:
    """ATX headings outside code fences, with the `{#id}` of their attribute list."""
    headings, fence, number, last = [], None, 1, 0
    text = "\n" + text  # so that the first line has a line break before it too
    for match in _CANDIDATE.finditer(text):  # only heading and fence lines, not every line
        number += text.count("\n", last, match.start())
        last = match.start()
        line = match.group(0)[1:]
        if _FENCE.match(line):
            fence = fence_after(line, fence)
        elif fence is None:
            heading = _parse_heading(line, number)
            if heading is not None:
                headings.append(heading)
    return headings


def section_text(doc: Document, anchor: str) -> str:
    """The Markdown under the heading `{#anchor}` of `doc` (a facilitator guide's section for
    one activity), up to the next heading of its level or higher; "" without that heading."""
    for index, heading in enumerate(doc.headings):
        if heading.anchor == anchor:
            end = next((h.line for h in doc.headings[index + 1:] if h.level <= heading.level),
                       None)
            lines = doc.text.splitlines(keepends=True)
            return "".join(lines[heading.line:end - 1 if end else None])
    return ""


def fence_after(line: str, fence: str | None) -> str | None:
    """The code fence open after `line` (its marker, e.g. "````"), or None outside code.

    The one rule every reader of our Markdown shares: a fence closes only with a line of the
    same character, at least as long, and nothing after it, as Python-Markdown's does.
    """
    match = _FENCE.match(line)
    if match is None:
        return fence
    marker, rest = match.groups()
    if fence is None:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip()
    return None if closes else fence


def _parse_heading(line: str, number: int) -> Heading | None:
    match = _HEADING.match(line)
    if not match:
        return None
    title, anchor = match.group(2).rstrip("#").rstrip(), None
    attrs = _ATTRS.search(title)
    if attrs:
        found = _ANCHOR.search(attrs.group(1))
        anchor = found.group(1) if found else None
        title = title[: attrs.start()].rstrip()
    return Heading(len(match.group(1)), title, anchor, number)


def _title(text: str, rel: str) -> tuple[str, list[Problem]]:
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1 and match.group(2).strip():
            title = _ATTRS.sub("", match.group(2)).strip()
            if len(title) > MAX_TITLE:
                return "", [Problem(rel, number, "title", f"too long: {len(title)} characters;"
                                    f" at most {MAX_TITLE} are allowed", show(title))]
            return title, []
        got = line.strip()[:40]
        return "", [Problem(rel, number, "title", "must begin with a '# Title' line", f'"{got}"')]
    return "", [Problem(rel, 1, "title", "file is empty; it must begin with a '# Title' line")]


def _lines(text: str):
    """The lines of `text` one at a time, as str.splitlines gives them (the title is on one of
    the first: splitting a whole document to read it cost more than the rest of the check)."""
    start = 0
    while start < len(text):
        match = _LINE_BREAK.search(text, start)
        if match is None:
            yield text[start:]
            return
        yield text[start:match.start()]
        start = match.end()


def body_without_title(text: str) -> str:
    """The document's text after its `# Title` line (pages print the title themselves)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                return "\n".join(lines[index + 1 :]).lstrip("\n")
            break
    return text


def markdown_problems(text: str, rel: str) -> list[Problem]:
    """Limits that keep rendering fast and within Python's recursion: how deep blocks and HTML
    elements nest, how long a paragraph is, how many brackets it leaves open.

    Checked on every line, code included: a line that only looks like a code fence must not
    hide the rest of a file from the check (the renderer may disagree about the fence).
    The first breach of each limit is reported, with the limit.
    """
    problems = []
    deep = next(((n, d) for n, d in _line_nesting(text) if d > MAX_NESTING), None)
    if deep is not None:
        problems.append(_limit(rel, deep[0], f"blocks nested more than {MAX_NESTING} levels"
                               " deep (quotes, lists, indentation)", f"{deep[1]} levels"))
    tags = _html_nesting(text)
    if tags:
        problems.append(_limit(rel, tags[0], f"HTML elements nested more than {MAX_NESTING}"
                               " levels deep", f"<{tags[1]}>"))
    problems += _paragraph_problems(text, rel)
    return problems


def _limit(rel: str, line: int, message: str, got: str) -> Problem:
    return Problem(rel, line, "markdown", message, got)


def _line_nesting(text: str):
    """(line number, depth) of the lines that may nest deeper than MAX_NESTING: their quote
    and list markers, then their indentation in steps of four spaces. Each level takes at
    least one character, so only lines that begin with that many such characters are read."""
    lines = _Lines(text)
    starts = [0] if _DEEP.match("\n" + text[:MAX_NESTING + 1]) else []
    for start in itertools.chain(starts, (found.start() + 1 for found in _DEEP.finditer(text))):
        end = text.find("\n", start)
        line = text[start:end if end >= 0 else None].expandtabs(4)
        depth, at = 0, 0
        while (marker := _CONTAINER.match(line, at)) and marker.end() > at:
            depth, at = depth + 1, marker.end()
        indent = len(line) - at - len(line[at:].lstrip(" "))
        yield lines.number(start), depth + indent // 4


class _Lines:
    """Line numbers of positions met in increasing order, without counting from the start."""

    def __init__(self, text: str) -> None:
        self.text, self.at, self.line = text, 0, 1

    def number(self, position: int) -> int:
        self.line += self.text.count("\n", self.at, position)
        self.at = position
        return self.line


def _html_nesting(text: str) -> tuple[int, str] | None:
    """(line, tag) where raw HTML elements first nest deeper than MAX_NESTING, else None.
    Void elements and those whose end tag may be left out (`<p>`, `<li>`) do not count."""
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        name = name.lower()
        if self_closing or name in _VOID or name in _OPTIONAL_END:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > MAX_NESTING:
            return text.count("\n", 0, match.start()) + 1, name
    return None


def _paragraph_problems(text: str, rel: str) -> list[Problem]:
    """The first paragraph that is too long, and the first that leaves too many brackets
    open or nests them too deep. A file too short for the one is read only where brackets
    could nest too deep: in the stretches between empty lines that hold more than
    MAX_NESTING of them (each paragraph lies inside one stretch; most stretches hold few),
    looked for a block of stretches at a time."""
    if len(text) > MAX_PARAGRAPH:
        return _each_paragraph(text, rel, 0, len(text))
    start = 0
    while start < len(text) and _openers(text, start) > MAX_NESTING:
        end = text.find("\n\n", start + _BLOCK)  # a block ends where a stretch does
        end = len(text) if end < 0 else end
        if _openers(text, start, end) > MAX_NESTING:
            for stretch in text[start:end].split("\n\n"):
                if _openers(stretch) > MAX_NESTING:
                    found = _each_paragraph(text, rel, start, start + len(stretch))
                    if found:
                        return found
                start += len(stretch) + 2
        start = end + 2
    return []


def _each_paragraph(text: str, rel: str, start: int, end: int) -> list[Problem]:
    """The limits' first breaches among the paragraphs of text[start:end] (`start` begins a
    line), with their lines in the whole text."""
    long = open_ = None
    lines = _Lines(text)
    for match in _PARAGRAPH.finditer(text, start, end):
        paragraph = match.group()
        line = lines.number(match.start())
        if long is None and len(paragraph) > MAX_PARAGRAPH:
            long = _limit(rel, line, f"paragraph too long; at most {MAX_PARAGRAPH} characters"
                          " between blank lines", f"{len(paragraph)} characters")
        if open_ is None:
            open_ = _bracket_problem(paragraph, rel, line)
        if long and open_:
            break
    return [p for p in (long, open_) if p]


def _openers(text: str, start: int = 0, end: int | None = None) -> int:
    return text.count("[", start, end) + text.count("(", start, end) + text.count("<", start, end)


def _bracket_problem(paragraph: str, rel: str, line: int) -> Problem | None:
    """Brackets still open at any point of a paragraph: nested ones and those never closed."""
    if _openers(paragraph) <= MAX_NESTING:
        return None  # too few to go deeper, however they stand
    stack: list[str] = []
    deepest = 0
    for match in _BRACKETS.finditer(paragraph):
        char = match.group()
        if char in "[(<":
            stack.append(char)
            deepest = max(deepest, len(stack))
        elif stack and stack[-1] == _PAIRS[char]:
            stack.pop()
    if deepest <= MAX_NESTING:
        return None
    return _limit(rel, line, f"more than {MAX_NESTING} brackets [ ( < open at once in one"
                  " paragraph (nested or never closed); close them, or write \\[ \\( \\<",
                  f"{deepest} open")
