"""Support and referral contacts: set once in curriculum.yml, printed by `!!! support` wherever a
text asks, on every facilitator guide and in the facilitator edition; a reference without a
list is a located error."""

from __future__ import annotations

import markdown
import yaml

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.export import export_site
from mkdocs_curriculum.markdown_support import SupportExtension, support_references
from mkdocs_curriculum.packet_html import build_packet_html
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, mkdocs_build, problems_of, site_project, write_project

SUPPORT = """\
support:
  - name: Staff Counselling Line
    contact: Extension 4040
    when: Weekdays, 8 to 6.
  - name: <script>Night line</script>
    contact: Ask the switchboard.
"""
WITH_SUPPORT = {"curriculum/curriculum.yml": CURRICULUM + SUPPORT}
HANDOUT = "# Prompts\n\n1. Who are you?\n\n!!! support\n    If this stirs something up:\n"
CONTACTS = [{"name": "Staff Counselling Line", "contact": "Extension 4040", "when": "Weekdays."}]


def test_the_extension_fills_every_support_box_and_keeps_the_authors_words():
    html = markdown.markdown("!!! support\n    Talk to someone.\n\nText.\n",
                             extensions=[SupportExtension(contacts=CONTACTS, title="Who to call")])
    assert '<p class="admonition-title">Who to call</p>' in html
    assert "<p>Talk to someone.</p>" in html
    assert '<li><strong>Staff Counselling Line</strong>: Extension 4040 <span' \
           ' class="support-when">Weekdays.</span></li>' in html


def test_an_author_title_is_kept_and_contact_text_is_never_markup():
    contacts = [{"name": "<b>*Line*</b>", "contact": "[call](x)", "when": ""}]
    html = markdown.markdown('!!! support "Where to turn"\n',
                             extensions=[SupportExtension(contacts=contacts)])
    assert '<p class="admonition-title">Where to turn</p>' in html
    assert "<strong>&lt;b&gt;*Line*&lt;/b&gt;</strong>: [call](x)" in html


def test_without_the_extension_the_box_still_reads():
    html = markdown.markdown("!!! support\n    Ask the facilitator for the contacts.\n",
                             extensions=["admonition"])
    assert '<p class="admonition-title">Support</p>' in html
    assert "Ask the facilitator for the contacts." in html


def test_references_are_found_outside_code_only():
    text = "!!! support\n\n```\n!!! support\n```\n\n> ??? note support \"Help\"\n"
    assert support_references(text) == [1, 7]


def test_a_reference_without_a_support_list_is_a_located_error(tmp_path):
    lines = problems_of(tmp_path, {"modules/arriving/handouts/prompts.md": HANDOUT})
    assert lines == ["modules/arriving/handouts/prompts.md:5: support: refers to the support"
                     " contacts, but curriculum.yml has no support: list of {name, contact,"
                     ' when} (got "!!! support")']


def test_a_contact_without_its_contact_is_a_located_error(tmp_path):
    broken = CURRICULUM + "support:\n  - name: Night line\n    when: Always.\n"
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": broken})
    assert lines == ["curriculum/curriculum.yml:16: support[0].contact: required field is missing"]


def test_every_facilitator_guide_page_ends_with_the_contacts(tmp_path):
    curriculum, problems = check_project(write_project(tmp_path, WITH_SUPPORT))
    assert problems == []
    pages = render_site(curriculum)
    box = '## Support and referral {: #curriculum-support }\n\n!!! support ""\n'
    assert pages["guides/ground-rules.md"].endswith("Be kind.\n\n\n" + box)
    for uri in ("modules/arriving/guide.md", "modules/telling/guide.md"):
        body, after = pages[uri].split(box)
        assert body.rstrip().endswith(("Pairs talk.", "Tell a story.")), uri
        assert after.startswith(("\n## Handouts for this module", "\n## General facilitator")), uri


def test_a_guide_that_places_the_contacts_itself_gets_no_second_box(tmp_path):
    guide = "# Ground rules\n\nBe kind.\n\n!!! support\n    Call them.\n\nMore.\n"
    curriculum, _ = check_project(write_project(
        tmp_path, {**WITH_SUPPORT, "curriculum/guides/ground-rules.md": guide}))
    page = render_site(curriculum)["guides/ground-rules.md"]
    assert page.count("!!! support") == 1 and "curriculum-support" not in page


def test_the_facilitator_edition_carries_the_contacts_and_the_participants_where_asked(tmp_path):
    changes = {**WITH_SUPPORT, "modules/arriving/handouts/prompts.md": HANDOUT}
    curriculum, problems = check_project(write_project(tmp_path, changes))
    assert problems == []
    session = curriculum.sessions["morning"]
    facilitator = build_packet_html(curriculum, session, "facilitator")
    participant = build_packet_html(curriculum, session, "participant")
    assert '<h2>Support and referral</h2>' in facilitator
    assert facilitator.count("Staff Counselling Line") == 2  # contents page and the handout
    assert participant.count("Staff Counselling Line") == 1  # the handout asks for it
    assert "&lt;script&gt;Night line&lt;/script&gt;" in participant
    assert "<script>Night line" not in participant


def test_without_a_support_list_no_box_is_printed(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path))
    assert "support" not in render_site(curriculum)["modules/arriving/guide.md"]
    assert "Support and referral" not in build_packet_html(
        curriculum, curriculum.sessions["morning"], "facilitator")


def test_the_site_build_prints_the_contacts_escaped(tmp_path):
    root = site_project(tmp_path, {**WITH_SUPPORT,
                                   "modules/arriving/handouts/prompts.md": HANDOUT})
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    guide = (root / "site/modules/arriving/guide/index.html").read_text(encoding="utf-8")
    handout = (root / "site/modules/arriving/handouts/prompts/index.html").read_text("utf-8")
    for page in (guide, handout):
        assert "<strong>Staff Counselling Line</strong>: Extension 4040" in page
        assert "&lt;script&gt;Night line&lt;/script&gt;" in page
    assert 'id="curriculum-support"' in guide


def test_the_export_lists_the_extension_with_the_contacts_and_builds(tmp_path):
    root = site_project(tmp_path / "project", {**WITH_SUPPORT,
                                               "modules/arriving/handouts/prompts.md": HANDOUT})
    target = tmp_path / "out"
    assert export_site(read_layout(root / "mkdocs.yml")[0], target, paper=None) == []
    config = yaml.load((target / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    entry = config["markdown_extensions"][-1]["mkdocs_curriculum.markdown_support"]
    assert entry["title"] == "Support and referral"
    assert entry["contacts"][0] == {"name": "Staff Counselling Line", "contact": "Extension 4040",
                                    "when": "Weekdays, 8 to 6."}
    result = mkdocs_build(target)
    assert result.returncode == 0, result.stderr
    handout = (target / "site/modules/arriving/handouts/prompts/index.html").read_text("utf-8")
    assert "<strong>Staff Counselling Line</strong>" in handout


def test_the_boxes_follow_the_curriculum_language(tmp_path):
    curriculum, _ = check_project(write_project(tmp_path, {
        "curriculum/curriculum.yml": CURRICULUM + "language: es\n" + SUPPORT,
        "modules/arriving/handouts/prompts.md": HANDOUT}))
    html = build_packet_html(curriculum, curriculum.sessions["morning"], "participant")
    assert '<p class="admonition-title">Apoyo y derivación</p>' in html
