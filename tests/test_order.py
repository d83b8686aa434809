"""The author's module order (`order:` in curriculum.yml): every list of modules follows it."""

from __future__ import annotations

import re

import yaml

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.nav import site_nav
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import CURRICULUM, FILES, MODULE_A, problems_of, site_project, write_project

ROOT = "curriculum/curriculum.yml"
WELCOME = MODULE_A.replace("title: Arriving", "title: Welcome").replace(
    "handouts:\n  - handouts/prompts.md\n", "")
ORDERED = {
    ROOT: CURRICULUM + "order: [welcome, telling]\n",
    "modules/welcome/module.yml": WELCOME,
    "modules/welcome/overview.md": "## Why\n\nFirst things first.\n",
    "modules/welcome/facilitator.md": FILES["modules/arriving/facilitator.md"],
}


def _curriculum(tmp_path, changes):
    curriculum, problems = check_project(write_project(tmp_path, changes))
    assert [p.format() for p in problems] == []
    return curriculum


def _linked_titles(page: str) -> list[str]:
    return re.findall(r"\[([^\]]+)\]\([a-z-]+/index\.md\)", page)


def test_modules_follow_the_order_then_the_rest_by_title(tmp_path):
    curriculum = _curriculum(tmp_path, ORDERED)
    pages = render_site(curriculum)
    # Welcome sorts last by title; the order puts it first, and Arriving (not named) after
    # the named ones.
    cards = re.findall(r"^## \[([^\]]+)\]", pages["catalog/index.md"], re.MULTILINE)
    assert cards == ["Welcome", "Telling", "Arriving"]
    modules_page = pages["modules/index.md"]
    foundation, practice = modules_page.split("## Practice")
    assert _linked_titles(foundation) == ["Welcome", "Arriving"]
    assert _linked_titles(practice) == ["Telling"]
    nav = site_nav(curriculum)[3]["Modules"]
    assert nav[1] == {"Foundation": ["modules/welcome/index.md", "modules/arriving/index.md"]}


def test_without_order_modules_are_listed_by_title(tmp_path):
    changes = {**ORDERED, ROOT: CURRICULUM}
    nav = site_nav(_curriculum(tmp_path, changes))[3]["Modules"]
    assert nav[1] == {"Foundation": ["modules/arriving/index.md", "modules/welcome/index.md"]}


def test_the_export_keeps_the_order(tmp_path):
    root = site_project(tmp_path / "project", ORDERED)
    out = tmp_path / "out"
    assert main(["-f", str(root / "mkdocs.yml"), "export", str(out)]) == 0
    config = yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    modules = next(item["Modules"] for item in config["nav"]
                   if isinstance(item, dict) and "Modules" in item)
    assert modules[1] == {"Foundation": ["modules/welcome/index.md",
                                         "modules/arriving/index.md"]}


def test_an_unknown_or_repeated_id_in_the_order_is_a_located_error(tmp_path):
    changes = {ROOT: CURRICULUM + "order:\n  - telling\n  - arrving\n  - telling\n"}
    assert problems_of(tmp_path, changes) == [
        f'{ROOT}:17: order[1]: unknown module; did you mean "arriving"? (got "arrving")',
        f'{ROOT}:18: order[2]: listed twice (got "telling")',
    ]
