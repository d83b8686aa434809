"""Validation rules: each mistake gives exactly one message at the line of the value."""

from __future__ import annotations

from helpers import MODULE_A, MODULE_B, problems_of

A = "modules/arriving/module.yml"
B = "modules/telling/module.yml"
PATH = "curriculum/paths/first.yml"
SESSION = "curriculum/sessions/morning.yml"


def only(tmp_path, changes):
    return problems_of(tmp_path, changes)


def test_the_tiny_curriculum_is_clean(tmp_path):
    assert only(tmp_path, {}) == []


def test_unknown_taxonomy_keys_suggest(tmp_path):
    text = (MODULE_A.replace("level: foundation", "level: foundaton")
            .replace("audiences: [students, teams]", "audiences: [students, team]"))
    assert only(tmp_path, {A: text}) == [
        f'{A}:4: level: unknown level; did you mean "foundation"? (got "foundaton")',
        f'{A}:5: audiences[1]: unknown audience; did you mean "teams"? (got "team")',
    ]


def test_duration_must_equal_activity_minutes(tmp_path):
    text = MODULE_A.replace("duration: 30", "duration: 35")
    assert only(tmp_path, {A: text}) == [
        f"{A}:3: duration: activities add up to 30 minutes, not the duration (got 35)"
    ]


def test_unknown_prerequisite_and_self_reference(tmp_path):
    text = MODULE_B.replace("prerequisites: [arriving]",
                            "prerequisites:\n  - arriveing\n  - telling")
    assert only(tmp_path, {B: text}) == [
        f'{B}:9: prerequisites[0]: unknown module; did you mean "arriving"? (got "arriveing")',
        f'{B}:10: prerequisites[1]: a module cannot be its own prerequisite (got "telling")',
    ]


def test_prerequisite_cycle_is_reported_once(tmp_path):
    text = MODULE_A.replace("prerequisites: []", "prerequisites: [telling]")
    lines = only(tmp_path, {A: text})
    assert f"{A}:8: prerequisites[0]: prerequisites form a cycle: arriving -> telling -> arriving" \
        ' (got "telling")' in lines
    assert sum("cycle" in line for line in lines) == 1


def test_every_activity_needs_a_guide_section_and_every_section_an_activity(tmp_path):
    guide = "## Check-in {#check-in}\n\n## Pairs {#pair}\n"
    assert only(tmp_path, {"modules/arriving/facilitator.md": guide}) == [
        "modules/arriving/facilitator.md:3: heading: {#pair} names no activity of this module;"
        ' did you mean "pairs"? (got "pair")',
    ]
    guide = "## Check-in {#check-in}\n\n## Wrap-up {#wrap-up}\n"
    assert only(tmp_path, {"modules/arriving/facilitator.md": guide}) == [
        "modules/arriving/facilitator.md:3: heading: {#wrap-up} names no activity of this module"
        ' (got "wrap-up")',
        f"{A}:21: activities[1].id: no section in facilitator.md; add '## Pair talk {{#pairs}}'"
        ' (got "pairs")',
    ]


def test_handout_paths_stay_inside_the_module(tmp_path):
    text = MODULE_A.replace("  - handouts/prompts.md",
                            "  - ../telling/overview.md\n  - handouts/none.md")
    unlisted = {"modules/arriving/handouts/prompts.md": None}  # else: "not published"
    assert only(tmp_path, {A: text, **unlisted}) == [
        f"{A}:27: handouts[0]: must be a path inside the module folder"
        ' (got "../telling/overview.md")',
        f'{A}:28: handouts[1]: file not found in the module folder (got "handouts/none.md")',
    ]


def test_material_group_size_only_with_per_group(tmp_path):
    text = MODULE_A.replace("{item: Timer, quantity: 1, per: session}",
                            "{item: Timer, quantity: 1, per: session, group_size: 3}")
    assert only(tmp_path, {A: text}) == [
        f"{A}:14: materials[2].group_size: only applies to materials with per: group (got 3)"
    ]


def test_group_size_min_above_max(tmp_path):
    text = MODULE_A.replace("{min: 4, max: 12}", "{min: 14, max: 12}")
    lines = only(tmp_path, {A: text})
    assert f"{A}:7: group_size.max: must be at least group_size.min (14) (got 12)" in lines


def test_path_rules(tmp_path):
    path = ("title: P\naudience: student\nsteps:\n  - module: telling\n  - module: arriving\n"
            "  - module: arriving\n  - module: nope\n")
    assert only(tmp_path, {PATH: path}) == [
        f'{PATH}:2: audience: unknown audience; did you mean "students"? (got "student")',
        f'{PATH}:4: steps[0].module: prerequisite(s) arriving must come earlier in the path'
        ' (got "telling")',
        f'{PATH}:6: steps[2].module: module is listed twice in this path (got "arriving")',
        f'{PATH}:7: steps[3].module: unknown module (got "nope")',
    ]


def test_path_audience_mismatch_is_a_warning(tmp_path):
    path = "title: P\naudience: teams\nsteps:\n  - module: arriving\n  - module: telling\n"
    assert only(tmp_path, {PATH: path}) == [
        f"{PATH}:5: warning: steps[1].module: module is not meant for this path's audience (teams)"
        ' (got "telling")'
    ]


