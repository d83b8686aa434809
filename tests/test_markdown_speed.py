"""markdown_speed and page_render: Python-Markdown with the shortcuts, and with one instance
for every page, converts to exactly what it converts to without them (HTML and table of
contents), on generated Markdown and on the sample site; a shortcut whose routine is not the
one it follows, a subclass, an extension not known to be reusable, are left alone."""

from __future__ import annotations

import filecmp
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.md_in_html import HTMLExtractorExtra
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_curriculum import markdown_inline, markdown_speed, page_cache, page_render

REPO = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html",
              "sane_lists", "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]
"""The sample site's, as MkDocs gives them (it adds toc, tables and fenced_code)."""
OPTIONS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}
PIECES = ["[TOC]", " [TOC] ", "[TOC] and more", "# Title", "## Part *two*", "### [TOC]",
          "## Named {#named}", "Some *text* and **bold** `code`", "a | b", "| a |", "|a|b|",
          "| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n--|--\n1 | 2", "| one |\n|-----|\n| x |",
          "| one\n| --- \n| x", "x\n| a | b |\n|---|---|", "a\\|b | c\n---|---",
          "`a|b` | c\n---|---", "- one\n- [TOC]\n    - nested", "1. first\n2. [ ] task",
          "- [x] done\n- [ ] open", "```\n[TOC]\n| a | b |\n```", "    [TOC]\n    | a |",
          "!!! note \"A | B\"\n    [TOC]\n\n    | a | b |\n    |---|---|", "??? tip\n    Folded.",
          "<div markdown>\n[TOC]\n\n| a | b |\n|---|---|\n</div>", "<DIV>raw</DIV>",
          "<Section markdown=\"1\">\n*in*\n</Section>", "<p/>", "<custom-tag>x</custom-tag>",
          "> quoted\n> [TOC]", "> | a | b |\n> |---|---|", "Line  \nbreak", "---", "",
          "<!-- [TOC] -->", "*[TOC]*", "[TOC]\n[TOC]", "Text {: .klass }", "&amp; &lt;",
          "<span>[TOC]</span>", "H<sub>2</sub>O\n{: #para }", "!!! note\n    inside",
          "    indented after", "        deeper", "??? question \"Q\"\n    answer", "???+ open",
          "!!!", "???", "text !!! warning", "- item\n\n    !!! tip\n        in a list",
          "1. step\n\n    ??? more\n        folded", "!!! note\n\n        code in it",
          "???+ note\n    - a\n\n        more of a", "\tTabbed",
          "```python\nx = 1\n```", "~~~\ncode\n~~~", "> ```\n> quoted fence\n> ```",
          "- item\n\n    ```\n    in list\n    ```", "```\nnever closed", "``not a fence``",
          "~~ almost ~~", "````\n```\n````", "```{.py title=\"a\"}\nx\n```",
          "Title\n=====", "Sub\n---", "Sub\n-\nmore", "a\n= b", "***", "_ _ _", "* * *",
          "- - -", "--", "> quote\n# in it", "x\n> q", "text # not a header", "#tag",
          "####### seven", "# closed #", "<div markdown=\"1\">\n# in\n\n> q\n</div>",
          "    code\n    more", "\tcode", "  two spaces", "para\n    indented line",
          "\u0661. an Arabic-Indic digit", "1) paren", " 1. spaced", "+ plus", "-no space",
          "\n\nblank first", "a <b>tag</b> & more", "&copy;", "[ref]: http://x.y \"T\"",
          "<!-- c -->", "- a\n\n- b\n\n        code in b"]
SCRAPS = st.text(alphabet="|!?-+#*`~:{}[]()<>/=\"'.\\ \t\nabTOC", max_size=40)
"""Markdown's punctuation in any order: the near misses of every shortcut's quick answer."""
MARKDOWN = st.lists(st.one_of(st.sampled_from(PIECES), SCRAPS), max_size=14).flatmap(
    lambda pieces: st.sampled_from(["\n\n", "\n"]).map(lambda glue: glue.join(pieces)))


def converted(md: markdown.Markdown, text: str) -> tuple[str, list]:
    """What a conversion gives: the HTML and the table of contents (MkDocs reads both)."""
    html = md.reset().convert(text)
    return html, md.toc_tokens


def quick() -> markdown.Markdown:
    """As the site's pages convert: with the shortcuts, and markdown_inline's (all together
    must give what Python-Markdown alone gives)."""
    return markdown.Markdown(extensions=[*EXTENSIONS, markdown_speed.NAME, markdown_inline.NAME],
                             extension_configs=OPTIONS)


def plain() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS)


REUSED = quick()


