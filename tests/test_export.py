"""`curriculum export DIR`: a Markdown tree and mkdocs.yml that plain MkDocs builds alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from mkdocs_curriculum.cli import main

from helpers import (
    CIRCLE_SVG,
    LINKED,
    MKDOCS_YML,
    MODULE_A,
    dead_links,
    mkdocs_build,
    site_project,
)


def export(root: Path, target: Path) -> int:
    return main(["-f", str(root / "mkdocs.yml"), "export", str(target)])


def test_plain_mkdocs_builds_the_export_at_the_same_addresses(tmp_path):
    root = site_project(tmp_path / "project")
    out = tmp_path / "out"
    assert export(root, out) == 0
    config = yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["plugins"] == ["search"]
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "theme"
    done = mkdocs_build(out, "--strict")
    assert done.returncode == 0, done.stderr
    for address in ("", "about/", "catalog/", "modules/arriving/", "modules/arriving/guide/",
                    "modules/arriving/handouts/prompts/", "paths/first/", "sessions/morning/",
                    "guides/ground-rules/"):
        assert (out / "site" / address / "index.html").is_file(), address
    assert (out / "site/assets/javascripts/catalog.js").is_file()
    session = (out / "site/sessions/morning/index.html").read_text(encoding="utf-8")
    assert 'href="morning-facilitator.pdf"' in session


def test_the_export_holds_the_generated_pages_and_the_authors_pages(tmp_path):
    root = site_project(tmp_path / "project", {"curriculum/pages/resources.md": "# Resources\n"})
    out = tmp_path / "out"
    assert export(root, out) == 0
    docs = out / "docs"
    assert (docs / "modules/arriving/guide.md").read_text("utf-8").startswith(
        "---\ncurriculum: guide\n---\n\n# Facilitator guide: Arriving\n")
    assert (docs / "index.md").read_text("utf-8") == "# Home\n\nWelcome.\n"
    config = yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    titles = [next(iter(item)) if isinstance(item, dict) else item for item in config["nav"]]
    assert titles == ["Home", "Catalog", "Paths", "Modules", "Sessions", "Planner", "Guides",
                      "resources.md", "About"]  # the planner (issue 14) is in the navigation
    assert config["not_in_nav"] == ("/modules/*/guide.md\n/modules/*/handouts/\n"
                                    "/sessions/*/evaluation.md\n/sessions/*/run.md\n"
                                    "/sessions/*/screen.md\n/run/\n/screen/\n")


def test_tags_mkdocs_resolves_are_kept_as_written(tmp_path):
    root = site_project(tmp_path / "project")
    out = tmp_path / "out"
    assert export(root, out) == 0
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji ''" in text
    assert "analytics_id: !ENV\n  - TINY_ANALYTICS\n  - none" in text


def test_export_refuses_a_folder_inside_the_sources(tmp_path, capsys):
    root = site_project(tmp_path / "project")
    for inside in ("modules/out", "curriculum", "theme/x", "curriculum/pages/out", "."):
        assert export(root, root / inside) == 1
        assert "overlaps the source folder" in capsys.readouterr().out
    assert not (root / "modules" / "out").exists()


def test_export_refuses_a_folder_with_other_files_but_replaces_an_earlier_export(tmp_path,
                                                                                 capsys):
    root = site_project(tmp_path / "project")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert export(root, other) == 1
    assert "holds files that no earlier export wrote" in capsys.readouterr().out
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"

    out = tmp_path / "out"
    assert export(root, out) == 0
    assert (out / "docs/modules/telling/index.md").is_file()
    path = "title: First path\naudience: students\nsteps:\n  - module: arriving\n"
    site_project(root, {"curriculum/paths/first.yml": path,
                   "curriculum/sessions/morning.yml": (
                       "title: Morning\ngroup_size: 8\nblocks:\n  - module: arriving\n")})
    for name in ("module.yml", "overview.md", "facilitator.md"):
        (root / "modules/telling" / name).unlink()
    (root / "modules/telling").rmdir()
    assert export(root, out) == 0
    assert not (out / "docs/modules/telling").exists()


def test_export_with_errors_writes_nothing(tmp_path, capsys):
    root = site_project(tmp_path / "project", {
        "modules/arriving/module.yml": MODULE_A.replace("duration: 30", "duration: 31")})
    out = tmp_path / "out"
    assert export(root, out) == 1
    captured = capsys.readouterr()
    assert "modules/arriving/module.yml:3: duration: activities add up to 30 minutes" \
           in captured.out
    assert "nothing exported" in captured.err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["project"]  # no staging folder left


def test_export_with_a_broken_page_template_writes_nothing(tmp_path, capsys):
    root = site_project(tmp_path / "project", {"theme/site/module.md.j2": "{% if %}\n"})
    out = tmp_path / "out"
    assert export(root, out) == 1
    assert "theme/site/module.md.j2:1: template: " in capsys.readouterr().out
    assert not out.exists()


def test_the_export_carries_figures_and_links_that_plain_mkdocs_follows(tmp_path):
    root = site_project(tmp_path / "project", LINKED)
    out = tmp_path / "out"
    assert export(root, out) == 0
    docs = out / "docs"
    assert (docs / "modules/arriving/fig/circle.svg").read_text("utf-8") == CIRCLE_SVG
    assert (docs / "modules/arriving/reading.txt").is_file()
    assert (docs / "guides/fig/map.svg").is_file()
    guide = (docs / "modules/arriving/guide.md").read_text("utf-8")
    assert "[Telling](../telling/guide.md#tell)" in guide
    assert '<a href="../../telling/">Telling, raw</a>' in guide
    home = (docs / "index.md").read_text("utf-8")
    assert "[Arriving](modules/arriving/index.md)" in home
    assert "[the rules](guides/ground-rules.md)" in home
    assert (root / "curriculum/pages/index.md").read_text("utf-8") == \
        LINKED["curriculum/pages/index.md"]  # the source is left as written
    assert (docs / "sessions/morning/morning-facilitator.pdf").read_bytes().startswith(b"%PDF")
    done = mkdocs_build(out, "--strict")
    assert done.returncode == 0, done.stderr
    assert dead_links(out / "site") == []  # the packets the session page links are there


def test_without_packets_the_exported_session_page_links_none(tmp_path):
    config = MKDOCS_YML.replace("  - curriculum\n", "  - curriculum:\n      packets: false\n")
    root = site_project(tmp_path / "project", {"mkdocs.yml": config})
    out = tmp_path / "out"
    assert export(root, out) == 0
    # no packets: the session's folder holds only its pages (evaluation form, run of show,
    # screen for the room)
    assert sorted(p.name for p in (out / "docs/sessions/morning").iterdir()) == [
        "evaluation.md", "run.md", "screen.md"]
    session = (out / "docs/sessions/morning.md").read_text("utf-8")
    assert ".pdf" not in session and "Packets" not in session
    assert mkdocs_build(out, "--strict").returncode == 0
    assert dead_links(out / "site") == []


def earlier_versions_export(root: Path, out: Path) -> None:
    """An export in `out` as an earlier version wrote it (its marker lists no files), with the
    user's `.git` in it."""
    assert export(root, out) == 0
    (out / ".curriculum-export").write_text("written by `curriculum export`\n", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")


def test_re_exporting_over_an_export_of_an_earlier_version_loses_no_file(tmp_path, capsys):
    """An earlier version's marker lists no files. Exporting over such an export replaced the
    folder whole: the user's `.git` and notes in it were deleted without a word."""
    root = site_project(tmp_path / "project")
    out = tmp_path / "out"
    earlier_versions_export(root, out)
    (out / ".git/refs/tags").mkdir(parents=True)
    (out / "docs/deploy-notes.md").write_text("mine\n", encoding="utf-8")
    capsys.readouterr()
    assert export(root, out) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("warning: DIR: kept what the earlier export (of an earlier"
                              " version) holds and this one does not write (.git/,"
                              " docs/deploy-notes.md)"), printed
    assert (out / ".git/HEAD").is_file() and (out / ".git/refs/tags").is_dir()
    assert (out / "docs/deploy-notes.md").read_text(encoding="utf-8") == "mine\n"
    assert (out / "docs/modules/telling/index.md").is_file()
    assert export(root, out) == 1  # the new marker lists its files: the user's are named
    assert "holds files the earlier export did not write (.git/HEAD, docs/deploy-notes.md)" \
        in capsys.readouterr().out


def test_export_fills_an_empty_folder_and_reads_a_damaged_marker_without_a_traceback(
        tmp_path, capsys):
    """An empty folder made for the export, and an earlier export whose marker is not text,
    crashed with FileNotFoundError and UnicodeDecodeError while looking for the user's files."""
    root = site_project(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    assert export(root, out) == 0
    assert (out / "docs/modules/telling/index.md").is_file()
    (out / ".curriculum-export").write_bytes(b"written by `curriculum export`:\n\xff\xfe\n")
    capsys.readouterr()
    assert export(root, out) == 1  # the marker lists none of the files: they may be the user's
    assert "holds files the earlier export did not write (docs/" in capsys.readouterr().out


def test_an_earlier_versions_file_where_this_export_writes_a_folder_loses_nothing(tmp_path,
                                                                                  capsys):
    """The user's `.git` was moved into the new export, then moving a file onto the folder
    this export writes in its place failed, and the new export, `.git` in it, was deleted."""
    root = site_project(tmp_path / "project")
    out = tmp_path / "out"
    earlier_versions_export(root, out)
    shutil.rmtree(out / "docs/modules/telling")
    (out / "docs/modules/telling").write_text("an earlier page\n", encoding="utf-8")
    capsys.readouterr()
    assert export(root, out) == 1
    printed = capsys.readouterr().out
    assert printed.startswith("DIR: holds docs/modules/telling, which the earlier export (of an"
                              " earlier version) holds and this one writes a folder in the"
                              " place of; move it out"), printed
    assert (out / ".git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert (out / "docs/modules/telling").read_text(encoding="utf-8") == "an earlier page\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging
