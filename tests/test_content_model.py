"""CONTENT-MODEL.md, the authors' reference, names every field the schemas know."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_curriculum.schema import KINDS, json_schema

REFERENCE = Path(__file__).resolve().parents[1] / "CONTENT-MODEL.md"


def field_names(schema: dict) -> set[str]:
    """Every property name of a JSON Schema, nested mappings and list items included."""
    names: set[str] = set()
    for name, spec in schema.get("properties", {}).items():
        names |= {name} | field_names(spec) | field_names(spec.get("items", {}))
    for choice in schema.get("oneOf", []):
        names |= field_names(choice)
    return names


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_reference_documents_every_field(kind):
    text = REFERENCE.read_text(encoding="utf-8")
    missing = sorted(name for name in field_names(json_schema(kind)) if f"`{name}`" not in text)
    assert missing == [], f"add {missing} ({kind}) to CONTENT-MODEL.md"


def test_the_readme_links_the_reference():
    readme = (REFERENCE.parent / "README.md").read_text(encoding="utf-8")
    assert "[CONTENT-MODEL.md](CONTENT-MODEL.md)" in readme
