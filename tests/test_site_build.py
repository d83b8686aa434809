"""End-to-end `mkdocs build` with the plugin: pages at their addresses, nav, search, escaping,
problems reported the MkDocs way, and sources left untouched."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_curriculum.packet_contract import packet_file

from helpers import (
    CIRCLE_SVG,
    LINKED,
    MKDOCS_YML,
    MODULE_A,
    REPO,
    dead_links,
    mkdocs_build,
    site_project,
)

FACILITATOR_SENTENCE = "Hold the silence for ten slow breaths before you speak."


class Page(HTMLParser):
    """What a reader gets from one built page: its title, h1, nav links, links and scripts."""

    def __init__(self, path: Path):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.title = self.h1 = ""
        self.nav: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._link: list | None = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("meta", "link", "input", "img", "br", "hr"):
            self.stack.append((tag, attrs.get("class") or ""))
        if tag == "a":
            self._link = [attrs.get("href", ""), ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            href, text = self._link[0], " ".join(self._link[1].split())
            self.links.append((href, text))
            if text and not href.startswith("#") and any(
                    "md-nav--primary" in cls for _, cls in self.stack):
                self.nav.append(text)
            self._link = None
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if tags and tags[-1] == "script":
            self.scripts.append(data)
        if "title" in tags:
            self.title += data
        if "h1" in tags and not any("headerlink" in cls for _, cls in self.stack):
            self.h1 += data
        if self._link is not None:
            self._link[1] += data


NO_PACKETS = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      packets: false\n")
"""The site without packets, for tests about something else: a build renders no PDF."""


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    """The tiny curriculum built once with --strict; tests only read it."""
    root = site_project(tmp_path_factory.mktemp("tiny"), {
        "modules/arriving/facilitator.md": (
            f"## Preparation\n\n{FACILITATOR_SENTENCE}\n\n## Check-in {{#check-in}}\n\n"
            "Say hello.\n\n## Pair talk {#pairs}\n\nPairs talk.\n"),
        "modules/arriving/handouts/prompts.md": "# Prompts\n\nName:\n\n____________\n",
    })
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_every_page_is_at_its_fixed_address(tiny_site):
    for address in ("", "about/", "catalog/", "modules/", "modules/arriving/",
                    "modules/arriving/guide/", "modules/arriving/handouts/prompts/",
                    "modules/telling/", "paths/", "paths/first/", "sessions/",
                    "sessions/morning/", "guides/", "guides/ground-rules/", "planner/",
                    "planner/print/"):
        assert (tiny_site / address / "index.html").is_file(), address


def test_navigation_shows_the_sections_and_only_the_open_branch(tiny_site):
    home = Page(tiny_site / "index.html")
    assert home.nav == ["Home", "Catalog", "Paths", "Modules", "Sessions", "Planner", "Guides",
                        "About"]
    # Open sections are labels, closed (pruned) ones link to their first page.
    module = Page(tiny_site / "modules/arriving/index.html")
    assert module.nav == ["Home", "Catalog", "Paths", "All modules", "Arriving", "Practice",
                          "Sessions", "Planner", "Guides", "About"]
    assert "Facilitator guide: Arriving" not in module.nav  # reached from the module page
    assert ("guide/", "Facilitator guide") in module.links


def test_module_page_links_resolve_to_built_pages(tiny_site):
    page = tiny_site / "modules/arriving/index.html"
    hrefs = [href for href, _ in Page(page).links
             if href and not href.startswith(("#", "http", "mailto"))]
    for href in hrefs:
        target = (page.parent / href.split("#")[0]).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href


def test_session_page_links_both_packets_and_their_print_pages(tiny_site):
    links = Page(tiny_site / "sessions/morning/index.html").links
    assert ("morning-facilitator.pdf", "Facilitator edition (PDF)") in links
    assert ("morning-participant.pdf", "Participant edition (PDF)") in links
    assert ("morning-facilitator.html", "Facilitator edition (print-friendly page)") in links
    assert ("morning-participant.html", "Participant edition (print-friendly page)") in links


def test_search_finds_a_sentence_from_a_facilitator_guide(tiny_site):
    index = json.loads((tiny_site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = [doc["location"] for doc in index["docs"] if FACILITATOR_SENTENCE in doc["text"]]
    assert hits == ["modules/arriving/guide/#preparation"]
    assert not [doc for doc in index["docs"] if doc["location"].startswith("catalog/")]


def test_catalog_and_handout_pages_carry_what_the_theme_needs(tiny_site):
    html = (tiny_site / "catalog/index.html").read_text(encoding="utf-8")
    assert 'src="../assets/javascripts/catalog.js"' in html
    assert (tiny_site / "assets/javascripts/catalog.js").is_file()
    handout = (tiny_site / "modules/arriving/handouts/prompts/index.html").read_text("utf-8")
    assert 'class="curriculum-page curriculum-page--handout"' in handout
    assert "<hr" in handout  # a writing line, styled by the theme


def test_a_script_in_a_module_title_shows_as_text(tmp_path):
    title = '<script>alert("x")</script> Arriving'
    root = site_project(tmp_path, {"mkdocs.yml": NO_PACKETS, "modules/arriving/module.yml":
                              MODULE_A.replace("title: Arriving", f"title: '{title}'")})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    for address in ("modules/arriving/", "catalog/", "paths/first/", "sessions/morning/",
                    "modules/", "modules/arriving/guide/"):
        page = Page(root / "site" / address / "index.html")
        assert not [s for s in page.scripts if "alert" in s], address
    module = Page(root / "site/modules/arriving/index.html")
    assert module.h1.strip() == title
    assert module.title.startswith(title)
    assert title in module.nav


def test_errors_are_logged_one_per_line_and_abort_without_traceback(tmp_path):
    broken = MODULE_A.replace("duration: 30", "duration: 31").replace("level: foundation",
                                                                       "level: basic")
    root = site_project(tmp_path, {"modules/arriving/module.yml": broken})
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "ERROR   -  modules/arriving/module.yml:3: duration: activities add up to 30" \
           " minutes, not the duration (got 31)" in done.stderr
    assert 'ERROR   -  modules/arriving/module.yml:4: level: unknown level (got "basic")' \
           in done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "site" / "index.html").exists()


def test_warnings_are_mkdocs_warnings(tmp_path):
    root = site_project(tmp_path, {"mkdocs.yml": NO_PACKETS, "curriculum/paths/first.yml": (
        "title: First path\naudience: teams\nsteps:\n  - module: arriving\n"
        "  - module: telling\n")})
    lenient = mkdocs_build(root)
    assert lenient.returncode == 0, lenient.stderr
    assert "WARNING -  curriculum/paths/first.yml:5: warning: steps[1].module: module is not" \
           " meant for this path's audience (teams)" in lenient.stderr
    assert mkdocs_build(root, "--strict").returncode == 1


def test_a_site_dir_that_overlaps_the_sources_is_refused(tmp_path):
    root = site_project(tmp_path)
    before = tree_digest(root)
    done = mkdocs_build(root, "-d", str(root / "modules" / "site"))
    assert done.returncode == 1
    assert "ERROR   -  mkdocs.yml:1: site_dir: overlaps the source folder modules/" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(root) == before


def test_a_build_writes_nothing_into_the_sources(tmp_path):
    root = site_project(tmp_path)
    before = tree_digest(root)
    assert mkdocs_build(root, "--strict").returncode == 0
    # The site and the packet cache (`.cache/`, documented) are the only things a build adds.
    assert tree_digest(root, "site", ".cache") == before
    assert sorted(p.name for p in (root / ".cache").iterdir()) == ["curriculum-packets"]


def test_an_authored_page_at_a_generated_address_is_a_warning(tmp_path):
    root = site_project(tmp_path, {"curriculum/pages/catalog/index.md": "# My catalog\n",
                                   "mkdocs.yml": NO_PACKETS})
    done = mkdocs_build(root)
    assert done.returncode == 0
    assert "curriculum/pages/catalog/index.md: replaces the page the curriculum generates" \
           in done.stderr
    assert Page(root / "site/catalog/index.html").h1.strip() == "My catalog"
    assert mkdocs_build(root, "--strict").returncode == 1


def test_other_authored_pages_join_the_navigation_before_about(tmp_path):
    root = site_project(tmp_path, {"curriculum/pages/resources.md": "# Resources\n\nLinks.\n",
                                   "mkdocs.yml": NO_PACKETS})
    assert mkdocs_build(root, "--strict").returncode == 0
    assert Page(root / "site/index.html").nav[-2:] == ["Resources", "About"]


def test_serve_watches_the_curriculum_and_modules_folders(tmp_path):
    from mkdocs.config import load_config

    root = site_project(tmp_path)
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["curriculum"]
    plugin.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    server = plugin.on_serve(Server(), config, None)
    assert server.watched == [str(root / "curriculum"), str(root / "modules")]


def test_the_sample_site_builds_strict(tmp_path):
    done = mkdocs_build(REPO, "--strict", "-d", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    for folder in (REPO / "modules").iterdir():
        assert (site / "modules" / folder.name / "index.html").is_file()
        assert (site / "modules" / folder.name / "guide" / "index.html").is_file()
    for kind in ("paths", "sessions"):
        for source in (REPO / "curriculum" / kind).glob("*.yml"):
            assert (site / kind / source.stem / "index.html").is_file()
    for guide in (REPO / "curriculum" / "guides").glob("*.md"):
        assert (site / "guides" / guide.stem / "index.html").is_file()


def tree_digest(root: Path, *skip: str) -> dict[str, str]:
    """Every file under root (but the top-level folders in `skip`) and a hash of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] not in skip}


