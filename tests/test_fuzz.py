"""Random damage to a valid curriculum never gives a traceback, only located problems."""

from __future__ import annotations

import io
import os
import re
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.validate import check_project

from helpers import FILES, write_project

LINE = re.compile(r"^[^\s:][^:\n]*:[1-9][0-9]*: (warning: )?\S.*: [^\n]+$")
EDITABLE = sorted(name for name in FILES if name != "mkdocs.yml")
NOISE = [b":", b"-", b"[", b"]", b"{", b"}", b"&a", b"*a", b"\t", b"\x00", b"\xff", b"#",
         b"'", b'"', b"!!python/object:os.system", b"{#", b"0", b"-1", b"~", b"\n  ", b"<<: *a",
         b"module: nope", b"- module: arriving", b"12:30", b"2027-13-45", b"\xc3"]


@st.composite
def damage(draw) -> tuple[str, bytes]:
    """One file of the tiny curriculum with one to three random edits."""
    name = draw(st.sampled_from(EDITABLE))
    data = FILES[name].encode()
    for _ in range(draw(st.integers(1, 3))):
        data = draw(_edit(data))
    return name, data


def _edit(data: bytes):
    lines = data.split(b"\n")
    at = st.integers(0, max(len(data) - 1, 0))
    row = st.integers(0, max(len(lines) - 1, 0))
    return st.one_of(
        at.map(lambda i: data[:i]),  # truncated
        st.tuples(at, st.sampled_from(NOISE)).map(lambda t: data[: t[0]] + t[1] + data[t[0]:]),
        st.tuples(at, st.sampled_from(NOISE)).map(
            lambda t: data[: t[0]] + t[1] + data[t[0] + 1:]),
        row.map(lambda r: b"\n".join(lines[:r] + lines[r + 1:])),  # a line deleted
        row.map(lambda r: b"\n".join(lines[:r] + [lines[r]] + lines[r:])),  # a line doubled
    )


EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage())
def test_damaged_curriculum_gives_located_problems_never_a_traceback(case):
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        layout = write_project(root)
        (root / name).write_bytes(data)
        _, problems = check_project(layout)
        for problem in problems:
            assert LINE.match(problem.format()), problem.format()
            assert (root / problem.path).parent.exists()
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["check", "-f", str(root / "mkdocs.yml")])
        assert code in (0, 1)
        assert code == (1 if any(p.is_error for p in problems) else 0)
        assert out.getvalue().splitlines() == [p.format() for p in problems]


# YAML as the YAML test suite exercises it: directives, document markers, tags, anchors,
# block and flow styles, complex keys, escapes, odd line ends, deep nesting and null documents,
# fed to `curriculum check` as each kind of file the curriculum has.
SCALARS = ["word", "Two words", "42", "-1", "0x1F", "0o17", "1_000", "3.5", ".inf", ".nan",
           "~", "null", "", "true", "no", "2027-03-04", "2027-13-45", "12:30", '"09:00"',
           '"a\\nb"', '"tab\\there"', '"\\u2028"', '"\\x00"', '"\\\\"', "'it''s'", "'a\n  b'",
           "!!str 12", "!!int x", "!!float y", "!!null ''", "!!binary aGk=", "!custom x",
           "!<tag:yaml.org,2002:str> x", "&a anchored", "*a", "|\n  kept\n  text", ">-\n  folded",
           "|+\n\n", "|2\n    indented", "plain\n  continued", "# only a comment",
           '"' + "long " * 300 + '"', "[a, b]", "{a: b}", "[a: b]", "{? a}", "[]", "{}",
           "[[[[]]]]", "- - x", "? complex\n: key", "!!set {a, b}", "!!omap [a: 1]"]
KEYS = ["title", "summary", "duration", "level", "audiences", "themes", "activities",
        "blocks", "steps", "audience", "handouts", "materials", "defaults", "levels", "x",
        '"quoted key"', '"two\\nlines"', "? [a]", "<<", "id", "minutes", "format"]
PREFIXES = ["", "%YAML 1.1\n---\n", "%YAML 1.2\n--- ", "%TAG ! tag:example.com,2000:\n---\n",
            "---\n", "--- |\n", "\ufeff", "# comment\n", "%FOO bar\n---\n"]
SUFFIXES = ["", "\n...\n", "\n---\n", "\n--- second\n", "\n...\n---\nthird: 3\n", "\n# end"]


@st.composite
def yaml_values(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "map", "list", "flow"] if depth < 4
                                else ["scalar"]))
    if kind == "scalar":
        return draw(st.sampled_from(SCALARS))
    if kind == "flow":
        items = draw(st.lists(st.sampled_from(SCALARS[:20]), max_size=3))
        return draw(st.sampled_from(["[{}]", "{{{}}}"])).format(", ".join(items))
    children = draw(st.lists(yaml_values(depth + 1), min_size=1, max_size=3))
    pad = "  " * (depth + 1)
    if kind == "list":
        return "".join(f"\n{pad}- " + child.replace("\n", "\n" + pad + "  ")
                       for child in children)
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=len(children), max_size=len(children)))
    return "".join(f"\n{pad}{key}: " + child.replace("\n", "\n" + pad + "  ")
                   for key, child in zip(keys, children, strict=True))


@st.composite
def yaml_documents(draw) -> bytes:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=0, max_size=6))
    body = "".join(f"{key}: {draw(yaml_values())}\n" for key in keys)
    if draw(st.booleans()):
        body = draw(st.sampled_from(SCALARS)) + "\n" + body * draw(st.integers(0, 1))
    if draw(st.integers(0, 9)) == 0:  # nesting far past any limit
        body = draw(st.sampled_from(["[" * 600 + "]" * 600, "- " * 600 + "x",
                                     "".join("  " * i + "a:\n" for i in range(400)) + "  " * 400
                                     + "b: 1"]))
    text = draw(st.sampled_from(PREFIXES)) + body + draw(st.sampled_from(SUFFIXES))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return text.replace("\n", ending).encode("utf-8")


YAML_HOMES = ["modules/arriving/module.yml", "curriculum/curriculum.yml",
              "curriculum/sessions/morning.yml", "curriculum/paths/first.yml"]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(YAML_HOMES), yaml_documents())
def test_any_yaml_in_any_source_gives_located_problems_never_a_traceback(name, data):
    """No generated document is a valid module, session or path (their required fields need
    words the generator does not have), so each must be refused in its own file: never a
    silent pass. A generated curriculum.yml may be valid, but then the modules' taxonomy is
    unknown to it."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        layout = write_project(root)
        (root / name).write_bytes(data)
        _, problems = check_project(layout)
        errors = [p for p in problems if p.is_error]
        assert errors and (name.endswith("curriculum.yml") or any(p.path == name for p in errors))
        for problem in problems:
            assert LINE.match(problem.format()), problem.format()
            assert (root / problem.path).exists() or (root / problem.path).parent.exists()
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["check", "-f", str(root / "mkdocs.yml")])
        assert code == (1 if any(p.is_error for p in problems) else 0)
        assert out.getvalue().splitlines() == [p.format() for p in problems]
