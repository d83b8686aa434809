"""Story safety: an activity that asks for personal experience needs its module's confidentiality,
opt-out and distress sentences, which print where facilitators and participants need them."""

from __future__ import annotations

from mkdocs_curriculum.packet_html import build_packet_html
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_A, problems_of, write_project

PERSONAL = MODULE_A.replace("    format: pairs\n", "    format: pairs\n    sharing: personal\n")
SAFETY = """\
safety:
  confidentiality: What your partner says stays between you two.
  opt_out: You can pass at any time, without saying why.
  distress: If a pair stops, a facilitator offers a pause and checks in later.
"""
SENTENCES = ("What your partner says stays between you two.",
             "You can pass at any time, without saying why.",
             "If a pair stops, a facilitator offers a pause and checks in later.")


def test_personal_sharing_without_safety_is_an_error_at_the_activity(tmp_path):
    lines = problems_of(tmp_path, {"modules/arriving/module.yml": PERSONAL})
    line = PERSONAL.splitlines().index("    sharing: personal") + 1
    assert lines == [f"modules/arriving/module.yml:{line}: activities[1].sharing: asks people to"
                     " share personal experience, so the module needs safety: {confidentiality,"
                     ' opt_out, distress}, a sentence each (got "personal")']


def test_a_safety_sentence_missing_is_reported_once_where_it_belongs(tmp_path):
    partial = PERSONAL + "safety:\n  confidentiality: Stays here.\n  opt_out: Pass freely.\n"
    line = len(PERSONAL.splitlines()) + 2
    assert problems_of(tmp_path, {"modules/arriving/module.yml": partial}) == [
        f"modules/arriving/module.yml:{line}: safety.distress: required field is missing"]


def test_sharing_takes_only_personal(tmp_path):
    lines = problems_of(tmp_path, {"modules/arriving/module.yml": PERSONAL.replace(
        "sharing: personal", "sharing: private")})
    assert len(lines) == 1 and 'sharing: expected one of personal (got "private")' in lines[0]


def _site_and_packets(tmp_path):
    curriculum, problems = check_project(
        write_project(tmp_path, {"modules/arriving/module.yml": PERSONAL + SAFETY}))
    assert problems == []
    session = curriculum.sessions["morning"]
    return (render_site(curriculum), build_packet_html(curriculum, session, "facilitator"),
            build_packet_html(curriculum, session, "participant"))


def test_the_guide_prints_all_three_at_the_activity(tmp_path):
    pages, facilitator, _ = _site_and_packets(tmp_path)
    guide = pages["modules/arriving/guide.md"]
    section = guide.split("## Pair talk {#pairs}")[1]
    assert section.lstrip().startswith(
        '!!! safety "Personal sharing: how this activity keeps it safe"')
    assert all(sentence in section.split("Pairs talk.")[0] for sentence in SENTENCES)
    assert "safety" not in guide.split("## Pair talk {#pairs}")[0]  # only at that activity
    pairs = facilitator.split('id="module-arriving-guide-pairs"')[1].split("Pairs talk.")[0]
    assert all(sentence in pairs for sentence in SENTENCES)


def test_participants_read_confidentiality_and_opting_out_only(tmp_path):
    pages, _, participant = _site_and_packets(tmp_path)
    module_page = pages["modules/arriving/index.md"]
    overview = module_page.split("## Participant overview")[1]
    assert '!!! safety "Sharing in this module"' in overview
    for text in (overview, participant):
        assert SENTENCES[0] in text and SENTENCES[1] in text
        assert SENTENCES[2] not in text
