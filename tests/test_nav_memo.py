"""The navigation rendered once per item: every page shows the same navigation, with links that
reach the same pages, as Material renders it item by item; with and without prune."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_curriculum import plugin
from mkdocs_curriculum.nav_memo import to_root

from helpers import site_project

_HREF = re.compile(r'href="([^"#:]*)(#[^"]*)?"')


def resolved(page: str, html: str) -> str:
    """The page's HTML with every relative link written from the site's root."""
    folder = posixpath.dirname(page)

    def absolute(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match[1])) if match[1] else page
        slash = "/" if match[1].endswith(("/", ".")) and target != "." else ""
        return f'href="/{target}{slash}{match[2] or ""}"'
    return _HREF.sub(absolute, html)


def built(root: Path, site: Path, memo: bool, monkeypatch) -> dict[str, str]:
    if not memo:
        monkeypatch.setattr(plugin, "remember_navigation", lambda env: None)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins["curriculum"].config.packets = False
    build(config)
    monkeypatch.undo()
    return {p.relative_to(site).as_posix(): resolved(p.relative_to(site).as_posix(),
                                                     p.read_text("utf-8"))
            for p in site.rglob("*.html")}


@pytest.mark.parametrize("features", ["[navigation.prune]", "[]", "[navigation.sections]"])
def test_every_page_shows_the_navigation_material_renders(tmp_path, monkeypatch, features):
    root = site_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("[navigation.prune]", features))
    remembered = built(root, tmp_path / "memo", True, monkeypatch)
    plain = built(root, tmp_path / "plain", False, monkeypatch)
    assert remembered.keys() == plain.keys() and len(plain) > 10
    for page, html in plain.items():
        assert remembered[page] == html, page
    module = remembered["modules/arriving/index.html"]
    assert "md-nav__link--active" in module
    if features == "[]":  # every item shows on every page, the other module's too
        assert 'href="/modules/telling/"' in module
        raw = (tmp_path / "memo/modules/arriving/index.html").read_text("utf-8")
        assert 'href="../../modules/telling/"' in raw  # remembered, written from the root


def test_the_way_back_to_the_root():
    assert to_root("modules/x/") == "../../"
    assert to_root("modules/x.html") == "../"
    assert to_root("") == "./"
    assert to_root("404.html") == "./"