def test_a_page_template_in_theme_site_replaces_the_built_in_one(tmp_path):
    root = site_project(tmp_path, {"mkdocs.yml": NO_PACKETS, "theme/site/handout.md.j2":
                                   "# {{ title }}\n\nPrinted for {{ module }}.\n\n{{ body }}\n"})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    page = Page(root / "site/modules/arriving/handouts/prompts/index.html")
    assert "Printed for Arriving." in (root / "site/modules/arriving/handouts/prompts/index.html"
                                       ).read_text("utf-8")
    assert page.h1.strip() == "Prompts"
    assert not (root / "site/site").exists()  # templates are not published


@pytest.mark.parametrize(("template", "message"), [
    ("# {{ title\n", "theme/site/handout.md.j2:1: template: unexpected end of template"),
    ("# {{ title }}\n\n{{ no_such_name }}\n",
     "theme/site/handout.md.j2:3: template: 'no_such_name' is undefined"),
])
def test_a_broken_page_template_is_one_located_error_not_a_traceback(tmp_path, template,
                                                                     message):
    root = site_project(tmp_path, {"theme/site/handout.md.j2": template})
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"ERROR   -  {message}" in done.stderr


def test_nav_false_keeps_the_navigation_of_mkdocs_yml(tmp_path):
    config = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      nav: false\n")
    config += "nav:\n  - Start: index.md\n  - Modules: catalog/index.md\n"
    root = site_project(tmp_path, {"mkdocs.yml": config})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    assert Page(root / "site/index.html").nav == ["Start", "Modules"]
    assert (root / "site/modules/arriving/index.html").is_file()