def test_every_shortcut_follows_this_python_markdown():
    """Else every routine is left to itself and the tests below prove little."""
    assert all(markdown_speed.follows(name) for name in markdown_speed.ROUTINES)


def test_the_shortcuts_are_on_an_instance_once_it_converts():
    md = quick()
    md.convert("# Title\n\n| a | b |\n|---|---|\n")
    assert md.is_block_level.__name__ == "is_block_level" and "is_block_level" in vars(md)
    assert "replace_marker" in vars(md.treeprocessors["toc"])
    assert "search_nested" in vars(md.preprocessors["fenced_code_block"])
    assert all("test" in vars(md.parser.blockprocessors[name])
               for name in ("table", "admonition", "details", "hashheader", "setextheader",
                            "hr", "quote"))
    assert all("run" in vars(md.parser.blockprocessors[name])
               for name in ("markdown_block", "code"))
    assert "run" in vars(md.preprocessors["html_block"])
    assert all("curriculum_opens" in vars(md.parser.blockprocessors[name])
               for name in ("empty", "indent", "code", "markdown_block", "olist", "ulist"))
    assert all("curriculum_holds" in vars(md.parser.blockprocessors[name])
               for name in ("table", "hashheader", "setextheader", "hr", "quote", "reference"))
    assert "is_block_level" not in vars(plain())


@SETTINGS
@given(MARKDOWN)
def test_generated_markdown_converts_the_same(text):
    assert converted(quick(), text) == converted(plain(), text)


@SETTINGS
@given(st.lists(MARKDOWN, min_size=2, max_size=4))
def test_one_instance_reused_converts_each_document_the_same(texts):
    """As packets and kits reuse theirs: nothing a document leaves changes the next one."""
    assert [converted(REUSED, text) for text in texts] == [converted(plain(), t) for t in texts]


def test_a_routine_that_is_not_the_one_followed_is_left_to_itself(monkeypatch):
    for name in ("toc", "tables", "admonition", "details", "fences", "hash_header", "setext",
                 "rule", "quote", "html_blocks", "indented_code", "raw_html", "openings",
                 "reference"):
        monkeypatch.setitem(markdown_speed.ROUTINES, name, "another")
    markdown_speed.follows.cache_clear()
    try:
        md = quick()
        md.convert("[TOC]\n\n# Title\n")
        assert "replace_marker" not in vars(md.treeprocessors["toc"])
        blocks = md.parser.blockprocessors
        assert not any(vars(blocks[name]).keys() & {"test", "run"} for name in (
            "table", "admonition", "details", "hashheader", "setextheader", "hr", "quote",
            "markdown_block", "code"))
        assert "search_nested" not in vars(md.preprocessors["fenced_code_block"])
        assert "run" not in vars(md.preprocessors["html_block"])
        assert not any(vars(processor).keys() & {"curriculum_opens", "curriculum_holds"}
                       for processor in blocks)
        assert "is_block_level" in vars(md)  # its own routine is still the one followed
    finally:
        markdown_speed.follows.cache_clear()


def test_a_subclass_is_left_to_itself():
    class Tables(TableProcessor):
        pass

    class Contents(TocTreeprocessor):
        pass

    md = quick()
    md.parser.blockprocessors.register(Tables(md.parser, {}), "table", 75)
    md.treeprocessors.register(Contents(md, TocExtension().getConfigs()), "toc", 5)
    md.convert("text")
    assert "test" not in vars(md.parser.blockprocessors["table"])
    assert "replace_marker" not in vars(md.treeprocessors["toc"])


def test_a_document_without_a_tag_or_a_reference_is_not_fed_to_the_html_parser(monkeypatch):
    fed = []
    monkeypatch.setattr(HTMLExtractorExtra, "feed", lambda self, data: fed.append(data))
    quick().convert("# Plain\n\nJust *words*, `code` and [a link](x.md).")
    assert fed == []
    quick().convert("A <b>tag</b>.")
    quick().convert("An &amp; reference.")
    assert len(fed) == 2


def test_a_processor_is_asked_only_about_a_block_it_may_take(monkeypatch):
    """The lists' about a block opening with a marker (or a space), the hash headers' about
    one holding a `#`, the references' (whose run declines) about one holding a `[`."""
    asked = {"olist": [], "ulist": [], "hashheader": [], "reference": []}
    md = quick()
    md.convert("x")
    for name, blocks in asked.items():
        test = md.parser.blockprocessors[name].test
        monkeypatch.setattr(md.parser.blockprocessors[name], "test",
                            lambda parent, block, test=test, blocks=blocks: blocks.append(
                                block) or test(parent, block))
    text = "A paragraph.\n\nSetext\n---\n\n> quote"
    assert converted(md, text) == converted(plain(), text)
    assert asked == {"olist": [], "ulist": [], "hashheader": [], "reference": []}
    text = "1. one\n\n\u0662. two\n\n# Heading\n\n[a]: b.md\n\n- item"
    assert converted(md, text) == converted(plain(), text)
    assert all(asked.values())


