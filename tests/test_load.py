"""Loading: every value keeps its line; broken files become problems, never crashes."""

from __future__ import annotations

from mkdocs_curriculum.load import load_curriculum

from helpers import MODULE_A, problems_of, write_project

YML = "modules/arriving/module.yml"


def test_valid_curriculum_loads_with_positions(tmp_path):
    curriculum, problems = load_curriculum(write_project(tmp_path))
    assert problems == []
    module = curriculum.modules["arriving"]
    assert module.title == "Arriving"
    assert module.line("duration") == 3
    assert module.line("activities[1].minutes") == 23
    assert [h.id for h in module.handouts] == ["prompts"]
    assert module.handouts[0].title == "Prompts"
    assert curriculum.sessions["morning"].group_size == 8
    assert curriculum.paths["first"].steps[1].note == "Later."


def test_session_defaults_come_from_curriculum(tmp_path):
    session = 'title: S\nblocks:\n  - module: arriving\n'
    curriculum, _ = load_curriculum(write_project(tmp_path, {"curriculum/sessions/s.yml": session}))
    assert curriculum.sessions["s"].start == "09:00"
    assert curriculum.sessions["s"].group_size == 10


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
    from mkdocs_curriculum.validate import check_project

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


def test_missing_module_files_point_at_module_yml(tmp_path):
    lines = problems_of(tmp_path, {"modules/arriving/overview.md": None,
                                   "modules/arriving/facilitator.md": None,
                                   "modules/empty/keep.txt": ""})
    assert lines == [
        f"{YML}:1: facilitator.md: file not found in the module folder",
        f"{YML}:1: overview.md: file not found in the module folder",
        "modules/empty/module.yml:1: module.yml: file not found; every module folder needs one",
    ]


def test_missing_curriculum_yml(tmp_path):
    lines = problems_of(tmp_path, {"curriculum/curriculum.yml": None})
    assert "curriculum/curriculum.yml:1: file: file not found" in lines


def test_handout_and_guide_need_a_title_line(tmp_path):
    lines = problems_of(tmp_path, {
        "modules/arriving/handouts/prompts.md": "Prompts\n",
        "curriculum/guides/ground-rules.md": "\n\n## Not a title\n",
    })
    assert lines == [
        "curriculum/guides/ground-rules.md:3: title: must begin with a '# Title' line"
        ' (got "## Not a title")',
        "modules/arriving/handouts/prompts.md:1: title: must begin with a '# Title' line"
        ' (got "Prompts")',
    ]


def test_headings_in_code_fences_do_not_count(tmp_path):
    guide = "```\n## Fake {#nothing}\n```\n## Check-in {#check-in}\n## Pair talk {#pairs}\n"
    assert problems_of(tmp_path, {"modules/arriving/facilitator.md": guide}) == []


def test_a_fence_closes_only_with_a_bare_fence_at_least_as_long(tmp_path):
    guide = ("````\n## Fake {#one}\n```\n## Fake {#two}\n```` not a close\n## Fake {#three}\n"
             "````\n## Check-in {#check-in}\n~~~\n## Fake {#four}\n~~~\n## Pair talk {#pairs}\n")
    assert problems_of(tmp_path, {"modules/arriving/facilitator.md": guide}) == []
