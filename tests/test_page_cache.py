"""Markdown converted once per content: a rebuild takes unchanged pages from the cache and
writes the same site; an edit reaches its page; a broken link fails `--strict` every time."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from types import SimpleNamespace

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from mkdocs_curriculum import page_cache, plugin

from helpers import mkdocs_build, site_project

CACHE = ".cache/curriculum-packets/markdown"


def tiny(root: Path, changes: dict[str, str] | None = None) -> Path:
    root = site_project(root, changes)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - curriculum\n", "  - curriculum:\n      packets: false\n"), "utf-8")
    return root


def converted(done) -> tuple[int, int]:
    """(pages converted, pages from the cache), as the build's debug line says."""
    found = re.search(r"curriculum: (\d+) page\(s\) converted, (\d+) from the cache", done.stderr)
    assert found, done.stderr[-2000:]
    return int(found[1]), int(found[2])


def pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_rebuild_takes_every_page_from_the_cache_and_writes_the_same_site(tmp_path):
    root = tiny(tmp_path / "p")
    first = mkdocs_build(root, "--strict", "-v", "-d", str(tmp_path / "one"))
    assert first.returncode == 0, first.stderr
    made, cached = converted(first)
    assert made > 10 and cached == 0
    assert len(list((root / CACHE).glob("*.json"))) == made
    second = mkdocs_build(root, "--strict", "-v", "-d", str(tmp_path / "two"))
    assert converted(second) == (0, made)
    assert pages(tmp_path / "one") == pages(tmp_path / "two")


def test_an_edit_reaches_its_page_and_converts_no_other(tmp_path):
    root = tiny(tmp_path / "p")
    assert mkdocs_build(root, "-d", str(tmp_path / "one")).returncode == 0
    (root / "modules/arriving/overview.md").write_text("## Why\n\nBecause we said so.\n")
    done = mkdocs_build(root, "-v", "-d", str(tmp_path / "two"))
    made, cached = converted(done)
    assert made == 1 and cached > 10
    page = (tmp_path / "two/modules/arriving/index.html").read_text("utf-8")
    assert "Because we said so." in page


def test_a_broken_link_fails_strict_from_the_cache_too(tmp_path):
    """MkDocs' own warning about a link, written as it converts the page, is written again
    when the page comes from the cache (an absolute link, which this site's validation warns
    of; the curriculum warns of it too)."""
    root = tiny(tmp_path / "p", {"curriculum/pages/index.md": "# Home\n\n[About](/about/)\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "validation:\n  absolute_links: warn\n")
    for run in ("one", "two"):
        done = mkdocs_build(root, "--strict", "-d", str(tmp_path / run))
        assert done.returncode == 1, run
        assert "absolute link '/about/', it was left as is" in done.stderr, (run, done.stderr)


def test_pages_converted_ahead_in_a_pool_are_the_pages_converted_one_by_one(tmp_path,
                                                                            monkeypatch):
    root = tiny(tmp_path / "p")
    sites, kept = {}, {}
    for ahead in (False, True):
        monkeypatch.setattr(page_cache, "POOL_FROM", 2 if ahead else 10_000)
        monkeypatch.setattr(page_cache, "WRITTEN_TOGETHER", 3)  # batches, the last one short
        monkeypatch.setattr(page_cache, "_MEMORY", {})
        folder = tmp_path / f"ahead-{ahead}"
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(folder / "site"))
        config.plugins["curriculum"].config.cache_dir = str(folder / "cache")
        build(config)
        kept[ahead] = sorted(path.read_bytes()
                             for path in (folder / "cache/markdown").glob("*.json"))
        assert len(kept[ahead]) > 10
        sites[ahead] = pages(folder / "site")
        # What the workers wrote is what the build remembers, for the next one.
        for key, entry in page_cache._MEMORY.items():
            path = folder / "cache/markdown" / f"{key}.json"
            assert json.loads(path.read_text("utf-8")) == entry
    assert sites[True] == sites[False]
    assert kept[True] == kept[False]  # the same entries, written by workers or one by one
    assert not list((tmp_path / "ahead-True/cache/markdown").glob(".*.tmp"))


def test_the_search_index_from_cached_sections_is_materials_own(tmp_path, monkeypatch):
    root = tiny(tmp_path / "p")
    indexes = []
    for run in ("plain", "cold", "warm"):
        if run == "plain":
            monkeypatch.setattr(plugin, "index_from_cache", lambda config, cache: None)
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / run))
        build(config)
        monkeypatch.undo()
        indexes.append((tmp_path / run / "search/search_index.json").read_text("utf-8"))
    assert indexes[0] == indexes[1] == indexes[2]
    assert "Say hello." in indexes[0]


