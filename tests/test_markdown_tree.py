"""markdown_tree's block loop, unescaping and serializer give exactly what Python-Markdown's
own give: element trees of every kind serialized both ways, generated Markdown, a registry
changed in the middle of a document, real pages (the sample's modules, its packets'
documents, two open lesson episodes), html and xhtml output."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import serializers, util
from markdown.blockprocessors import BlockProcessor

from mkdocs_curriculum import markdown_speed, markdown_tree
from mkdocs_curriculum.markdown_html import MarkdownRenderer

from helpers import REPO

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html",
              "sane_lists", "def_list", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.tasklist"]
OPTIONS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}
FORMATS = ["html", "xhtml"]


def converted(text: str, quick: bool, output_format: str = "html") -> tuple[str, list]:
    """The HTML and table of contents of `text`, with or without the quick paths."""
    speedup = [markdown_speed.NAME] if quick else []
    md = markdown.Markdown(extensions=[*EXTENSIONS, *speedup], extension_configs=OPTIONS,
                           output_format=output_format)
    return md.convert(text), md.toc_tokens


def assert_same(text: str) -> None:
    for output_format in FORMATS:
        assert converted(text, True, output_format) == converted(text, False, output_format)


def test_every_routine_is_the_one_followed():
    """Else every quick path is left out and the tests below compare Python-Markdown with
    itself."""
    assert all(markdown_tree.follows(name) for name in markdown_tree.ROUTINES)


def test_the_quick_paths_are_on_an_instance_once_it_converts():
    md = markdown.Markdown(extensions=[*EXTENSIONS, markdown_speed.NAME])
    md.convert("# Title\n\ntext")
    assert md.serializer.func is markdown_tree.serialize
    assert "parseBlocks" in vars(md.parser)
    assert "run" in vars(md.treeprocessors["unescape"])
    assert "run" in vars(md.treeprocessors["attr_list"])
    assert "_prettifyETree" in vars(md.treeprocessors["prettify"])
    plain = markdown.Markdown(extensions=EXTENSIONS)
    plain.convert("# Title")
    assert plain.serializer is serializers.to_xhtml_string and "parseBlocks" not in vars(
        plain.parser)


def test_a_routine_that_is_not_the_one_followed_is_left_to_itself(monkeypatch):
    for name in markdown_tree.ROUTINES:
        monkeypatch.setitem(markdown_tree.ROUTINES, name, "another")
    markdown_tree.follows.cache_clear()
    md = markdown.Markdown(extensions=[*EXTENSIONS, markdown_speed.NAME], output_format="html")
    md.convert("# Title\n\ntext")
    assert md.serializer is serializers.to_html_string
    assert "parseBlocks" not in vars(md.parser)
    assert "run" not in vars(md.treeprocessors["unescape"])
    assert "run" not in vars(md.treeprocessors["attr_list"])
    assert "_prettifyETree" not in vars(md.treeprocessors["prettify"])


# -- the serializer, on any tree -----------------------------------------------------------

TAGS = st.sampled_from(["p", "div", "br", "img", "hr", "BR", "Img", "script", "STYLE", "code",
                        "pre", "span", "a", "custom-tag", "input", etree.Comment,
                        etree.ProcessingInstruction, None, etree.QName("{urn:x}thing")])
TEXTS = st.none() | st.sampled_from(["", "&", "&amp;", "a < b > c", "AT&T &#169; &bogus;",
                                     "\n", "\"q\"", "x"]) | st.text(
    alphabet="&<>\"'#;ax9 \n\x02\x03", max_size=12) | st.sampled_from(
        [util.AtomicString("<at&om>"), util.AtomicString("plain")])
NAMES = st.sampled_from(["class", "id", "hidden", "checked", "open", "compact", "href", "b",
                         "a", "disabled"])
VALUES = st.none() | NAMES | TEXTS.filter(lambda text: text is not None) | st.just(
    etree.QName("urn:value"))


@st.composite
def trees(draw, depth: int = 0) -> etree.Element:
    """An element of any tag, attributes, text and tail, with up to three children."""
    element = etree.Element(draw(TAGS))
    for name in draw(st.lists(NAMES, max_size=3, unique=True)):
        element.set(name, draw(VALUES))
    if draw(st.booleans()):
        element.set(etree.QName("title"), "q")
    element.text, element.tail = draw(TEXTS), draw(TEXTS)
    if depth < 3:
        element.extend(draw(st.lists(trees(depth + 1), max_size=3)))
    return element


def original(element: etree.Element, output_format: str) -> str:
    if output_format == "html":
        return serializers.to_html_string(element)
    return serializers.to_xhtml_string(element)


def outcome(serializer, *args) -> tuple:
    """What a serializer gives: its text, or the error it raises (a tree it cannot write)."""
    try:
        return "text", serializer(*args)
    except (TypeError, ValueError) as error:
        return "error", type(error), str(error)


@SETTINGS
@given(trees(), st.sampled_from(FORMATS))
def test_any_tree_is_serialized_the_same(tree, output_format):
    assert outcome(markdown_tree.serialize, tree, output_format) == outcome(
        original, tree, output_format)


def test_a_deep_tree_is_serialized_the_same():
    """Past `DEEP` levels the original writes the rest (Python's recursion limit is near)."""
    root = element = etree.Element("div")
    for level in range(3 * markdown_tree.DEEP):
        element = etree.SubElement(element, "blockquote" if level % 2 else "p", id=str(level))
        element.text, element.tail = "a & b", "<t>"
    for output_format in FORMATS:
        assert markdown_tree.serialize(root, output_format) == original(root, output_format)


# -- conversions ---------------------------------------------------------------------------

PIECES = ["# Title *em*", "## Named {#named}", "Text {: .klass hidden=hidden }", "\\*not em\\*",
          "`a\\`b` and \\_ \\[", "&amp; &lt; AT&T &copy; &#169;", "<br/>", "<hr>", "a  \nb",
          "![alt & \"q\"](a.png \"t<i>\")", "[link](x.md \"ti&tle\"){: data-x=\"1&2\" }",
          "<div markdown>\n*in* \\*\n</div>", "<script>if (a < b && c) {}</script>",
          "<style>p > a { x: \"&\" }</style>", "<!-- a comment & -->", "<?php echo 1; ?>",
          "<input type=\"checkbox\" checked disabled>", "<details open><summary>s</summary>",
          "- [x] done\n- [ ] open", "| a | b |\n|---|---|\n| \\| | `c` |",
          "!!! note \"A & B\"\n    inside *it*", "??? tip\n    Folded \\*.",
          "```python\nx = \"<&>\"\n```", "    indented < code &", "> quoted\n> # head",
          "1. one\n2. two\n\n    more", "Term\n: def", "<custom-tag a=\"b\">x</custom-tag>",
          "<IMG SRC=\"a.png\">", "<p/>", "---", ""]
SCRAPS = st.text(alphabet="\\&<>\"'#;*_`[](){}:!|-=/ \n.abx", max_size=30)
MARKDOWN = st.lists(st.one_of(st.sampled_from(PIECES), SCRAPS), max_size=12).flatmap(
    lambda pieces: st.sampled_from(["\n\n", "\n"]).map(lambda glue: glue.join(pieces)))


@SETTINGS
@given(MARKDOWN)
def test_generated_markdown_converts_the_same(text):
    assert_same(text)


@SETTINGS
@given(st.lists(MARKDOWN, min_size=2, max_size=4))
def test_one_instance_reused_converts_each_document_the_same(texts):
    md = markdown.Markdown(extensions=[*EXTENSIONS, markdown_speed.NAME],
                           extension_configs=OPTIONS)
    assert [(md.reset().convert(text), md.toc_tokens) for text in texts] == [
        converted(text, quick=False, output_format="xhtml") for text in texts]


class _Shouting(BlockProcessor):
    """A block processor that registers another processor, once, in the middle of a
    document: the blocks after it must meet the new one, as with the original loop."""

    def test(self, parent, block) -> bool:
        return block.startswith("register")

    def run(self, parent, blocks) -> None:
        registry = self.parser.blockprocessors
        etree.SubElement(parent, "p").text = blocks.pop(0)
        registry.register(_Loud(self.parser), "loud", 200)
        if "again" in parent.text if parent.text else False:
            registry.deregister("loud")


class _Loud(BlockProcessor):
    def test(self, parent, block) -> bool:
        return block.startswith("loud")

    def run(self, parent, blocks) -> None:
        etree.SubElement(parent, "h6").text = blocks.pop(0).upper()


def with_shouting(quick: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=[*EXTENSIONS, *([markdown_speed.NAME] if quick else [])])
    md.parser.blockprocessors.register(_Shouting(md.parser), "shouting", 150)
    return md


@pytest.mark.parametrize("text", [
    "loud one\n\nregister\n\nloud two\n\n> loud three", "> register\n> \n> loud four",
    "loud\n\n- register\n\n    loud five\n\nloud six"])
def test_a_processor_registered_during_a_document_is_met_as_with_the_original(text):
    quick, plain = with_shouting(True), with_shouting(False)
    assert quick.convert(text) == plain.convert(text)
    assert "LOUD" in quick.convert(text)
    quick.parser.blockprocessors.deregister("loud")
    plain.parser.blockprocessors.deregister("loud")
    assert quick.reset().convert("loud\n\nx") == plain.reset().convert("loud\n\nx")


def test_unescaping_keeps_what_the_original_keeps():
    """An `AtomicString` comes back a plain str from the original: from ours too."""
    text = "`code \\*` \\* and <b title=\"\\*\">x</b> \\_"
    assert_same(text)
    md = markdown.Markdown(extensions=[markdown_speed.NAME])
    md.convert("warm up")
    root = etree.Element("div")
    root.text = util.AtomicString("plain")
    child = etree.SubElement(root, "code", title=f"{util.STX}42{util.ETX}")
    child.text, child.tail = f"{util.STX}42{util.ETX}", util.AtomicString("t")
    md.treeprocessors["unescape"].run(root)
    assert type(root.text) is str and type(child.tail) is str
    assert child.get("title") == "*" and child.text == f"{util.STX}42{util.ETX}"


# -- prettifying and attribute lists ----------------------------------------------------------

ATTRIBUTED = ["# Title {#top}", "## Part { .wide data-x=\"1\" }", "Para\n{: .klass }",
              "*em*{: .e } and `code`{: #c } tail",
              "- item {: .li }\n- two\n    - nested {: .n }", "- a\n\n    b {: .p }\n\n    - c",
              "| a {: .th } | b |\n|---|---|\n| c {: .td } | d |",
              "Term {: .dt }\n: def", "text { not: attrs", "{: .alone }", "x }{: .y }",
              "> quoted {: .q }", "<div markdown>\nin {: .in }\n</div>", "# Hashes ## {: #h }",
              "[link](a.md){: target=_blank } {: .after }", "`{` and `}` { .code }"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(ATTRIBUTED), st.sampled_from(PIECES), SCRAPS),
                max_size=10))
