"""Reading source files safely: size limit, UTF-8, YAML with the line of every value.

PyYAML's C loader composes a node tree whose marks give positions; we turn it into plain
dicts and lists that remember the line of each key and value. Anchors and aliases are
refused before anything is expanded, so a "billion laughs" file cannot blow up memory.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, show

MAX_BYTES = 1024 * 1024
MAX_NESTING = 20
"""How deep YAML values and Markdown blocks may nest. A curriculum needs a handful of levels;
hundreds overflow the parsers' recursion (YAML's own limit is 1000), so check refuses them."""

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
"""The names MkDocs reads as Markdown pages rather than files to copy."""

try:  # the C loader is much faster; the pure one is a fallback for odd platforms
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class _Loader(_Base):
    """The safe loader, resolving plain text without running every implicit-type regex.

    Most scalars in a curriculum are prose; a scalar whose first character starts no implicit
    type (numbers, booleans, null, dates) is text, which is what the base resolver would find
    after trying its regexes.
    """

    _starters = frozenset(ch for ch in _Base.yaml_implicit_resolvers if ch)

    def __init__(self, stream) -> None:
        super().__init__(stream)
        # The composer calls these around every node, for path resolvers; this loader has
        # none, so they do nothing: C functions that do nothing cost less than Python's.
        self.descend_resolver = {}.get  # (parent, index) -> None
        self.ascend_resolver = {}.clear  # () -> None

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted
            return _STR if value and value[0] not in self._starters else _plain_tag(value)
        return _MAP if kind is yaml.MappingNode else _SEQ  # as the base's, without path resolvers


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The tag of a plain scalar that may be of an implicit type: the base resolver's answer,
    which depends on the text alone (this loader has no path resolvers), remembered because
    the same keys and small values recur in every file (`title`, `format`, `10`)."""
    return _Base.resolve(_RESOLVER, yaml.ScalarNode, value, (True, False))

_STR = "tag:yaml.org,2002:str"
_MAP, _SEQ = _Base.DEFAULT_MAPPING_TAG, _Base.DEFAULT_SEQUENCE_TAG
_SCALAR = yaml.ScalarNode
_RESOLVER = _Base("")  # a loader for its resolver tables only
_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


class YMap(dict):
    """A YAML mapping that knows the line of itself, each key and each value."""

    __slots__ = ("line", "key_lines", "value_lines")  # no attribute dict: a curriculum of
    # 500 modules makes ten thousand of these

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: str) -> int:
        return self.value_lines.get(key, self.line)


class YList(list):
    """A YAML sequence that knows its own line and the line of each item."""

    __slots__ = ("line", "lines")

    def item_line(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


@dataclass
class SourceFile:
    """A file read from disk: its text, or the problems that stopped us reading it."""

    path: Path
    rel: str
    text: str | None
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, rel: str) -> SourceFile:
    """Read a UTF-8 file of at most 1 MiB; anything else becomes a problem, not a crash."""
    try:
        with open(path, "rb") as file:  # one open and read of at most the limit, no more
            data = file.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = os.fstat(file.fileno()).st_size
                return _unreadable(path, rel, 1, f"file is larger than 1 MiB ({size} bytes)")
    except OSError as err:
        return _unreadable(path, rel, 1, f"cannot read file: {err.strerror or err}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        got = f"byte 0x{data[err.start]:02x}"
        return _unreadable(path, rel, line, "file is not valid UTF-8 text", got)
    return SourceFile(path, rel, text.removeprefix("\ufeff"))


def _unreadable(path: Path, rel: str, line: int, message: str, got: str | None = None):
    return SourceFile(path, rel, None, [Problem(rel, line, "file", message, got)])


def load_yaml(path: Path, rel: str) -> tuple[object, list[Problem]]:
    """Parse one YAML file into YMap/YList/scalars; return (data or None, problems)."""
    source = read_text(path, rel)
    if source.text is None:
        return None, source.problems
    text = source.text
    problems = _tab_problems(text, rel)
    if "&" in text or "*" in text:
        problems += _alias_problems(text, rel)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, rel, text)]
    except yaml.YAMLError as err:
        return None, [_other_yaml_problem(err, rel, text)]
    except RecursionError:  # the pure-Python composer recurses; the C one stops at 1000
        return None, [_too_deep(rel, 1, MAX_NESTING + 1)]
    problems = _shape_problems(node, rel, text)
    if problems:
        return None, problems
    converter = _Converter(rel)
    try:
        data = converter.convert(node)
    except _TooDeep:
        return None, [_too_deep(rel, *_deepest(node))]
    return data, converter.problems


