"""`curriculum new module`: a module folder that passes `curriculum check` as it is.

The folder is written under a temporary name and renamed into place, so a failure never
leaves half a module behind; a bad id or an existing folder touches nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import jinja2

from .language import labels_for
from .layout import Layout
from .load import load_curriculum
from .problems import Problem, show
from .schema import id_problem

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
    context = _context(layout, module_id, title)
    layout.modules_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{module_id}-", dir=layout.modules_dir))
    try:
        for name, template in FILES.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_ENV.get_template(template).render(context), encoding="utf-8")
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target, []


def _context(layout: Layout, module_id: str, title: str | None) -> dict[str, object]:
    """Taxonomy keys the new module can use (the first of each in curriculum.yml) and the
    labels of the curriculum's language, in which the new module's text is written."""
    curriculum, _ = load_curriculum(layout)

    def first(labels: dict[str, str], fallback: str) -> str:
        return next(iter(labels), fallback)

    return {
        "t": labels_for(curriculum.language),
        "title": title or module_id.replace("-", " ").capitalize(),
        "level": first(curriculum.levels, "foundation"),
        "audience": first(curriculum.audiences, "teams"),
        "theme": first(curriculum.themes, "connection"),
    }