def test_a_page_whose_html_a_hook_changed_is_indexed_from_that_html(tmp_path):
    """The sections an entry keeps are of the HTML converted: a page another hook changed
    after its conversion (its `on_page_content`) is indexed from what it became, cold and
    warm."""
    root = tiny(tmp_path / "p")
    (root / "hooks.py").write_text(
        "def on_page_content(html, page, config, files):\n"
        "    return html + '<p>Added by a hook.</p>'\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n  - hooks.py\n", "utf-8")
    for run in ("cold", "warm"):
        assert mkdocs_build(root, "-d", str(tmp_path / run)).returncode == 0
        index = json.loads((tmp_path / run / "search/search_index.json").read_text("utf-8"))
        texts = [entry["text"] for entry in index["docs"]]
        assert sum("Added by a hook." in text for text in texts) > 10, run


def test_memory_holds_the_pages_of_the_last_build_only(tmp_path, monkeypatch):
    """A long `mkdocs serve` session of edits (builds in one process) must not grow memory:
    it keeps the pages of this build and of the one before (an edit undone finds them)."""
    root = tiny(tmp_path / "p")
    monkeypatch.setattr(page_cache, "_MEMORY", {})
    overview = root / "modules/arriving/overview.md"
    sizes = []
    for edit in range(4):
        overview.write_text(f"## Why\n\nEdit number {edit}.\n", encoding="utf-8")
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
        assert f"Edit number {edit}." in (tmp_path / "site/modules/arriving/index.html").read_text(
            "utf-8")
        sizes.append(len(page_cache._MEMORY))
    assert sizes[0] > 10 and sizes[1:] == [sizes[0] + 1] * 3


def test_on_one_core_each_page_is_read_once(tmp_path, monkeypatch):
    """Reading every page ahead serves only a pool: without one (one core, or no fork) the
    pages are read and their Markdown passed through the plugins once, as MkDocs does."""
    root = tiny(tmp_path / "p")
    monkeypatch.setattr(page_cache.cores, "available", lambda: 1)
    monkeypatch.setattr(page_cache, "POOL_FROM", 2)
    reads: list[str] = []
    read_source = Page.read_source

    def counted(page, config):
        reads.append(page.file.src_uri)
        return read_source(page, config)

    monkeypatch.setattr(Page, "read_source", counted)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert len(reads) > 10 and sorted(reads) == sorted(set(reads))
    assert "Say hello." in (tmp_path / "site/search/search_index.json").read_text("utf-8")


def test_a_page_cached_by_a_verbose_build_still_has_its_anchors_checked(tmp_path, monkeypatch):
    """MkDocs notes a page's links to anchors (which it then checks) only when it does not
    log at debug level; a page converted by `mkdocs build -v` must not lose that check in the
    next build, when it comes from the cache."""
    home = "# Home\n\n[About](about.md#about)\n"
    root = tiny(tmp_path / "p", {"curriculum/pages/index.md": home})
    monkeypatch.setattr(page_cache, "_MEMORY", {})
    checked: dict[str, object] = {}
    validate = Page.validate_anchor_links

    def noted(page, *, files, log_level):
        checked[page.file.src_uri] = page.links_to_anchors
        return validate(page, files=files, log_level=log_level)

    monkeypatch.setattr(Page, "validate_anchor_links", noted)
    pages_log = logging.getLogger(Page.__module__)
    for level in (logging.DEBUG, logging.NOTSET):  # `-v`, then a plain build
        monkeypatch.setattr(pages_log, "level", level)
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    links = checked["index.md"]
    assert links and {"about": "about.md#about"} in links.values()


