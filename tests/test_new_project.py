"""`curriculum new project` and `curriculum new module`: new sources that pass their checks."""

from __future__ import annotations

import pytest

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.nav import site_nav
from mkdocs_curriculum.validate import check_project

from helpers import mkdocs_build


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("new") / "peer-support"
    assert main(["new", "project", str(root), "--title", "Peer Support for Nurses"]) == 0
    return root


def test_a_new_project_passes_check_strict(project, capsys):
    capsys.readouterr()
    assert main(["-f", str(project / "mkdocs.yml"), "check", "--strict"]) == 0
    assert capsys.readouterr().err == "curriculum: no problems found\n"
    curriculum, _ = check_project(read_layout(project / "mkdocs.yml")[0])
    assert curriculum.title == "Peer Support for Nurses"
    assert (list(curriculum.audiences), list(curriculum.themes), list(curriculum.levels)) == (
        ["teams"], ["connection"], ["foundation"])
    assert list(curriculum.modules) == ["welcome"] and list(curriculum.sessions) == [
        "first-session"]
    assert sorted(curriculum.pages) == ["about", "index"]


def test_a_new_project_builds_with_mkdocs_strict(project):
    done = mkdocs_build(project, "--strict")
    assert done.returncode == 0, done.stderr
    site = project / "site"
    for page in ("index.html", "about/index.html", "catalog/index.html",
                 "modules/welcome/index.html", "modules/welcome/guide/index.html",
                 "sessions/first-session/index.html", "guides/ground-rules/index.html"):
        assert (site / page).is_file(), page
    assert (site / "sessions/first-session/first-session-participant.pdf").is_file()
    assert (site / "assets/stylesheets/curriculum.css").is_file()  # the theme came along
    assert "Peer Support for Nurses" in (site / "index.html").read_text(encoding="utf-8")


def test_a_new_project_has_its_theme_and_schemas_and_no_sample_overrides(project):
    assert (project / "theme/main.html").is_file()
    assert not (project / "theme/site").exists() and not (project / "theme/packet").exists()
    assert sorted(p.name for p in (project / "schema").iterdir()) == [
        "curriculum.schema.json", "module.schema.json", "path.schema.json",
        "session.schema.json"]
    first_line = (project / "modules/welcome/module.yml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../schema/module.schema.json"


def test_a_new_project_refuses_a_folder_with_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n")
    assert main(["new", "project", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        f'DIR: already exists and is not an empty folder; choose a new one (got "{tmp_path}")\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_new_module_takes_the_curriculums_ids(project, tmp_path, capsys):
    config = ["-f", str(project / "mkdocs.yml")]
    assert main([*config, "new", "module", "listening", "--title", "Listening"]) == 0
    text = (project / "modules/listening/module.yml").read_text(encoding="utf-8")
    assert "level: foundation\n" in text and "audiences: [teams]\n" in text
    assert "themes: [connection]\n" in text
    capsys.readouterr()
    assert main([*config, "check", "--strict"]) == 0


def test_a_new_module_without_a_curriculum_says_so(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: Bare\ndocs_dir: curriculum/pages\n")
    assert main(["-f", str(tmp_path / "mkdocs.yml"), "new", "module", "listening"]) == 1
    assert capsys.readouterr().out == (
        "curriculum/curriculum.yml: file: not found: a new module takes its level, audience"
        " and theme from curriculum.yml; start a curriculum with"
        " `curriculum new project DIR`\n")
    assert not (tmp_path / "modules").exists()


def test_about_is_optional(project, tmp_path):
    (project / "curriculum/pages/about.md").unlink()
    try:
        curriculum, problems = check_project(read_layout(project / "mkdocs.yml")[0])
        assert [p.format() for p in problems] == []
        titles = [next(iter(item)) for item in site_nav(curriculum) if isinstance(item, dict)]
        assert "About" not in titles and titles[0] == "Home"
    finally:
        (project / "curriculum/pages/about.md").write_text("# About\n\nWhy.\n")


@pytest.mark.parametrize("title", ["x" * 201, "   "])
def test_a_title_check_would_refuse_writes_nothing(project, tmp_path, capsys, title):
    assert main(["new", "project", str(tmp_path / "new"), "--title", title]) == 1
    config = ["-f", str(project / "mkdocs.yml")]
    assert main([*config, "new", "module", "refused", "--title", title]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("--title: ") for line in out), out
    assert not (tmp_path / "new").exists() and not (project / "modules/refused").exists()


def test_a_new_project_under_a_file_is_named_as_such(tmp_path, capsys):
    """`new project notes.txt/course` said "cannot write the new project: File exists"."""
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["new", "project", str(tmp_path / "notes.txt" / "course")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"DIR: cannot be made: {tmp_path / 'notes.txt'} is a file, not a"
                          " folder (got "), out
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
