"""The schema: each field declared once, read into clean values, reported at its line."""

from __future__ import annotations

import dataclasses

import pytest

from mkdocs_curriculum import model, schema
from mkdocs_curriculum.sources import YList, YMap

from helpers import MODULE_A, MODULE_B, problems_of

A = "modules/arriving/module.yml"

MODELS = {"curriculum": model.Curriculum, "module": model.Module, "path": model.LearningPath,
          "session": model.Session}
LOADED_AS_FILES = {"module": {"handouts"}, "session": {"blocks"}}
"""Keys the loader turns into something else (handout paths become documents, a session's
`blocks` its one day)."""


def ymap(**values) -> YMap:
    data = YMap(values)
    data.line, data.key_lines, data.value_lines = 1, {}, {}
    return data


def ylist(*items) -> YList:
    data = YList(items)
    data.line, data.lines = 1, [1] * len(items)
    return data


def read(spec: schema.Spec, value: object) -> tuple[object, list[str]]:
    problems: list = []
    clean = spec.read(value, schema.At("x.yml", 1, "field"), problems)
    return clean, [p.format() for p in problems]


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_every_field_of_a_kind_is_an_attribute_of_its_model(kind):
    attributes = {f.name for f in dataclasses.fields(MODELS[kind])}
    keys = set(schema.KINDS[kind].fields) - LOADED_AS_FILES.get(kind, set())
    assert keys <= attributes, f"add {sorted(keys - attributes)} to model.{MODELS[kind].__name__}"


def test_nested_mappings_build_their_model_from_defaults_alone():
    for spec in (schema.MATERIAL, schema.ACTIVITY, schema.STEP, schema.BLOCK, schema.DAY,
                 schema.MODULE.fields["group_size"], schema.CURRICULUM.fields["defaults"]):
        clean, _ = read(spec, ymap())
        assert dataclasses.is_dataclass(clean)


def test_text_is_handed_back_stripped_and_a_bad_value_is_left_out():
    assert read(schema.Text(), "  Arriving \n") == ("Arriving", [])
    clean, problems = read(schema.Text(), 12)
    assert clean is schema.INVALID
    assert problems == ["x.yml:1: field: expected text (got 12)"]


def test_a_list_keeps_only_the_items_that_pass():
    clean, problems = read(schema.Items(schema.slug()), ylist("story", "Bad_One", "care"))
    assert clean == ["story", "care"]
    assert problems == ['x.yml:1: field[1]: expected a lowercase slug like \'story-of-self\''
                        ' (got "Bad_One")']
    indexed, _ = read(schema.Items(schema.Text(), indexed=True), ylist(3, "a.md"))
    assert indexed == [(1, "a.md")]


def test_a_mapping_reads_into_its_dataclass_with_only_the_fields_that_pass():
    clean, problems = read(schema.MATERIAL, ymap(item=" Cards ", quantity=0, per="group",
                                                 reusable=True))
    assert clean == model.Material(item="Cards", quantity=0, per="group", reusable=True)
    assert problems == ["x.yml:1: field.quantity: expected a whole number of at least 1 (got 0)"]


def test_a_block_is_one_of_its_kinds():
    assert read(schema.BLOCK, ymap(**{"break": 15}))[0] == model.Block("break", minutes=15)
    assert read(schema.BLOCK, ymap(module="arriving", title="First"))[0] == model.Block(
        "module", module="arriving", title="First")
    clean, problems = read(schema.BLOCK, ymap(module="arriving", closing=5))
    assert clean.kind == "invalid"
    assert problems == ["x.yml:1: field: a block needs exactly one of module, break, opening,"
                        " closing (got module, closing)"]


def test_check_reports_what_read_reports():
    value = ymap(title="T", steps=ylist(ymap(module="Nope")))
    assert [p.format() for p in schema.PATH.check(value, schema.At("p.yml", 1, ""))] == [
        "p.yml:1: audience: required field is missing",
        "p.yml:1: steps[0].module: expected a lowercase slug like 'story-of-self' (got \"Nope\")",
    ]


# ---- through a whole check: each mistake is one line at its value ----------------------


def test_unknown_key_suggests_the_close_one(tmp_path):
    text = MODULE_A.replace("summary:", "sumary:")
    assert problems_of(tmp_path, {A: text}) == [
        f'{A}:2: sumary: unknown key; did you mean "summary"? (got "sumary")',
    ]


def test_missing_required_field(tmp_path):
    text = MODULE_A.replace("summary: A first meeting.\n", "")
    assert problems_of(tmp_path, {A: text}) == [f"{A}:1: summary: required field is missing"]


def test_wrong_types_are_named(tmp_path):
    text = (MODULE_A.replace("duration: 30", "duration: thirty")
            .replace("minutes: 10", "minutes: -5")
            .replace("format: pairs", "format: pair"))
    assert problems_of(tmp_path, {A: text}) == [
        f'{A}:3: duration: expected a whole number of at least 1 (got "thirty")',
        f"{A}:18: activities[0].minutes: expected a whole number of at least 1 (got -5)",
        f'{A}:24: activities[1].format: expected one of whole-group | pairs | small-groups | solo;'
        f' did you mean "pairs"? (got "pair")',
    ]


def test_slugs(tmp_path):
    text = MODULE_A.replace("id: check-in", "id: Check_In")
    lines = problems_of(tmp_path, {A: text, "modules/Bad_Name/module.yml": MODULE_B})
    assert (f"{A}:16: activities[0].id: expected a lowercase slug like 'story-of-self'"
            ' (got "Check_In")') in lines
    assert ('modules/Bad_Name/module.yml:1: id: module id (the folder name) is not a lowercase slug'
            ' (got "Bad_Name")') in lines