def _shape_problems(node: yaml.Node | None, rel: str, text: str) -> list[Problem]:
    """A document that is no value at all is refused. (One nested deeper than MAX_NESTING
    is refused by `_Converter`, which stops there.)"""
    if node is None:
        return [Problem(rel, 1, "file", "file is empty; expected a mapping of fields")]
    if isinstance(node, yaml.ScalarNode) and scalar_value(node) is None:
        line = min(node.start_mark.line + 1, len(text.splitlines()) or 1)  # `---` and nothing
        return [Problem(rel, line, "file",
                        "the document is null (no value); expected a mapping of fields",
                        show(node.value) if node.value else "an empty document")]
    return []


def _deepest(root: yaml.Node) -> tuple[int, int] | None:
    """(line, depth) of the first value nested deeper than MAX_NESTING, else None.

    Iterative, so that measuring a deep document cannot itself overflow the stack. Run only
    for a document `_Converter` found too deep, to say where and how deep.
    """
    stack, lines, deepest = [(root, 1)], [], 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth == MAX_NESTING + 1:
            lines.append(node.start_mark.line + 1)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((value, depth + 1) for pair in node.value for value in pair)
    return (min(lines), deepest) if lines else None


def _too_deep(rel: str, line: int, depth: int) -> Problem:
    return Problem(rel, line, "yaml", f"values nested more than {MAX_NESTING} levels deep;"
                   " a curriculum file needs only a few", f"{depth} levels")


