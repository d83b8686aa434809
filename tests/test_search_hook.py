"""Material's search hook, run on every page, gives the page and the index what Material's own
gives them, asking its expression only of HTML that holds a search attribute
(`page_cache.quick_search_hook`); and the copy that renders pages beside adds none to an index
it never writes (`pages_beside`), the site and its index the same bytes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchPlugin
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_curriculum import page_cache, pages_beside

from helpers import site_project

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
PIECES = ["<p>", "</p>", "<h2 id=\"a\"", ">", "text", " ", "\n", "\t", "data-search-",
          "data-search-exclude", "data-search", "-search-", "data-", "=", "\"", "\"x\"",
          "\"\"", " data-search-exclude=\"\"", " data-search-boost=\"2\"",
          "\ndata-search-exclude=\"yes\"", "data-search-é=\"1\"", "data-search-x_y=\"a b\""]


def hooked(hook, content: str, enabled: bool = True) -> tuple[str, list[str]]:
    """The page's HTML after `hook`, and what the hook gave the index."""
    added: list[str] = []
    plugin = SimpleNamespace(config=SimpleNamespace(enabled=enabled),
                             search_index=SimpleNamespace(add_entry_from_context=lambda page:
                                                          added.append(page.content)))
    page = SimpleNamespace(content=content)
    assert hook(plugin, {}, page=page, config=None, nav=None) is None
    return page.content, added


def test_materials_hook_is_the_one_followed():
    """Else every page goes through Material's own hook and the tests below prove little."""
    assert page_cache._follows_material_hook()


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.booleans())
def test_any_html_gets_what_materials_hook_gives_it(content, enabled):
    assert hooked(page_cache._search_page_hook, content, enabled) == hooked(
        SearchPlugin.on_page_context, content, enabled)


def test_search_attributes_are_still_taken_out():
    html = '<h2 data-search-exclude="x" id="a">A</h2>\n<p data-search-boost="2">b</p>'
    assert hooked(page_cache._search_page_hook, html)[0] == '<h2 id="a">A</h2>\n<p>b</p>'


PAGES = {
    "curriculum/pages/about.md": "# About\n\n## Kept out { data-search-exclude=\"yes\" }\n\n"
                                 "Words.\n\nMore { data-search-boost=\"2\" }\n",
}


def _site(root: Path, site: Path, monkeypatch, quick: bool, beside: bool) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        patch.setattr(page_cache, "_follows_material_hook", lambda: quick)
        patch.setattr(pages_beside, "BESIDE_FROM", 0 if beside else 10_000)
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        build(config)
        hooks = config.plugins.events["page_context"]
        search = [hook for hook in hooks if isinstance(getattr(hook, "__self__", None),
                                                       SearchPlugin)]
        assert len(search) == 1
        assert (search[0].__func__ is page_cache._search_page_hook) == quick
        assert config.plugins._event_origins[search[0]] == "material/search"
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_the_site_and_its_index_are_the_same_bytes(tmp_path, monkeypatch):
    root = site_project(tmp_path / "project", PAGES)
    theirs = _site(root, tmp_path / "material", monkeypatch, quick=False, beside=False)
    ours = _site(root, tmp_path / "quick", monkeypatch, quick=True, beside=True)
    assert "search/search_index.json" in ours and ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    about = ours["about/index.html"].decode()
    assert "Kept out" in about and "data-search-" not in about
    assert b"Kept out" not in ours["search/search_index.json"]


def test_a_subclass_of_materials_plugin_keeps_its_hook():
    class Own(SearchPlugin):
        pass
    plugin = Own()
    config = SimpleNamespace(plugins=SimpleNamespace(
        events={"page_context": [plugin.on_page_context]}, _event_origins={}))
    page_cache.quick_search_hook(config)
    assert config.plugins.events["page_context"][0].__func__ is SearchPlugin.on_page_context
    mine = SearchPlugin()
    config.plugins.events["page_context"] = [mine.on_page_context]
    page_cache.quick_search_hook(config)
    assert config.plugins.events["page_context"][0].__func__ is page_cache._search_page_hook
