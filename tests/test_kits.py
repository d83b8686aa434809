"""The planner's kits convert a document once for both editions when the participant edition
cuts nothing from it: the kits are those of each edition rendered on its own."""

from __future__ import annotations

import dataclasses

import pytest

from mkdocs_curriculum import markdown_html, planner
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.rebuild import LastCall
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_B, REPO, write_project

CHANGES = {
    # a passage with a link definition the text outside it uses, and headings of one name
    "modules/arriving/overview.md": (
        "## Why\n\nBecause, [as noted][n].\n\n!!! facilitator \"Why\"\n"
        "    [n]: https://example.org/secret\n\n    ## Why\n\n    Keep the pace.\n\n"
        "## Why\n\nSee [why](#why) and [the stories](../telling/overview.md#why).\n"),
    # no passage: converted once, links noted in each edition's book
    "modules/telling/overview.md": (
        "## Why\n\nStories, after [the prompts](../arriving/handouts/prompts.md) and"
        " [a page](https://example.org/page).\n\n## Why [again](#why)\n\n"
        "??? note \"More\"\n    Folded, [defined][d].\n\n[d]: https://example.org/d\n"),
    "modules/arriving/handouts/prompts.md": (
        "# Prompts\n\n1. Who are you?\n\n<a href=\"../overview.md#why\">Back</a>\n"),
}


def _kits(curriculum, share: bool, monkeypatch) -> dict:
    monkeypatch.setattr(planner, "_KITS", {})
    if not share:  # each edition renders each document itself, as before sharing
        monkeypatch.setattr(planner, "KitRenderer", lambda renderer, shared: renderer)
    with monkeypatch.context() as local:
        local.setattr(planner, "KITS_APART_FROM", 10_000)
        return planner.planner_files(curriculum, Web("https://example.org/c/", True))


def _converted(monkeypatch) -> list[str]:
    converted: list[str] = []
    convert = markdown_html.MarkdownRenderer.render
    monkeypatch.setattr(markdown_html.MarkdownRenderer, "render", lambda self, text, *rest: (
        converted.append(text) or convert(self, text, *rest)))
    return converted


def test_kits_of_documents_with_and_without_passages_are_those_of_each_edition(
        tmp_path, monkeypatch) -> None:
    curriculum, _ = check_project(write_project(tmp_path, CHANGES))
    converted = _converted(monkeypatch)
    shared = _kits(curriculum, True, monkeypatch)
    once = list(converted)
    converted.clear()
    with monkeypatch.context() as apart:
        assert shared == _kits(curriculum, False, apart)
    telling = CHANGES["modules/telling/overview.md"]
    assert once.count(telling) == 1 and converted.count(telling) == 2
    arriving = CHANGES["modules/arriving/overview.md"]
    assert once.count(arriving) == converted.count(arriving) == 2
    kit = shared["planner/kit/participant/arriving.js"]
    assert "Keep the pace" not in kit and "[as noted][n]" in kit
    assert "Keep the pace" in shared["planner/kit/facilitator/arriving.js"]
    telling_kit = shared["planner/kit/participant/telling.js"]  # JSON: quotes escaped
    assert '<a href=\\"#handout-arriving-prompts\\" data-print=\\"xref\\"' in telling_kit
    assert 'data-site=\\"modules/arriving/handouts/prompts/\\"' in telling_kit


def test_the_samples_kits_are_those_of_each_edition(monkeypatch) -> None:
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    converted = _converted(monkeypatch)
    shared = _kits(curriculum, True, monkeypatch)
    once = len(converted)
    with monkeypatch.context() as apart:
        assert shared == _kits(curriculum, False, apart)
    assert once < len(converted) - once


@pytest.mark.parametrize("apart", [False, True])
def test_a_module_is_converted_in_one_process_whole(tmp_path, monkeypatch, apart) -> None:
    """Kits rendered on every core are those rendered here."""
    curriculum, _ = check_project(write_project(tmp_path, CHANGES))
    monkeypatch.setattr(planner, "_KITS", {})
    monkeypatch.setattr(planner, "KITS_APART_FROM", 0 if apart else 10_000)
    made = planner.planner_files(curriculum, Web())
    monkeypatch.setattr(planner, "_KITS", {})
    monkeypatch.setattr(planner, "KitRenderer", lambda renderer, shared: renderer)
    assert made == planner.planner_files(curriculum, Web())


