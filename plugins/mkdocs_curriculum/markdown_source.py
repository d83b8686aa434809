"""What the core needs from Markdown sources: the `# Title` line and the headings with ids.

Only headings outside fenced code blocks count; `## Title {#id}` carries an anchor id the
facilitator guide uses to name an activity's section.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Document, Heading
from .problems import Problem
from .sources import read_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTRS = re.compile(r"\s*\{([^}]*)\}\s*$")
_ANCHOR = re.compile(r"#([^\s}]+)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_CANDIDATE = re.compile(r"^(?:#|\s*`{3,}|\s*~{3,}).*$", re.MULTILINE)


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
    problems: list[Problem] = []
    if titled:
        doc.title, title_problem = _title(source.text, rel)
        problems += title_problem
    return doc, problems


def parse_headings(text: str) -> list[Heading]:
    """ATX headings outside code fences, with the `{#id}` of their attribute list."""
    headings, fence, number, last = [], None, 1, 0
    for match in _CANDIDATE.finditer(text):  # only heading and fence lines, not every line
        number += text.count("\n", last, match.start())
        last = match.start()
        line = match.group(0)
        if _FENCE.match(line):
            fence = fence_after(line, fence)
        elif fence is None:
            heading = _parse_heading(line, number)
            if heading is not None:
                headings.append(heading)
    return headings


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
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1 and match.group(2).strip():
            return _ATTRS.sub("", match.group(2)).strip(), []
        got = line.strip()[:40]
        return "", [Problem(rel, number, "title", "must begin with a '# Title' line", f'"{got}"')]
    return "", [Problem(rel, 1, "title", "file is empty; it must begin with a '# Title' line")]


def body_without_title(text: str) -> str:
    """The document's text after its `# Title` line (pages print the title themselves)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                return "\n".join(lines[index + 1 :]).lstrip("\n")
            break
    return text