def test_the_build_writes_every_packet_and_a_rebuild_renders_none(tmp_path):
    root = site_project(tmp_path)
    first = mkdocs_build(root, "--strict")
    assert first.returncode == 0, first.stderr
    folder = root / "site" / "sessions" / "morning"
    for edition in ("facilitator", "participant", "large-print"):
        assert (folder / packet_file("morning", edition, "pdf")).read_bytes().startswith(b"%PDF-")
        assert (folder / packet_file("morning", edition, "html")).is_file()
    handouts = root / "site" / "modules" / "arriving" / "arriving-handouts.pdf"
    assert handouts.read_bytes().startswith(b"%PDF-")
    assert first.stderr.count("rendered in") == 4  # three editions and one module's handouts
    again = mkdocs_build(root, "--strict")
    assert again.returncode == 0
    assert again.stderr.count("unchanged, from cache") == 4
    assert "rendered in" not in again.stderr


def test_packets_can_be_turned_off(tmp_path):
    config = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      packets: false\n")
    assert config != MKDOCS_YML
    root = site_project(tmp_path, {"mkdocs.yml": config})
    assert mkdocs_build(root, "--strict").returncode == 0
    assert not list((root / "site" / "sessions" / "morning").glob("*.pdf"))
    assert ".pdf" not in (root / "site/sessions/morning/index.html").read_text("utf-8")




