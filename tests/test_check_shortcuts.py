"""The shortcuts that make `curriculum check` fast skip only work that could not find a problem.

Each fast reader is held to a plain one written here the obvious way (every line, every
paragraph, every node): on texts made to sit at and around the limits, both find the same
problems at the same lines. If a shortcut skipped a place where a problem was, these fail.
"""

from __future__ import annotations

import gc
import re
from unittest.mock import patch

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import deidentify, markdown_links, markdown_source, sources, validate
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.load import load_checked
from mkdocs_curriculum.markdown_links import find_links
from mkdocs_curriculum.markdown_source import (
    _CONTAINER,
    MAX_NESTING,
    _bracket_problem,
    fence_after,
    markdown_problems,
    parse_headings,
)
from mkdocs_curriculum.model import Heading
from mkdocs_curriculum.sources import load_yaml
from mkdocs_curriculum.validate import check_project

from helpers import write_project

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of Markdown that sit near every limit: nesting markers, brackets, tags, blank lines
# (with and without spaces, and Windows line ends), fences and headings.
PIECES = ["\n", "\n\n", " \n", "\r\n", "\t", "    ", "> ", "- ", "* ", "1. ", "[", "]", "(",
          ")", "<", ">", "\\[", "<div>", "</div>", "<p>", "word ", "# Title", "## Part {#p}",
          "```", "~~~", "````", "#", "{#x}", " ", "x"]


@st.composite
def markdown(draw) -> str:
    """Text of the pieces above, with runs long enough to pass MAX_NESTING."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        piece = draw(st.sampled_from(PIECES))
        parts.append(piece * draw(st.sampled_from([1, 1, 2, 5, MAX_NESTING, MAX_NESTING + 1])))
    return "".join(parts)


# -- the obvious readers ------------------------------------------------------------------------

def plain_line_nesting(text: str):
    """Depth of every line, read one by one."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.expandtabs(4)
        depth, at = 0, 0
        while (marker := _CONTAINER.match(line, at)) and marker.end() > at:
            depth, at = depth + 1, marker.end()
        yield number, depth + (len(line) - at - len(line[at:].lstrip(" "))) // 4


def plain_paragraph_problems(text: str, rel: str):
    """Every paragraph read, whatever the file's length or brackets."""
    long = open_ = None
    for match in re.finditer(r"(?:^[ \t]*\S.*(?:\n|$))+", text, re.MULTILINE):
        paragraph, line = match.group(), text.count("\n", 0, match.start()) + 1
        if long is None and len(paragraph) > markdown_source.MAX_PARAGRAPH:
            long = line
        open_ = open_ or _bracket_problem(paragraph, rel, line)
    return long, open_


def plain_headings(text: str) -> list[Heading]:
    """Every line read, fences followed."""
    headings, fence = [], None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if markdown_source._FENCE.match(line):
            fence = fence_after(line, fence)
        elif fence is None and (heading := markdown_source._parse_heading(line, number)):
            headings.append(heading)
    return headings


# -- held to each other ---------------------------------------------------------------------------

@SETTINGS
@given(markdown())
def test_deep_blocks_are_found_on_the_same_line_as_reading_every_line(text):
    first = next(((n, d) for n, d in plain_line_nesting(text) if d > MAX_NESTING), None)
    found = [p for p in markdown_problems(text, "f.md") if "blocks nested" in p.message]
    assert [(p.line, p.got) for p in found] == (
        [(first[0], f"{first[1]} levels")] if first else [])


@SETTINGS
@given(markdown())
def test_open_brackets_are_found_in_the_same_paragraph_as_reading_every_paragraph(text):
    _, expected = plain_paragraph_problems(text, "f.md")
    for block in (markdown_source._BLOCK, 1, 7, 60):  # blocks of stretches of any size
        with patch.object(markdown_source, "_BLOCK", block):
            found = [p for p in markdown_problems(text, "f.md") if "brackets" in p.message]
        assert found == ([expected] if expected else []), block


def test_a_long_file_is_read_paragraph_by_paragraph(monkeypatch):
    """Over MAX_PARAGRAPH characters, both limits are looked for in every paragraph."""
    monkeypatch.setattr(markdown_source, "MAX_PARAGRAPH", 60)
    text = "short\n\n" + "word " * 20 + "\n\n" + "[a " * (MAX_NESTING + 1) + "\n"
    messages = [(p.line, p.message.split(";")[0]) for p in markdown_problems(text, "f.md")]
    assert messages == [(3, "paragraph too long"),
                        (5, f"more than {MAX_NESTING} brackets [ ( < open at once in one"
                            " paragraph (nested or never closed)")]


@SETTINGS
@given(markdown())
def test_headings_are_the_same_as_reading_every_line(text):
    assert parse_headings(text) == plain_headings(text)


# -- YAML: the converter stops at the nesting limit ----------------------------------------------

def plain_depth(value, depth: int = 1) -> int:
    """How many levels deep a parsed value goes (a key counts a level below its mapping)."""
    if isinstance(value, dict):
        return max([depth, *(plain_depth(part, depth + 1) for pair in value.items()
                             for part in pair)])
    if isinstance(value, list):
        return max([depth, *(plain_depth(item, depth + 1) for item in value)])
    return depth


