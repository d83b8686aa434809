"""axe-core on the pages facilitators use, light and dark, desktop and phone; screenshots too."""

from __future__ import annotations

import pytest

PAGES = {
    "home": "",
    "catalog": "catalog/",
    "module": "modules/story-of-self/",
    "guide": "modules/story-of-self/guide/",
    "path": "paths/residency-and-early-career/",
    "session": "sessions/resident-retreat/",
    "evaluation": "sessions/resident-retreat/evaluation/",
    "handout": "modules/story-of-self/handouts/story-worksheet/",
    # The planner with a plan that fits a budget and warns (group size, prerequisite, a link
    # with a mistake), and the print view of its participant edition.
    "planner": "planner/?title=Team%20day&size=30&fit=150&blocks=module:nope,opening:10,"
               "module:story-of-self,break:15,module:circle-of-connection,closing:5",
    "planner-print": "planner/print/index.html?edition=participant&size=30&fit=150"
                     "&blocks=module:story-of-self,break:15,module:circle-of-connection",
}
SCHEMES = {"light": "light", "dark": "dark"}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SERIOUS = ("serious", "critical")


def _violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_accessibility_violations(browser, base_url, axe_source, screenshots,
                                              scheme, size):
    context = browser.new_context(viewport=SIZES[size], color_scheme=SCHEMES[scheme])
    page = context.new_page()
    problems = {}
    for name, path in PAGES.items():
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / f"{name}-{scheme}-{size}.png"), full_page=True)
        found = _violations(page, axe_source)
        if found:
            problems[name] = found
    context.close()
    assert problems == {}
