"""`curriculum new project` and `curriculum new module`: sources that pass `curriculum check`.

A new project is a whole curriculum (curriculum.yml, home and about pages, a general guide,
one module, one session, mkdocs.yml, the theme folder and the JSON Schemas) that passes
`curriculum check --strict` and `mkdocs build --strict` as it is. A new module takes its level,
audience and theme from the curriculum it is written into, and its text from the labels of the
curriculum's language. Everything is written under a temporary name and renamed into place,
so a failure never leaves half a project or module behind, and a refusal touches nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from .language import labels_for
from .layout import Layout, folder_problems
from .load import load_curriculum
from .problems import Problem, show
from .schema import CURRICULUM, At, id_problem, schema_files

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("mkdocs_curriculum", "templates/scaffold"),
    keep_trailing_newline=True,
    autoescape=False,  # YAML and Markdown, not HTML; text in YAML goes through tojson
)
_ENV.policies["json.dumps_kwargs"] = {"ensure_ascii": False}  # "Práctica", not "Pr\\u00e1ctica"

FILES = {
    "module.yml": "module.yml.j2",
    "overview.md": "overview.md.j2",
    "facilitator.md": "facilitator.md.j2",
    "handouts/worksheet.md": "worksheet.md.j2",
}
PROJECT = {
    "mkdocs.yml": "project/mkdocs.yml.j2",
    ".gitignore": "project/gitignore.j2",
    "curriculum/curriculum.yml": "project/curriculum.yml.j2",
    "curriculum/pages/index.md": "project/index.md.j2",
    "curriculum/pages/about.md": "project/about.md.j2",
    "curriculum/guides/ground-rules.md": "project/ground-rules.md.j2",
    "curriculum/sessions/first-session.yml": "project/session.yml.j2",
}
PROJECT_IDS = {"module": "welcome", "level": "foundation", "audience": "teams",
               "theme": "connection"}
"""The ids a new project starts with: its one module and the first key of each taxonomy."""
THEME_OWN = ("site", "packet")
"""Folders of the package's theme that hold one curriculum's template overrides, not the
theme itself: a new project starts without them."""


def new_project(target: Path, title: str | None) -> tuple[Path, list[Problem]]:
    """Write a new curriculum into `target` (a new or empty folder); return its path and the
    problems that refused it, if any."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return target, [Problem("", 0, "DIR", "already exists and is not an empty folder;"
                                " choose a new one", f'"{target}"')]
    blocked = folder_problems(target, "", 0, "DIR", f'"{target}"')
    if blocked:
        return target, blocked
    context = {"title": title or target.resolve().name.replace("-", " ").capitalize(),
               **PROJECT_IDS}
    refused = _title_problems(context["title"])
    if refused:
        return target, refused
    module = {**_module_context(context["title"], PROJECT_IDS, None), "title": "Welcome"}
    with _staging(target) as staging:
        _render_files(staging, PROJECT, context)
        _render_files(staging / "modules" / PROJECT_IDS["module"], FILES, module)
        _copy_tree(resources.files(__package__).joinpath("theme"), staging / "theme",
                   skip=THEME_OWN)
        for name, text in schema_files().items():
            _write(staging / "schema" / name, text)
    return target, []


def new_module(layout: Layout, module_id: str, title: str | None) -> tuple[Path, list[Problem]]:
    """Create modules/<id>/; return its path and the problems that refused it, if any."""
    target = layout.modules_dir / module_id
    wrong = id_problem(module_id)
    if wrong:
        message = (f"module id {wrong}; use letters, digits and single hyphens,"
                   " like 'story-of-self'")
        return target, [Problem("", 0, "ID", message, show(module_id))]
    if target.exists():
        message = f"{layout.rel(target)}/ already exists; choose another id"
        return target, [Problem("", 0, "ID", message, f'"{module_id}"')]
    context, refused = _curriculum_context(layout, module_id, title)
    if refused:
        return target, refused
    with _staging(target) as staging:
        _render_files(staging, FILES, context)
    return target, []


def _curriculum_context(layout: Layout, module_id: str,
                        title: str | None) -> tuple[dict[str, object], list[Problem]]:
    """What a new module in this curriculum says: the first level, audience and theme that
    curriculum.yml names. Without them (no curriculum.yml, or one that names none), a module
    would hold ids that fail its check: that is the problem then."""
    root = layout.curriculum_dir / "curriculum.yml"
    if not root.is_file():
        return {}, [Problem(layout.rel(root), 0, "file", "not found: a new module takes its"
                            " level, audience and theme from curriculum.yml; start a"
                            " curriculum with `curriculum new project DIR`")]
    curriculum, _ = load_curriculum(layout)
    firsts = {kind: next(iter(getattr(curriculum, f"{kind}s")), None)
              for kind in ("level", "audience", "theme")}
    missing = [kind for kind, value in firsts.items() if value is None]
    if missing:
        return {}, [Problem(layout.rel(root), 1, f"{kind}s", "names none; a new module takes"
                            f" the first {kind} of curriculum.yml") for kind in missing]
    name = title or module_id.replace("-", " ").capitalize()
    return _module_context(name, firsts, curriculum.language), _title_problems(name)


def _title_problems(title: str) -> list[Problem]:
    """A title the new files could not pass check with (too long, blank), refused before
    anything is written: the schema's own rule for a title, at `--title`."""
    problems: list[Problem] = []
    CURRICULUM.fields["title"].read(title, At("", 0, "--title"), problems)
    return problems


def _module_context(title: str, ids: dict, language: str | None) -> dict[str, object]:
    """A module's text in the curriculum's language, with its title and taxonomy keys."""
    return {"t": labels_for(language), "title": title, "level": ids["level"],
            "audience": ids["audience"], "theme": ids["theme"]}


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A temporary folder beside `target` that becomes `target` when the block succeeds
    (`target` is then new, or an empty folder); on failure it is removed, with its files.

    An empty folder is filled, not replaced: it may be ".", where the user's shell stands
    (and "." or "x/.." cannot be removed or renamed onto)."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield folder
        if target.is_dir():
            for entry in folder.iterdir():
                entry.rename(target / entry.name)
        else:
            folder.rename(target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _render_files(folder: Path, files: dict[str, str], context: dict[str, object]) -> None:
    for name, template in files.items():
        _write(folder / name, _ENV.get_template(template).render(context))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy_tree(source: Traversable, target: Path, skip: tuple[str, ...] = ()) -> None:
    """The package's files under `source` (wherever the package lies: a folder or a zip)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name in skip or entry.name.startswith("."):
            continue
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())
