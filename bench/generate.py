"""Generate a curriculum of N modules from the sample, for benchmarks.

Module i is a copy of sample module (i mod 13, in prerequisite order) with the suffix
`-b<batch>`; prerequisites point into the same batch, and each complete batch gets copies of
the sample's paths. Each copy's Markdown documents say which copy they are (`_own_texts`), as
a real curriculum's documents differ: nothing keyed by a document's text alone can then take
one copy's work for another's and flatter the tool. The sample's sessions and its module
order keep only the modules made, so a curriculum smaller than the sample (a first batch cut
short) is valid too.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
MODULE_LINK = re.compile(r"(module: )([a-z0-9-]+)")
"""A module named in a path or session file (`module: <id>`)."""
FIRST_PROSE = re.compile(r"^([A-Za-z].*\S)$", re.MULTILINE)
"""A line of prose at the left margin (not a heading, list item, table, passage or blank)."""


def _in_prerequisite_order() -> list[str]:
    """Sample module ids with every prerequisite first, so a partial batch stays valid."""
    folders = sorted(p for p in (REPO / "modules").iterdir() if p.is_dir())
    needs = {f.name: yaml.safe_load((f / "module.yml").read_text())["prerequisites"] or []
             for f in folders}
    ordered: list[str] = []
    while len(ordered) < len(needs):
        ordered += [m for m in needs if m not in ordered and set(needs[m]) <= set(ordered)]
    return ordered


SAMPLE_MODULES = _in_prerequisite_order()


def generate(root: Path, count: int) -> Path:
    """Write mkdocs.yml, curriculum/ and `count` modules under root; return root."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "curriculum", root / "curriculum",
                    ignore=shutil.ignore_patterns("paths", "sessions"))
    (root / "curriculum" / "paths").mkdir()
    made = set()
    for index in range(count):
        batch, name = divmod(index, len(SAMPLE_MODULES))
        made.add(_copy_module(root, SAMPLE_MODULES[name], batch))
    for batch in range(count // len(SAMPLE_MODULES)):
        _copy_paths(root, batch)
    _copy_sessions(root, made)
    _keep_order(root / "curriculum" / "curriculum.yml", made)
    return root


def _new_id(module_id: str, batch: int) -> str:
    return module_id if batch == 0 else f"{module_id}-b{batch}"


def _copy_module(root: Path, module_id: str, batch: int) -> str:
    new_id = _new_id(module_id, batch)
    target = root / "modules" / new_id
    shutil.copytree(REPO / "modules" / module_id, target)
    yml = target / "module.yml"
    text = yml.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for prerequisite in data.get("prerequisites") or []:
        if batch:
            text = re.sub(rf"\b{prerequisite}\b(?!-)", _new_id(prerequisite, batch), text)
    text = text.replace(f"title: {data['title']}", f"title: {data['title']} ({batch + 1})", 1)
    yml.write_text(text, encoding="utf-8")
    if batch:
        _own_texts(target, batch)
    return new_id


def _own_texts(module: Path, batch: int) -> None:
    """Each Markdown document of a copied module gets the copy's number at the end of its
    first line of prose: the same structure and size, a text of its own."""
    for document in sorted(module.rglob("*.md")):
        text = document.read_text(encoding="utf-8")
        owned = FIRST_PROSE.sub(rf"\1 (copy {batch + 1})", text, count=1)
        document.write_text(owned, encoding="utf-8")


def _copy_paths(root: Path, batch: int) -> None:
    for path in sorted((REPO / "curriculum" / "paths").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if batch:
            text = MODULE_LINK.sub(lambda m: m[1] + _new_id(m[2], batch), text)
        name = path.stem if batch == 0 else f"{path.stem}-b{batch}"
        (root / "curriculum" / "paths" / f"{name}.yml").write_text(text, encoding="utf-8")


def _copy_sessions(root: Path, made: set[str]) -> None:
    """The sample's sessions whose every module was made (all of them from 13 modules up)."""
    sessions = root / "curriculum" / "sessions"
    sessions.mkdir()
    for session in sorted((REPO / "curriculum" / "sessions").glob("*.yml")):
        text = session.read_text(encoding="utf-8")
        if {m[2] for m in MODULE_LINK.finditer(text)} <= made:
            (sessions / session.name).write_text(text, encoding="utf-8")


def _keep_order(curriculum_yml: Path, made: set[str]) -> None:
    """curriculum.yml's `order` without the sample modules that were not made."""
    text = curriculum_yml.read_text(encoding="utf-8")
    for module_id in set(SAMPLE_MODULES) - made:
        text = re.sub(rf"^  - {module_id}\n", "", text, flags=re.MULTILINE)
    curriculum_yml.write_text(text, encoding="utf-8")
