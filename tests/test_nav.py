"""The site navigation: the sections people look for, small lists, escaped titles."""

from __future__ import annotations

from mkdocs_curriculum.nav import nav_pages, site_nav
from mkdocs_curriculum.validate import check_project

from helpers import write_project


def site(tmp_path, changes=None):
    """The tiny curriculum, loaded and clean, and its problems (warnings at most)."""
    curriculum, problems = check_project(write_project(tmp_path, changes))
    assert not [p for p in problems if p.is_error], problems
    return curriculum, problems


def test_long_titles_are_cut_in_range_labels(tmp_path):
    curriculum, _ = site(tmp_path)
    template = curriculum.modules["arriving"]
    for number in range(3):
        title = f"A rather long module title about listening, part {number}"
        copy = type(template)(**{**template.__dict__, "id": f"m{number}", "title": title})
        curriculum.modules[copy.id] = copy
    foundation = site_nav(curriculum, limit=2)[3]["Modules"][1]["Foundation"]
    assert [next(iter(item)) for item in foundation] == [
        "A rather long mod… – A rather long mod…", "A rather long mod… – Arriving"]


def test_nav_has_the_sections_people_look_for(tmp_path):
    curriculum, _ = site(tmp_path)
    nav = site_nav(curriculum, ["resources.md"])
    assert [next(iter(item)) if isinstance(item, dict) else item for item in nav] == [
        "Home", "Catalog", "Paths", "Modules", "Sessions", "Planner", "Guides", "resources.md",
        "About"]  # the planner (issue 14) is in the navigation, after the sessions it plans
    modules = nav[3]["Modules"]
    assert modules == [{"All modules": "modules/index.md"},
                       {"Foundation": ["modules/arriving/index.md"]},
                       {"Practice": ["modules/telling/index.md"]}]
    listed = nav_pages(nav)
    assert "modules/arriving/index.md" in listed
    assert "modules/arriving/guide.md" not in listed
    assert "modules/arriving/handouts/prompts.md" not in listed


def test_nav_splits_long_lists_so_every_list_stays_small(tmp_path):
    curriculum, _ = site(tmp_path)
    template = curriculum.modules["arriving"]
    for number in range(300):
        copy = type(template)(**{**template.__dict__, "id": f"m{number:03d}",
                                 "title": f"Module {number:03d}"})
        curriculum.modules[copy.id] = copy
    nav = site_nav(curriculum, limit=10)

    def sizes(items):
        for item in items:
            for value in (item.values() if isinstance(item, dict) else []):
                if isinstance(value, list):
                    yield len(value)
                    yield from sizes(value)

    assert max(sizes(nav)) <= 10
    assert len(nav_pages(nav) & {f"modules/m{n:03d}/index.md" for n in range(300)}) == 300
    foundation = nav[3]["Modules"][1]["Foundation"]
    assert [next(iter(item)) for item in foundation][:2] == [
        "Arriving – Module 029", "Module 030 – Module 060"]


def test_nav_escapes_section_titles_from_yaml(tmp_path):
    curriculum, _ = site(tmp_path)
    curriculum.levels["foundation"] = "<i>Found</i> & ready"
    nav = site_nav(curriculum)
    assert {"&lt;i&gt;Found&lt;/i&gt; &amp; ready": ["modules/arriving/index.md"]} \
        in nav[3]["Modules"]
