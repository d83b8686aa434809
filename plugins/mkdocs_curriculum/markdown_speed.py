"""Faster equivalents of Python-Markdown routines that every conversion runs, same output.

A build converts thousands of documents (site pages, packet and kit documents), and a few of
Python-Markdown's routines outside the inline patterns spend most of their time finding that
there is nothing to do:

- the tables extension's test splits every block of every document into cells, when a table
  needs a `|` on its first line;
- the toc extension walks the whole tree once per element to find a `[TOC]` marker that
  almost no document has;
- pymdownx.superfences reads every line of every document for the start of a fenced
  block, when a document without three backticks or tildes in a row has none;
- the tests of hash and setext headers, rules and quotes search every block with a regular
  expression that needs a `#`, a newline and `=` or `-`, one of `-_*`, a `>`; md_in_html's
  and superfences' indented code processors take every block and decline nearly all in
  their `run`;
- md_in_html's preprocessor feeds every document to an HTML parser, when one without a `<`
  or an `&` holds no raw HTML;
- the block loop asks every block processor about every block, when most take only a block
  opening with a given character or holding a given string (`_opens`, `_holds`);
- `Markdown.is_block_level` (two million calls: prettifying, attr_list) lowers the tag and
  scans a list of sixty names each time;
- the toc extension builds, serializes and post-processes the table of contents of every
  document, which a packet, printing each document whole, never reads (`leave_toc_unbuilt`).

`SpeedExtension` gives a Markdown instance a quick answer for those cases and leaves every
other one to the original routine, which keeps the last word. Each shortcut is written
against one version of the routine it fronts: when that routine's source is not the one in
`ROUTINES` (another Python-Markdown), or the instance holds a subclass that may do otherwise,
the routine is left as it is. Shortcuts go on the instance, never on the classes: a Markdown
made without this extension converts exactly as before.
"""

from __future__ import annotations

import html
import re
from functools import partial

import markdown
from markdown import htmlparser, serializers, util
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    CodeBlockProcessor,
    EmptyBlockProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ListIndentProcessor,
    OListProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
    UListProcessor,
)
from markdown.extensions import Extension, toc
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.md_in_html import (
    HtmlBlockPreprocessor,
    HTMLExtractorExtra,
    MarkdownInHTMLPostprocessor,
    MarkdownInHtmlProcessor,
)
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocTreeprocessor
from markdown.postprocessors import AndSubstitutePostprocessor, RawHtmlPostprocessor
from markdown.preprocessors import Preprocessor
from pymdownx.details import DetailsProcessor
from pymdownx.superfences import (
    RE_NESTED_FENCE_START,
    SuperFencesBlockPreprocessor,
    SuperFencesCodeBlockProcessor,
)

from . import markdown_tree
from .followed import quick_paths

NAME = "mkdocs_curriculum.markdown_speed"
"""The extension as a list of Markdown extensions names it."""
ROUTINES = {
    "blocks": "dc551fffd52a0eee3962b510340da32919f06cb917f3aaab939733b2cd1363d0",
    "tables": "19beaed87e9fe0c02a448eca196cb2535b27145bdcf34269fa733ba84e40a11e",
    "toc": "e476940639fddee165686c9598f6038d39ec5c2cb0131cba908902db8f102e2d",
    "admonition": "bac41a28229955ad818da6a33961f535f29ea6a6f13cfb96c1cca62e1b46492d",
    "details": "2f73d0d1ba13af720f5649322976cca1cfcfad72234a340c929c398f825ee47a",
    "fences": "e7a9d64f8102dd95c3401b7eec23b1ba865c4b7f4b9a65a9c4e68a0d5cb06304",
    "toc_unread": "fdb08b9e2d1a1f48a0ffcbaf56247e397799fddb58141ca127ede73ede4de53f",
    "hash_header": "604023d9369aca49704d472ffb9c8ba0875e4fcd0b208cdf451518ab9bc1fa48",
    "setext": "9f7ce3c67bedc4608ba2175809bdfc452d249d350b18568137c19caa3f56ad2b",
    "rule": "16c44e8e5981beb8bfb151493a1e70ce29708dff07b5396a4f7bcac7da9743d5",
    "quote": "96a86e99dfed02c4dfd89e7138a70a46877a40068a29483f39ddf74f2b1520dd",
    "html_blocks": "f3bf37209cdc4b2e60293e833009c0cbb3715f546ee483d78229bb9a4fc4c1fd",
    "indented_code": "d120c23748b85cdf2457e14d5c6e75310e10f123741264d75e2ce22701a831ad",
    "openings": "fd0012c9402c758f7ed82c5d1082b825d77f1f1c9158631ed8628b5e9da8c02b",
    "reference": "cba49192c27d7e31ec86316ff53aa6f57afc4563920e3e7d629cf39337f1ac90",
    "raw_html": "99bb6434d292ff874d831b22375f35e9935fb241070b8b6baaf2d20278aa9849",
}
"""sha256 of what each shortcut was written against (see `_sources`)."""


