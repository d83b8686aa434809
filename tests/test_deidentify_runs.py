"""The identifier scan reads the same stretches, and finds the same identifiers, when a text
of ASCII characters has its likely numbers found by one pattern (`_likely_runs`) as when
each number of it is looked at (`_RUN`, kept for other texts): generated texts of numbers,
separators and month names in every case, and the sample's participant documents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import deidentify, validate
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.validate import check_project

from helpers import REPO

_TOKENS = st.sampled_from([
    "1", "5", "9", "09", "10", "12", "31", "89", "90", "99", "100", "119", "120", "0090",
    "2019", "12345", "555", " ", " ", "  ", "\t", "\n", "\x1c", ".", "/", "-", ")", "(", "+",
    ":", ",", "@", "st", "th", "nd", "rd", "d", "h", "n", "s", "of ", "de ", "March", "MARCH",
    "mar", "Mar.", "Sept", "sept.", "May", "may", "december", "Dec", "marzo", "mars", "Mai",
    "juin", "mayo", "enero", "a", "ly", "first", "after", "minutes", "age ", "aged ", "MRN ",
    "phone ", "fax", "SSN ", "years old", "y/o", "x@y.org", "[a](b.md)", "`12`", "ma", "ju",
    "<!-- identifier-ok -->", "1.", "a1", "word", "z",
    "March 12", "Mar. 5", "sept. 9", "12 March", "5th of May", "3rd de marzo", "1 mai",
    "Dec 31st", "MAY 1", "June 30", "aged 93", "93 y/o", "+1 555 123 4567", "12-15",
    "3/4/2019", "04.05.2020", "(555) 123-4567", "ma 5", "st 7", "ly 9", "ch. 3",
])
_TEXTS = st.lists(_TOKENS, max_size=40).map("".join)


def _each_number(months):
    return deidentify._RUN


@pytest.mark.parametrize("code", ["en", "es", "fr", "de"])
@settings(max_examples=400, deadline=None)
@given(text=_TEXTS)
def test_the_stretches_read_are_those_of_looking_at_each_number(code, text):
    months = deidentify.month_names(code)
    found = list(deidentify._windows(text, months))
    findings = list(deidentify.scan(text, code))
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(deidentify, "_likely_runs", _each_number)
        assert found == list(deidentify._windows(text, months))
        assert findings == list(deidentify.scan(text, code))


def test_the_samples_participant_documents_give_the_same_findings(monkeypatch):
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    texts = [doc.text for module in curriculum.modules.values()
             for doc in validate.participant_documents(module)]
    texts.append("Born 14 March 1931, MRN 00482913, call 555-123-4567 or +44 20 7946 0958;"
                 " she is 93 years old; seen 2019-03-12 and on 12/03/19.")
    assert sum(text.isascii() for text in texts) > len(texts) // 2
    fast = [list(deidentify.scan(text)) for text in texts]
    monkeypatch.setattr(deidentify, "_likely_runs", _each_number)
    assert fast == [list(deidentify.scan(text)) for text in texts]
    assert len(fast[-1]) == 7  # what is planted is found (two phone numbers)
