"""The Jinja2 templates of site pages and packets: built-in ones, overridden by the theme's.

A project replaces any built-in template by a file of the same name in `theme/site/` or
`theme/packet/`. A template that cannot render (most likely such an override) is one located
problem, `theme/packet/cover.html:3: template: ...`, however it fails: a syntax error carries
its line, an undefined name has it in the traceback, whose frames Jinja maps to the template.
"""

from __future__ import annotations

import functools
import re
import traceback
from pathlib import Path

import jinja2
from markupsafe import Markup

from .problems import Problem, ProblemError


@functools.lru_cache(maxsize=16)
def environment(folder: str, overrides: Path | None, **options) -> jinja2.Environment:
    """The templates in the package's `templates/<folder>/`, with `overrides` first."""
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("mkdocs_curriculum",
                                                             f"templates/{folder}")]
    if overrides is not None and overrides.is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(str(overrides)))
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), trim_blocks=True,
                              lstrip_blocks=True, undefined=jinja2.StrictUndefined, **options)


def render(env: jinja2.Environment, name: str, root: Path, **context: object) -> str:
    """Template `name` with `context`; a failure raises ProblemError, located in `root`."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as err:
        raise ProblemError(template_problem(err, name, root)) from None


def template_problem(err: jinja2.TemplateError, name: str, root: Path) -> Problem:
    """The failing template and line, relative to the project where it lies in it."""
    line = getattr(err, "lineno", None)
    filename = getattr(err, "filename", None)
    if line is None:  # raised while rendering: the innermost template frame has the line
        frames = [frame for frame in traceback.extract_tb(err.__traceback__)
                  if not frame.filename.endswith(".py") and not frame.filename.startswith("<")]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    path = Path(filename or name)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    return Problem(shown, line or 1, "template", err.message or str(err))


_CSS_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\a ", "<": "\\3c ",
                              ">": "\\3e "})
_FIELD = re.compile(r"\{(\w+)\}")


def css_content(pattern: str, **fields: str) -> Markup:
    """A label as a CSS `content` value: its text quoted, each `{field}` replaced by the CSS
    given for it: "Page {page} of {pages}" -> `"Page " counter(page) " of " counter(pages)`.
    The text cannot end the string, nor the `<style>` element it stands in."""
    parts, at = [], 0
    for match in _FIELD.finditer(pattern):
        parts += [_css_string(pattern[at:match.start()]), fields[match.group(1)]]
        at = match.end()
    parts.append(_css_string(pattern[at:]))
    return Markup(" ".join(part for part in parts if part))


def _css_string(text: str) -> str:
    return f'"{text.translate(_CSS_ESCAPES)}"' if text else ""
