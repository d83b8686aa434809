"""The leak check's reading of the documents (markdown_html.read_passages) takes shortcuts:
each gives what the reading without it gives, on any document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import markdown_html, markdown_speed
from mkdocs_curriculum.addresses import authored_documents
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.validate import check_project

from helpers import REPO

_LINES = [
    "Plain words.\n", "\n", "    indented\n", "!!! facilitator\n", '!!! FACILITATOR "Loud"\n',
    "??? note Facilitator\n", "???+ facilitator tip\n", "> !!! facilitator\n",
    "- !!! facilitator\n", "1. ??? facilitator\n", "\t!!! facilitator\n", "> > - !!! facilitator\n",
    "!!! facilitator-x\n", "!!! facilitators\n", "!!! facİlitator\n", "!!! note\n",
    "The facilitator says: !!! facilitator\n", "    !!! facilitator \"Deep\"\n", "```\n",
    "[TOC]\n", "## Heading *with* `code`\n", "    Secret words here.\n", "!!!facilitator\n",
]


def _unfiltered(text: str) -> tuple[list[str], dict]:
    """`_candidates` reading every line through its containers, as it did before."""
    lines = text.splitlines(keepends=True)
    return lines, {c.number: c for n, line in enumerate(lines)
                   if (c := markdown_html._opener(n, line))}


@given(st.lists(st.sampled_from(_LINES), max_size=12))
@settings(max_examples=200, deadline=None)
def test_the_lines_that_may_open_a_passage_are_found_without_reading_every_line(
        lines: list[str]) -> None:
    text = "".join(lines)
    assert markdown_html._candidates(text) == _unfiltered(text)


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    return [document.text for document in authored_documents(curriculum)]


def test_the_sample_documents_openers_are_found_without_reading_every_line(sample_texts):
    found = [markdown_html._candidates(text) for text in sample_texts]
    assert found == [_unfiltered(text) for text in sample_texts]
    assert sum(bool(candidates) for _, candidates in found) > 10


_PIECES = [
    "Kept{n} words.\n", '!!! facilitator "Secret{n}"\n    Secret{n} body, *stressed*.\n',
    "## Same\n\nKept{n} [there](#same).\n", "[TOC]\n",
    '!!! facilitator\n    ## Same\n\n    [TOC]\n\n    Secret{n} [defined][d{n}].\n',
    "[d{n}]: https://example.org/{n} \"Title {n}\"\n", "## Head {n} {{: #h{n} }}\n",
    "- Kept{n} item\n\n    !!! facilitator\n        Secret{n} in a list, with <b>bold</b>.\n",
    "```\n!!! facilitator\n    Kept{n} as code.\n```\n",
]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=7))
@settings(max_examples=60, deadline=None)
def test_passages_read_without_building_the_table_of_contents_are_those_read_with_it(
        pieces: list[str]) -> None:
    text = "\n".join(piece.format(n=n) for n, piece in enumerate(pieces))
    assert markdown_html.read_passages(text) == _with_the_table(text)


def test_the_sample_documents_read_alike_without_the_table_of_contents(sample_texts):
    toc = markdown_html._renderers().passages._md.treeprocessors["toc"]
    assert "run" in vars(toc) or not markdown_speed.follows("toc_unread")  # the shortcut is on
    assert [markdown_html.read_passages(text) for text in sample_texts] == \
        [_with_the_table(text) for text in sample_texts]


_BUILDING: list = []


def _with_the_table(text: str) -> markdown_html.Reading:
    """`read_passages` by a parser whose toc stage builds its table, as Python-Markdown's does."""
    if not _BUILDING:
        unbuilt = markdown_speed.leave_toc_unbuilt
        markdown_speed.leave_toc_unbuilt = lambda md: None
        try:
            _BUILDING.append(markdown_html._PassageParser())
        finally:
            markdown_speed.leave_toc_unbuilt = unbuilt
    lines, candidates = markdown_html._candidates(text)
    return _BUILDING[0].read(markdown_html._tagged(lines, candidates))