def _sources(name: str) -> list:
    """What a shortcut relies on: the routine it fronts, and those (and the patterns) that
    decide when that one does nothing."""
    return {
        "blocks": [markdown.Markdown.is_block_level],
        "tables": [TableProcessor.test, TableProcessor._split_row, TableProcessor._split],
        "toc": [TocTreeprocessor.replace_marker, TocTreeprocessor.iterparent],
        "toc_unread": [TocTreeprocessor.run, TocTreeprocessor.replace_marker,
                       TocTreeprocessor.iterparent, toc.render_inner_html, toc.strip_tags,
                       toc.run_postprocessors, toc.unescape, serializers._serialize_html,
                       serializers._escape_cdata, serializers._escape_attrib_html,
                       RawHtmlPostprocessor.run, MarkdownInHTMLPostprocessor,
                       AndSubstitutePostprocessor.run],
        "admonition": [AdmonitionProcessor.test, AdmonitionProcessor.parse_content,
                       BlockProcessor.lastChild, AdmonitionProcessor.RE.pattern],
        "details": [DetailsProcessor.test, DetailsProcessor.parse_content,
                    BlockProcessor.lastChild, DetailsProcessor.START.pattern],
        "fences": [SuperFencesBlockPreprocessor.search_nested,
                   SuperFencesBlockPreprocessor.reassemble, RE_NESTED_FENCE_START.pattern],
        "hash_header": [HashHeaderProcessor.test, HashHeaderProcessor.RE.pattern],
        "setext": [SetextHeaderProcessor.test, SetextHeaderProcessor.RE.pattern],
        "rule": [HRProcessor.test, HRProcessor.SEARCH_RE.pattern],
        "quote": [BlockQuoteProcessor.test, BlockQuoteProcessor.RE.pattern],
        "html_blocks": [MarkdownInHtmlProcessor.run, util.HTML_PLACEHOLDER_RE.pattern],
        "indented_code": [SuperFencesCodeBlockProcessor.run, CodeBlockProcessor.test],
        "openings": [EmptyBlockProcessor.test, ListIndentProcessor.test, OListProcessor.__init__,
                     OListProcessor.test, UListProcessor.__init__, SaneOListProcessor,
                     SaneUListProcessor, MarkdownInHtmlProcessor.test,
                     SuperFencesCodeBlockProcessor.test],
        "reference": [ReferenceProcessor.test, ReferenceProcessor.run,
                      ReferenceProcessor.RE.pattern],
        "raw_html": [HtmlBlockPreprocessor.run, HTMLExtractorExtra, htmlparser.HTMLExtractor,
                     htmlparser._HTMLParser, htmlparser.htmlparser.interesting_normal.pattern],
    }[name]


fingerprint, follows = quick_paths(ROUTINES, _sources)