class _Swap(BlockProcessor):
    """Declines every block, having put another in its place (as no processor should, but
    the original loop asks the later processors about the new one)."""

    def test(self, parent, block) -> bool:
        return block.startswith("swap")

    def run(self, parent, blocks) -> bool:
        blocks[0] = "- an item" + blocks[0][len("swap"):]
        return False


@pytest.mark.parametrize("make", [quick, plain])
def test_a_run_that_declines_a_block_it_changed_leaves_the_rest_to_the_new_one(make):
    md = make()
    md.parser.blockprocessors.register(_Swap(md.parser), "swap", 95)
    assert md.convert("swap me\n\nafter") == "<ul>\n<li>an item me</li>\n</ul>\n<p>after</p>"


def test_block_level_names_changed_after_a_conversion_count_at_once():
    md = quick()
    assert converted(md, "<custom-tag>x</custom-tag>\n\ntext") == \
        converted(plain(), "<custom-tag>x</custom-tag>\n\ntext")
    assert not md.is_block_level("custom-tag")
    md.block_level_elements.append("custom-tag")
    assert md.is_block_level("custom-tag") and md.is_block_level("CUSTOM-TAG/")
    md.block_level_elements.remove("custom-tag")
    assert not md.is_block_level("custom-tag")
    md.block_level_elements = ["span"]  # another list: the original answers
    assert md.is_block_level("span") and not md.is_block_level("p")


def test_mkdocs_page_render_is_the_one_followed():
    """Else every page gets MkDocs' own conversion and the site test below proves little."""
    assert page_render.follows_mkdocs()


def test_an_extension_not_known_to_be_reusable_gets_mkdocs_own_conversion():
    config = {"markdown_extensions": ["toc", "pymdownx.emoji"], "mdx_configs": {}}
    assert page_render._instance(config) is None
    config = {"markdown_extensions": ["toc", markdown_speed.NAME], "mdx_configs": {}}
    assert page_render._instance(config) is page_render._instance(config) is not None
    config["mdx_configs"]["toc"] = {"permalink": True}  # other options: another instance
    assert page_render._instance(config).treeprocessors["toc"].use_permalinks


def test_the_pages_instance_leaves_the_table_of_contents_unbuilt():
    """A page's table of contents is read from `md.toc_tokens` (page_render): the table as
    HTML is not built, the page and its tokens are as Python-Markdown makes them."""
    page_render._LAST.clear()
    config = {"markdown_extensions": ["toc", markdown_speed.NAME],
              "mdx_configs": {"toc": {"permalink": True}}}
    md = page_render._instance(config)
    assert "run" in vars(md.treeprocessors["toc"])
    text = "# A *b*\n\n## C {#c}\n\ntext\n\n### A *b*"
    alone = markdown.Markdown(extensions=["toc"], extension_configs=config["mdx_configs"])
    assert converted(md, text) == converted(alone, text) and md.toc == ""
    page_render._LAST.clear()


def test_the_sample_site_is_the_same_file_for_file(tmp_path, monkeypatch):
    """MkDocs' own conversion of every page (and the kits' documents), and the conversion
    with the shortcuts and one instance for every page: the sites are the same, byte for
    byte."""
    monkeypatch.setattr(page_cache.cores, "available", lambda: 1)  # all in this process
    page_render._LAST.clear()
    installed = []
    monkeypatch.setattr(markdown_speed, "install", installed.append)
    monkeypatch.setattr(page_render, "follows_mkdocs", lambda: False)
    without = site(tmp_path / "without")
    assert page_render._LAST == {}
    monkeypatch.undo()
    monkeypatch.setattr(page_cache.cores, "available", lambda: 1)
    pages, convert = [], page_render._convert
    monkeypatch.setattr(page_render, "_convert", lambda *args: convert(*args) or pages.append(1))
    with_shortcuts = site(tmp_path / "with")
    assert len(installed) > 50  # the switch above did switch them off, for every conversion
    assert len(pages) > 50  # pages were converted by one instance
    assert same_files(without, with_shortcuts) > 50


def site(folder: Path) -> Path:
    """A cold build of the sample site in `folder` (no page converted before is remembered)."""
    page_cache._MEMORY.clear()
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(folder / "site"))
    config.plugins["curriculum"].config.cache_dir = str(folder / "cache")
    config.plugins["curriculum"].config.packets = False
    build(config)
    return folder / "site"


