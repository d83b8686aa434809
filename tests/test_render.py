"""The site's pages as Markdown (the core, without MkDocs): addresses, content, escaping."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum.render import demote_headings, md_text, packet_links, render_site
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_A, write_project

A = "modules/arriving/module.yml"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc",
              "pymdownx.superfences", "pymdownx.tasklist"]


def site(tmp_path, changes=None, directory_urls=True):
    curriculum, problems = check_project(write_project(tmp_path, changes))
    assert not [p for p in problems if p.is_error], problems
    return curriculum, render_site(curriculum, directory_urls)


def body(page: str) -> str:
    """A page without its front matter, as MkDocs hands it to Markdown."""
    return page.split("---\n", 2)[2] if page.startswith("---\n") else page


def to_html(text: str) -> str:
    return markdown.markdown(body(text), extensions=EXTENSIONS)


def visible(fragment: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, spaces collapsed."""
    inline = re.sub(r"</?(a|strong|em|span|code|b|i)\b[^>]*>", "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def test_every_page_has_its_fixed_address(tmp_path):
    _, pages = site(tmp_path)
    assert sorted(pages) == [
        "catalog/index.md",
        "guides/ground-rules.md",
        "guides/index.md",
        "modules/arriving/guide.md",
        "modules/arriving/handouts/prompts.md",
        "modules/arriving/index.md",
        "modules/index.md",
        "modules/telling/guide.md",
        "modules/telling/index.md",
        "paths/first.md",
        "paths/index.md",
        "planner/index.md",
        "run/index.md",
        "screen/index.md",
        "sessions/index.md",
        "sessions/morning.md",
        "sessions/morning/evaluation.md",
        "sessions/morning/run.md",
        "sessions/morning/screen.md",
    ]


def test_module_page_shows_what_a_facilitator_needs(tmp_path):
    _, pages = site(tmp_path)
    text = visible(to_html(pages["modules/arriving/index.md"]))
    for expected in ("Arriving", "A first meeting.", "Length: 30 min", "Group size: 4–12 people",
                     "Level: Foundation", "Audiences: Students, Care teams",
                     "Themes: Connection", "Hear every voice once.",
                     "0:00–0:10 Check-in Arrive. 10 Whole group",
                     "0:10–0:30 Pair talk Listen. 20 Pairs",
                     "Index cards — 2 per participant", "Flip chart — 1 per group of 4",
                     "Timer — 1 per session", "Participant overview Why Because.",
                     "Handouts Prompts", "Part of First path, step 1 of 2"):
        assert expected in text, expected


def test_module_page_links_its_guide_handouts_paths_and_prerequisites(tmp_path):
    _, pages = site(tmp_path)
    arriving = pages["modules/arriving/index.md"]
    assert "[Facilitator guide](guide.md)" in arriving
    assert "[Check-in](guide.md#check-in)" in arriving
    assert "[Prompts](handouts/prompts.md)" in arriving
    assert "[First path](../../paths/first.md), step 1 of 2" in arriving
    assert "**Builds on:** [Arriving](../arriving/index.md)" in pages["modules/telling/index.md"]


def test_overview_headings_sit_under_the_module_page_headings(tmp_path):
    _, pages = site(tmp_path)
    assert "## Participant overview\n\n### Why\n" in pages["modules/arriving/index.md"]


def test_demote_headings_leaves_code_fences_alone():
    text = "## A\n\n```\n## not a heading\n```\n\n# B {#b}\n"
    assert demote_headings(text) == "### A\n\n```\n## not a heading\n```\n\n## B {#b}\n"


def test_guide_page_has_the_authors_sections_and_a_timing_table(tmp_path):
    _, pages = site(tmp_path)
    guide = pages["modules/arriving/guide.md"]
    assert "# Facilitator guide: Arriving" in guide
    assert "## Check-in {#check-in}\n\nSay hello." in guide
    assert "| 0:10–0:30 | [Pair talk](guide.md#pairs) | 20 | Pairs |" in guide
    assert "- [Ground rules](../../guides/ground-rules.md)" in guide


def test_handout_page_keeps_its_title_and_links_back(tmp_path):
    _, pages = site(tmp_path)
    handout = pages["modules/arriving/handouts/prompts.md"]
    assert "curriculum: handout" in handout
    assert "# Prompts\n" in handout
    assert "Handout for [Arriving](../index.md)." in handout
    assert "1. Who are you?" in handout


def test_handout_outside_the_handouts_folder_still_lives_under_handouts(tmp_path):
    _, pages = site(tmp_path, {
        A: MODULE_A.replace("handouts/prompts.md", "cards.md"),
        "modules/arriving/cards.md": "# Cards\n\nCut along the lines.\n",
    })
    assert "modules/arriving/handouts/cards.md" in pages


def test_path_page_orders_steps_with_totals_notes_and_prerequisites(tmp_path):
    _, pages = site(tmp_path)
    text = visible(to_html(pages["paths/first.md"]))
    assert "For: Students Modules: 2 Total time: 50 min" in text
    assert "Arriving — 30 min · Foundation" in text
    assert "Telling — 20 min · Practice Builds on: Arriving (step 1) Later." in text


def test_session_page_has_clock_times_scaled_materials_and_packets(tmp_path):
    _, pages = site(tmp_path)
    page = pages["sessions/morning.md"]
    text = visible(to_html(page))
    assert "Time: 09:00–10:00 (1 h) Group size: 8 participants" in text
    assert "09:00–09:05 Opening 5 min" in text
    assert "09:05–09:35 Arriving 30 min 09:05–09:15 Check-in · Whole group 10 min" in text
    assert "09:35–09:40 Break 5 min" in text
    assert "09:40–10:00 Telling 20 min 09:40–10:00 Tell · Solo 20 min" in text
    # 2 index cards per participant x 8; flip chart per group of 4 -> 2 groups; 1 timer
    assert "Materials for 8 participants 16 × Index cards 2 × Flip chart 1 × Timer" in text
    assert '<a class="md-button md-button--primary" href="morning-facilitator.pdf">' \
           "Facilitator edition (PDF)</a>" in page
    assert '<a class="md-button" href="morning-participant.html">' \
           "Participant edition (print-friendly page)</a>" in page
    assert "[Ground rules](../guides/ground-rules.md)" in page


def test_packet_links_point_into_the_sessions_folder_without_directory_urls():
    hrefs = [link["pdf"] for link in packet_links("morning", directory_urls=False)]
    assert hrefs == ["morning/morning-facilitator.pdf", "morning/morning-participant.pdf",
                     "morning/morning-participant-large-print.pdf"]


def test_session_lists_only_its_guides_when_it_names_them(tmp_path):
    _, pages = site(tmp_path, {
        "curriculum/guides/safety.md": "# Safety\n\nStay safe.\n",
        "curriculum/sessions/morning.yml": (
            'title: Morning\ngroup_size: 8\nblocks:\n  - module: arriving\nguides: [safety]\n'),
    })
    assert "[Safety](../guides/safety.md)" in pages["sessions/morning.md"]
    assert "ground-rules" not in pages["sessions/morning.md"]


def test_catalog_cards_carry_their_facets_and_the_filters_count_them(tmp_path):
    _, pages = site(tmp_path)
    catalog = pages["catalog/index.md"]
    assert ('<article class="curriculum-card" data-audience="students teams"'
            ' data-theme="connection" data-level="foundation" data-length="short" markdown>'
            in catalog)
    assert "## [Telling](../modules/telling/index.md)" in catalog
    assert '<option value="students">Students (2)</option>' in catalog
    assert '<option value="teams">Care teams (1)</option>' in catalog
    assert '<option value="short">1 hour or less (2)</option>' in catalog
    assert '<option value="long">' not in catalog  # no module is that long
    assert "<form class=\"curriculum-filters\" id=\"curriculum-filters\" hidden>" in catalog


def test_catalog_without_javascript_lists_every_module(tmp_path):
    _, pages = site(tmp_path)
    rendered = to_html(pages["catalog/index.md"])
    assert rendered.count('<article class="curriculum-card"') == 2
    assert ' hidden>' in rendered  # the filter form shows only once the script runs


def test_lists_of_paths_sessions_guides_and_modules(tmp_path):
    _, pages = site(tmp_path)
    assert "## [First path](first.md)" in pages["paths/index.md"]
    assert "| [Morning](morning.md) |  | 09:00–10:00 | 8 |" in pages["sessions/index.md"]
    assert "- [Ground rules](ground-rules.md)" in pages["guides/index.md"]
    modules = visible(to_html(pages["modules/index.md"]))
    assert "Foundation Module Length Audiences Arriving 30 min Students, Care teams" in modules
    assert "Practice Module Length Audiences Telling 20 min Students" in modules


SCRIPT = '<script>alert("x")</script> & *stars* [link](javascript:x) | `code` {#id}'


def test_text_from_yaml_reaches_html_as_text(tmp_path):
    _, pages = site(tmp_path, {A: MODULE_A.replace("title: Arriving", f"title: '{SCRIPT}'")
                               .replace("summary: A first meeting.", "summary: '# 1. <b>x</b>'")})
    for uri in ("modules/arriving/index.md", "catalog/index.md", "paths/first.md",
                "sessions/morning.md", "modules/index.md"):
        rendered = to_html(pages[uri])
        assert "<script" not in rendered, uri
        assert 'href="javascript' not in rendered, uri
        assert SCRIPT in visible(rendered), uri
    module = to_html(pages["modules/arriving/index.md"])
    assert "<b>" not in module and "# 1. <b>x</b>" in visible(module)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF,
                                      blacklist_categories=("Cs", "Cc")), max_size=40))