class SpeedExtension(Extension):
    """The shortcuts, put on the instance when it first converts: by then every extension,
    and whatever the caller adds itself (MkDocs' own processors), is registered."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.register(_Shortcuts(md), "curriculum_speed", 1000)


def makeExtension(**kwargs) -> SpeedExtension:  # noqa: N802 (Markdown's API)
    return SpeedExtension(**kwargs)


class _Shortcuts(Preprocessor):
    """Changes no line: puts the shortcuts on its instance before its first conversion (an
    instance reused for many documents keeps them)."""

    installed = False

    def run(self, lines: list[str]) -> list[str]:
        if not self.installed:
            install(self.md)
            self.installed = True
        return lines


def install(md: markdown.Markdown) -> None:
    """Every shortcut whose routines are the ones it follows, on `md` (again: a no-op)."""
    if follows("blocks") and type(md).is_block_level is markdown.Markdown.is_block_level:
        _watch_block_level(md)
    blocks, trees = md.parser.blockprocessors, md.treeprocessors
    for name, registry, kind, method, shortcut in (
            ("tables", blocks, TableProcessor, "test", _table_test),
            ("admonition", blocks, AdmonitionProcessor, "test", _admonition_test),
            ("details", blocks, DetailsProcessor, "test", _details_test),
            ("toc", trees, TocTreeprocessor, "replace_marker", _replace_marker),
            ("fences", md.preprocessors, SuperFencesBlockPreprocessor, "search_nested",
             _fence_search),
            ("hash_header", blocks, HashHeaderProcessor, "test", _holding_test),
            ("setext", blocks, SetextHeaderProcessor, "test", _holding_test),
            ("rule", blocks, HRProcessor, "test", _holding_test),
            ("quote", blocks, BlockQuoteProcessor, "test", _holding_test),
            ("html_blocks", blocks, MarkdownInHtmlProcessor, "run", _html_block_run),
            ("indented_code", blocks, SuperFencesCodeBlockProcessor, "run",
             _indented_code_run),
            ("raw_html", md.preprocessors, HtmlBlockPreprocessor, "run", _raw_html_run)):
        if follows(name):
            _front(registry, kind, method, shortcut)
    if follows("openings"):
        for processor in blocks:
            _give_openings(processor)
    markdown_tree.install(md)  # the tree stages: block loop, unescaping, serializer


def _front(registry, kind: type, method: str, shortcut) -> None:
    """`shortcut` in front of `method` of every processor of exactly `kind` (a subclass may
    do otherwise), once; it gets the processor and the original bound method."""
    for processor in registry:
        if type(processor) is kind and method not in vars(processor):
            original = getattr(processor, method)
            setattr(processor, method, partial(shortcut, processor, original))


def _give_openings(processor: BlockProcessor) -> None:
    """`processor.curriculum_opens(character)` and `processor.curriculum_holds`, for one that
    takes no block opening otherwise than `_opens` says, or holding none of the strings that
    `_holds` gives: the block loop asks it about the others no more (markdown_tree's
    `_SortedOnce.plans`)."""
    own = vars(processor)
    opens, holds = _opens(processor), _holds(processor)
    if opens is not None and "curriculum_opens" not in own:
        processor.curriculum_opens = opens
    if holds is not None and "curriculum_holds" not in own:
        processor.curriculum_holds = holds


def _holds(processor: BlockProcessor) -> tuple[str, ...] | None:
    """What a block `processor` takes holds (one of), as `_HOLDS` says: for a processor whose
    test is the shortcut that says so, and Python-Markdown's reference processor (None: any
    block may be taken)."""
    own = vars(processor)
    if _fronted(own.get("test"), _holding_test) or _fronted(own.get("test"), _table_test):
        return _HOLDS[type(processor)]
    if type(processor) is ReferenceProcessor and not {"test", "run", "RE"} & own.keys() \
            and follows("reference"):
        return _HOLDS[ReferenceProcessor]
    return None


def _opens(processor: BlockProcessor):
    """What a block that `processor` may take opens with, as a test of its first character
    (None: anything): an empty block or a blank line; indented (list continuations, the
    indented code whose run `_indented_code_run` fronts); a stashed HTML block (whose run
    `_html_block_run` fronts); a list item (`_list_opens`)."""
    kind, own = type(processor), vars(processor)
    if "test" in own or processor.tab_length < 1:
        return None
    if kind is EmptyBlockProcessor:
        return ("", "\n").__contains__
    if kind is ListIndentProcessor or kind is SuperFencesCodeBlockProcessor and _fronted(
            own.get("run"), _indented_code_run):
        return " ".__eq__
    if kind is MarkdownInHtmlProcessor and _fronted(own.get("run"), _html_block_run):
        return util.STX.__eq__
    return _list_opens(processor)


def _list_opens(processor: BlockProcessor):
    """A list item opens with its marker after at most a tab's width less one of spaces, as
    the expression its class makes says (None for another expression)."""
    kind, indent = type(processor), processor.tab_length - 1
    pattern = getattr(getattr(processor, "RE", None), "pattern", None)
    if kind in (OListProcessor, SaneOListProcessor) \
            and pattern == rf"^[ ]{{0,{indent}}}\d+\.[ ]+(.*)":
        return _space_or_digit
    if kind in (UListProcessor, SaneUListProcessor) \
            and pattern == rf"^[ ]{{0,{indent}}}[*+-][ ]+(.*)":
        return _space_or_bullet
    return None


def _fronted(method, shortcut) -> bool:
    """Whether a processor's own `method` is `shortcut` in front of the original."""
    return isinstance(method, partial) and method.func is shortcut