@pytest.fixture(scope="module")
def linked_site(tmp_path_factory) -> Path:
    """The curriculum with figures and links of every kind (helpers.LINKED), built --strict."""
    root = site_project(tmp_path_factory.mktemp("linked"), {**LINKED, "mkdocs.yml": NO_PACKETS})
    done = mkdocs_build(root, "--strict")
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_files_beside_modules_and_guides_are_published_where_their_pages_find_them(linked_site):
    assert (linked_site / "modules/arriving/fig/circle.svg").read_text("utf-8") == CIRCLE_SVG
    assert (linked_site / "modules/arriving/reading.txt").is_file()
    assert (linked_site / "guides/fig/map.svg").is_file()
    module = (linked_site / "modules/arriving/index.html").read_text("utf-8")
    guide = (linked_site / "modules/arriving/guide/index.html").read_text("utf-8")
    rules = (linked_site / "guides/ground-rules/index.html").read_text("utf-8")
    assert '<img alt="Chairs in a circle" src="fig/circle.svg"' in module
    assert '<img src="../fig/circle.svg" alt="A raw circle">' in guide  # raw HTML: the URL
    assert '<img alt="A map of the room" src="../fig/map.svg"' in rules


def test_every_link_between_source_files_works_on_the_site(linked_site):
    assert dead_links(linked_site) == []  # packets are off here: the session page links none

    def links(address: str) -> list[tuple[str, str]]:
        return Page(linked_site / address / "index.html").links

    assert {("../../telling/guide/#tell", "Telling"), ("../handouts/prompts/", "the prompts"),
            ("../reading.txt", "reading"), ("../../telling/", "Telling, raw"),
            ("https://example.org/survey?from=arriving", "survey")} <= set(
        links("modules/arriving/guide"))
    assert {("../../guides/ground-rules/", "the ground rules"),
            ("../telling/#stories", "why stories")} <= set(links("modules/arriving"))
    assert ("../../guide/#check-in", "the check-in") in links("modules/arriving/handouts/prompts")
    assert ("../../modules/arriving/guide/#check-in", "the first minute") in links(
        "guides/ground-rules")
    assert {("modules/arriving/", "Arriving"), ("guides/ground-rules/", "the rules"),
            ("catalog/", "catalog"), ("modules/telling/guide/#tell", "Telling, raw")} <= set(
        links(""))


def test_a_warning_mkdocs_gives_about_an_authors_link_names_the_authors_line(tmp_path):
    guide = LINKED["modules/arriving/facilitator.md"] + (
        "\nAll modules are in [the list](../../catalog/index.md#nowhere).\n")
    config = NO_PACKETS + "validation:\n  anchors: warn\n"
    root = site_project(tmp_path, {**LINKED, "modules/arriving/facilitator.md": guide,
                                   "mkdocs.yml": config})
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    line = guide.splitlines().index("All modules are in [the list](../../catalog/index.md"
                                    "#nowhere).") + 1
    assert (f"WARNING -  modules/arriving/facilitator.md:{line}: link: a link"
            " '../../catalog/index.md#nowhere', but the doc 'catalog/index.md' does not contain"
            " an anchor '#nowhere'.") in done.stderr
    assert "modules/arriving/guide.md" not in done.stderr
