"""Python-Markdown's inline pattern stage, with the tries that cannot match skipped.

Python-Markdown's `InlineProcessor` tries every inline pattern (code spans, escapes, links,
images, autolinks, HTML, emphasis...) on every text of the parsed tree, in priority order,
through `__applyPattern`, which looks the pattern up in the `Registry` (sorting checked on
every lookup), checks the pattern's `ANCESTOR_EXCLUDES` and searches the text with its
regular expression. Nearly every try finds nothing: on a 500-module build that loop was a
quarter of all the Markdown conversion time.

`FastInlineProcessor` runs the same loop over the patterns taken from the registry once per
tree, and tries a new-style pattern (one whose regular expression is its `compiled_re`) the
cheap way first: when an excluded ancestor is open, or its expression finds nothing from
where the loop is, `__applyPattern` would return `(data, False, 0)` without calling the
pattern, and so does the loop. Everything else (a found match, old-style patterns, patterns
with their own `getCompiledRegExp`) goes through Python-Markdown's own `__applyPattern`.

It replaces the `inline` tree processor only when Python-Markdown's `InlineProcessor` is the
one it was written against (`FOLLOWED`: a digest of its code and of `getCompiledRegExp`) and
is the one registered; else the extension leaves the conversion to Python-Markdown.
`tests/test_markdown_inline.py` holds both to the same HTML on generated and real Markdown.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from bisect import bisect_left
from functools import lru_cache

import markdown
from markdown import inlinepatterns, treeprocessors, util
from markdown.extensions import Extension

from .followed import source_digest

NAME = "mkdocs_curriculum.markdown_inline"
"""The extension as mkdocs.yml's `markdown_extensions` names it."""
FOLLOWED = "e1e42b7b6e4f9541f959d5367aeb25622b6653e05b443df7b1184b42556be6ad"
"""The digest of the code this module follows (Python-Markdown 3.11.3: its tree processor
`InlineProcessor`, `Pattern.getCompiledRegExp`, and `Registry`, whose order of items
`InlineSpeedExtension` keeps)."""


NEEDLES = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # backtick: a code span
    r"\\(.)": ("\\",),  # escape
    r"(?<!\!)\[": ("[",),  # reference, link, short_reference
    r"\!\[": ("[",),  # image_link, image_reference, short_image_ref
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automail
    r"  \n": ("  \n",),  # linebreak
    '(<(\\/?+[a-zA-Z][^\\s"\'<>@]*+(?:\\s+[^\\s"\'='
    '<>]++(?:\\s*+=\\s*+(?:"[^"]*+"|\'[^\']*+\'|[^'
    '\\s"\'=<>]++))?+)*+\\s*+/?|!--(?:(?!<!--|--'
    '>).)*--|[?](?:(?!<[?]|[?]>).)*[?]|'
    '!\\[CDATA\\[(?:(?!<!\\[CDATA\\[|\\]\\]>).)*\\]\\])>)': ("<",),  # html
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # em_strong (Python-Markdown's delimiters)
}
"""Python-Markdown's inline expressions (their exact text) and the strings one of which is in
any text they find a match in (at or after where the match starts): a text holding none of a
pattern's needles is not searched with its expression. An expression not listed here (another
version, another extension's) is always searched."""