def _space_or_digit(opening: str) -> bool:
    """An ordered list's item: a digit (`\\d`, any Unicode decimal) or a space before it."""
    return opening == " " or _DIGIT.match(opening) is not None


def _space_or_bullet(opening: str) -> bool:
    return opening == " " or opening in ("*", "+", "-")


_DIGIT = re.compile(r"\d")


def _table_test(processor: TableProcessor, original, parent, block: str) -> bool:
    """No table without a second line and a `|` in the first: every table's header row has
    one (cells are split at pipes, a one-column table has a border), so the original is
    asked only then."""
    head, newline, _ = block.partition("\n")
    return bool(newline) and "|" in head and original(parent, block)


def _admonition_test(processor: AdmonitionProcessor, original, parent, block: str) -> bool:
    """An admonition opens on a `!!!` line; a block goes on the last one only when indented
    (and one the test already took is pending in `current_sibling`): else no admonition."""
    if processor.current_sibling is None and "!!!" not in block \
            and not block.startswith(" " * processor.tab_length):
        return False
    return original(parent, block)


def _details_test(processor: DetailsProcessor, original, parent, block: str) -> bool:
    """As `_admonition_test`, for `???` lines; a last child that is no tag (the original
    would fail on it) goes to the original."""
    last = parent[-1] if len(parent) else None
    if processor.current_sibling is None and "???" not in block \
            and not block.startswith(" " * processor.tab_length) \
            and (last is None or isinstance(last.tag, str)):
        return False
    return original(parent, block)


_HOLDS = {
    HashHeaderProcessor: ("#",),  # a hash header's line starts with `#`
    SetextHeaderProcessor: ("\n=", "\n-"),  # its second line is `=` or `-` signs
    HRProcessor: ("-", "_", "*"),  # a rule is three of them (the test keeps only a match)
    BlockQuoteProcessor: (">",),  # a quote's line starts with `>` (no: before the recursion
                                  # limit is looked at)
    ReferenceProcessor: ("[",),  # its run declines a block without a `[label]:`, as it was
    TableProcessor: ("|",),  # a table's header row has one (`_table_test`)
}
"""What a block holds (one of them), that a processor of each kind takes: one without any
its test (or run) declines, changing nothing."""