def test_md_text_renders_as_exactly_the_text(text):
    expected = " ".join(text.split())
    paragraph = markdown.markdown(f"Before {md_text(text)} after", extensions=EXTENSIONS)
    assert visible(paragraph) == " ".join(f"Before {expected} after".split())
    cell = markdown.markdown(f"| a | b |\n|---|---|\n| {md_text(text)} | x |",
                             extensions=EXTENSIONS)
    assert visible(cell) == " ".join(f"a b {expected} x".split())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="-+#>*_=1. 0)`~[]", min_size=1, max_size=12))
def test_md_text_at_the_start_of_a_line_stays_a_paragraph(text):
    rendered = markdown.markdown(md_text(text), extensions=EXTENSIONS)
    expected = " ".join(text.split())
    if expected:
        assert rendered.startswith("<p>"), rendered
        assert visible(rendered) == expected


def test_a_kept_render_renders_again_only_the_pages_of_what_changed(tmp_path):
    """Under `mkdocs serve` the pages of a module that did not change are the previous
    render's, unless what they print of the rest changed (here another module's title, which
    the prerequisites name); every render equals one from scratch."""
    from mkdocs_curriculum.load import KeptModules
    from mkdocs_curriculum.render import KeptPages

    layout = write_project(tmp_path)
    modules, pages = KeptModules(), KeptPages()

    def render() -> dict[str, str]:
        curriculum, _ = check_project(layout, pooled=False, kept=modules)
        made = render_site(curriculum, kept=pages)
        assert made == render_site(curriculum)
        assert list(made) == list(render_site(curriculum))  # in the site's order
        return made

    def edit(name: str, old: str, new: str) -> None:
        path = tmp_path / name
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")

    first = render()
    edit("modules/telling/overview.md", "Stories.", "Stories we tell.")
    second = render()
    assert second["modules/arriving/index.md"] is first["modules/arriving/index.md"]
    assert "Stories we tell." in second["modules/telling/index.md"]
    edit("modules/arriving/module.yml", "title: Arriving", "title: Arriving well")
    third = render()
    assert "Arriving well" in third["modules/telling/index.md"]  # its prerequisite


