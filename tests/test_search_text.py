"""The search index's sections from search_text are exactly those of Material's own parser.

search_text reads a page's HTML faster than Material's search parser does, and says None for
any HTML it does not vouch for. Held to Material's parser here on every page of the sample
site, on Markdown made by hypothesis and converted with the sample site's extensions, on
HTML soup made of the pieces its quirks turn on, and on tricky pages written by hand: where
search_text answers, its sections are Material's, piece for piece; where it does not, the
build asks Material's parser (page_cache.search_sections), so the index is Material's.
"""

from __future__ import annotations

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_curriculum import page_cache, search_text

from helpers import REPO

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def materials(html: str) -> list[dict] | None:
    """Material's sections of the HTML, or None where Material's parser fails on it."""
    try:
        return page_cache.materials_sections(html)
    except ValueError:  # a kept tag closed where it was not opened (its `list.index`)
        return None


def assert_same_as_materials(html: str, answered: bool = False) -> None:
    """search_text gives Material's sections or None (never others); the build's sections
    are Material's. `answered`: search_text must vouch for this HTML."""
    fast, own = search_text.sections(html), materials(html)
    assert fast is None or fast == own, html
    assert fast is not None or not answered, html
    if own is not None:
        assert page_cache.search_sections(html)[1] == own


def test_material_parser_is_the_one_search_text_follows():
    """Else every page goes to Material's parser and the tests below prove little."""
    assert page_cache._follows_material()


def test_every_page_of_the_sample_site(tmp_path, monkeypatch):
    pages: list[str] = []

    def recorded(html):
        pages.append(html)
        return search_sections(html)

    search_sections = page_cache.search_sections
    monkeypatch.setattr(page_cache, "search_sections", recorded)
    monkeypatch.setattr(page_cache.cores, "available", lambda: 1)  # converted in this process
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins["curriculum"].config.cache_dir = str(tmp_path / "cache")
    config.plugins["curriculum"].config.packets = False
    build(config)
    monkeypatch.undo()  # the checks below call search_sections too
    assert len(pages) > 50
    answered = [html for html in pages if search_text.sections(html) is not None]
    assert len(answered) > 0.9 * len(pages)
    quick = [html for html in pages if search_text._sections(html, search_text._read_pieces)
             is not search_text._UNSURE]
    assert len(quick) > 0.9 * len(pages)  # cut at their tags, not read token by token
    for html in pages:
        assert_same_as_materials(html)


# -- Markdown as authors write it, converted as the sample site converts it ----------------------

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tasklist"]
OPTIONS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}
BLOCKS = ["# Title", "## Part two", "### Deeper {#deep}", "## Hidden { data-search-exclude }",
          "Some *text* with **bold**, `code` & <b>tags</b>.", "A line\nand another  \nbreak",
          "- one\n- two\n    - nested", "1. first\n2. second", "- [x] done\n- [ ] open",
          "```python\nif a < b and c > d:\n    print('&amp;')\n```",
          "    indented code\n\n    more",
          "| a | b |\n|---|---|\n| 1 | <2> |", "!!! note \"Note\"\n    Inside *it*.",
          "!!! facilitator\n    ## Heading inside\n\n    text", "??? tip\n    Folded.",
          "<div markdown>\n## In a div\n\ntext\n</div>",
          "<div data-search-exclude>\nhidden\n</div>",
          "&copy; &#169; &amp; &lt;p&gt; &bogus; AT&T", "> quoted\n> ## heading in quote",
          "[link](https://example.org \"a > b\")", "![alt > text](img.png)", "---", "",
          "Term<sup>1</sup> and H<sub>2</sub>O", "<!-- a comment -->", "<span>raw</span> html",
          "Emoji-free text with unicode: café — “quotes”"]


@SETTINGS
@given(st.lists(st.sampled_from(BLOCKS), max_size=12).map("\n\n".join))
def test_markdown_converted_with_the_sample_sites_extensions(text):
    html = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=OPTIONS)
    assert_same_as_materials(html, answered="<!--" not in text)


# -- HTML soup of the pieces Material's parser turns on -----------------------------------------