def test_an_edit_to_a_projects_own_markdown_extension_reaches_its_pages(tmp_path, monkeypatch):
    """An extension in no distribution (the project's own module) is keyed by its file."""
    root = tiny(tmp_path / "p")
    extension = root / "shout.py"
    source = ("import markdown\n\nclass Shout(markdown.postprocessors.Postprocessor):\n"
              "    def run(self, text):\n        return text.replace('Say hello.', {0!r})\n\n"
              "class ShoutExtension(markdown.Extension):\n    def extendMarkdown(self, md):\n"
              "        md.postprocessors.register(Shout(md), 'shout', 0)\n\n"
              "def makeExtension(**options):\n    return ShoutExtension(**options)\n")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - shout\n"), "utf-8")
    monkeypatch.setenv("PYTHONPATH", str(root))
    for said in ("SAY HELLO.", "Say hello, loudly."):
        extension.write_text(source.format(said), encoding="utf-8")
        done = mkdocs_build(root, "-d", str(tmp_path / "site"))
        assert done.returncode == 0, done.stderr
        assert said in (tmp_path / "site/search/search_index.json").read_text("utf-8"), said


def test_another_plugins_markdown_hook_runs_once_a_page(tmp_path, monkeypatch):
    """Converting ahead in a pool must not run another plugin's `on_page_markdown` (here a
    project's hook) on a page before MkDocs runs it: it would run twice a page, and write its
    warnings twice. Its change still reaches the page."""
    root = tiny(tmp_path / "p")
    (root / "stamp.py").write_text(
        "import os\n\ndef on_page_markdown(markdown, page, config, files):\n"
        "    calls = os.path.join(os.path.dirname(config.config_file_path), 'calls.txt')\n"
        "    with open(calls, 'a', encoding='utf-8') as out:\n"
        "        out.write(page.file.src_uri + '\\n')\n"
        "    return markdown.replace('Say hello.', 'Say hello, stamped.')\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n  - stamp.py\n", "utf-8")
    monkeypatch.setattr(page_cache.cores, "available", lambda: 2)
    monkeypatch.setattr(page_cache, "POOL_FROM", 2)
    monkeypatch.setattr(page_cache, "_MEMORY", {})
    build(load_config(str(config), site_dir=str(tmp_path / "site")))
    calls = (root / "calls.txt").read_text("utf-8").split()
    assert len(calls) > 10 and sorted(calls) == sorted(set(calls))
    assert "Say hello, stamped." in (tmp_path / "site/search/search_index.json").read_text(
        "utf-8")