def test_a_new_title_renders_again_the_modules_that_print_it_and_no_other(tmp_path,
                                                                          monkeypatch):
    """Of the other modules, a module's pages print only its prerequisites' titles: a new
    title renders again the pages of its module and of those that build on it (`telling`
    builds on `arriving`), never those of a module that does not name it; every render equals
    one from scratch."""
    from mkdocs_curriculum import render as render_module
    from mkdocs_curriculum.load import KeptModules
    from mkdocs_curriculum.render import KeptPages

    layout = write_project(tmp_path)
    modules, pages = KeptModules(), KeptPages()
    rendered: list[str] = []
    module_pages = render_module.module_pages
    monkeypatch.setattr(render_module, "module_pages", lambda module, *args: rendered.append(
        module.id) or module_pages(module, *args))

    def render_after(name: str, old: str, new: str) -> tuple[list[str], dict[str, str]]:
        path = tmp_path / name
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
        curriculum, _ = check_project(layout, pooled=False, kept=modules)
        rendered.clear()
        made = render_site(curriculum, kept=pages)
        seen = sorted(rendered)
        assert made == render_site(curriculum)
        return seen, made

    render_after("modules/telling/module.yml", "", "")  # the first render: every module
    assert render_after("modules/telling/module.yml", "title: Telling",
                        "title: Storytelling")[0] == ["telling"]  # nobody builds on it
    seen, made = render_after("modules/arriving/module.yml", "title: Arriving",
                              "title: Arriving well")
    assert seen == ["arriving", "telling"]
    assert "[Arriving well](../arriving/index.md)" in made["modules/telling/index.md"]
    assert render_after("modules/telling/module.yml", "prerequisites: [arriving]",
                        "prerequisites: []")[0] == ["telling"]
    assert render_after("modules/arriving/module.yml", "title: Arriving well",
                        "title: Arriving")[0] == ["arriving"]  # nobody builds on it now