def _holding_test(processor: BlockProcessor, original, parent, block: str) -> bool:
    """The original's test, of a block holding one of the strings that `_HOLDS` says a
    block it takes holds (one search for them all)."""
    return _HOLDING[type(processor)](block) is not None and original(parent, block)


_HOLDING = {kind: re.compile("|".join(map(re.escape, needles))).search
            for kind, needles in _HOLDS.items()}


def _html_block_run(processor: MarkdownInHtmlProcessor, original, parent, blocks: list[str]
                    ) -> bool:
    """md_in_html's processor takes every block its test is asked about, and its run declines
    (changing nothing) a block that does not start with a stashed element's placeholder,
    which starts with STX."""
    if not blocks[0].startswith(util.STX):
        return False
    return original(parent, blocks)


def _indented_code_run(processor: SuperFencesCodeBlockProcessor, original, parent,
                       blocks: list[str]) -> bool:
    """superfences' indented code processor takes every block its test is asked about, and
    its run declines (changing nothing) a block not indented by a tab's width."""
    if not blocks[0].startswith(" " * processor.tab_length):
        return False
    return original(parent, blocks)


def _raw_html_run(processor: HtmlBlockPreprocessor, original, lines: list[str]) -> list[str]:
    """md_in_html's preprocessor feeds the document to an HTML parser, which stops only at a
    `<` (a tag, a comment...) or an `&` (a character reference): in a document with neither,
    all of it is data, which the parser hands back in order, unstashed, as the lines it
    splits (most of the documents a build converts have neither)."""
    source = "\n".join(lines)
    if "<" in source or "&" in source:
        return original(lines)
    return source.split("\n")


def _fence_search(processor: SuperFencesBlockPreprocessor, original, lines: list[str]
                  ) -> list[str]:
    """A fenced block opens on a line with three backticks or tildes in a row: in a document
    without any, the original finds none and gives the lines back as they are (when no
    block is left open: `run` closes any before it searches)."""
    text = "\n".join(lines)
    if processor.fence is None and "```" not in text and "~~~" not in text:
        return lines
    return original(lines)


def _replace_marker(processor: TocTreeprocessor, original, root, div) -> None:
    """The original replaces a childless element whose text is the marker, among the
    elements below `root`; when none of them is such an element it does nothing."""
    if _may_hold_marker(processor, root):
        original(root, div)


def _may_hold_marker(processor: TocTreeprocessor, root) -> bool:
    """Whether an element below `root` may be the one `replace_marker` replaces."""
    marker = processor.marker
    for element in root.iter():
        text = element.text  # a text that strips to the marker holds it: `in` rules out sooner
        if text and (not isinstance(text, str) or marker in text and text.strip() == marker) \
                and len(element) == 0:
            return True
    return False


def leave_toc_unbuilt(md: markdown.Markdown) -> None:
    """For an instance whose table of contents as HTML (`md.toc`) nobody reads: its toc stage
    gives the headings their ids and `md.toc_tokens` as always, and builds the table (and
    post-processes it) only for a document whose marker it replaces; `md.toc` stays as
    `reset` left it (""). The packets' renderer (markdown_html) prints each document whole:
    the table was 40 % of its toc stage, and its links were noted for nothing."""
    if not follows("toc_unread"):
        return
    for processor in md.treeprocessors:
        if type(processor) is TocTreeprocessor and "run" not in vars(processor):
            processor.run = partial(_ids_only, processor, processor.run)


_PLAIN_POSTPROCESSORS = (RawHtmlPostprocessor, MarkdownInHTMLPostprocessor,
                         AndSubstitutePostprocessor)
_NOT_PLAIN = re.compile("[\x02\x03&<>]")


