"""The one error type: a problem found in the sources, with its file and line.

Problems are values. Loading and validation return lists of them and never stop at the
first one; only the edges (CLI, plugin) format them and decide what a run's outcome is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, printed as `path:line: field: message (got X)`.

    A problem in a file has its path and line. One with no line of its own has line 0 and
    prints as `path: field: ...`; one about a command-line argument has no path either and
    prints as `field: ...` (the field names the argument, e.g. `--output`).
    """

    path: str
    line: int
    field: str
    message: str
    got: str | None = None
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def where(self) -> str:
        """`path:line: `, `path: ` or nothing, as much as the problem knows."""
        if self.path and self.line:
            return f"{self.path}:{self.line}: "
        return f"{self.path}: " if self.path else ""

    def format(self) -> str:
        """The one-line form authors read; warnings say so after the position.

        One line whatever the parts hold: a line break in a file name, a key or a value is
        printed escaped, so that no half of a message ever stands on a line of its own.
        """
        kind = "warning: " if self.severity == WARNING else ""
        got = f" (got {self.got})" if self.got is not None else ""
        return one_line(f"{self.where}{kind}{self.field}: {self.message}{got}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path or None,
            "line": self.line or None,
            "field": self.field,
            "message": self.message,
            "got": self.got,
            "severity": self.severity,
        }


class ProblemError(Exception):
    """Work that cannot go on (a template that cannot render, a PDF that cannot be made),
    carrying the problems that say why. Raised only where returning them is impossible; the
    edges catch it and print its problems like any others."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("\n".join(problem.format() for problem in problems))
        self.problems = list(problems)


_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def one_line(text: str) -> str:
    """`text` with every line break and control character escaped (`\\n`, `\\x0b`, `\\u2028`)."""
    return _BREAKS.sub(lambda m: _NAMED.get(m.group()) or _escaped(m.group()), text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def show(value: object) -> str:
    """How an offending value is quoted in a message: short, one line, type visible."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return '"' + one_line(text.replace('"', '\\"')) + '"'
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def did_you_mean(word: object, known: Iterable[str], quote: str = '"') -> str:
    """A `; did you mean "x"?` suffix when a known name is close to the unknown one."""
    if not isinstance(word, str):
        return ""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {quote}{matches[0]}{quote}?" if matches else ""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file and line order, each once."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line, p.field, p.message, p.got or ""))