def test_attribute_lists_and_line_breaks_come_out_the_same(pieces):
    assert_same("\n\n".join(pieces))


# -- real pages ----------------------------------------------------------------------------

def test_the_sample_modules_and_a_real_open_lesson_convert_the_same():
    paths = [*sorted(REPO.glob("modules/**/*.md")),
             *sorted((Path(__file__).parent / "data" / "open-lesson").glob("*-*.md"))]
    assert len(paths) > 20
    for path in paths:
        assert_same(path.read_text(encoding="utf-8"))


def test_the_sample_packets_documents_get_the_same_html(monkeypatch):
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("modules/**/*.md"))]
    quick = [MarkdownRenderer(notes=notes) for notes in (True, False)]
    with monkeypatch.context() as patch:
        patch.setattr(markdown_tree, "install", lambda md: None)
        plain = [MarkdownRenderer(notes=notes) for notes in (True, False)]
        expected = [[renderer.render(text) for text in texts] for renderer in plain]
    assert [[renderer.render(text) for text in texts] for renderer in quick] == expected
    assert quick[0]._md.serializer.func is markdown_tree.serialize


@pytest.fixture(autouse=True)
def _fresh_fingerprints():
    """`follows` remembers its answers: a test that changes ROUTINES must not leak."""
    markdown_tree.follows.cache_clear()
    yield
    markdown_tree.follows.cache_clear()