def _plain_heading(el) -> str | None:
    """`toc.render_inner_html` of a heading of plain text (no element in it, no `&`, `<`, `>`
    or placeholder in its text, tail and attributes), where every postprocessor leaves plain
    text as it is (`_postprocessors_leave_plain_text`): its text, stripped, which the
    serializer writes as it is; None for any other heading."""
    text = el.text or ""
    if len(el) or _NOT_PLAIN.search(text) or "\x02" in (el.tail or "") or ">" in el.tag \
            or any("\x02" in value or ">" in key for key, value in el.attrib.items()):
        return None
    return text.strip()


def _postprocessors_leave_plain_text(md: markdown.Markdown) -> bool:
    """Whether no postprocessor of `md` changes a text without a tag: Python-Markdown's raw
    HTML (and md_in_html's) and `&` ones, and any whose class says `leaves_plain_text`
    (asked once per document, not per heading)."""
    return all(type(post) in _PLAIN_POSTPROCESSORS or getattr(post, "leaves_plain_text", False)
               for post in md.postprocessors)


def _ids_only(self: TocTreeprocessor, original, doc) -> None:
    """`TocTreeprocessor.run` of Python-Markdown 3.11.3 (`ROUTINES`) to the letter, up to
    the table of contents, which it leaves out when there is no marker to replace."""
    if self.marker and _may_hold_marker(self, doc):
        return original(doc)
    used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
    id_counters: dict[str, int] = {}
    toc_tokens = []
    plain_stays_plain = _postprocessors_leave_plain_text(self.md)
    for el in doc.iter():
        if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
            self.set_level(el)
            innerhtml = _plain_heading(el) if plain_stays_plain else None
            if innerhtml is None:
                innerhtml = toc.render_inner_html(toc.remove_fnrefs(el), self.md)
                name = toc.strip_tags(innerhtml)
            else:
                name = " ".join(innerhtml.split())
            if "id" not in el.attrib:
                el.attrib["id"] = toc.unique(self.slugify(html.unescape(name), self.sep),
                                             used_ids, id_counters)
            data_toc_label = ""
            if "data-toc-label" in el.attrib:
                data_toc_label = toc.run_postprocessors(
                    toc.unescape(el.attrib["data-toc-label"]), self.md)
                name = toc.escape_cdata(toc.strip_tags(data_toc_label))
                del el.attrib["data-toc-label"]
            if self.toc_top <= int(el.tag[-1]) <= self.toc_bottom:
                toc_tokens.append({"level": int(el.tag[-1]), "id": toc.unescape(el.attrib["id"]),
                                   "name": name, "html": innerhtml,
                                   "data-toc-label": data_toc_label})
            if self.use_anchors:
                self.add_anchor(el, el.attrib["id"])
            if self.use_permalinks not in [False, None]:
                self.add_permalink(el, el.attrib["id"])
    self.md.toc_tokens = toc.nest_toc_tokens(toc_tokens)
    return None


class _Watched(list):
    """`Markdown.block_level_elements` that forgets its answers when it changes."""

    def __init__(self, names) -> None:
        super().__init__(names)
        self.known: dict[str, bool] = {}


def _forgetting(name: str):
    """List method `name`, after which the answers are forgotten."""
    method = getattr(list, name)

    def changed(self, *args):
        result = method(self, *args)
        self.known.clear()
        return result
    return changed


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "__setitem__",
              "__delitem__", "__iadd__", "__imul__"):
    setattr(_Watched, _name, _forgetting(_name))


def _watch_block_level(md: markdown.Markdown) -> None:
    """`md.is_block_level` answers each tag once while the list of block-level names stays
    the same list and unchanged; anything else goes to the original."""
    if isinstance(md.block_level_elements, _Watched):
        return
    watched = md.block_level_elements = _Watched(md.block_level_elements)
    known, original = watched.known, partial(markdown.Markdown.is_block_level, md)

    def is_block_level(tag) -> bool:
        if tag.__class__ is not str or md.block_level_elements is not watched:
            return original(tag)
        found = known.get(tag)
        if found is None:
            found = known[tag] = original(tag)
        return found
    md.is_block_level = is_block_level
