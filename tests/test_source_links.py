"""Links between source files: the scanner, the one map from sources to pages, and `check`
following every link and image (golden lines for each problem)."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import links
from mkdocs_curriculum.addresses import SiteMap, Target, page_url, relative_url
from mkdocs_curriculum.markdown_links import document_ids, find_links, replace_targets
from mkdocs_curriculum.rebuild import LastCall
from mkdocs_curriculum.validate import check_project

from helpers import LINKED, problems_of, write_project

OVERVIEW = "modules/arriving/overview.md"


def targets(text: str) -> list[tuple[int, str, bool, bool]]:
    return [(link.line, link.target, link.image, link.html) for link in find_links(text)]


# -- the scanner ------------------------------------------------------------------------------

def test_every_way_of_writing_a_link_is_found_with_its_line():
    text = ('Para [a](a.md "Title") and ![b](fig/b.png).\n'
            "[c]: <c d.md>\n"
            "![fig][c]\n\n"
            "[![inner](in.png)](outer.md#x)\n\n"
            '<div markdown>\n<a href="raw.md">raw</a> <img alt=x src=\'fig/r.png\'>\n</div>\n')
    assert targets(text) == [
        (1, "a.md", False, False), (1, "fig/b.png", True, False), (2, "c d.md", True, False),
        (5, "in.png", True, False), (5, "outer.md#x", False, False),
        (8, "raw.md", False, True), (8, "fig/r.png", True, True),
    ]


def test_code_comments_and_escapes_hold_no_links():
    text = ("`[span](no1.md)` and ``[two](no2.md)``\n\n"
            "    [indented](no3.md)\n\n"
            "```md\n[fenced](no4.md)\n```\n\n"
            "<!-- [comment](no5.md) -->\n\\[escaped](no6.md)\n\n"
            "~~~~\n```\n[inner fence](no7.md)\n```\n~~~~\n\n"
            "[after](yes.md)\n")
    assert targets(text) == [(18, "yes.md", False, False)]


def test_links_inside_admonitions_and_lists_are_found_but_their_code_is_not():
    text = ('!!! note "N"\n    In a note [a](a.md).\n\n        [code](no.md)\n\n'
            "- item [b](b.md)\n\n    more of the item [c](c.md)\n\n        [code](no2.md)\n")
    assert [t[1] for t in targets(text)] == ["a.md", "b.md", "c.md"]


def test_replacing_targets_keeps_everything_else():
    text = "See [a](a.md#x) and <img src='fig/b.png'>.\n"
    links = find_links(text)
    assert replace_targets(text, {links[0]: "../z.md#x", links[1]: "../fig/b.png"}) == \
        "See [a](../z.md#x) and <img src='../fig/b.png'>.\n"


def test_footnotes_and_task_lists_are_not_links():
    assert targets("- [ ] task\n- [x] done\n\n[^1]: A footnote (here).\n") == []


_WORD = st.sampled_from(["alpha", "beta", "gamma", "delta"])
_TARGET = st.builds(lambda a, b: f"{a}/{b}.md", _WORD, _WORD)


@st.composite
def _documents(draw) -> str:
    """Markdown made of the blocks authors write, with links in and out of code."""
    blocks = []
    for index in range(draw(st.integers(1, 6))):
        target, word = draw(_TARGET), draw(_WORD)
        blocks.append(draw(st.sampled_from([
            f"A [{word}]({target}) and `[{word}](code/{target})`.",
            f"![{word}]({target})",
            f"```\n[{word}](fenced/{target})\n```",
            f"    [{word}](indented/{target})",
            f'!!! note "{word}"\n    See [{word}]({target}).',
            f'!!! note "{word}"\n\n        [{word}](indented/{target})',
            f"- item [{word}]({target})\n\n    more [{word}]({target}#{word})",
            f"[{word}][ref{index}]\n\n[ref{index}]: {target}",  # each label defined once
            f'<div markdown>\n<a href="{target}">{word}</a>\n</div>',
            f"<!-- [{word}]({target}) -->",
            f"> Quoted [{word}]({target}).",
            f"| a | b |\n|---|---|\n| [{word}]({target}) | x |",
        ])))
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=150, deadline=None)
@given(_documents())
def test_the_scanner_finds_exactly_the_links_python_markdown_makes(text):
    html = markdown.markdown(text, extensions=["admonition", "md_in_html", "tables",
                                                "pymdownx.superfences"])
    made = sorted(re.findall(r'(?:href|src)="([^"]+)"', html))
    assert sorted(link.target for link in find_links(text)) == made


def test_ids_are_the_slugs_toc_gives_and_explicit_ids():
    ids = document_ids('## Check-in round {#check-in}\n\n## Why we *listen*\n\n'
                       '!!! note\n    ### Inside a note\n\n<span id="raw"></span>\n')
    assert {"check-in", "why-we-listen", "inside-a-note", "raw"} <= ids


# -- the map ----------------------------------------------------------------------------------

@pytest.fixture()
def site(tmp_path) -> SiteMap:
    curriculum, problems = check_project(write_project(tmp_path, LINKED))
    assert not problems, problems
    return SiteMap.of(curriculum)


@pytest.mark.parametrize(("source", "written", "uri"), [
    (OVERVIEW, "../telling/overview.md", "modules/telling/index.md"),
    (OVERVIEW, "../telling/facilitator.md#tell", "modules/telling/guide.md"),
    (OVERVIEW, "../../curriculum/guides/ground-rules.md", "guides/ground-rules.md"),
    (OVERVIEW, "fig/circle.svg", "modules/arriving/fig/circle.svg"),
    (OVERVIEW, "module.yml", "modules/arriving/index.md"),
    ("modules/arriving/handouts/prompts.md", "../facilitator.md", "modules/arriving/guide.md"),
    ("curriculum/guides/ground-rules.md", "fig/map.svg", "guides/fig/map.svg"),
    ("curriculum/pages/index.md", "../sessions/morning.yml", "sessions/morning.md"),
    ("curriculum/pages/index.md", "about.md", "about.md"),
    # pages with no source file of their own, and pages named by their address
    ("curriculum/pages/index.md", "catalog/index.md", "catalog/index.md"),
    (OVERVIEW, "../telling/guide.md", "modules/telling/guide.md"),
])
def test_a_link_to_a_source_file_resolves_to_what_it_became(site, source, written, uri):
    assert site.resolve(source, Target.of(written)).uri == uri


def test_links_are_rewritten_for_markdown_and_for_raw_html(site):
    guide = "modules/arriving/facilitator.md"
    assert site.site_link(guide, Target.of("../telling/facilitator.md#tell")) == \
        "../telling/guide.md#tell"
    assert site.site_link(guide, Target.of("../telling/facilitator.md#tell"), html=True) == \
        "../../telling/guide/#tell"
    assert site.site_link(guide, Target.of("fig/circle.svg"), html=True,
                          directory_urls=False) == "fig/circle.svg"
    assert site.site_link("curriculum/pages/index.md", Target.of("../guides/ground-rules.md"),
                          html=True) == "guides/ground-rules/"


@pytest.mark.parametrize(("uri", "directory", "flat"), [
    ("index.md", "", ""),
    ("modules/x/index.md", "modules/x/", "modules/x/"),
    ("modules/x/guide.md", "modules/x/guide/", "modules/x/guide.html"),
    ("modules/x/fig/a.svg", "modules/x/fig/a.svg", "modules/x/fig/a.svg"),
])
def test_page_urls_are_the_ones_mkdocs_makes(uri, directory, flat):
    assert (page_url(uri), page_url(uri, False)) == (directory, flat)


def test_relative_urls_between_pages():
    assert relative_url("modules/y/guide/", "modules/x/guide/") == "../../y/guide/"
    assert relative_url("", "about/") == "../"
    assert relative_url("modules/x/fig/a.svg", "modules/x/guide.html") == "fig/a.svg"


# -- check ------------------------------------------------------------------------------------

def test_links_written_as_the_sources_lie_pass_check(tmp_path):
    assert problems_of(tmp_path, LINKED) == []


def test_every_dead_link_and_missing_figure_is_a_located_error(tmp_path):
    overview = LINKED[OVERVIEW] + (
        "\nSee [gone](../no-such/overview.md) and [typo](../telling/facilitatr.md).\n"
        "![Chairs](fig/cirlce.svg)\n"
        "[Tell](../telling/facilitator.md#tel) and [here](#nowhere).\n"
        "[folder](../telling/) and [yaml](../../curriculum/curriculum.yml)\n"
        '<div markdown>\n<a href="../telling/overveiw.md">raw</a>\n</div>\n'
        "[abs](/modules/telling/)\n")
    guide = LINKED["curriculum/guides/ground-rules.md"].replace("map.svg", "mpa.svg")
    assert problems_of(tmp_path, {**LINKED, OVERVIEW: overview,
                                  "curriculum/guides/ground-rules.md": guide}) == [
        "curriculum/guides/ground-rules.md:5: image: no such file 'fig/mpa.svg';"
        " did you mean 'fig/map.svg'?",
        f"{OVERVIEW}:7: link: no such file '../no-such/overview.md';"
        " did you mean '../telling/overview.md'?",
        f"{OVERVIEW}:7: link: no such file '../telling/facilitatr.md';"
        " did you mean '../telling/facilitator.md'?",
        f"{OVERVIEW}:8: image: no such file 'fig/cirlce.svg'; did you mean 'fig/circle.svg'?",
        f"{OVERVIEW}:9: link: no heading '#nowhere' in this file",
        f"{OVERVIEW}:9: link: no heading '#tel' in '../telling/facilitator.md';"
        " did you mean '#tell'?",
        f"{OVERVIEW}:10: link: '../../curriculum/curriculum.yml' is not published: the site"
        " holds the modules' and guides' pages, the files beside them and the docs folder",
        f"{OVERVIEW}:10: link: '../telling/' is a folder; link to a file in it",
        f"{OVERVIEW}:12: link: no such file '../telling/overveiw.md';"
        " did you mean '../telling/overview.md'?",
        f"{OVERVIEW}:14: warning: link: '/modules/telling/' is an absolute path, which breaks"
        " when the site is not at the root of its server; write the path of the file from"
        " this one",
    ]


def test_stray_markdown_in_a_module_is_a_warning_not_silence(tmp_path):
    assert problems_of(tmp_path, {"modules/arriving/notes.md": "# Notes\n",
                                  "modules/arriving/handouts/unlisted.md": "# X\n",
                                  "curriculum/guides/drafts/x.md": "# Draft\n"}) == [
        "curriculum/guides/drafts/x.md:1: warning: file: not published: general guides are the"
        " .md files directly in this folder",
        "modules/arriving/handouts/unlisted.md:1: warning: file: not published: the module does"
        " not list it under handouts in module.yml",
        "modules/arriving/notes.md:1: warning: file: not published: the module does not list it"
        " under handouts in module.yml",
    ]


def test_a_symlink_out_of_the_module_is_refused_and_not_published(tmp_path):
    layout = write_project(tmp_path, LINKED)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site\n", encoding="utf-8")
    (tmp_path / "modules/arriving/fig/leak.txt").symlink_to(secret)
    (tmp_path / "modules/arriving/fig/same.svg").symlink_to(
        tmp_path / "modules/arriving/fig/circle.svg")
    curriculum, problems = check_project(layout)
    assert [p.format() for p in problems] == [
        "modules/arriving/fig/leak.txt:1: file: is a symlink that leads outside"
        ' modules/arriving/; copy the file in instead (got "secret.txt")']
    assert [a.uri for a in curriculum.modules["arriving"].assets] == [
        "modules/arriving/fig/circle.svg", "modules/arriving/fig/same.svg",
        "modules/arriving/reading.txt"]


def test_a_check_parses_again_only_the_documents_whose_text_changed(tmp_path, monkeypatch):
    """The ids of the documents a fragment names are remembered by the document's text for
    the next check (a rebuild under `mkdocs serve`): an unchanged document is not parsed
    again; a heading renamed in the target makes the link's fragment a problem at once,
    and named again, none."""
    parsed: list[str] = []
    monkeypatch.setattr(links, "document_ids", lambda text: parsed.append(text)
                        or document_ids(text))
    monkeypatch.setattr(links, "_IDS", LastCall())
    guide = "modules/telling/facilitator.md"  # LINKED links to its #tell twice
    renamed = LINKED.get(guide, "## Tell {#tell}\n\nTell a story.\n").replace("#tell", "#told")
    steps = [{}, {}, {guide: renamed}, {guide: renamed.replace("#told", "#tell")}]
    found, counts = [], []
    for step in steps:
        parsed.clear()
        problems = problems_of(tmp_path, {**LINKED, **step})
        found.append([line for line in problems if "no heading" in line])
        counts.append(len(parsed))
    assert found[:2] == [[], []] and found[3] == []
    assert found[2] == [
        "curriculum/pages/index.md:5: link: no heading '#tell' in"
        " '../../modules/telling/facilitator.md'; did you mean '#told'?",
        "modules/arriving/facilitator.md:7: link: no heading '#tell' in"
        " '../telling/facilitator.md'; did you mean '#told'?"]
    assert counts[0] >= 1 and counts[1] == 0 and counts[2] == counts[3] == 1
