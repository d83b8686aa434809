"""markdown_inline's inline stage writes exactly the HTML of Python-Markdown's own.

`FastInlineProcessor` skips pattern tries it can prove would fail (an expression that finds
nothing, a text without any of the expression's needles). Held here to Python-Markdown's own
`InlineProcessor`, converting the same Markdown with and without the extension: generated
Markdown dense with inline syntax, the sample's site pages (a whole build, compared file by
file) and its packets' documents, two episodes of real open lessons; and the needles to the
expressions they stand for.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import treeprocessors
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_curriculum import markdown_inline, page_cache
from mkdocs_curriculum.markdown_html import MarkdownRenderer
from mkdocs_curriculum.markdown_inline import NEEDLES, FastInlineProcessor, InlineSpeedExtension

from helpers import REPO

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tasklist"]
OPTIONS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}


def converted(text: str, fast: bool) -> str:
    speedup = [InlineSpeedExtension()] if fast else []
    md = markdown.Markdown(extensions=[*EXTENSIONS, *speedup], extension_configs=OPTIONS)
    assert isinstance(md.treeprocessors["inline"], FastInlineProcessor) == fast
    return md.convert(text)


def assert_same_html(text: str) -> None:
    assert converted(text, fast=True) == converted(text, fast=False), text


def test_python_markdown_is_the_one_followed():
    """Else the extension leaves every conversion to Python-Markdown and the tests below
    compare Python-Markdown with itself."""
    assert markdown_inline.follows_python_markdown()


def test_the_fast_stage_takes_the_place_of_the_original():
    plain = markdown.Markdown(extensions=EXTENSIONS)
    fast = markdown.Markdown(extensions=[*EXTENSIONS, InlineSpeedExtension()])
    assert [type(t) for t in fast.treeprocessors] == [
        FastInlineProcessor if type(t) is treeprocessors.InlineProcessor else type(t)
        for t in plain.treeprocessors]


def test_another_version_of_python_markdown_is_left_to_itself(monkeypatch):
    monkeypatch.setattr(markdown_inline, "follows_python_markdown", lambda: False)
    md = markdown.Markdown(extensions=[*EXTENSIONS, InlineSpeedExtension()])
    assert type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor


def test_every_expression_with_needles_is_one_python_markdown_tries():
    """A listed expression that Python-Markdown no longer uses would never be skipped: the
    list would rot silently."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    assert set(NEEDLES) == {pattern.compiled_re.pattern for pattern in md.inlinePatterns}


# -- the needles: whatever an expression finds from `start`, a needle is there -------------------

SYMBOLS = "`\\[]()!<>&#;*_ \n:/@.xX1aA\"'=?-"


@SETTINGS
@given(st.text(alphabet=SYMBOLS, max_size=30), st.integers(min_value=0, max_value=30))
def test_a_text_without_a_patterns_needles_is_one_its_expression_finds_nothing_in(text, start):
    for expression, needles in NEEDLES.items():
        found = re.compile(expression, re.DOTALL | re.UNICODE).search(text, start)
        assert found is None or any(needle in text[start:] for needle in needles), expression


# -- Markdown dense with inline syntax -----------------------------------------------------------

PIECES = ["*em*", "**strong**", "_em_", "__strong__", "***both***", "*a **b** c*", "**a *b***",
          "`code`", "``co`de``", "`a\\`", "\\*", "\\`", "\\\\", "\\[", "\\<", "\\&",
          "[link](https://example.org)", "[t *em*](a.md#x \"title\")", "[ref][r]", "[r]",
          "[r][]", "![img](a.png)", "![alt *x*][r]", "![r]", "<https://example.org/a?b=c>",
          "<someone@example.org>", "<b>bold</b>", "<span class=\"x\">s</span>", "<br/>",
          "<!-- c -->", "&amp;", "&#169;", "&#xA9;", "&bogus;", "AT&T", "a < b", "a > b",
          "  \n", "\n", " ", "word", "café", "*", "**", "_", "`", "[", "]", "(", ")", "<",
          ">", "!", "\\", "{ .cls }", "{: #id }", "snake_case_name", "2*3*4", "x_y_"]
BLOCKS = ["", "# Heading *em* `code`", "## Link [a](b.md) { #anchor }", "- [ ] task *x*",
          "- [x] done `y`", "1. one\n2. two", "> quote ", "!!! note \"Title *em*\"\n    ",
          "??? tip\n    ", "| a | `b|c` |\n|---|---|\n| ", "<div markdown>\n", "    ",
          "Term\n", "```\n*not em*\n```\n"]
