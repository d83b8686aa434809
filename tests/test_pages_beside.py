"""The last pages' templates rendered by a forked copy of the build give the site MkDocs
renders page after page: the same bytes, the same search index, the same log lines; and a
copy that fails leaves MkDocs to render them, with the same site."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_curriculum import cores, pages_beside

from helpers import site_project

pytestmark = pytest.mark.skipif(cores.available() < 2, reason="one core, or no fork")


def _site(root: Path, site: Path, beside: bool, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(pages_beside, "BESIDE_FROM", 0 if beside else 10_000)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture
def made(monkeypatch) -> list[pages_beside.RenderedBeside]:
    """Every RenderedBeside of the builds (none when MkDocs renders every page itself), with
    the pages as MkDocs renders them, in order (`.order`)."""
    made: list[pages_beside.RenderedBeside] = []
    start = pages_beside.RenderedBeside.__init__

    def spied(self, env, config, files, nav) -> None:
        start(self, env, config, files, nav)
        self.order = [file.src_uri for file in files.documentation_pages()]
        made.append(self)
    monkeypatch.setattr(pages_beside.RenderedBeside, "__init__", spied)
    return made


def test_a_site_whose_last_pages_are_rendered_beside_is_the_site_rendered_in_order(
        tmp_path, monkeypatch, made, caplog):
    root = site_project(tmp_path / "project")
    page_html = pages_beside._page_html

    def told(page, *args) -> str:  # a line the template writes, in the copy for its pages
        logging.getLogger("mkdocs.theme").warning(f"rendered {page.file.src_uri}")
        return page_html(page, *args)
    monkeypatch.setattr(pages_beside, "_page_html", told)
    in_order = _site(root, tmp_path / "in-order", False, monkeypatch)
    assert made == []
    caplog.clear()
    beside = _site(root, tmp_path / "beside", True, monkeypatch)
    assert len(made) == 1 and made[0].index == {}  # every page of the copy's share came back
    share = [record.getMessage() for record in caplog.records
             if record.getMessage().startswith("rendered ")]
    pages = made[0].order
    assert len(share) == len(made[0].made.value) > 5 and len(share) < len(pages)
    assert share == [f"rendered {uri}" for uri in pages[len(pages) - len(share):]]
    assert "search/search_index.json" in beside and "modules/arriving/index.html" in beside
    assert beside == in_order


@pytest.mark.parametrize("failure", ["error", "exit"])
def test_a_copy_that_fails_leaves_mkdocs_to_render_its_pages(tmp_path, monkeypatch, made,
                                                              failure):
    root = site_project(tmp_path / "project")
    in_order = _site(root, tmp_path / "in-order", False, monkeypatch)

    def fails(page, *args) -> str:
        if failure == "exit":
            os._exit(3)  # the copy dies (memory, a signal) and sends nothing
        raise RuntimeError("a bug in the copy")
    monkeypatch.setattr(pages_beside, "_page_html", fails)
    beside = _site(root, tmp_path / "beside", True, monkeypatch)
    assert len(made) == 1 and made[0].made.value is None
    assert beside == in_order


def test_pages_are_rendered_beside_only_among_hooks_known_to_work_page_by_page(tmp_path):
    root = site_project(tmp_path / "project", {"hooks.py": (
        "def on_page_context(context, page, config, nav):\n"
        "    return context\n")})
    plain = load_config(str(root / "mkdocs.yml"))
    assert pages_beside.in_any_order(plain)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8")
                                     + "hooks:\n  - hooks.py\n", encoding="utf-8")
    assert not pages_beside.in_any_order(load_config(str(root / "mkdocs.yml")))


def test_work_whose_process_failed_gives_what_the_caller_said():
    made = cores.later(lambda: os._exit(3), failed=lambda: "rendered here")
    assert made.behind and made.result() == "rendered here"


def test_a_page_whose_template_fails_fails_the_build_as_in_order(tmp_path, monkeypatch, made):
    """The template fails at the last page, one of the copy's: the copy fails there, and
    MkDocs stops at the page with Jinja's error, as in order."""
    root = site_project(tmp_path / "project")
    main = root / "theme/main.html"
    main.write_text(main.read_text(encoding="utf-8") + (
        "{% block footer %}{% if page.file == pages[-1] %}{{ missing.name }}{% endif %}"
        "{{ super() }}{% endblock %}\n"), encoding="utf-8")
    errors = {}
    for beside in (False, True):
        with pytest.raises(UndefinedError) as error:
            _site(root, tmp_path / f"site-{beside}", beside, monkeypatch)
        errors[beside] = str(error.value)
    assert errors[True] == errors[False] == "'missing' is undefined"
    assert len(made) == 1 and made[0].made.value is None


def test_pages_too_large_to_send_back_are_rendered_by_mkdocs(tmp_path, monkeypatch, made):
    """Pages larger than the copy sends back (the whole navigation in each, without prune):
    the copy stops at the first ones and MkDocs renders them all, the same site."""
    root = site_project(tmp_path / "project")
    in_order = _site(root, tmp_path / "in-order", False, monkeypatch)
    monkeypatch.setattr(pages_beside, "SENT_PER_PAGE", 1_000)
    beside = _site(root, tmp_path / "beside", True, monkeypatch)
    assert len(made) == 1 and made[0].made.value is None
    assert beside == in_order


def test_pages_with_the_whole_navigation_are_rendered_in_order(tmp_path, monkeypatch, made):
    """Without navigation.prune every page holds the whole navigation: no copy is forked
    when the navigation alone would pass what the copy sends back; with prune, it is."""
    root = site_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    monkeypatch.setattr(pages_beside, "SENT_PER_PAGE", 500)  # the tiny site's 5+ items
    config.write_text(config.read_text("utf-8").replace("[navigation.prune]", "[]"), "utf-8")
    _site(root, tmp_path / "whole", True, monkeypatch)
    assert made == []
    config.write_text(config.read_text("utf-8").replace("features: []",
                                                        "features: [navigation.prune]"), "utf-8")
    _site(root, tmp_path / "pruned", True, monkeypatch)
    assert len(made) == 1
