"""Python-Markdown's tree stages (block loop, unescaping, serializing...), same output, less CPU.

Every conversion (site pages, packet and kit documents: thousands in a build) runs these
routines, whose time goes to bookkeeping rather than to the document:

- `BlockParser.parseBlocks` asks the block processors' `Registry` for its sorted list once
  per block (130k times in a 500-module build), and the registry builds that list afresh
  each time although it changes only when a processor is registered or removed; then it
  asks each of some fifteen processors about the block, most of which take only a block
  opening with a given character (a list's marker) or holding a given string (a `#`), as
  markdown_speed tells the loop (`curriculum_opens`, `curriculum_holds`);
- `UnescapeTreeprocessor.run` puts every text, tail and attribute value of the tree through
  a regular expression substitution, when only those holding Python-Markdown's STX marker
  have anything to unescape;
- `serializers._serialize_html` walks the tree with a deque, a type test and several
  `tag.lower()` per element;
- `PrettifyTreeprocessor._prettifyETree` asks twice whether each block element is one;
- attr_list's tree processor tries its expressions on every element, when each needs a `{`
  in the text it searches (most documents have none).

`install` gives one Markdown instance a quicker equivalent of each, only where the routine is
the one followed (`ROUTINES`, digests of their sources: another Python-Markdown leaves the
routine as it is) and the instance holds Python-Markdown's own classes (a subclass may do
otherwise). Anything the quick path cannot vouch for (an element that is not a plain
`Element` with text attributes, a tree deeper than `DEEP`, a changed registry) goes to the
original routine. Nothing is put on the classes: a Markdown made without markdown_speed
converts exactly as before. `tests/test_markdown_tree.py` holds both to the same HTML.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import partial

import markdown
from markdown import serializers, treeprocessors, util
from markdown.blockparser import BlockParser
from markdown.extensions.attr_list import AttrListTreeprocessor

from .followed import quick_paths

ROUTINES = {
    "serializer": "f9c2302b43b835aca29b1cefd296a744f356a8f925c6e74df8170c17d734e3aa",
    "blocks": "922fbd83ae3c6448f8996c7cc103caa9f38f7e6714f05de0bece86e4baa8c69a",
    "unescape": "e566bd4fb07e2c4421d7bc33ac75caa5dc75fc8c1fec950fc350f94ab0514d93",
    "prettify": "f9c370bc00e4578f2d095322e19a7fabe35cac99b17a41c1acf8a9dd1c4d8309",
    "attr_list": "b2a95e9ba2124322c295480d2a3e31c710320859b0a5e8c713239f1dc076ed74",
}
"""sha256 of what each quick path was written against (Python-Markdown 3.11.3, `_sources`)."""
DEEP = 200
"""Below this many levels of nesting the serializer hands a subtree to the original (which
walks without recursion) rather than come near Python's recursion limit."""


def _sources(name: str) -> list:
    """What quick path `name` stands in for, and what decides that routine's output."""
    return {
        "serializer": [serializers._serialize_html, serializers._escape_cdata,
                       serializers._escape_attrib_html, serializers._write_html,
                       serializers.to_html_string, serializers.to_xhtml_string,
                       serializers.RE_AMP.pattern],
        "blocks": [BlockParser.parseBlocks, BlockParser.parseChunk, util.Registry],
        "unescape": [treeprocessors.UnescapeTreeprocessor, util.STX, util.ETX],
        "prettify": [treeprocessors.PrettifyTreeprocessor],
        "attr_list": [AttrListTreeprocessor],
    }[name]


fingerprint, follows = quick_paths(ROUTINES, _sources)


def install(md: markdown.Markdown) -> None:
    """Each quick path whose routine is the one followed, on `md` (again: a no-op)."""
    if follows("serializer"):
        _quick_serializer(md)
    if follows("blocks") and type(md.parser) is BlockParser \
            and type(md.parser.blockprocessors) is util.Registry:
        _quick_block_loop(md.parser)
    if follows("unescape"):
        for processor in md.treeprocessors:
            if type(processor) is treeprocessors.UnescapeTreeprocessor \
                    and "run" not in vars(processor):
                processor.run = partial(_unescape_tree, processor)
    if follows("prettify"):
        _quick_prettify(md)
    if follows("attr_list"):
        _quick_attr_lists(md)


# The serializer ---------------------------------------------------------------------------

