"""The architecture as a test: the parts the package docstring names, and the lines between them.

Every import of every module (at the top or inside a function) is read with `ast`. A line is
crossed when the core imports MkDocs, the core imports a face (the CLI, the plugin or their
mkdocs.yml reader), assembly imports rendering, or loading imports rendering.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import mkdocs_curriculum

PACKAGE = Path(mkdocs_curriculum.__file__).parent
_PART_LINE = re.compile(r"^  (\w+) +(\w+(?: \w+)*)$")
_MORE_LINE = re.compile(r"^ +\+ (\w+(?: \w+)*)$")


def parts() -> dict[str, set[str]]:
    """Part name -> its modules, as the package docstring lists them."""
    found: dict[str, set[str]] = {}
    for line in (mkdocs_curriculum.__doc__ or "").splitlines():
        match, more = _PART_LINE.match(line), _MORE_LINE.match(line)
        if match:
            part = match.group(1)
            found[part] = set(match.group(2).split())
        elif more:
            found[part] |= set(more.group(1).split())
    return found


PARTS = parts()
MODULES = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
CORE = MODULES - PARTS.get("faces", set())
RENDERING = PARTS.get("site", set()) | PARTS.get("packets", set())


def imports(module: str) -> set[str]:
    """What `module` imports: our modules by name (`load`), others by full name (`mkdocs.x`)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module or "")
        elif isinstance(node, ast.ImportFrom):  # relative: ours
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found |= {name.split(".")[0] for name in names}
    return found


def crossings(importers: set[str], forbidden) -> list[str]:
    """`importer -> imported` for every import of `importers` that `forbidden` refuses."""
    return sorted(f"{module} -> {name}" for module in importers for name in imports(module)
                  if forbidden(name))


def test_the_docstring_places_every_module_in_one_part():
    assert set(PARTS) == {"load", "rules", "assembly", "site", "packets", "faces"}
    placed = [module for modules in PARTS.values() for module in modules]
    assert sorted(placed) == sorted(MODULES), "place each module in one part of __init__.py"


def test_the_core_never_imports_mkdocs():
    assert crossings(CORE, lambda name: name == "mkdocs" or name.startswith("mkdocs.")) == []


def test_the_core_never_imports_the_faces():
    assert crossings(CORE, lambda name: name in PARTS["faces"]) == []


@pytest.mark.parametrize("part", ["assembly", "load"])
def test_assembly_and_loading_never_import_rendering(part):
    assert crossings(PARTS[part], lambda name: name in RENDERING) == []
