"""Search in a real browser: a sentence from a facilitator guide and a module title.

Material's search ORs the words of a query, so a long sentence lists many pages; the test
scrolls the result list (it renders more as you scroll) until the guide appears, as a reader
would, then opens it.
"""

from __future__ import annotations

import re

SENTENCE = "Nod them to a chair and keep going"
GUIDE_URL = re.compile(r"modules/circle-of-connection/guide/(\?[^#]*)?(#.*)?$")
MODULE_URL = re.compile(r"modules/coaching-each-other/(\?[^#]*)?(#.*)?$")


def search(page, base_url: str, query: str):
    """Type a query into the header's search field on the home page; return result links."""
    page.goto(base_url)
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=20)  # Material reacts to key presses, not fill()
    results = page.locator("li.md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=15000)
    page.wait_for_timeout(500)  # the last key press's results replace the earlier ones
    return results


def find_hit(page, results, pattern: re.Pattern) -> int:
    """Index of the first result whose link matches, scrolling the list to load more."""
    seen = -1
    while results.count() != seen:
        seen = results.count()
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(seen)]
        for index, href in enumerate(hrefs):
            if pattern.search(href):
                return index
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(400)
    raise AssertionError(f"no result matches {pattern.pattern}: {hrefs}")


def test_a_sentence_from_a_facilitator_guide_finds_the_guide(page, base_url):
    results = search(page, base_url, SENTENCE)
    results.nth(find_hit(page, results, GUIDE_URL)).click()
    page.wait_for_url(GUIDE_URL)
    assert SENTENCE in page.locator("article").inner_text()


def test_a_module_title_finds_the_module_in_the_first_results(page, base_url):
    results = search(page, base_url, "Coaching Each Other")
    assert find_hit(page, results, MODULE_URL) < 3
    results.nth(find_hit(page, results, MODULE_URL)).click()
    page.wait_for_url(MODULE_URL)
    assert page.locator("article h1").first.inner_text().strip("¶ \n") == "Coaching Each Other"
