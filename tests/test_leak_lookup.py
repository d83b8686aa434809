"""The leak check looks sentences up by a word of theirs: it finds in any output exactly the
sentences that a search for each sentence in the output finds (the check before the lookup),
in the same order, even where a sentence begins or ends inside a word of the output."""

from __future__ import annotations

import random

import pytest

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.leaks import LeakCheck, Sentence, normalised
from mkdocs_curriculum.validate import check_project

from helpers import REPO, write_project


@pytest.fixture(scope="module")
def check():
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    return LeakCheck.of(curriculum)


def searched(check: LeakCheck, text: str) -> list[str]:
    """Every sentence found by searching the output for it, reported once per passage."""
    where, reported, found = normalised(text), set(), []
    for sentence in check.sentences:
        if sentence.places[0] not in reported and sentence.key in where \
                and sentence.key not in check.public():
            reported.add(sentence.places[0])
            found.append(f'"{sentence.words}"')
    return found


def output(sentences: list[Sentence], rng: random.Random) -> str:
    """Words of a participant's page around some facilitator sentences, some glued to the
    words beside them, some cut short, in other cases and spacing."""
    parts = ["Welcome to the session.", "Take a breath."]
    for sentence in rng.sample(sentences, k=min(len(sentences), rng.randint(0, 6))):
        words = sentence.words
        shape = rng.randrange(5)
        if shape == 1:
            words = "re" + words + "ly"  # begins and ends inside words of the output
        elif shape == 2:
            words = words[: len(words) // 2]  # only a part: no leak
        elif shape == 3:
            words = words.upper().replace(" ", "\n  ")
        parts.append(words)
        parts.append(rng.choice(["Then pause.", "", "and", "Next step."]))
    return " ".join(parts)


def test_the_lookup_finds_what_searching_each_sentence_finds(check):
    assert len(check.sentences) > 20
    rng = random.Random(20)
    seen = 0
    for _ in range(300):
        text = output(check.sentences, rng)
        got = [problem.got for problem in check.problems("page.html", text)]
        assert got == searched(check, text), text
        seen += bool(got)
    assert seen > 100  # most outputs hold a leak: the comparison is not of empty lists


TIMING = "!!! facilitator \"Timing\"\n    Let each story end before the next one starts.\n"
OUTPUT = "Welcome. Let each story end before the next one starts. Thanks."


def test_a_check_takes_over_what_the_last_found_only_when_its_sentences_are_the_same(
        tmp_path, monkeypatch):
    """Under `mkdocs serve` every rebuild makes a new check; the sentences found in an
    output are looked for again only when the passages' sentences changed: a passage added
    since the last check is found in the same output, and one no longer written is not."""
    def check_of(folder: str, guide: str) -> LeakCheck:
        layout = write_project(tmp_path / folder, {
            "modules/telling/facilitator.md": "## Tell {#tell}\n\nTell a story.\n\n" + guide})
        return LeakCheck.of(check_project(layout)[0])

    def found(check: LeakCheck) -> list[str]:
        return [problem.got for problem in check.problems("kit.js", OUTPUT)]

    assert found(check_of("before", "")) == []
    added = check_of("added", TIMING)
    assert found(added) == ['"Let each story end before the next one starts."']
    looked = []
    candidates = LeakCheck._candidates
    monkeypatch.setattr(LeakCheck, "_candidates",
                        lambda self, where: looked.append(where) or candidates(self, where))
    again = check_of("again", TIMING + "\nSay when.\n")  # the same passages, another text
    assert found(again) == found(added) and looked == []  # taken over, not looked for
    assert found(check_of("gone", "")) == [] and len(looked) == 1