DEFINITIONS = "\n\n[r]: https://example.org/r \"R\"\n"
LINES = st.tuples(st.sampled_from(BLOCKS), st.lists(st.sampled_from(PIECES), max_size=14))


@SETTINGS
@given(st.lists(LINES.map(lambda line: line[0] + "".join(line[1])), max_size=8))
def test_generated_markdown_gets_the_same_html(lines):
    assert_same_html("\n\n".join(lines) + DEFINITIONS)


@SETTINGS
@given(st.text(alphabet=SYMBOLS, max_size=60))
def test_symbol_soup_gets_the_same_html(text):
    assert_same_html(text + DEFINITIONS)


class _Dump(treeprocessors.Treeprocessor):
    """Notes the tree as the inline stage leaves it: each element's tag, attributes, text and
    tail, with their types (None and "" apart, an `AtomicString` apart from a str)."""

    def run(self, root):
        self.md.dumped = [(el.tag, sorted(el.attrib.items()), type(el.text), el.text,
                           type(el.tail), el.tail, len(el)) for el in root.iter()]


def inline_tree(text: str, fast: bool) -> list:
    speedup = [InlineSpeedExtension()] if fast else []
    md = markdown.Markdown(extensions=[*EXTENSIONS, *speedup], extension_configs=OPTIONS)
    md.treeprocessors.register(_Dump(md), "dump", 19.99)  # right after "inline" (20)
    md.convert(text)
    return md.dumped


@SETTINGS
@given(st.lists(LINES.map(lambda line: line[0] + "".join(line[1])), max_size=8))
def test_generated_markdown_leaves_the_same_tree(lines):
    """The texts the patterns leave without a placeholder are put back as the original puts
    them (not as "" for None, not as a str for an AtomicString), and the others' elements
    land where the original inserts them."""
    text = "\n\n".join(lines) + DEFINITIONS
    assert inline_tree(text, fast=True) == inline_tree(text, fast=False), text


def test_the_sample_modules_markdown_leaves_the_same_tree():
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("modules/**/*.md"))]
    for text in texts:
        assert inline_tree(text, fast=True) == inline_tree(text, fast=False)


# -- real pages --------------------------------------------------------------------------------

def test_the_sample_modules_markdown_gets_the_same_html():
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("modules/**/*.md"))]
    assert len(texts) > 20
    for text in texts:
        assert_same_html(text)


def test_a_real_open_lessons_pages_get_the_same_html():
    """Markdown of other authors (tests/data/open-lesson: two Carpentries episodes)."""
    pages = sorted((Path(__file__).parent / "data" / "open-lesson").glob("*-*.md"))
    assert len(pages) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert_same_html(text)
        assert "<code>" in converted(text, fast=True)


def test_the_sample_packets_documents_get_the_same_html(monkeypatch):
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("modules/**/*.md"))]
    fast = [MarkdownRenderer(notes=notes) for notes in (True, False)]
    monkeypatch.setattr(markdown_inline, "follows_python_markdown", lambda: False)
    plain = [MarkdownRenderer(notes=notes) for notes in (True, False)]
    assert isinstance(fast[0]._md.treeprocessors["inline"], FastInlineProcessor)
    assert not isinstance(plain[0]._md.treeprocessors["inline"], FastInlineProcessor)
    for text in texts:
        for ours, theirs in zip(fast, plain, strict=True):
            assert ours.render(text) == theirs.render(text)


def built_site(root: Path, monkeypatch, fast: bool) -> dict[str, bytes]:
    """Every file of the sample site (packets aside), built in this process."""
    with monkeypatch.context() as patch:
        patch.setattr(page_cache.cores, "available", lambda: 1)
        patch.setattr(markdown_inline, "follows_python_markdown", lambda: fast)
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins["curriculum"].config.cache_dir = str(root / "cache")
        config.plugins["curriculum"].config.packets = False
        build(config)
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted((root / "site").rglob("*")) if path.is_file()
            and path.name != "sitemap.xml.gz"}


def test_the_sample_site_is_the_same_file_for_file(tmp_path, monkeypatch):
    fast = built_site(tmp_path / "fast", monkeypatch, fast=True)
    plain = built_site(tmp_path / "plain", monkeypatch, fast=False)
    assert len(fast) > 50 and fast.keys() == plain.keys()
    assert [name for name in fast if fast[name] != plain[name]] == []
