"""Generate a curriculum of N modules from the sample, for benchmarks.

Module i is a copy of sample module (i mod 12) with the suffix `-b<batch>`; prerequisites
point into the same batch, and each complete batch gets copies of the sample's paths.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


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
    shutil.copytree(REPO / "curriculum" / "sessions", root / "curriculum" / "sessions")
    (root / "curriculum" / "paths").mkdir()
    made = set()
    for index in range(count):
        batch, name = divmod(index, len(SAMPLE_MODULES))
        made.add(_copy_module(root, SAMPLE_MODULES[name], batch, count))
    for batch in range(count // len(SAMPLE_MODULES)):
        _copy_paths(root, batch)
    return root


def _new_id(module_id: str, batch: int) -> str:
    return module_id if batch == 0 else f"{module_id}-b{batch}"


def _copy_module(root: Path, module_id: str, batch: int, count: int) -> str:
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
    return new_id


def _copy_paths(root: Path, batch: int) -> None:
    for path in sorted((REPO / "curriculum" / "paths").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if batch:
            text = re.sub(r"(module: )([a-z0-9-]+)", lambda m: m[1] + _new_id(m[2], batch), text)
        name = path.stem if batch == 0 else f"{path.stem}-b{batch}"
        (root / "curriculum" / "paths" / f"{name}.yml").write_text(text, encoding="utf-8")