def _tab_problems(text: str, rel: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            msg = "tab character; YAML must be indented with spaces"
            problems.append(Problem(rel, number, "yaml", msg, show_line(line)))
    return problems


def show_line(line: str) -> str:
    text = line.strip().replace("\t", "\\t")
    return '"' + (text if len(text) <= 40 else text[:37] + "...") + '"'


def _alias_problems(text: str, rel: str) -> list[Problem]:
    """Find anchors and aliases with the event parser (cheap: no nodes are built)."""
    problems = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                msg = "YAML aliases are not allowed; write the value out"
                problems.append(Problem(rel, line, "yaml", msg, f"*{anchor}"))
            else:
                msg = "YAML anchors are not allowed; write the value out where it is used"
                problems.append(Problem(rel, line, "yaml", msg, f"&{anchor}"))
    except yaml.MarkedYAMLError as err:
        return [_syntax_problem(err, rel, text)]
    except yaml.YAMLError as err:
        return [_other_yaml_problem(err, rel, text)]
    return problems


def yaml_problem(err: yaml.YAMLError, rel: str, text: str) -> Problem:
    """Any YAML error as the one problem authors read, at its line."""
    if isinstance(err, yaml.MarkedYAMLError):
        return _syntax_problem(err, rel, text)
    return _other_yaml_problem(err, rel, text)


def _syntax_problem(err: yaml.MarkedYAMLError, rel: str, text: str) -> Problem:
    """Point at the problem; at the end of the file, point where the unclosed thing began."""
    mark = err.problem_mark or err.context_mark
    at_end = mark is not None and mark.index >= len(text.rstrip())
    if at_end and err.context_mark is not None:
        mark = err.context_mark
    line = mark.line + 1 if mark is not None else 1
    what = err.problem or err.context or "syntax error"
    context = f" {err.context}" if err.context and err.problem else ""
    return Problem(rel, line, "yaml", f"not valid YAML: {what}{context}")


def _other_yaml_problem(err: yaml.YAMLError, rel: str, text: str) -> Problem:
    """Reader errors (control characters) carry a position, not a mark."""
    if isinstance(err, yaml.reader.ReaderError):
        line = text.count("\n", 0, err.position) + 1
        got = f"character 0x{err.character:02x}" if isinstance(err.character, int) else None
        return Problem(rel, line, "yaml", "a control character YAML does not allow", got)
    first = str(err).strip().splitlines()[0] if str(err).strip() else "syntax error"
    return Problem(rel, 1, "yaml", f"not valid YAML: {first}")


class _TooDeep(Exception):
    """A value nested deeper than MAX_NESTING: the conversion stops before recursing into it."""


class _Converter:
    """Node tree -> YMap/YList/scalars, collecting duplicate keys as problems.

    Recursive, one level per level of the document, and refusing (`_TooDeep`) to go past
    MAX_NESTING levels: the root is level 1, a key or value one level below its mapping."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node, depth: int = 1) -> object:
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else scalar_value(node)
        if depth >= MAX_NESTING and node.value:
            raise _TooDeep  # its keys, values or items are one level deeper
        if kind is yaml.MappingNode:
            return self._mapping(node, depth + 1)
        if kind is yaml.SequenceNode:
            return self._sequence(node, depth + 1)
        return scalar_value(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        result = YMap()
        result.line = node.start_mark.line + 1
        key_lines: dict = {}
        value_lines: dict = {}
        result.key_lines, result.value_lines = key_lines, value_lines
        convert = self.convert
        for key_node, value_node in node.value:
            # a scalar's value here, as `convert` gives it: most keys and values are text,
            # and a call for each cost a tenth of reading a file
            if type(key_node) is _SCALAR:
                key = key_node.value if key_node.tag == _STR else scalar_value(key_node)
            else:
                key = convert(key_node, depth)
            if not isinstance(key, str):
                key = _key_as_written(key_node, key)
            line = key_node.start_mark.line + 1
            if key in result:
                msg = f"duplicate key; first given on line {key_lines[key]}"
                self.problems.append(Problem(self.rel, line, key, msg, show(key)))
                continue
            if type(value_node) is _SCALAR:
                result[key] = value_node.value if value_node.tag == _STR \
                    else scalar_value(value_node)
            else:
                result[key] = convert(value_node, depth)
            key_lines[key] = line
            value_lines[key] = value_node.start_mark.line + 1
        return result

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> YList:
        convert = self.convert
        result = YList([(item.value if item.tag == _STR else scalar_value(item))
                        if type(item) is _SCALAR else convert(item, depth)
                        for item in node.value])  # scalars as in `_mapping`
        result.line = node.start_mark.line + 1
        result.lines = [item.start_mark.line + 1 for item in node.value]
        return result


def _key_as_written(node: yaml.Node, key: object) -> str:
    """A key that YAML reads as something other than text, named as the author wrote it:
    `null:` is "null" (not "None"), `no:` the language or id "no" (not "False")."""
    if type(node) is yaml.ScalarNode:
        return node.value or "null"
    return repr(key)


def scalar_value(node: yaml.Node) -> object:
    """A scalar node's value, resolved by the tag the composer gave it (YAML 1.1 core)."""
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if not isinstance(value, str):
        return str(value)
    return _typed(tag, value) if len(value) <= 40 else _typed.__wrapped__(tag, value)


@functools.lru_cache(maxsize=4096)
def _typed(tag: str, value: str) -> object:
    """The value of the text `value` of type `tag`, remembered for short texts: the same
    minutes, sizes and flags recur in every module (12,000 numbers in 500 modules), and what
    they read as (a number, a date, true, nothing) cannot be changed by whoever gets it."""
    if tag.endswith(":int"):
        return _to_int(value)
    if tag.endswith(":float"):
        return _to_float(value)
    if tag.endswith(":bool"):
        return _BOOL.get(value.lower(), value)
    if tag.endswith(":null"):
        return None
    if tag.endswith(":timestamp"):
        return _to_date(value)
    return value


def _to_int(text: str) -> object:
    cleaned = text.replace("_", "")
    try:
        if cleaned.lower().startswith(("0x", "-0x", "+0x")):
            return int(cleaned, 16)
        if cleaned.lower().startswith(("0o", "0b")):
            return int(cleaned, 0)
        return int(cleaned)
    except ValueError:
        return text  # sexagesimal and octal oddities stay text; the schema complains


def _to_float(text: str) -> object:
    try:
        return float(text.replace("_", ""))
    except ValueError:
        lowered = text.lower()
        return {".inf": float("inf"), "-.inf": float("-inf")}.get(lowered, text)


def _to_date(text: str) -> object:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return text


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags we do not need to resolve."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def load_mkdocs_config(text: str) -> dict:
    """mkdocs.yml's text as a plain dict (tags left unresolved); {} when it is not a mapping."""
    data = yaml.load(text, Loader=_TolerantLoader)
    return data if isinstance(data, dict) else {}