def _quick_serializer(md: markdown.Markdown) -> None:
    """`md.serializer`, when it is Python-Markdown's html or xhtml one, made quicker."""
    for format, original in (("html", serializers.to_html_string),
                             ("xhtml", serializers.to_xhtml_string)):
        if md.serializer is original:
            md.serializer = partial(serialize, format=format)


def serialize(element: etree.Element, format: str) -> str:
    """What `to_html_string` (or `to_xhtml_string`) gives for `element`."""
    assert element is not None  # as `_write_html` asserts
    data: list[str] = []
    _write(data.append, element, format, _kinds(), 0)
    return "".join(data)


def _write(write, element, format: str, kinds: dict, depth: int) -> None:
    """`_serialize_html`'s writes for `element`, its children and its tail, by recursion and
    in fewer pieces; an element it cannot vouch for (a comment, a namespace, a value that is
    not text, one too deep) is written, whole, by `_serialize_html` itself."""
    tag = element.tag
    if tag.__class__ is not str or element.__class__ is not etree.Element or depth > DEEP:
        serializers._serialize_html(write, element, format)
        return
    opening, closing, void, raw = kinds.get(tag) or kinds.setdefault(tag, _kind(tag))
    if element.attrib:
        opening = _opening(element, format)
        if opening is None:
            serializers._serialize_html(write, element, format)
            return
    if void and format == "xhtml":  # no text, no children
        write(opening + " />")
    else:
        _write_inside(write, element, opening, raw, format, kinds, depth)
        if not void:
            write(closing)
    tail = element.tail
    if tail:
        write(tail if tail.__class__ is str and "&" not in tail and "<" not in tail
              and ">" not in tail else serializers._escape_cdata(tail))


def _write_inside(write, element, opening: str, raw: bool, format: str, kinds: dict,
                  depth: int) -> None:
    """The opening tag, the text (as it is in a script or style) and the children."""
    text = element.text
    if not text:
        write(opening + ">")
    elif raw:
        write(opening + ">")
        write(text)
    else:
        if text.__class__ is not str or "&" in text or "<" in text or ">" in text:
            text = serializers._escape_cdata(text)
        write(opening + ">" + text)
    for child in element:
        _write(write, child, format, kinds, depth + 1)


_KINDS: dict[str, tuple] = {}
_KINDS_FOR: list[frozenset] = [frozenset()]


def _kinds() -> dict[str, tuple]:
    """What `_kind` said of each tag met so far, forgotten when the void elements change."""
    if _KINDS_FOR[0] != serializers.HTML_EMPTY or len(_KINDS) > 4096:
        _KINDS.clear()
        _KINDS_FOR[0] = frozenset(serializers.HTML_EMPTY)
    return _KINDS


def _kind(tag: str) -> tuple[str, str, bool, bool]:
    """How `tag` opens and closes, whether it is a void element (no end tag), and whether
    its text is written raw (script, style)."""
    lower = tag.lower()
    return f"<{tag}", f"</{tag}>", lower in serializers.HTML_EMPTY, lower in (
        "script", "style")


def _opening(element: etree.Element, format: str) -> str | None:
    """`<tag` and its attributes in lexical order, or None when a name or a value is not
    text (or None): `_serialize_html` then writes the element itself."""
    attributes = element.attrib
    if not attributes:
        return f"<{element.tag}"
    parts = [f"<{element.tag}"]
    booleans = serializers.BOOLEAN_ATTRIBUTES["html"]
    for name, value in sorted(attributes.items()):
        if name.__class__ is not str or (value is not None and value.__class__ is not str):
            return None
        if value is None:
            parts.append(f" {name}")
            continue
        value = serializers._escape_attrib_html(value)
        if name == value and format == "html" and name in booleans:
            parts.append(f" {value}")
        else:
            parts.append(f' {name}="{value}"')
    return "".join(parts)


# The block loop ---------------------------------------------------------------------------

class _Counted:
    """Mixin: a container that counts the calls that may have changed it."""

    changes = 0


def _counting(base: type, name: str):
    """`base`'s method `name`, counted as a change."""
    method = getattr(base, name)

    def changed(self, *args, **kwargs):
        self.changes += 1
        return method(self, *args, **kwargs)
    changed.__name__ = name
    return changed


class _CountedList(_Counted, list):
    """A registry's `_priority` list, whose changes are counted."""


class _CountedDict(_Counted, dict):
    """A registry's `_data` dict, whose changes are counted."""


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
              "__setitem__", "__delitem__", "__iadd__", "__imul__"):
    setattr(_CountedList, _name, _counting(list, _name))
