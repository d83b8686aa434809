"""Markdown for packets: facilitator passages cut at the source, documents placed in a packet."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_curriculum.addresses import SiteMap
from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.markdown_html import (
    KitRenderer,
    MarkdownRenderer,
    Placement,
    is_facilitator_opener,
    strip_facilitator,
)
from mkdocs_curriculum.packet_links import LinkBook


def html(text: str, placement: Placement | None = None) -> str:
    return str(MarkdownRenderer().render(text, placement))


def test_a_top_level_passage_goes_and_the_text_around_it_stays() -> None:
    text = 'Before.\n\n!!! facilitator "Hidden title"\n    Hidden body.\n\n    More.\n\nAfter.\n'
    out = strip_facilitator(text)
    assert "Hidden" not in out and "More." not in out
    assert "<p>Before.</p>" in html(out) and "<p>After.</p>" in html(out)


@pytest.mark.parametrize("opener", [
    '!!! facilitator "Title"',
    "!!! facilitator",
    "!!!facilitator",
    '!!! Facilitator "Case does not matter"',
    '!!! note facilitator "An extra class"',
    '??? facilitator "Collapsible"',
    '???+ facilitator "Open collapsible"',
    '!!! facilitator inline end "With options"',
])
def test_every_way_of_writing_a_passage_is_cut(opener: str) -> None:
    out = strip_facilitator(f"Intro.\n\n{opener}\n    Secret.\n\nOutro.\n")
    assert "Secret" not in out and "facilitator" not in out.lower()
    assert "Intro." in out and "Outro." in out


def test_other_admonitions_stay() -> None:
    text = '!!! note "Keep"\n    Kept.\n\n!!! facilitators "Not the type"\n    Also kept.\n'
    assert strip_facilitator(text) == text


def test_a_passage_nested_in_another_admonition_goes_alone() -> None:
    text = ('!!! note "Outer"\n    Outer text.\n\n    !!! facilitator "Inner"\n'
            "        Inner secret.\n\n    Outer continues.\n\nAfter.\n")
    out = html(strip_facilitator(text))
    assert "Inner" not in out
    assert "Outer text." in out and "Outer continues." in out and "<p>After.</p>" in out
    assert out.count('class="admonition note"') == 1


def test_a_passage_holding_a_nested_admonition_goes_whole() -> None:
    text = ('!!! facilitator "Outer"\n    Secret.\n\n    !!! note "Inner"\n'
            "        Inner secret.\n\nAfter.\n")
    out = strip_facilitator(text)
    assert "secret" not in out.lower() and "Inner" not in out
    assert out.strip() == "After."


def test_a_passage_inside_a_list_item_goes_and_the_item_stays() -> None:
    text = ("- First item\n\n    !!! facilitator\n        Secret.\n\n    Still the first item.\n\n"
            "- Second item\n")
    out = html(strip_facilitator(text))
    assert "Secret" not in out
    assert "Still the first item." in out and "Second item" in out
    assert out.count("<li>") == 2


def test_a_passage_inside_a_blockquote_goes() -> None:
    text = "> Quoted.\n>\n> !!! facilitator\n>     Secret.\n\nAfter.\n"
    out = strip_facilitator(text)
    assert "Secret" not in out
    rendered = html(out)
    assert "Quoted." in rendered and "<p>After.</p>" in rendered


def test_a_passage_at_the_end_of_the_file_goes() -> None:
    assert strip_facilitator('Text.\n\n!!! facilitator "End"\n    Secret.') == "Text.\n\n"


def test_consecutive_passages_all_go() -> None:
    text = '!!! facilitator "A"\n    One.\n!!! facilitator "B"\n    Two.\n\nKept.\n'
    out = strip_facilitator(text)
    assert "One." not in out and "Two." not in out and "Kept." in out


def test_tabs_count_as_indentation() -> None:
    out = strip_facilitator("!!! facilitator\n\tSecret.\n\nKept.\n")
    assert "Secret" not in out and "Kept." in out


def test_an_unindented_line_ends_the_passage_as_markdown_does() -> None:
    text = "!!! facilitator\n    Secret.\nNot indented, so not in the passage.\n"
    rendered = html(text)
    assert "Not indented" in rendered.split("</div>", 1)[1]  # Python-Markdown agrees
    assert strip_facilitator(text) == "Not indented, so not in the passage.\n"


def test_the_syntax_shown_in_fenced_code_is_left_alone() -> None:
    text = '```markdown\n!!! facilitator "Example"\n    Shown to authors.\n```\n\nAfter.\n'
    assert strip_facilitator(text) == text
    text = '~~~~\n```\n!!! facilitator\n    Still code.\n```\n~~~~\n'
    assert strip_facilitator(text) == text


def test_a_passage_after_a_closed_fence_is_cut() -> None:
    text = "```\ncode\n```\n\n!!! facilitator\n    Secret.\n\nKept.\n"
    out = strip_facilitator(text)
    assert "Secret" not in out and "code" in out and "Kept." in out


def test_is_facilitator_opener_needs_the_class_as_a_word() -> None:
    assert is_facilitator_opener('!!! tip facilitator "x"')
    assert not is_facilitator_opener('!!! tip "facilitator"')
    assert not is_facilitator_opener("facilitator")


def test_placement_prefixes_ids_shifts_headings_and_adds_notes() -> None:
    text = "## Check-in {#check-in}\n\nSee [below](#check-in).\n\n### Deeper\n"
    out = html(text, Placement("module-a-guide", 1, {"check-in": "09:05–09:15"}))
    assert '<h3 id="module-a-guide-check-in">Check-in' in out
    assert '<span class="heading-note">09:05–09:15</span></h3>' in out
    assert 'href="#module-a-guide-check-in"' in out
    assert '<h4 id="module-a-guide-deeper">Deeper</h4>' in out  # toc's slug, as on the site


def test_short_tables_and_their_introduction_are_kept_together() -> None:
    short = "Intro:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    long = "| a |\n|---|\n" + "| x |\n" * 20
    out = html(short + "\n" + long)
    assert '<p class="keep-with-next">Intro:</p>' in out
    assert out.count('class="keep-together"') == 1


def test_the_renderer_is_reused_without_leaking_placement() -> None:
    renderer = MarkdownRenderer()
    first = str(renderer.render("## A {#a}\n", Placement("one", 0, {"a": "note"})))
    second = str(renderer.render("## A {#a}\n"))
    assert 'id="one-a"' in first and "note" in first
    assert second == '<h2 id="a">A</h2>'


# A document built from random pieces: every secret goes, every kept word stays.
_PIECES = {
    "paragraph": "Kept{n} words.\n",
    "passage": '!!! facilitator "Secret{n}"\n    Secret{n} body.\n\n    Secret{n} more.\n',
    "note": '!!! note "Kept{n} note"\n    Kept{n} inside.\n',
    "nested": ('!!! tip "Kept{n} tip"\n    Kept{n} before.\n\n    ??? facilitator\n'
               "        Secret{n} nested.\n\n    Kept{n} after.\n"),
    "item": "- Kept{n} item\n\n    !!! facilitator\n        Secret{n} in a list.\n",
    "code": "```\n!!! facilitator\n    Kept{n} as code.\n```\n",
}


@given(st.lists(st.sampled_from(sorted(_PIECES)), min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_any_mix_of_passages_loses_every_secret_and_keeps_the_rest(kinds: list[str]) -> None:
    text = "\n".join(_PIECES[kind].format(n=n) for n, kind in enumerate(kinds))
    rendered = html(strip_facilitator(text))
    assert "Secret" not in rendered
    for n, kind in enumerate(kinds):
        assert ("Kept" not in _PIECES[kind]) or f"Kept{n}" in rendered


# One module's documents in both editions, converted once where the participant edition cuts
# nothing: the same HTML and the same links noted as rendering each edition on its own.
_DOCUMENT_PIECES = {
    **_PIECES,
    "heading": "## Same\n\nKept{n} [there](../other.md#same), <a href=\"#same\">here</a>.\n",
    "linked heading": "## Go [on](https://example.org/{n})\n\n![Kept{n}](fig/{n}.png)\n",
    "definition": "Kept{n} [defined][d{n}].\n\n[d{n}]: https://example.org/kept{n}\n",
    "hidden definition": ('!!! facilitator\n    [s{n}]: https://example.org/secret{n}\n\n'
                          "Kept{n} [wherever][s{n}].\n"),
    "passage heading": '!!! facilitator "Same"\n    ## Same\n\n    Secret{n} [x](#same).\n',
    "details": "??? note \"Kept{n}\"\n    Kept{n} folded.\n",
}


def _book() -> LinkBook:
    return LinkBook(SiteMap([]), Web(), Path("."))


def _both_editions(documents: list[tuple[str, Placement]], share: bool):
    """Each edition's HTML of the documents and its book's notes; participant first."""
    shared: dict = {}
    found = {}
    for notes in (False, True):
        renderer = MarkdownRenderer(notes=notes, book=_book())
        rendering = KitRenderer(renderer, shared) if share else renderer
        found[notes] = ([str(rendering.render(text, placement)) for text, placement in documents],
                        renderer.book.written, renderer.book.placed)
    return found, shared


@given(st.lists(st.lists(st.sampled_from(sorted(_DOCUMENT_PIECES)), max_size=5),
                min_size=1, max_size=4))
@settings(max_examples=80, deadline=None)
def test_a_document_converted_once_for_both_editions_is_what_each_renders(
        documents: list[list[str]]) -> None:
    placed = [("\n".join(_DOCUMENT_PIECES[kind].format(n=n) for n, kind in enumerate(kinds)),
               Placement(f"doc-{number}", number % 2, {"same": "10:00"}, f"m/doc{number}.md"))
              for number, kinds in enumerate(documents)]
    shared, memo = _both_editions(placed, share=True)
    assert shared == _both_editions(placed, share=False)[0]
    plain = {(text, placement.prefix) for text, placement in placed
             if not {"passage", "nested", "item", "hidden definition", "passage heading"}
             & set(documents[int(placement.prefix[4:])])}
    assert {(key[0], key[1]) for key in memo} == plain  # each without a passage, converted once
    assert "Secret" not in "".join(shared[False][0])


def test_a_definition_inside_a_passage_keeps_the_document_apart() -> None:
    """The participant renderer forgets a link definition written in a passage: the link
    outside it stays text for participants and is a link for facilitators."""
    text = ("!!! facilitator\n    [s]: https://example.org/secret\n\nKept [where][s].\n\n"
            "## Same\n\n## Same\n")
    found, memo = _both_editions([(text, Placement("x", 0, source="m/x.md"))], share=True)
    assert memo == {}
    assert "[where][s]" in found[False][0][0] and "curriculum-link:" in found[True][0][0]
    assert found == _both_editions([(text, Placement("x", 0, source="m/x.md"))], share=False)[0]