def nested(leaf):
    """Values nested around the limit: lists and mappings inside each other."""
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, min_size=0, max_size=2),
        st.dictionaries(st.sampled_from(["a", "b"]), inner, min_size=0, max_size=2)),
        max_leaves=40)


@SETTINGS
@given(nested(st.sampled_from(["x", 1, None])), st.integers(0, MAX_NESTING + 3))
def test_yaml_is_refused_as_too_deep_exactly_when_it_is(tmp_path_factory, value, wrap):
    for _ in range(wrap):
        value = [value]
    value = {"title": value}
    path = tmp_path_factory.mktemp("deep") / "module.yml"
    path.write_text(yaml.safe_dump(value, default_flow_style=True), encoding="utf-8")
    data, problems = load_yaml(path, "module.yml")
    depth = plain_depth(value)
    deep = [p for p in problems if "nested more than" in p.message]
    if depth > MAX_NESTING:
        assert data is None and len(deep) == 1 and deep[0].got == f"{depth} levels"
    else:
        assert deep == [] and data == value


# -- links: the quick looks skip only files that hold none ---------------------------------------

LINK_PIECES = ["[a](b.md)", "![i](p.png)", "[r]: x.md", "<a href='h.md'>", "<IMG SRC=p.png>",
               "src", "HREF", "<", "](", "]:", "`[c](d.md)`", "```\n", "\n", "\n\n", "    ",
               "<!-- [e](f.md) -->", "\\[g](h.md)", "word "]


@SETTINGS
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=30).map("".join))
def test_links_are_those_found_by_reading_the_whole_file(text):
    found = find_links(text)
    with (patch.object(markdown_links, "_may_hold_html_links", lambda text: True),
          patch.object(markdown_links, "_has_markdown_links", lambda text: True)):
        assert find_links(text) == found  # no quick look: the file read in full
    assert [link.line for link in found] == [text.count("\n", 0, link.start) + 1
                                             for link in found]


# -- the cycle collector is paused while a project is read, and only then -----------------------

def test_check_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    write_project(tmp_path)
    layout = read_layout(tmp_path / "mkdocs.yml")[0]
    seen = []
    with patch.object(validate, "load_checked", lambda layout, check, *pooled: (
            seen.append(gc.isenabled()), load_checked(layout, check, *pooled))[1]):
        assert gc.isenabled()
        assert check_project(layout)[1] == []
        assert gc.isenabled() and seen == [False]
        gc.disable()
        try:
            check_project(layout)
            assert not gc.isenabled()
        finally:
            gc.enable()


@SETTINGS
@given(st.lists(st.sampled_from(["a", " ", "# T", "\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x85",
                                 "\u2028", "\u2029"]), max_size=20).map("".join))
def test_a_title_is_looked_for_in_the_lines_str_splitlines_gives(text):
    assert list(markdown_source._lines(text)) == text.splitlines()


# Pieces of participants' text around what the identifier scan looks for: digit runs of every
# length, the separators of dates and numbers, lead-ins, month names, links and the marker.
IDENTIFIER_PIECES = ["1", "12", "93", "101", "2019", "12345", "555", "0", "+", "-", "/", ".",
                     " ", "(", ")", ":", "#", "@", "\n", "MRN ", "SSN ", "record no. ", "phone ",
                     "aged ", "-year-old", " March ", "Mar. ", "of ", "de ", "marzo ", "x",
                     "](a-1.pdf)", "<!-- identifier-ok -->", "²", "٣"]


@SETTINGS
@given(st.lists(st.sampled_from(IDENTIFIER_PIECES), max_size=40).map("".join),
       st.sampled_from(["en", "es"]))
def test_identifiers_are_those_found_by_reading_every_kind_in_every_stretch(text, code):
    """The scan reads a stretch only for the kinds it could hold (by their least digits) and
    a stretch once; reading each for all its kinds, as often as it comes, finds the same."""
    every = list(deidentify.scan(text, code))
    with patch.object(deidentify, "_worth", lambda window, kinds: list(kinds)), \
            patch.object(deidentify, "_windows", _each_window_twice(deidentify._windows)):
        assert list(deidentify.scan(text, code)) == every


def _each_window_twice(windows):
    def twice(*args):
        for window in windows(*args):
            yield window
            yield window
    return twice


@SETTINGS
@given(st.sampled_from([yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode]),
       st.text(alphabet="0123456789.:-+_eExXoObBtTrRuUfFaAlLsSnNyY~ !x\"'", max_size=12),
       st.tuples(st.booleans(), st.booleans()))
def test_the_loader_resolves_every_node_as_the_safe_loader_does(kind, value, implicit):
    """The loader's resolver answers quoted text, mappings and lists without asking the base
    resolver, and plain text that starts no implicit type at once: the same tags."""
    ours, base = sources._Loader(""), sources._Base("")
    assert ours.resolve(kind, value, implicit) == base.resolve(kind, value, implicit)
    ours.descend_resolver(None, None)
    ours.ascend_resolver()  # the composer's calls around each node: nothing to do
