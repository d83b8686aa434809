"""Loading: every value keeps its line; missing files and titles are problems, never crashes."""

from __future__ import annotations

from mkdocs_curriculum.load import load_curriculum

from helpers import problems_of, write_project

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


def test_a_kept_load_reads_again_only_the_modules_whose_folder_changed(tmp_path):
    """Under `mkdocs serve` a rebuild keeps the modules whose folder and settings are as they
    were (the very objects), loads the others again, and every problem is still reported:
    those of a kept module too, and those the rules across modules find."""
    from mkdocs_curriculum.load import KeptModules
    from mkdocs_curriculum.validate import check_project

    layout = write_project(tmp_path, {
        "modules/arriving/overview.md": "## Why\n\nWrite to ann@example.org.\n"})
    kept = KeptModules()
    first, problems = check_project(layout, pooled=False, kept=kept)
    assert [p.field for p in problems] == ["identifier"]
    (tmp_path / "modules/telling/module.yml").write_text(
        (tmp_path / "modules/telling/module.yml").read_text("utf-8").replace(
            "prerequisites: [arriving]", "prerequisites: [arrivng]"), "utf-8")
    second, problems = check_project(layout, pooled=False, kept=kept)
    assert second.modules["arriving"] is first.modules["arriving"]
    assert second.modules["telling"] is not first.modules["telling"]
    assert second.modules["telling"].prerequisites == ["arrivng"]
    assert sorted(p.field for p in problems) == ["identifier", "prerequisites[0]"]
    (tmp_path / "curriculum/curriculum.yml").write_text(
        (tmp_path / "curriculum/curriculum.yml").read_text("utf-8") + "language: es\n", "utf-8")
    third, _ = check_project(layout, pooled=False, kept=kept)
    assert third.modules["arriving"] is not second.modules["arriving"]  # settings changed
    assert check_project(layout)[0] == third  # as a load from scratch
