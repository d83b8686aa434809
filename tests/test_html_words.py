"""The leak check reads plain HTML (each `<` a tag, quoted values) without HTMLParser's state
machine: the words it gets are HTMLParser's, for generated HTML of every kind (comments,
scripts, unquoted values, stray `<`, references cut short) and for the sample's real kits and
documents; anything not plain, and any other HTMLParser, go to HTMLParser itself."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import leaks, planner
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.leaks import LeakCheck, html_text
from mkdocs_curriculum.validate import check_project

from helpers import REPO


def parsed(html: str) -> str:
    """`html_text` as HTMLParser reads it (what the plain reading must give)."""
    parser = leaks._TextParser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


PIECES = [
    "<p>", "</p>", "<P>", "</P >", "<br>", "<br/>", "<br />", "<hr/ >", "<em>", "</em>",
    '<a href="x.md#y">', "</a>", '<a\nhref="x&amp;y"\ttitle="T &lt;b&gt; &amp">',
    "<img alt='An &quot;image&quot;' src=x.png>", '<img ALT="Up" src="u.png"/>',
    '<input type="checkbox" disabled>', '<input value="v&#39;s" placeholder="p">',
    '<span data-print="url" data-url="https://e.org/?a=1&amp;b=2">', "</span>",
    '<div aria-label="Label" aria-description="" class="x">', "</div>", '<a href = "s">',
    '<a title="t"title="u">', '<abbr title="with > inside">', "<a title='with < inside'>",
    "<!-- a comment <p> -->", "<!-- -->", "<!DOCTYPE html>", "<?pi x?>", "<![CDATA[x]]>",
    "<script>var a = '<p>' + b;</script>", "<style>p { color: red }</style>", "<STYLE>",
    "<template><p>hidden</p></template>", "</script>", "<textarea>t</textarea>", "<scripts>",
    "<svg:rect>", "<h2 id=\"a-b\">", "</h2>", "<td>", "<p\n>", "<p/", "<", ">", "< p>",
    "&amp;", "&amp", "&lt;", "&#39;", "&#x27", "&#0;", "&nosuch;", "&", "&&;", "&#",
    "&copy", "&notin;", "a", "Word", " ", "\n", "\t", "\xa0", "\u2003", "café", "x=\"y\"",
    " title=\"t\"", "data-x", "1 < 2", "a > b",
]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_plain_reading_gives_htmlparsers_words(pieces):
    html = "".join(pieces)
    assert html_text(html) == parsed(html)


PLAIN = [piece for piece in PIECES if leaks._plain_html_text(piece) is not None]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PLAIN), max_size=20))
def test_plain_html_gives_htmlparsers_words(pieces):
    html = "".join(pieces)
    assert leaks._plain_html_text(html) == parsed(html)


@pytest.mark.parametrize("html", [
    '<p>One &amp; <em>two</em></p>\n<img alt="A figure" src="f.png"/>',
    '<a href="x" data-print="url" data-url="https://e.org">e</a><br>three',
    "no tag at all &lt; here &amp",
])
def test_plain_html_is_read_without_htmlparser(html, monkeypatch):
    words = parsed(html)
    monkeypatch.setattr(leaks, "_TextParser", None)  # reading with it would fail
    assert html_text(html) == words


@pytest.mark.parametrize("html", [
    "<p>a<!-- b --></p>", "<script>x</script>", "<a href=x>", "1 < 2", "<Style>p{}</Style>",
])
def test_anything_else_is_left_to_htmlparser(html):
    assert leaks._plain_html_text(html) is None
    assert html_text(html) == parsed(html)


def test_the_htmlparser_is_the_one_followed():
    """Fails on another Python's HTMLParser: reread it against `_plain_html_text`, then
    update `leaks._HTML_PARSER_CODE` (until then the leak check reads with HTMLParser)."""
    assert leaks._follows_html_parser()


def test_another_htmlparser_is_read_by_itself(monkeypatch):
    monkeypatch.setattr(leaks, "_HTML_PARSER_CODE", "another")
    monkeypatch.setattr(leaks, "_plain_html_text", None)  # reading with it would fail
    leaks._follows_html_parser.cache_clear()
    try:
        assert not leaks._follows_html_parser()
        assert html_text("<p>a &amp; <b>b</b></p>") == "a & b"
    finally:
        leaks._follows_html_parser.cache_clear()


def test_sample_kits_and_documents_read_alike():
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    kits = planner.planner_kits(curriculum)
    pages = ["\n".join(planner._html_of(kit)) for kit in kits.values()]
    pages += LeakCheck.of(curriculum).documents
    plain = [page for page in pages if leaks._plain_html_text(page) is not None]
    assert len(plain) > len(pages) // 2
    assert [html_text(page) for page in pages] == [parsed(page) for page in pages]