def same_files(one: Path, other: Path) -> int:
    """How many files the two folders hold, asserting they hold the same ones, equal."""
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    different = [str(name) for name in names if name.name != "sitemap.xml.gz"
                 and not filecmp.cmp(one / name, other / name, shallow=False)]
    assert different == []
    return len(names)


@pytest.fixture(autouse=True)
def _fresh_fingerprints():
    """`follows` remembers its answers: a test that changes ROUTINES must not leak."""
    yield
    markdown_speed.follows.cache_clear()


def unbuilt() -> markdown.Markdown:
    """As packets convert: the shortcuts, and the table of contents left unbuilt."""
    md = quick()
    markdown_speed.leave_toc_unbuilt(md)
    return md


LABELLED = st.lists(st.one_of(MARKDOWN, st.sampled_from([
    "## Labelled {: data-toc-label=\"Short *one*\" }", "# Same\n\n# Same\n\n## Same",
    "## With <em>raw</em> &amp; [a link](x.md#y)", "### `code` heading {#given}",
    "#### Deep\n\n##### Deeper\n\n###### Deepest", "Setext\n======", "## Pipe | in it"])),
    max_size=6).map("\n\n".join)


@SETTINGS
@given(LABELLED)
def test_a_toc_left_unbuilt_converts_the_same(text):
    """The same HTML and the same toc tokens (ids, names, levels), permalinks and all;
    the table itself only where a marker takes it."""
    md, reference = unbuilt(), plain()
    assert converted(md, text) == converted(reference, text)
    assert md.toc in ("", reference.toc)


def test_a_toc_left_unbuilt_is_built_where_a_marker_takes_it():
    md, reference, text = unbuilt(), plain(), "# A\n\n[TOC]\n\n## B\n"
    assert "run" in vars(md.treeprocessors["toc"])
    assert '<div class="toc">' in md.convert(text) and md.toc.startswith('<div class="toc">')
    assert (md.convert(text), md.toc) == (reference.convert(text), reference.toc)
    md.reset().convert("# A\n\n## B\n")
    assert md.toc == "" and [token["id"] for token in md.toc_tokens] == ["a"]


def test_a_toc_left_unbuilt_is_left_to_the_original_run_of_another_toc(monkeypatch):
    monkeypatch.setitem(markdown_speed.ROUTINES, "toc_unread", "another")
    markdown_speed.follows.cache_clear()
    try:
        md = unbuilt()
        assert "run" not in vars(md.treeprocessors["toc"])
        assert md.convert("# Title\n") == '<h1 id="title">Title<a class="headerlink" ' \
            'href="#title" title="Permanent link">&para;</a></h1>'
        assert md.toc.startswith('<div class="toc">')
    finally:
        markdown_speed.follows.cache_clear()


def packets(curriculum) -> list[str]:
    from mkdocs_curriculum.packet_contract import EDITIONS
    from mkdocs_curriculum.packet_html import build_packet_html

    return [build_packet_html(curriculum, session, edition.id)
            for session in curriculum.sessions.values() for edition in EDITIONS]


def test_sample_packets_print_the_same_with_their_toc_left_unbuilt(monkeypatch):
    """The packets' renderer leaves the table unbuilt (its links were noted for nothing):
    every edition of every sample session is the same HTML as with the table built."""
    from mkdocs_curriculum.config import read_layout
    from mkdocs_curriculum.markdown_html import MarkdownRenderer
    from mkdocs_curriculum.validate import check_project

    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    assert "run" in vars(MarkdownRenderer()._md.treeprocessors["toc"])
    unbuilt = packets(curriculum)
    monkeypatch.setattr(markdown_speed, "leave_toc_unbuilt", lambda md: None)
    assert "run" not in vars(MarkdownRenderer()._md.treeprocessors["toc"])
    assert len(unbuilt) >= 10 and packets(curriculum) == unbuilt


def test_the_packets_read_a_plain_heading_without_serializing_it(monkeypatch):
    """A heading of plain words needs no serializer and no postprocessor for its id (the
    packets' postprocessors leave plain text alone); any other is read by toc's own."""
    from markdown.extensions import toc

    from mkdocs_curriculum.markdown_html import MarkdownRenderer

    renderer = MarkdownRenderer()  # the toc it follows read first (its digest, then patched)
    read, original = [], toc.render_inner_html
    monkeypatch.setattr(toc, "render_inner_html",
                        lambda el, md: read.append(el.text) or original(el, md))
    html = renderer.render("## Plain words\n\n## With *emphasis*\n\n## A &amp; B\n")
    assert len(read) == 2 and read[0] == "With " and read[1].startswith("A ")
    assert '<h2 id="plain-words">Plain words</h2>' in html and 'id="a-b"' in html