def test_kits_that_nothing_remembers_are_told_apart_by_module(monkeypatch):
    """A build's kits (nothing kept for a next call) are not digested by what they are made
    of: the same kits, without reading every module whole."""
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    kits = planner.planner_kits(curriculum, Web())

    def digested(*args):
        raise AssertionError("digested for nothing")
    monkeypatch.setattr(planner, "_made_of", digested)
    assert planner.planner_kits(curriculum, Web()) == kits and len(kits) > 10


def test_what_kits_are_made_of_is_read_again_only_for_a_module_not_seen_before(monkeypatch):
    """`_made_of` remembers each module's repr by the module object (a rebuild under serve
    keeps the objects of the modules whose folder is unchanged): an edited module, a new
    object, gets the digest of what it is now, the others theirs as before."""
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    modules = list(curriculum.modules.values())
    monkeypatch.setattr(planner, "_SHOWN", LastCall())
    first = planner._made_of(curriculum, modules)
    edited = dataclasses.replace(modules[0], title=modules[0].title + " again")
    again = planner._made_of(curriculum, [edited, *modules[1:]])
    monkeypatch.setattr(planner, "_SHOWN", LastCall())
    assert again == planner._made_of(curriculum, [edited, *modules[1:]])  # as if fresh
    changed = {name for name in first if first[name] != again[name]}
    assert changed == {modules[0].id} and len(modules) > 3


def test_a_kit_kept_from_the_last_call_is_finished_again_when_its_links_read_otherwise(
        tmp_path, monkeypatch):
    """A kit that is not rendered again (its module unchanged) is not finished again either,
    unless what its links read changed: a module added gives a link of an unchanged kit a
    page to lead to, and an edited figure is embedded as it is now. Each time the kits are
    those of a call that remembers nothing."""
    monkeypatch.setattr(planner, "_KITS", {})
    monkeypatch.setattr(planner, "_FINISHED", LastCall())
    figure = '<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="4"></svg>\n'
    root = tmp_path / "project"
    changes = {
        "modules/telling/overview.md": "## Why\n\nSee [the end](../closing/overview.md).\n",
        "modules/arriving/overview.md": "## Why\n\nBecause.\n\n![A figure](f.svg)\n",
        "modules/arriving/f.svg": figure.format(1)}
    steps = [{}, {"modules/closing/module.yml": MODULE_B.replace("Telling", "Closing")
                  .replace("id: tell", "id: close"),
                  "modules/closing/overview.md": "## Why\n\nEnds.\n",
                  "modules/closing/facilitator.md": "## Close {#close}\n\nGo.\n"},
             {"modules/arriving/f.svg": figure.format(2)}]
    finished = []
    finish = planner._finished
    monkeypatch.setattr(planner, "_finished", lambda value, book: finished.append(
        isinstance(value, dict) and value.keys() & {"overview", "guides"}) or finish(value, book))
    seen, counts = [], []
    for step in steps + [{}]:
        changes.update(step)
        curriculum, _ = check_project(write_project(root, changes))
        finished.clear()
        remembered = planner.planner_kits(curriculum, Web(), remember=True)
        counts.append(sum(map(bool, finished)))  # whole kits
        kept = planner._KITS  # a call that remembers nothing forgets the rendered kits
        assert remembered == planner.planner_kits(curriculum, Web())
        planner._KITS = kept
        seen.append((remembered["planner/kit/participant/telling.js"]["overview"],
                     remembered["planner/kit/participant/arriving.js"]["overview"]))
    assert "unlinked" in seen[0][0] and 'href="#module-closing-overview"' in seen[1][0]
    assert seen[0][1] == seen[1][1] != seen[2][1]
    # The kits with the figure (both editions) are finished every time; the others only
    # when a module added changed what their links read; none is kept by the first call.
    assert counts == [5, 7, 2, 2]


def test_the_planners_files_remembered_are_those_of_a_call_that_remembers_nothing(
        tmp_path, monkeypatch):
    """Under serve each kit's file is written again only for a kit finished again: after an
    edit to one module's overview, its kits' files hold the edit, and all the files are
    those of a call that remembers nothing."""
    monkeypatch.setattr(planner, "_KITS", {})
    for name in ("_FINISHED", "_SCRIPTS"):
        monkeypatch.setattr(planner, name, LastCall())
    root = tmp_path / "project"
    planner.planner_files(check_project(write_project(root))[0], remember=True)
    edited, _ = check_project(write_project(root, {
        "modules/telling/overview.md": "## Why\n\nStories, told again.\n"}))
    again = planner.planner_files(edited, remember=True)
    assert "told again" in again["planner/kit/participant/telling.js"]
    assert again == planner.planner_files(edited)
