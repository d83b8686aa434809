"""A document with facilitator passages is parsed and read inline once for the planner's two
kits: the participant renderer hands the tree it has before cutting to the full renderer
(markdown_html.Handover). Both kits must be those of each edition rendered on its own."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import markdown_html, planner
from mkdocs_curriculum.addresses import SiteMap
from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.markdown_html import KitRenderer, MarkdownRenderer, Placement, Shared
from mkdocs_curriculum.markdown_support import SupportExtension
from mkdocs_curriculum.packet_links import LinkBook
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, GUIDE_A, MODULE_A, MODULE_B, write_project

# Pieces of a document: passages everywhere Markdown puts them, and what could tell a cut
# before inline Markdown from one after it.
_PIECES = {
    "paragraph": "Kept{n} *words* and `code` &amp; <span>html</span>.\n",
    "passage": '!!! facilitator "Secret{n}"\n    Secret{n} **body** <b>raw</b>.\n',
    "details": '???+ facilitator "Secret{n}"\n    Secret{n} folded [x](#same).\n',
    "heading": "## Same\n\nKept{n} [there](../other.md#same), <a href=\"#same\">here</a>.\n",
    "passage heading": '!!! facilitator "Same"\n    ## Same\n\n    Secret{n} [x](#same).\n',
    "hidden definition": ('!!! facilitator\n    [s{n}]: https://example.org/secret{n}\n\n'
                          "Kept{n} [wherever][s{n}].\n"),
    "definition": "Kept{n} [defined][d{n}].\n\n[d{n}]: https://example.org/kept{n}\n",
    "used inside": "!!! facilitator\n    Secret{n} [defined][d{n}].\n",
    "item": "- Kept{n} item\n\n    !!! facilitator\n        Secret{n} in a list.\n",
    "first in item": "- !!! facilitator\n        Secret{n}.\n\n    [ ] Kept{n} task?\n",
    "task": "- [ ] Kept{n} task\n- [x] Kept{n} done\n",
    "lazy": "!!! facilitator\n    Secret{n}.\nKept{n} lazily *after*.\n",
    "tail": ('<div markdown="span"><div class="facilitator" markdown="1">Secret{n}</div>'
             " Kept{n} *tail* <i>x</i></div>\n"),
    "quote": "> !!! facilitator\n>     Secret{n}.\n>\n> Kept{n} quoted.\n",
    "nested": ('!!! tip "Kept{n} tip"\n    Kept{n} before.\n\n    ??? facilitator\n'
               "        Secret{n} nested.\n\n    Kept{n} after.\n"),
    "html block": ('<div markdown="1">\n!!! facilitator\n    Secret{n} in html.\n\n'
                   "Kept{n} in html.\n</div>\n"),
    "fence": "```\n!!! facilitator\n    Kept{n} as code.\n```\n",
    "fenced in passage": "!!! facilitator\n    ```\n    Secret{n} code\n    ```\n",
    "table": "Intro{n}:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "toc": "[TOC]\n",
    "figure": "![Kept{n}](fig/{n}.png)\n",
    "break": "Kept{n} line  \nbroken.\n",
    "support": '!!! support ""\n',
    "support in passage": '!!! facilitator\n    Secret{n}.\n\n    !!! support "Call"\n',
}
_SECRETS = {kind for kind, text in _PIECES.items() if "Secret" in text}


def _book() -> LinkBook:
    return LinkBook(SiteMap([]), Web(), Path("."))


def _both_editions(documents: list[tuple[str, Placement]], shared: dict | None):
    """Each edition's HTML of the documents and its book's notes, participant first; with
    `shared`, one module's kits as the planner renders them."""
    found = {}
    for notes in (False, True):
        renderer = MarkdownRenderer(notes=notes, book=_book(), extensions=[SupportExtension(
            contacts=[{"name": "Line", "contact": "555 0100", "when": "any time"}])])
        rendering = KitRenderer(renderer, shared) if shared is not None else renderer
        found[notes] = ([str(rendering.render(text, placement)) for text, placement in documents],
                        renderer.book.written, renderer.book.placed)
    return found


def _taken(monkeypatch) -> list[str]:
    """The texts the full renderer converted from a tree handed over."""
    taken: list[str] = []
    converted = MarkdownRenderer.converted

    def spy(self, text, placement=None, handover=None, hand_over=False):
        taken.extend([text] if handover is not None else [])
        return converted(self, text, placement, handover, hand_over)

    monkeypatch.setattr(MarkdownRenderer, "converted", spy)
    return taken