PLAIN = ["<p>", "</p>", "<h1 id=\"top\">", "</h1>", "<h2 id=\"b\">", "<h2>", "</h2>",
         "<h3 id=\"c&amp;d\">", "</h3>", "<h6 id=\"\">", "</h6>", "<div>", "</div>",
         "<div data-search-exclude>", "<div class=\"linenodiv\">",
         "<span data-search-exclude=\"\">",
         "</span>", "<a class=\"headerlink\" href=\"#b\" title=\"Permanent link\">", "</a>",
         "<a href=\"x>y\" title='it&#39;s'>", "<code>", "</code>", "<pre>", "</pre>", "<li>",
         "</li>", "<ul>", "</ul>", "<ol>", "</ol>", "<br />", "<br>", "<hr/>",
         "<img alt=\"a > b\" src=\"x.png\" />", "<span/>", "<sup>", "</sup>", "<sub>", "</sub>",
         "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<em>", "</em>",
         "<details class=\"note\">", "<summary>", "</summary>", "</details>", "<input checked>",
         "<svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>", "<p\nclass=\"x\"\n>",
         "text", " ", "\n", "\n\n", "  \n ", "a &amp; b", "&lt;tag&gt;", "&copy;", "&#169;",
         "&bogus;", "AT&T", "x\ny", "\t", "\u00a0",
         "<script type=\"application/json\" id=\"d\">{\"a\": \"\\u003cp&amp;\"}</script>"]
REFUSED = ["<!-- c -->", "<script>a<b</script>", "a < b", "<textarea>x</textarea>", "<H2 id=x>",
           "<object>", "</object>", "<style>p{}</style>", "<!DOCTYPE html>", "<p class=x>", "<",
           "<custom-tag>", "</P>", "<?pi?>", "<a href = \"x\">", "<script>",
           "<script/>", "<noscript><script>if (a<b) {}</script></noscript>",
           "<h2 id=\"<script>x</script>\">", "</script>"]


@SETTINGS
@given(st.lists(st.sampled_from(PLAIN), max_size=40).map("".join))
def test_html_soup_of_plain_tags_is_read_as_material_reads_it(html):
    assert_same_as_materials(html, answered=materials(html) is not None)


@SETTINGS
@given(st.lists(st.sampled_from(PLAIN + REFUSED), max_size=40).map("".join))
def test_html_soup_with_what_search_text_refuses_still_gets_materials_sections(html):
    assert_same_as_materials(html)


@SETTINGS
@given(st.lists(st.sampled_from(PLAIN + REFUSED), max_size=40).map("".join))
def test_html_cut_at_its_tags_is_read_as_token_by_token(html):
    """The quick reading (a plain split at tags, each tag read once) answers as the reading
    token by token does, or leaves the HTML to it (a ">" inside a value, a stray "<")."""
    quick = search_text._sections(html, search_text._read_pieces)
    assert quick is search_text._UNSURE or quick == search_text._sections(html, search_text._read)


@pytest.mark.parametrize("html", REFUSED)
def test_what_search_text_does_not_vouch_for_is_left_to_material(html):
    assert search_text.sections(f"<p>a</p>{html}<p>b</p>") is None


TRICKY = [
    # a heading nested in an element: its section ends with the element
    '<h1 id="t">T</h1><div class="admonition note"><h2 id="in">In</h2><p>x</p></div><p>after</p>',
    # the first heading is no h1: a section without a title comes first
    '<p>intro</p><h2 id="a">A<a class="headerlink" href="#a">&para;</a></h2><p>text</p>',
    # excluded parts, and a skipped tag forgotten when another of its name closes
    '<div data-search-exclude><div>inner</div>leaks</div><p>kept</p>',
    '<h2 id="x" data-search-exclude>Gone</h2><p>gone too</p><h2 id="y">Back</h2><p>here</p>',
    # code, with whitespace kept in pre and collapsed elsewhere
    '<pre><code>a  &lt; b\n\n  c &amp;&amp; d\n</code></pre><p>one\ntwo   three</p>',
    '<table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>1\n2'
    '</pre></div></td><td><pre><code>x = 1\n</code></pre></td></tr></table>',
    # empty kept tags are dropped, from the first of their name
    '<ul><li>a</li><li> </li></ul><ul><li></li></ul><p> </p><p><code></code></p>',
    # entities, attributes holding ">" and quotes, tags in a title
    '<h2 id="q&amp;a">Q &amp; A <code>&lt;x&gt;</code></h2>'
    '<p title="1 > 0">&copy; 2024 &#x1F600;</p>',
    '<h3 id=\'s\'>Single <em>quoted</em></h3><img alt="a > b" src="i.png"><p>x<br>y<br />z</p>',
    # data for scripts (this package's agendas), whose text Material drops
    '<h2 id="a">A</h2><script type="application/json" id="agenda">{"t": "\\u003cp\\u003e &amp;"}'
    '</script><noscript><p>Needs JavaScript.</p></noscript><p>b</p>',
    # text after the last tag, with an entity near the end
    '<p>a</p>tail &amp',
    '',
]


@pytest.mark.parametrize("html", TRICKY)
def test_tricky_pages_get_materials_sections(html):
    assert_same_as_materials(html, answered=True)
