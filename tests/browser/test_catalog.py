"""The catalog's filters in a real browser, checked against the curriculum's own data."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.render import length_bucket
from mkdocs_curriculum.validate import check_project

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def modules():
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    return curriculum.modules


def expected(modules, choice: dict[str, str]) -> set[str]:
    """Module ids that match every chosen filter, from module.yml data."""
    def facet(module, name):
        return {"audience": module.audiences, "theme": module.themes, "level": [module.level],
                "length": [length_bucket(module.duration).key]}[name]
    return {m.id for m in modules.values() if all(v in facet(m, k) for k, v in choice.items())}


def visible(page) -> set[str]:
    links = page.locator(".curriculum-card:visible h2 a:not(.headerlink)")
    return {links.nth(i).get_attribute("href").rstrip("/").split("/")[-1]
            for i in range(links.count())}


def choose(page, choice: dict[str, str]) -> None:
    for name, value in choice.items():
        page.locator(f"#curriculum-filters select[name='{name}']").select_option(value)


def options(page, name: str) -> list[str]:
    values = page.locator(f"#curriculum-filters select[name='{name}'] option").evaluate_all(
        "options => options.map(o => o.value)")
    return [v for v in values if v]


def test_every_single_filter_matches_the_data(page, base_url, modules):
    page.goto(base_url + "catalog/")
    assert visible(page) == set(modules)
    for name in ("audience", "theme", "level", "length"):
        values = options(page, name)
        assert values, name
        for value in values:
            page.locator("#curriculum-filters button[type='reset']").click()
            choose(page, {name: value})
            assert visible(page) == expected(modules, {name: value}), (name, value)


@pytest.mark.parametrize("choice", [
    {"audience": "teams", "level": "practice"},
    {"theme": "story", "length": "long"},
    {"audience": "students", "theme": "connection", "level": "foundation", "length": "short"},
    {"audience": "teams", "theme": "story", "level": "foundation"},
])
def test_combined_filters_survive_a_reload(page, base_url, modules, choice):
    page.goto(base_url + "catalog/")
    choose(page, choice)
    want = expected(modules, choice)
    assert visible(page) == want
    status = page.locator("#curriculum-filters-status").inner_text()
    assert (f"Showing {len(want)} of {len(modules)}" in status) if want else "No module" in status
    for name, value in choice.items():
        assert f"{name}={value}" in page.url
    page.reload()
    assert visible(page) == want
    for name, value in choice.items():
        assert page.locator(f"#curriculum-filters select[name='{name}']").input_value() == value


def test_without_javascript_every_card_shows(browser, base_url, modules):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "catalog/?audience=teams")
    assert visible(page) == set(modules)
    assert not page.locator("#curriculum-filters").is_visible()
    context.close()