@given(st.lists(st.lists(st.sampled_from(sorted(_PIECES)), min_size=1, max_size=6),
                min_size=1, max_size=3))
@settings(max_examples=120, deadline=None)
def test_documents_handed_over_convert_as_each_edition_renders_them(
        documents: list[list[str]]) -> None:
    placed = [("\n".join(_PIECES[kind].format(n=n) for n, kind in enumerate(kinds)),
               Placement(f"doc-{number}", number % 2, {"same": "10:00"}, f"m/doc{number}.md"))
              for number, kinds in enumerate(documents)]
    shared = Shared()
    found = _both_editions(placed, shared)
    assert found == _both_editions(placed, None)
    assert shared.handovers == {}  # each tree handed over was taken
    assert "Secret" not in "".join(found[False][0])


def test_a_plain_passage_is_handed_over_and_what_cannot_wait_is_not(monkeypatch) -> None:
    """The full renderer takes the participant's tree of a document whose passages can be cut
    after inline Markdown; a link definition in a passage, a passage in a list item or with
    text after it keep the two conversions apart."""
    taken = _taken(monkeypatch)
    kinds = ["passage", "details", "passage heading", "nested", "quote", "lazy",
             "hidden definition", "item", "first in item", "tail"]
    placed = [(_PIECES[kind].format(n=1), Placement("d", 0, source="m/d.md")) for kind in kinds]
    assert _both_editions(placed, Shared()) == _both_editions(placed, None)
    assert taken == [_PIECES[kind].format(n=1) for kind in kinds[:6]]


def test_another_python_markdown_converts_each_edition_on_its_own(monkeypatch) -> None:
    """Python-Markdown's code is not the one the handover was written against: nothing is
    handed over, and the kits are the same."""
    monkeypatch.setattr(markdown_html, "_MARKDOWN_CODE", "another version")
    markdown_html._follows_markdown.cache_clear()
    try:
        taken = _taken(monkeypatch)
        placed = [(_PIECES["passage"].format(n=1), Placement("d", 0, source="m/d.md"))]
        assert _both_editions(placed, Shared()) == _both_editions(placed, None)
        assert taken == []
    finally:
        markdown_html._follows_markdown.cache_clear()


# A tiny curriculum with passages in every kind of document: overviews, guides (one with the
# safety notes that personal sharing adds, one that participants read), handouts, a general
# guide; link definitions and headings inside passages.
_PASSAGE = ('!!! facilitator "How to run it"\n    Hidden pacing advice for {who}.\n\n'
            "    ## Check-in\n\n    Hidden, see [the notes][notes] and [below](#check-in).\n\n")
_PERSONAL = MODULE_A.replace("    format: pairs\n", "    format: pairs\n    sharing: personal\n")
_SAFETY = ("safety:\n  confidentiality: What your partner says stays between you two.\n"
           "  opt_out: You can pass at any time, without saying why.\n"
           "  distress: If a pair stops, a facilitator offers a pause and checks in later.\n")
CHANGES = {
    "curriculum/curriculum.yml": CURRICULUM + (
        "support:\n  - name: Peer line\n    contact: 555 0100\n    when: Any time.\n"),
    "modules/arriving/module.yml": _PERSONAL.replace(
        "  - handouts/prompts.md\n", "  - handouts/prompts.md\n  - handouts/cards.md\n") + _SAFETY,
    "modules/arriving/overview.md": (
        "## Why\n\nBecause, [as noted][n].\n\n[notes]: https://example.org/notes\n\n"
        + _PASSAGE.format(who="arrivals") + "## Why\n\nSee [why](#why).\n"),
    "modules/arriving/facilitator.md": GUIDE_A + "\n" + _PASSAGE.format(who="the guide")
    + "[n]: https://example.org/n\n",
    "modules/arriving/handouts/prompts.md": (
        "# Prompts\n\n1. Who are you?\n\n!!! support \"\"\n\n" + _PASSAGE.format(who="prompts")
        + '    !!! support "Hidden call"\n\n'
        + "[notes]: https://example.org/notes\n\n- [ ] Kept task\n"),
    "modules/arriving/handouts/cards.md": (
        "# Cards\n\n!!! facilitator\n    [secret]: https://example.org/secret\n\n"
        "Cards, [where][secret].\n\n" + _PASSAGE.format(who="cards")),
    "modules/telling/module.yml": MODULE_B + "participants_read: guide\n",
    "modules/telling/facilitator.md": (
        "## Tell {#tell}\n\nTell a story, [back](../arriving/overview.md#why).\n\n"
        + _PASSAGE.format(who="tellers") + "[notes]: https://example.org/notes\n"),
    "curriculum/guides/ground-rules.md": (
        "# Ground rules\n\nBe kind.\n\n" + _PASSAGE.format(who="the rules")
        + "[notes]: https://example.org/notes\n"),
}