for _name in ("__setitem__", "__delitem__", "pop", "popitem", "clear", "update",
              "setdefault", "__ior__"):
    setattr(_CountedDict, _name, _counting(dict, _name))


class _SortedOnce:
    """A registry's items in order, taken again only when the registry has changed since
    (an item registered or removed, the order unsorted, a container replaced): what
    `iter(registry)` lists."""

    def __init__(self, registry: util.Registry) -> None:
        self.registry, self.items, self.seen = registry, [], (None, None, -1, -1)
        self.planned: dict[tuple, list] = {}
        self.needles: list[str] = []

    def __call__(self) -> list:
        registry = self.registry
        data, priority, data_changes, priority_changes = self.seen
        if registry._is_sorted and registry._data is data and registry._priority is priority \
                and data.changes == data_changes and priority.changes == priority_changes:
            return self.items
        data, priority = _counted(registry)
        self.items = list(registry)  # sorting is a change: counted before it is seen
        self.seen = (data, priority, data.changes, priority.changes)
        self.planned = {}
        return self.items

    def plans(self, block: str) -> list:
        """The items, in order, that may take `block`: every one but those whose
        `curriculum_opens` (which markdown_speed gives a processor that declines each block
        opening otherwise) says no to its first character, or whose `curriculum_holds` (the
        same, for a block holding none of these) names nothing the block holds."""
        items = self()
        if not self.planned:
            self.needles = sorted({needle for item in items for needle in _holds(item) or ()})
        key = (block[:1], *filter(block.__contains__, self.needles))
        plan = self.planned.get(key)
        if plan is None:
            if len(self.planned) > 1024:
                self.planned.clear()
                return self.plans(block)
            plan = self.planned[key] = [item for item in items
                                           if _may_take(item, key)]
        return plan


def _may_take(processor, key: tuple) -> bool:
    """Whether `processor` may take a block opening with `key[0]` and holding, of the
    needles (which gather every processor's `curriculum_holds`), those in `key[1:]`."""
    opens, holds = _opened(processor, "curriculum_opens"), _holds(processor)
    return (opens is None or bool(opens(key[0]))) and (
        holds is None or not set(holds).isdisjoint(key[1:]))


def _opened(processor, name: str):
    """The processor's own attribute `name` (None without it)."""
    return vars(processor).get(name) if hasattr(processor, "__dict__") else None


def _holds(processor) -> tuple | None:
    """The strings one of which a block the processor takes holds (None: any block)."""
    holds = _opened(processor, "curriculum_holds")
    return tuple(holds) if holds is not None else None


def _counted(registry: util.Registry) -> tuple[_CountedDict, _CountedList]:
    """The registry's containers, made (equal) ones that count their changes if need be."""
    if not isinstance(registry._data, _CountedDict):
        registry._data = _CountedDict(registry._data)
    if not isinstance(registry._priority, _CountedList):
        registry._priority = _CountedList(registry._priority)
    return registry._data, registry._priority


def _quick_block_loop(parser: BlockParser) -> None:
    """`parser.parseBlocks` with the processors taken from the registry only when it changed."""
    if "parseBlocks" not in vars(parser):
        parser.parseBlocks = partial(_parse_blocks, parser, _SortedOnce(parser.blockprocessors))


def _parse_blocks(parser: BlockParser, processors: _SortedOnce, parent: etree.Element,
                  blocks: list[str]) -> None:
    """`BlockParser.parseBlocks`: each block goes to the first processor whose test takes it
    and whose run does not decline it (the list taken afresh for every block, as there), of
    those that may take it (`_SortedOnce.plans`)."""
    if parser.blockprocessors is not processors.registry:  # another registry: the original
        BlockParser.parseBlocks(parser, parent, blocks)
        return
    plans = processors.plans
    while blocks:
        block = blocks[0]
        for processor in plans(block):
            if processor.test(parent, block):
                if processor.run(parent, blocks) is not False:
                    break
                if not blocks or blocks[0] is not block:  # the plan was for another block
                    _after(processors(), processor, parent, blocks)
                    break


def _after(processors: list, processor, parent: etree.Element, blocks: list[str]) -> None:
    """The original's loop on from `processor`, whose run declined the block but changed the
    blocks: each later processor is asked about the first block as it now is."""
    later = next(at for at, item in enumerate(processors) if item is processor) + 1
    for processor in processors[later:]:
        if processor.test(parent, blocks[0]):
            if processor.run(parent, blocks) is not False:
                return