def test_a_damaged_entry_is_converted_again_not_a_failed_build(tmp_path):
    """An entry cut short (a disk full, a copy interrupted) or of another shape under the same
    format number is a miss: the page is converted again and its entry written whole."""
    root = tiny(tmp_path / "p")
    assert mkdocs_build(root, "-v", "-d", str(tmp_path / "one")).returncode == 0
    entries = sorted((root / CACHE).glob("*.json"))
    whole = {entry: entry.read_bytes() for entry in entries}
    entries[0].write_bytes(whole[entries[0]][:40])
    entries[1].write_text(json.dumps({"format": page_cache.FORMAT, "content": "<p>x</p>"}))
    done = mkdocs_build(root, "-v", "-d", str(tmp_path / "two"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert converted(done) == (2, len(entries) - 2)
    assert {entry: entry.read_bytes() for entry in entries} == whole
    assert pages(tmp_path / "one") == pages(tmp_path / "two")


SNIPPETS = ("  - pymdownx.snippets:\n"
            "      auto_append: [curriculum/pages/footer.txt]\n")


def with_snippets(root: Path) -> Path:
    """The home page includes part.txt; footer.txt is appended to every page."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "markdown_extensions:\n", f"markdown_extensions:\n{SNIPPETS}"), "utf-8")
    home = '# Home\n\n--8<-- "curriculum/pages/part.txt"\n'
    (root / "curriculum/pages/index.md").write_text(home, "utf-8")
    return root


def test_an_edit_to_the_files_an_extension_reads_reaches_the_pages(tmp_path):
    """pymdownx.snippets reads files as it converts: the one a page includes (`--8<--`) and
    the one its options name, appended to every page. An edit to either reaches the pages of
    the next build (both stayed as the cache first found them)."""
    root = with_snippets(tiny(tmp_path / "p"))
    for said in ("one", "three"):
        for name in ("part", "footer"):
            (root / f"curriculum/pages/{name}.txt").write_text(f"{name} {said}.\n", "utf-8")
        done = mkdocs_build(root, "-d", str(tmp_path / said))
        assert done.returncode == 0, done.stderr
        home = (tmp_path / said / "index.html").read_text("utf-8")
        about = (tmp_path / said / "about/index.html").read_text("utf-8")
        assert f"part {said}." in home and f"footer {said}." in about, said


def test_an_edit_to_a_custom_icon_reaches_its_page(tmp_path):
    """Material's emoji extension inlines the SVG of an icon from the `custom_icons` folders
    its options name: an edit to the SVG reaches the page in the next build."""
    root = tiny(tmp_path / "p", {"curriculum/pages/index.md": "# Home\n\n:our-mark:\n"})
    config = root / "mkdocs.yml"
    generator = "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    config.write_text(config.read_text("utf-8").replace(
        generator, f"{generator}      options:\n        custom_icons: [icons]\n"), "utf-8")
    (root / "icons").mkdir()
    for width in ("11", "222"):
        (root / "icons/our-mark.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}"></svg>', "utf-8")
        done = mkdocs_build(root, "-d", str(tmp_path / width))
        assert done.returncode == 0, done.stderr
        assert f'width="{width}"' in (tmp_path / width / "index.html").read_text("utf-8")


def test_snippets_from_the_pages_folder_leave_the_other_pages_in_the_cache(tmp_path):
    """With snippets' base_path the pages folder, an edit to one page converts that page (and
    the one that includes a snippet), not every page; the file appended to every page, named
    from the base path, still reaches them all."""
    root = tiny(tmp_path / "p", {"curriculum/pages/index.md": '# Home\n\n--8<-- "part.txt"\n',
                                 "curriculum/pages/part.txt": "part one.\n",
                                 "curriculum/pages/footer.txt": "footer one.\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("markdown_extensions:\n", (
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [curriculum/pages]\n"
        "      auto_append: [footer.txt]\n")), "utf-8")
    first = mkdocs_build(root, "-v", "-d", str(tmp_path / "one"))
    made, _ = converted(first)
    (root / "curriculum/pages/about.md").write_text("# About\n\nWhy we care.\n", "utf-8")
    assert converted(mkdocs_build(root, "-v", "-d", str(tmp_path / "two"))) == (2, made - 2)
    (root / "curriculum/pages/footer.txt").write_text("footer three.\n", "utf-8")
    assert mkdocs_build(root, "-d", str(tmp_path / "three")).returncode == 0
    for page in ("index.html", "about/index.html", "catalog/index.html"):
        assert "footer three." in (tmp_path / "three" / page).read_text("utf-8"), page
    assert "part one." in (tmp_path / "three/index.html").read_text("utf-8")


def test_a_pages_key_is_remembered_only_while_its_markdown_and_the_build_are_the_same(tmp_path):
    """A page's key is asked four times a build and remembered on the page; a hook that
    changes the Markdown, or the next build, gets the key of what it has now."""
    cache = page_cache.PageCache(tmp_path)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a/index.md"), url="a/",
                           markdown="# A\n\nFirst.\n")

    def fresh() -> str:
        return page_cache._digest([cache._build, "a/index.md", "a/", page.markdown])

    cache._build = "one"
    first = cache.key(page)
    assert first == fresh() and cache.key(page) == first
    page.markdown = "# A\n\nSecond.\n"
    assert cache.key(page) == fresh() != first
    page.markdown = "".join(["# A\n\n", "First.\n"])  # the same text again, a new string
    assert cache.key(page) == first
    cache._build = "two"
    assert cache.key(page) == fresh() != first


def test_a_pages_key_is_remembered_for_the_next_builds_page_by_what_it_is_made_of(tmp_path):
    """MkDocs makes new pages for every build: the key is also remembered by the build, the
    page's source and address and its Markdown, and is that of a fresh digest for any other."""
    cache = page_cache.PageCache(tmp_path)
    cache._build = "one"

    def page(uri: str = "a/index.md", url: str = "a/",
             markdown: str = "# A\n") -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(src_uri=uri), url=url, markdown=markdown)

    def fresh(made: SimpleNamespace) -> str:
        return page_cache._digest([cache._build, made.file.src_uri, made.url, made.markdown])

    shown = page()
    first = cache.key(shown)
    cache.keep_only([shown])
    assert cache.key(page()) == first
    for other in (page(uri="b/index.md"), page(url="b/"), page(markdown="# B\n")):
        assert cache.key(other) == fresh(other) != first
    cache._build = "two"
    assert cache.key(page()) == fresh(page()) != first
