"""The leak check's reading of the documents (markdown_html.read_passages) takes shortcuts:
each gives what the reading without it gives, on any document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import leaks, markdown_html, markdown_speed
from mkdocs_curriculum.addresses import authored_documents
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.leaks import LeakCheck
from mkdocs_curriculum.validate import check_project

from helpers import REPO, write_project

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
def sample():
    return check_project(read_layout(REPO / "mkdocs.yml")[0])[0]


@pytest.fixture(scope="module")
def sample_texts(sample) -> list[str]:
    return [document.text for document in authored_documents(sample)]


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


# Reading the passages alone (the leak check's reading up front): the same passages, and a
# document without a line that may open one is not parsed.
_MORE_PIECES = [
    *_PIECES, "Plain words, no passage at all.\n",
    '<div class="facilitator facilitator-line-0" markdown="1">\nSecret{n} tagged.\n</div>\n',
    "Secret{n} classed by hand.\n{{: .facilitator .facilitator\\-line-0 }}\n",
    '<div class="facilitator" markdown="1">\nSecret{n} in raw HTML.\n</div>\n',
]


@given(st.lists(st.sampled_from(_MORE_PIECES), min_size=1, max_size=6))
@settings(max_examples=80, deadline=None)
def test_the_passages_read_alone_are_those_read_with_the_rest(pieces: list[str]) -> None:
    text = "\n".join(piece.format(n=n) for n, piece in enumerate(pieces))
    alone = markdown_html.read_passages(text, public=False)
    assert alone.public is None
    assert alone.passages == markdown_html.read_passages(text).passages


def test_the_sample_documents_passages_read_alone_are_those_read_with_the_rest(sample_texts):
    alone = [markdown_html.read_passages(text, public=False).passages for text in sample_texts]
    assert alone == [markdown_html.read_passages(text).passages for text in sample_texts]
    assert sum(map(bool, alone)) > 10


# Reading the passages alone, inline: only the passages and their containers are read inline
# (markdown_html._PassagesAlone); the same passages as inline Markdown over the whole tree.
_ALONE_PIECES = [
    "Kept{n} <b>inline html</b> &amp; an entity, *em*.\n", "## Heading {n} *kept*\n",
    '!!! facilitator "Secret{n} *title*"\n    Secret{n} *em* `code` <b>bold</b> ![alt{n}](i.png)'
    ' [link](#x "t `c`") [used{n}].\n\nTail kept{n}.\n',
    "> Quoted kept{n} <i>x</i>.\n>\n> !!! facilitator\n>     Secret{n} quoted <i>html</i>.\n",
    "- Kept{n} item <em>x</em>\n- [ ] task{n}\n\n    !!! facilitator\n        Secret{n} [d{n}].\n",
    "[used{n}]: https://example.org/r{n}\n", "[d{n}]: https://example.org/{n} \"Title {n}\"\n",
    '<div markdown="1">\nKept{n} <span>raw</span>\n\n!!! facilitator\n'
    '    Secret{n} in HTML.\n</div>\n',
    "!!! facilitator\n    Secret{n}, with the table:\n\n    [TOC]\n", "<p>Kept{n} &#91;TOC]</p>\n",
    '??? facilitator "Title{n}"\n    Secret{n} details.\n\n'
    '    !!! facilitator\n        Inner{n}.\n',
    "Kept{n} classed.\n{{: .kept }}\n", "| A{n} | B |\n|---|---|\n| <b>c</b> | d |\n",
    "Secret{n} classed by hand.\n{{: .facilitator .facilitator\\-line-0 }}\n",
]


@given(st.lists(st.sampled_from(_ALONE_PIECES), min_size=1, max_size=7))
@settings(max_examples=120, deadline=None)
def test_the_passages_read_alone_inline_are_those_read_in_the_whole_tree(pieces) -> None:
    text = "\n".join(piece.format(n=n) for n, piece in enumerate(pieces))
    assert markdown_html.read_passages(text, public=False).passages == _whole(text)


def _whole(text: str) -> tuple:
    """The passages as inline Markdown reads them over the whole tree."""
    lines, candidates = markdown_html._candidates(text)
    tagged = markdown_html._tagged(lines, candidates)
    return markdown_html._renderers().passages.read(tagged, public=False).passages


def test_the_sample_documents_passages_read_alone_inline_are_those_of_the_whole_tree(
        sample_texts):
    assert [markdown_html.read_passages(text, public=False).passages
            for text in sample_texts] == [_whole(text) for text in sample_texts]


def _read_inline(monkeypatch, text: str) -> str:
    """The words inline Markdown read in the leak check's reading of `text`'s passages."""
    read: list[str] = []
    parser = markdown_html._renderers().passages
    inline = parser._md.treeprocessors["inline"]
    real = inline.run
    monkeypatch.setattr(inline, "run", lambda tree, *args: read.append(
        " ".join(tree.itertext())) or real(tree, *args))
    markdown_html.read_passages(text, public=False)
    return " ".join(read)


def test_inline_markdown_reads_the_passages_alone(monkeypatch):
    text = "# Kept\n\nKept *words*.\n\n> Quoted.\n>\n> !!! facilitator\n>     Secret *words*.\n"
    read = _read_inline(monkeypatch, text)
    assert "Secret *words*" in read
    assert "Kept" not in read and "Quoted" not in read  # the container stays, not the rest


@pytest.mark.parametrize("whole", ["[TOC]\n", "<p>Kept {: .facilitator-line-9 }</p>\n"])
def test_a_table_of_contents_or_a_class_naming_a_passage_reads_the_whole_document(
        monkeypatch, whole):
    text = f"# Kept\n\n{whole}\n!!! facilitator\n    Secret *words*.\n"
    assert "Kept" in _read_inline(monkeypatch, text)


def test_a_document_without_an_opener_is_not_parsed_for_its_passages(monkeypatch):
    parsed = []
    real = markdown_html._PassageParser.read
    monkeypatch.setattr(markdown_html._PassageParser, "read",
                        lambda self, text, *args: parsed.append(text) or real(
                            self, text, *args))
    assert markdown_html.read_passages("# Handout\n\nNo facilitator notes here.\n",
                                       public=False) == markdown_html.Reading((), None)
    assert parsed == []
    tagged = '<div class="facilitator facilitator&#45;line-0" markdown="1">\nSecret, yes.\n</div>\n'
    assert markdown_html.read_passages(tagged, public=False).passages == \
        markdown_html.read_passages(tagged).passages
    assert len(parsed) == 2


# The leak check reads what the authors wrote for all only when a sentence is found in an
# output, and then as little as it can: the same leaks are reported, the same sentences spared.
_NOTE = "Watch who stays quiet during the round"
_GUIDE = f'## Check-in\n\nSay hello.\n\n!!! facilitator "Tip"\n    {_NOTE}.\n'


def _check(tmp_path, handout: str) -> LeakCheck:
    curriculum, _ = check_project(write_project(tmp_path, {
        "modules/arriving/facilitator.md": _GUIDE,
        "modules/arriving/handouts/prompts.md": f"# Prompts\n\n{handout}\n"}))
    return LeakCheck.of(curriculum)


def _reported(check: LeakCheck) -> list[str]:
    return [problem.format() for problem in check.problems(
        "handout.html", f"Welcome. {_NOTE}. Thanks.")]


def test_nothing_written_for_all_is_read_before_a_sentence_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(leaks, "_PUBLIC", {})
    check = _check(tmp_path, f"{_NOTE}.")
    assert leaks._PUBLIC == {} and check._public is None
    assert [sentence.words for sentence in check.sentences] == [f"{_NOTE}."]


def test_a_sentence_also_written_in_a_document_without_passages_is_spared(tmp_path):
    check = _check(tmp_path, f"- {_NOTE}.")
    assert _reported(check) == []
    assert check._public is None  # found in the handout, read alone


def test_a_sentence_whose_words_the_markdown_sets_apart_is_spared(tmp_path):
    check = _check(tmp_path, "*Watch* who stays **quiet** during the round.")
    assert _reported(check) == []
    assert check._public is not None  # found in all that is written for all


@pytest.mark.parametrize("handout", [f"<!-- {_NOTE}. -->", "Nothing of the kind.",
                                     f"```\n{_NOTE}\n```\n\nWait."])
def test_a_leak_is_reported_whatever_the_documents_that_hold_its_words(tmp_path, handout):
    check = _check(tmp_path, handout)
    reported = _reported(check)
    assert len(reported) == 1 and "modules/arriving/facilitator.md:5" in reported[0]
    assert _NOTE in reported[0]


def test_each_sample_sentence_is_spared_exactly_when_all_written_for_all_holds_it(sample):
    check = LeakCheck.of(sample)
    spared = [check._public_too(index) for index in range(len(check.sentences))]
    assert spared == [sentence.key in check.public() for sentence in check.sentences]
    assert 0 < sum(spared) < len(spared)
