"""The YAML reader gives what the plain recursive conversion of the composed nodes gives (the
one it replaced, kept here as the reference): the same values, types, lines and duplicate-key
problems, for generated YAML of every shape a curriculum file can hold, good or broken."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_curriculum import sources
from mkdocs_curriculum.problems import Problem, show
from mkdocs_curriculum.sources import YList, YMap, load_yaml


class _Reference:
    """Node tree -> YMap/YList/scalars with one call for every node (scalars too)."""

    def __init__(self, rel: str) -> None:
        self.rel, self.problems = rel, []

    def convert(self, node, depth=1):
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == sources._STR else sources.scalar_value(node)
        if depth >= sources.MAX_NESTING and node.value:
            raise sources._TooDeep
        if kind is yaml.MappingNode:
            return self._mapping(node, depth + 1)
        if kind is yaml.SequenceNode:
            result = YList(self.convert(item, depth + 1) for item in node.value)
            result.line = node.start_mark.line + 1
            result.lines = [item.start_mark.line + 1 for item in node.value]
            return result
        return sources.scalar_value(node)

    def _mapping(self, node, depth):
        result = YMap()
        result.line, result.key_lines, result.value_lines = node.start_mark.line + 1, {}, {}
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth)
            if not isinstance(key, str):
                key = sources._key_as_written(key_node, key)
            line = key_node.start_mark.line + 1
            if key in result:
                msg = f"duplicate key; first given on line {result.key_lines[key]}"
                self.problems.append(Problem(self.rel, line, key, msg, show(key)))
                continue
            result[key] = self.convert(value_node, depth)
            result.key_lines[key] = line
            result.value_lines[key] = value_node.start_mark.line + 1
        return result


def _reference(text: str):
    node = yaml.compose(text, Loader=sources._Loader)
    converter = _Reference("f.yml")
    try:
        return converter.convert(node), converter.problems
    except sources._TooDeep:
        return "too deep", []


def _shape(value):
    """A value with every line it knows and every type, to compare in full."""
    if isinstance(value, YMap):
        return ("map", value.line, [(k, value.key_line(k), value.value_line(k), _shape(v))
                                    for k, v in value.items()])
    if isinstance(value, YList):
        return ("list", value.line, value.lines, [_shape(v) for v in value])
    return (type(value).__name__, repr(value))


_SCALARS = st.sampled_from(["text", "'quoted'", '"09:00"', "10", "0x1f", "1_000", "3.5",
                            ".inf", "yes", "No", "off", "null", "~", "2026-11-25", "",
                            "2026-13-45", "0o17", "-7", "+1", "1:30", "a: b", "[x, 1]",
                            "{a: 1, b: [2, no]}", "|\n    block\n    text", "- dash"])
_KEYS = st.sampled_from(["title", "minutes", "10", "null", "no", "yes", "title", "1.5",
                         "2026-01-02", "'quoted key'", "[1, 2]", "{a: 1}", "? complex"])


@st.composite
def _documents(draw, depth=0):
    """YAML text: block mappings and sequences of scalars, flow values and nested blocks,
    with repeated keys (duplicates) and odd keys."""
    indent = "  " * depth
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["scalar", "scalar", "map", "list"] if depth < 4
                                    else ["scalar"]))
        key = draw(_KEYS)
        if kind == "scalar":
            value = draw(_SCALARS).replace("\n", "\n" + indent)
            lines.append(f"{indent}{key}: {value}")
        elif kind == "map":
            lines.append(f"{indent}{key}:")
            lines.append(draw(_documents(depth + 1)))
        else:
            lines.append(f"{indent}{key}:")
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    first = (draw(_SCALARS).splitlines() or [""])[0]
                    lines.append(f"{indent}  - {first}")
                else:
                    inner = draw(_documents(depth + 2)).lstrip()
                    lines.append(f"{indent}  - {inner}")
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_values_lines_and_duplicate_keys_are_those_of_the_plain_conversion(tmp_path_factory,
                                                                           text):
    try:
        expected = _reference(text)
    except yaml.YAMLError:
        return  # not YAML: reported before any conversion, by the same code as before
    path = tmp_path_factory.mktemp("y") / "f.yml"
    path.write_text(text, encoding="utf-8")
    data, problems = load_yaml(path, "f.yml")
    if expected[0] == "too deep":
        assert data is None and problems[0].message.startswith("values nested more than")
        return
    if data is None:  # a document that is no mapping, say: refused before conversion
        return
    assert _shape(data) == _shape(expected[0])
    assert problems == expected[1]


def test_a_deep_document_is_still_refused_at_its_depth(tmp_path):
    """As the reader before it said (base a7883d9 gives this very line)."""
    text = "".join(f"{'  ' * level}k{level}:\n" for level in range(25)) + "  " * 25 + "x: 1\n"
    path = tmp_path / "deep.yml"
    path.write_text(text, encoding="utf-8")
    data, problems = load_yaml(path, "deep.yml")
    assert data is None and _reference(text)[0] == "too deep"
    assert [problem.format() for problem in problems] == \
        ['deep.yml:20: yaml: values nested more than 20 levels deep; a curriculum file needs'
         ' only a few (got 27 levels)']