def test_session_overrun_and_block_problems(tmp_path):
    session = ('title: S\nstart: "9am"\nlength: 50\nblocks:\n  - opening: 5\n  - module: arivving\n'
               "  - module: arriving\n  - break: 0\n  - module: telling\n  - lunch: 30\n"
               "guides: [ground-rule]\n")
    assert only(tmp_path, {SESSION: session}) == [
        f'{SESSION}:2: start: expected a 24-hour clock time in quotes, like "09:00" (got "9am")',
        f"{SESSION}:3: length: blocks take 55 minutes, 5 more than the declared length (got 50)",
        f'{SESSION}:6: blocks[1].module: unknown module; did you mean "arriving"? (got "arivving")',
        f"{SESSION}:8: blocks[3].break: expected a whole number of at least 1 (got 0)",
        f"{SESSION}:10: blocks[5]: a block needs exactly one of module, break, opening, closing"
        " (got nothing)",
        f'{SESSION}:10: blocks[5].lunch: unknown key (got "lunch")',
        f'{SESSION}:11: guides[0]: unknown guide; did you mean "ground-rules"? (got "ground-rule")',
    ]


def test_group_size_outside_module_range_is_a_warning(tmp_path):
    session = "title: S\ngroup_size: 30\nblocks:\n  - module: arriving\n"
    assert only(tmp_path, {SESSION: session}) == [
        f"{SESSION}:4: warning: blocks[0].module: group size 30 is outside this module's range"
        ' 4-12 (got "arriving")',
    ]



def test_a_range_with_a_wrong_end_is_printed_without_it(tmp_path):
    """With `max: .inf` (an error at the module) the warning said "range 4-None"."""
    session = "title: S\ngroup_size: 3\nblocks:\n  - module: arriving\n"
    module = MODULE_A.replace("max: 12", "max: .inf")
    assert "max: .inf" in module
    problems = only(tmp_path, {SESSION: session, "modules/arriving/module.yml": module})
    assert f"{SESSION}:4: warning: blocks[0].module: group size 3 is outside this module's" \
        ' range 4 or more (got "arriving")' in problems, problems

def test_a_prerequisite_later_or_missing_in_a_session_is_a_warning(tmp_path):
    later = "title: S\nblocks:\n  - module: telling\n  - break: 5\n  - module: arriving\n"
    assert only(tmp_path / "later", {SESSION: later}) == [
        f"{SESSION}:3: warning: blocks[0].module: prerequisite arriving comes later in this"
        ' session; move it before this module (got "telling")',
    ]
    missing = "title: S\nblocks:\n  - module: telling\n"
    assert only(tmp_path / "missing", {SESSION: missing}) == [
        f"{SESSION}:3: warning: blocks[0].module: prerequisite arriving is not in this session;"
        " add it before this module, or name it in done_before if the participants have done"
        ' it (got "telling")',
    ]


def test_done_before_names_modules_a_group_has_done(tmp_path):
    done = "title: S\ndone_before: [arriving]\nblocks:\n  - module: telling\n"
    assert only(tmp_path / "done", {SESSION: done}) == []
    typo = "title: S\ndone_before: [arrivng]\nblocks:\n  - module: telling\n"
    assert only(tmp_path / "typo", {SESSION: typo}) == [
        f'{SESSION}:2: done_before[0]: unknown module; did you mean "arriving"? (got "arrivng")',
        f"{SESSION}:4: warning: blocks[0].module: prerequisite arriving is not in this session;"
        " add it before this module, or name it in done_before if the participants have done"
        ' it (got "telling")',
    ]


def test_ten_mistakes_give_ten_lines(tmp_path):
    module_a = (MODULE_A.replace("level: foundation", "level: basic")
                .replace("minutes: 20", "minutes: 25")
                .replace("per: session", "per: room")
                .replace("title: Check-in", "titel: Check-in"))
    module_b = MODULE_B.replace("themes: [story]", "themes: [stories]")
    path = "title: P\naudience: students\nsteps:\n  - module: telling\n  - module: arriving\n"
    session = "title: S\nlength: 30\nstart: 9\nblocks:\n  - module: arriving\n  - break: 5\n"
    lines = only(tmp_path, {
        A: module_a, B: module_b, PATH: path, SESSION: session,
        "modules/arriving/handouts/prompts.md": "no title\n",
        "modules/telling/facilitator.md": "## Tell {#tel}\n",
    })
    assert lines == [
        f"{PATH}:4: steps[0].module: prerequisite(s) arriving must come earlier in the path"
        ' (got "telling")',
        f"{SESSION}:2: length: blocks take 35 minutes, 5 more than the declared length (got 30)",
        f'{SESSION}:3: start: expected a 24-hour clock time in quotes, like "09:00" (got 9)',
        "modules/arriving/handouts/prompts.md:1: title: must begin with a '# Title' line"
        ' (got "no title")',
        f"{A}:3: duration: activities add up to 35 minutes, not the duration (got 30)",
        f'{A}:4: level: unknown level (got "basic")',
        f"{A}:14: materials[2].per: expected one of participant | group | session (got \"room\")",
        f'{A}:17: activities[0].titel: unknown key; did you mean "title"? (got "titel")',
        "modules/telling/facilitator.md:1: heading: {#tel} names no activity of this module;"
        ' did you mean "tell"? (got "tel")',
        f'{B}:6: themes[0]: unknown theme; did you mean "story"? (got "stories")',
    ]