def _kits(curriculum, monkeypatch, renderer) -> dict:
    with monkeypatch.context() as local:
        local.setattr(planner, "_KITS", {})
        local.setattr(planner, "KITS_APART_FROM", 10_000)
        local.setattr(planner, "KitRenderer", renderer)
        return planner.planner_files(curriculum, Web("https://example.org/c/", True))


def test_the_kits_of_a_curriculum_with_passages_everywhere_are_those_of_each_edition(
        tmp_path, monkeypatch) -> None:
    curriculum, problems = check_project(write_project(tmp_path, CHANGES))
    assert not [p for p in problems if p.severity == "error"]
    taken = _taken(monkeypatch)
    handed = _kits(curriculum, monkeypatch, KitRenderer)
    alone = _kits(curriculum, monkeypatch, lambda renderer, shared: renderer)
    assert handed == alone
    # the overview, the prompts and the guide participants read (the cards' definition in a
    # passage and the safety notes of arriving's guide keep theirs apart)
    assert len(taken) == 3
    assert {CHANGES["modules/arriving/overview.md"],
            CHANGES["modules/telling/facilitator.md"]} < set(taken)
    participant = "".join(text for uri, text in handed.items() if "/participant/" in uri)
    assert "Hidden" not in participant and "example.org/secret" not in participant
    assert "[where][secret]" in participant and "Kept task" in participant
    assert "555 0100" in participant
    facilitator = "".join(text for uri, text in handed.items() if "/facilitator/" in uri)
    assert "Hidden pacing advice for tellers" in facilitator
    assert "What your partner says stays between you two." in facilitator


_ATTRIBUTES = st.sampled_from(["href", "HREF", "Src", "data-src", "xhref", "id", "class", "alt",
                               "srcset", "hreflang", "title"])
_VALUES = st.sampled_from(['"a.md"', "'b.png#x'", "c.md", '"href=src"', "''", '"<i>"'])
_TAGS = st.builds(lambda name, attributes, close: f"<{name}{attributes}{close}>",
                  st.sampled_from(["a", "img", "IMG", "p", "h2", "span", "source"]),
                  st.lists(st.builds(lambda n, v, s: f"{s}{n}={v}" if v else f"{s}{n}",
                                     _ATTRIBUTES, st.one_of(st.none(), _VALUES),
                                     st.sampled_from([" ", "\n", "  "])), max_size=4)
                  .map("".join), st.sampled_from(["", " /", "/"]))


@given(st.lists(st.one_of(_TAGS, st.sampled_from(["text ", "</a>", "src href ", "<", "\n"])),
                max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_links_are_found_in_html_as_reading_every_tag_finds_them(html: str) -> None:
    """find_html_links reads only the tags that may hold a link: it finds what reading every
    tag's attributes finds."""
    from mkdocs_curriculum import markdown_links

    every = sorted({item for match in markdown_links._TAG.finditer(html)
                    for item in markdown_links._tag_attributes(match)})
    assert [(link.start, link.end, link.image) for link in markdown_links.find_html_links(html)] \
        == [(start, end, image) for start, end, image, _ in every]


def test_an_unknown_inline_stage_or_tree_processor_at_the_handover_turns_it_off() -> None:
    """Another extension's inline stage, or a tree processor where the tree is handed over:
    nothing the handover was written for, so each edition converts on its own."""
    from markdown.extensions import Extension
    from markdown.treeprocessors import InlineProcessor, Treeprocessor

    class OwnInline(InlineProcessor):
        pass

    class Replaces(Extension):
        def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
            md.treeprocessors.register(OwnInline(md), "inline", 20)

    class Beside(Extension):
        def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
            md.treeprocessors.register(Treeprocessor(md), "beside", markdown_html._HANDOVER_AT)

    for extension in (Replaces(), Beside()):
        for notes in (False, True):
            assert MarkdownRenderer(notes=notes, extensions=[extension])._handover is None
    assert MarkdownRenderer(notes=False)._handover is not None