# Unescaping -------------------------------------------------------------------------------

def _unescape_tree(processor: treeprocessors.UnescapeTreeprocessor,
                   root: etree.Element) -> None:
    """`UnescapeTreeprocessor.run`, skipping the texts without an STX marker: the original's
    substitution gives such a text back equal (a text of a str subclass, such as an
    `AtomicString`, comes back a plain str: those still go through it)."""
    unescape = processor.unescape
    for element in root.iter():
        text = element.text
        if text and not element.tag == "code" and _marked(text):
            element.text = unescape(text)
        tail = element.tail
        if tail and _marked(tail):
            element.tail = unescape(tail)
        for key, value in element.items():
            if value is not None and _marked(value):
                element.set(key, unescape(value))


def _marked(text) -> bool:
    """Whether the original's substitution might give back other than `text` itself."""
    return text.__class__ is not str or util.STX in text


# Prettifying ------------------------------------------------------------------------------

def _quick_prettify(md: markdown.Markdown) -> None:
    """Each of Python-Markdown's own prettify processors (the one registered, and any other
    of that class) walks with `_prettified`."""
    for processor in md.treeprocessors:
        if type(processor) is treeprocessors.PrettifyTreeprocessor \
                and "_prettifyETree" not in vars(processor):
            processor._prettifyETree = partial(_prettified, processor)


def _prettified(processor: treeprocessors.PrettifyTreeprocessor, element: etree.Element
                ) -> None:
    """`_prettifyETree`: the same line breaks, asking whether a tag is block-level once per
    element (the original asks again for each child it descends into)."""
    is_block_level = processor.md.is_block_level

    def walk(element: etree.Element, block: bool) -> None:
        if block and element.tag not in ("code", "pre"):
            text = element.text
            if (not text or not text.strip()) and len(element) \
                    and is_block_level(element[0].tag):
                element.text = "\n"
            for child in element:
                if is_block_level(child.tag):
                    walk(child, True)
        tail = element.tail
        if not tail or not tail.strip():
            element.tail = "\n"
    walk(element, is_block_level(element.tag))


# Attribute lists --------------------------------------------------------------------------

def _quick_attr_lists(md: markdown.Markdown) -> None:
    """attr_list's processor, given only the elements whose texts hold a `{`."""
    for processor in md.treeprocessors:
        if type(processor) is AttrListTreeprocessor and not {
                "run", "BLOCK_RE", "HEADER_RE", "INLINE_RE"} & set(vars(processor)):
            processor.run = partial(_attr_lists, processor, processor.run)


def _attr_lists(processor: AttrListTreeprocessor, original, root: etree.Element) -> None:
    """The original's run over the elements it may change, in its order. Each of its
    expressions needs a `{` in the text it searches: an element's text, its tail, or the tail
    of one of its children; it changes only those texts (shortening them) and the element's
    attributes, so an element none of whose texts holds a `{` is one it leaves as it is."""
    elements = _braced(root)
    if elements:
        original(_Only(elements))


def _braced(root: etree.Element) -> list:
    """The elements below `root` (itself included) a text of which holds a `{`, or is not
    a plain str (the original is then asked what it makes of it), in tree order."""
    if not _any_braced(root):
        return []
    chosen = set()
    if _maybe_braced(root.tail):
        chosen.add(root)
    for element in root.iter():
        if _maybe_braced(element.text):
            chosen.add(element)
        for child in element:
            if _maybe_braced(child.tail):
                chosen.update((element, child))
    return [element for element in root.iter() if element in chosen]


def _any_braced(root: etree.Element) -> bool:
    """Whether any text or tail below `root` may be (most documents have no `{`: one quick
    pass, no call per text)."""
    plain = _PLAIN
    for element in root.iter():
        text, tail = element.text, element.tail
        if text and (text.__class__ not in plain or "{" in text) \
                or tail and (tail.__class__ not in plain or "{" in tail):
            return True
    return False


def _maybe_braced(text) -> bool:
    """Whether attr_list's expressions might find something in `text`."""
    return bool(text) and (text.__class__ not in _PLAIN or "{" in text)


_PLAIN = (str, util.AtomicString)


class _Only:
    """A tree as attr_list's `run` reads it (`iter()`), holding only the given elements."""

    def __init__(self, elements: list) -> None:
        self.elements = elements

    def iter(self) -> list:
        return self.elements