class FastInlineProcessor(treeprocessors.InlineProcessor):
    """`InlineProcessor` whose pattern loop skips, unasked, the patterns that cannot match."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        """The patterns in their order, taken once for the whole tree (not for every try)."""
        self._tries = [_try(pattern) for pattern in self.inlinePatterns]
        self._needles = sorted({n for _, _, needles in self._tries for n in needles or ()})
        self._lefts: dict[tuple, tuple] = {}
        return self._run(tree, ancestors)

    def _run(self, tree: etree.Element, ancestors: list[str] | None) -> etree.Element:
        """`InlineProcessor.run` to the letter, but a text or tail in which the patterns left
        no placeholder goes back where it was taken from: the original's
        `__processPlaceholders` puts such a text (a plain, non-empty str) back there too, and
        gives nothing to insert (a tail went through a stand-in element and a search for the
        child's place, for nothing). Any other text takes the original's way."""
        self.stashed_nodes: dict[str, etree.Element | str] = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        stack = [(tree, tree_parents)]
        self._InlineProcessor__build_ancestors(tree, tree_parents)
        handle = self._InlineProcessor__handleInline
        placeholders = self._InlineProcessor__processPlaceholders
        prefix = self._InlineProcessor__placeholder_prefix
        while stack:
            currElement, parents = stack.pop(0)  # noqa: N806 (the original's names)
            self.ancestors = parents
            if currElement is not tree:
                self.ancestors.append(currElement.tag.lower())
            insertQueue = []  # noqa: N806
            for child in currElement:
                if child.text and not isinstance(child.text, util.AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text = child.text
                    child.text = None
                    text = handle(text)
                    if text and text.__class__ is str and prefix not in text:
                        child.text = text
                    else:
                        lst = placeholders(text, child)
                        for item in lst:
                            self.parent_map[item[0]] = child
                        stack += lst
                        insertQueue.append((child, lst))
                    self.ancestors.pop()
                if child.tail:
                    tail = handle(child.tail)
                    if tail and tail.__class__ is str and prefix not in tail:
                        child.tail = tail
                    else:
                        self._tail_placeholders(currElement, child, tail)
                if len(child):
                    self.parent_map[child] = currElement
                    stack.append((child, self.ancestors[:]))
            for element, lst in insertQueue:
                for i, obj in enumerate(lst):
                    element.insert(i, obj[0])
        return tree

    def _tail_placeholders(self, parent: etree.Element, child: etree.Element, tail: str
                           ) -> None:
        """The original's handling of a tail with placeholders: the elements they stand for
        go after `child`, the text before the first one stays its tail."""
        dumby = etree.Element("d")
        child.tail = None
        tailResult = self._InlineProcessor__processPlaceholders(tail, dumby, False)  # noqa: N806
        if dumby.tail:
            child.tail = dumby.tail
        pos = list(parent).index(child) + 1
        tailResult.reverse()
        for newChild in tailResult:  # noqa: N806
            self.parent_map[newChild[0]] = parent
            parent.insert(pos, newChild[0])

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """Python-Markdown's `__handleInline`, trying only the patterns the text's needles
        leave (`_left`) and, of those, not one that `_cannot_match`: a pattern passed over
        moves on to the next as a failed `__applyPattern` does, from the text's start."""
        if isinstance(data, util.AtomicString):
            return data
        tries, start, left = self._tries, 0, self._left(data)
        at = bisect_left(left, patternIndex)
        while at < len(left):
            index = left[at]
            if index != patternIndex:
                patternIndex, start = index, 0  # `__applyPattern`'s (data, False, 0)
            if _cannot_match(*tries[index], self.ancestors, data, start):
                at += 1
                continue
            data, matched, start = self._InlineProcessor__applyPattern(
                tries[index][0], data, index, start)
            if matched:  # the text changed (a placeholder where the match was)
                left = self._left(data)
                at = bisect_left(left, index)
            else:
                at += 1
        return data

    def _left(self, data: str) -> tuple[int, ...]:
        """The indexes, in order, of the patterns one of whose needles is in `data` (or that
        have none): most texts hold no needle at all, and are then tried with nothing."""
        found = tuple(filter(data.__contains__, self._needles))
        left = self._lefts.get(found)
        if left is None:
            left = self._lefts[found] = tuple(
                index for index, (_, _, needles) in enumerate(self._tries)
                if needles is None or not set(found).isdisjoint(needles))
        return left


def _try(pattern: inlinepatterns.Pattern) -> tuple:
    """A pattern, its lowercased `ANCESTOR_EXCLUDES` and its needles, or two Nones for a
    pattern left whole to `__applyPattern` (old-style, or with its own `getCompiledRegExp`)."""
    own = type(pattern).getCompiledRegExp is not inlinepatterns.Pattern.getCompiledRegExp
    if own or not isinstance(pattern, inlinepatterns.InlineProcessor):
        return pattern, None, None
    excludes = tuple(exclude.lower() for exclude in pattern.ANCESTOR_EXCLUDES)
    return pattern, excludes, NEEDLES.get(pattern.compiled_re.pattern)


def _cannot_match(pattern: inlinepatterns.Pattern, excludes: tuple | None,
                  needles: tuple | None, ancestors: list[str], data: str, start: int) -> bool:
    """What `__applyPattern` answers with `(data, False, 0)` before calling the pattern: an
    excluded ancestor is open, or the expression finds nothing from `start`."""
    if excludes is None:
        return False
    if excludes and any(exclude in ancestors for exclude in excludes):
        return True
    return pattern.compiled_re.search(data, start) is None


class InlineSpeedExtension(Extension):
    """Puts `FastInlineProcessor` in the place (name, priority) of Python-Markdown's own."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        trees = md.treeprocessors
        if follows_python_markdown() and "inline" in trees \
                and type(trees["inline"]) is treeprocessors.InlineProcessor:
            priority = _alone_at(trees, "inline")
            if priority is not None:
                trees.register(FastInlineProcessor(md), "inline", priority)


def _alone_at(registry: util.Registry, name: str) -> float | None:
    """The priority of `name`, if no other item shares it: registered again at it, the new
    item then sorts exactly where the old one did (a tie would sort it after the others)."""
    priorities = [item.priority for item in registry._priority if item.name == name]
    others = [item for item in registry._priority if item.name != name]
    if len(priorities) != 1 or any(item.priority == priorities[0] for item in others):
        return None
    return priorities[0]


@lru_cache(maxsize=1)
def follows_python_markdown() -> bool:
    """Whether Python-Markdown's code is the one `FastInlineProcessor` follows."""
    return python_markdown_digest() == FOLLOWED


def python_markdown_digest() -> str:
    return source_digest(treeprocessors.InlineProcessor,
                         inlinepatterns.Pattern.getCompiledRegExp, util.Registry)


def makeExtension(**kwargs) -> InlineSpeedExtension:  # noqa: N802 (Markdown's API)
    """How Python-Markdown loads the extension by its name in mkdocs.yml."""
    return InlineSpeedExtension(**kwargs)
