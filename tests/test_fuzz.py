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
