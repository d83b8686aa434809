"""Reading source files: YAML with the line of every value; a broken file is a problem, never a
crash (tabs, anchors and aliases, duplicate keys, bad encodings, huge files, bad syntax)."""

from __future__ import annotations

from mkdocs_curriculum.sources import YList, YMap, load_yaml, read_text
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_A, problems_of, write_project

YML = "modules/arriving/module.yml"


def test_every_key_value_and_item_remembers_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("# a comment\ntitle: T\nitems:\n  - a\n  - {b: 2}\n", encoding="utf-8")
    data, problems = load_yaml(path, "x.yml")
    assert problems == []
    assert isinstance(data, YMap) and isinstance(data["items"], YList)
    assert (data.line, data.key_line("items"), data.value_line("title")) == (2, 3, 2)
    assert [data["items"].item_line(i) for i in range(2)] == [4, 5]
    assert data["items"][1].value_line("b") == 5


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes("\ufeff# Title\n".encode())
    assert read_text(path, "x.md").text == "# Title\n"


def test_tabs_are_reported_per_line(tmp_path):
    text = MODULE_A.replace("level: foundation", "level:\tfoundation")
    assert problems_of(tmp_path, {YML: text}) == [
        f"{YML}:4: yaml: tab character; YAML must be indented with spaces"
        ' (got "level:\\tfoundation")'
    ]


def test_anchors_and_aliases_are_refused_without_expanding(tmp_path):
    text = MODULE_A.replace("themes: [connection]", "themes: &t [connection]\nx: *t")
    lines = problems_of(tmp_path, {YML: text})
    assert (f"{YML}:6: yaml: YAML anchors are not allowed; write the value out where it is used"
            " (got &t)") in lines
    assert f"{YML}:7: yaml: YAML aliases are not allowed; write the value out (got *t)" in lines


def test_billion_laughs_is_a_problem_not_a_memory_blow_up(tmp_path):
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    lines = problems_of(tmp_path, {YML: "\n".join(rows) + "\n"})
    assert all(line.startswith(YML) for line in lines)
    assert any("aliases are not allowed" in line for line in lines)


def test_duplicate_key_points_at_the_second(tmp_path):
    text = MODULE_A.replace("level: foundation", "level: foundation\nlevel: practice")
    assert f'{YML}:5: level: duplicate key; first given on line 4 (got "level")' in problems_of(
        tmp_path, {YML: text}
    )


def test_non_utf8_file_points_at_the_line(tmp_path):
    layout = write_project(tmp_path)
    (tmp_path / YML).write_bytes(MODULE_A.encode().replace(b"Arriving", b"Arriv\xe9ing"))
    _, problems = check_project(layout)
    assert [p.format() for p in problems] == [
        f"{YML}:1: file: file is not valid UTF-8 text (got byte 0xe9)"
    ]


def test_file_over_one_mebibyte_is_refused(tmp_path):
    big = MODULE_A + "# " + "x" * (1024 * 1024) + "\n"
    lines = problems_of(tmp_path, {YML: big})
    assert lines == [f"{YML}:1: file: file is larger than 1 MiB ({len(big)} bytes)"]


def test_syntax_error_has_a_line(tmp_path):
    text = MODULE_A.replace("duration: 30", "duration: [30")
    lines = problems_of(tmp_path, {YML: text})
    assert len(lines) == 1 and lines[0].startswith(f"{YML}:4: yaml: not valid YAML")


def test_empty_and_non_mapping_files(tmp_path):
    lines = problems_of(tmp_path, {YML: "", "curriculum/paths/first.yml": "- a\n- b\n"})
    assert f"{YML}:1: file: file is empty; expected a mapping of fields" in lines
    assert "curriculum/paths/first.yml:1: file: expected a mapping of fields (got a list)" in lines


def test_a_key_yaml_reads_as_no_text_is_named_as_written(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("null: 1\n~: 2\nno: 3\n1.50: 4\n", encoding="utf-8")
    data, problems = load_yaml(path, "x.yml")
    assert list(data) == ["null", "~", "no", "1.50"]
    assert problems == []


def test_an_unknown_null_key_is_reported_as_written(tmp_path):
    text = MODULE_A.replace("level: foundation", "level: foundation\nnull: x")
    assert f'{YML}:5: null: unknown key (got "null")' in problems_of(tmp_path, {YML: text})
