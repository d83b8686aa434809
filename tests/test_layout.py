"""The layout: mkdocs.yml read as MkDocs reads it, one theme folder, outputs kept out of sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.config import read_layout

from helpers import FILES, write_project

PAGES = {"curriculum/pages/index.md": None, "curriculum/pages/about.md": None,
         "docs/index.md": FILES["curriculum/pages/index.md"],
         "docs/about.md": FILES["curriculum/pages/about.md"]}


def check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", "-f", str(root / "mkdocs.yml")])
    return code, capsys.readouterr().out.splitlines()


def test_without_docs_dir_the_pages_are_in_docs_as_mkdocs_reads_them(tmp_path, capsys):
    write_project(tmp_path, {"mkdocs.yml": "site_name: Tiny\nplugins:\n  - curriculum\n", **PAGES})
    assert check(tmp_path, capsys) == (0, [])
    (tmp_path / "docs" / "index.md").unlink()
    assert check(tmp_path, capsys) == (
        1, ["docs/index.md:1: file: file not found (the site needs it)"])


def test_the_command_and_the_plugin_see_the_same_layout(tmp_path):
    config = ("site_name: Tiny\ndocs_dir: pages\nsite_dir: public\ntheme:\n  name: mkdocs\n"
              "  custom_dir: look\nplugins:\n  - curriculum:\n      curriculum_dir: course\n"
              "      modules_dir: units\n      cache_dir: .pdf-cache\n")
    write_project(tmp_path, {"mkdocs.yml": config})
    (tmp_path / "pages").mkdir()
    (tmp_path / "look").mkdir()
    layout, problems = read_layout(tmp_path / "mkdocs.yml")
    assert problems == []
    mkdocs = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = mkdocs.plugins["curriculum"]
    with pytest.raises(PluginError):  # nothing is in course/ and units/: the layout is used
        plugin.on_config(mkdocs)
    assert plugin.layout == layout
    assert (layout.curriculum_dir, layout.modules_dir, layout.pages_dir, layout.site_dir,
            layout.theme_dir, layout.cache_dir) == tuple(
        tmp_path / name for name in ("course", "units", "pages", "public", "look", ".pdf-cache"))


def test_defaults_come_from_the_plugin_and_from_mkdocs(tmp_path):
    layout, problems = read_layout(tmp_path / "mkdocs.yml")  # no file at all
    assert problems == []
    assert layout.pages_dir == tmp_path / "docs" and layout.site_dir == tmp_path / "site"
    assert layout.curriculum_dir == tmp_path / "curriculum"
    assert layout.cache_dir == tmp_path / ".cache/curriculum-packets"
    assert layout.theme_dir == tmp_path / "theme"  # the one fallback when none is named
    assert layout.packet_templates == tmp_path / "theme/packet"


def test_plugin_options_are_checked_as_mkdocs_checks_them(tmp_path, capsys):
    config = ("site_name: Tiny\ndocs_dir: curriculum/pages\nplugins:\n  - search\n"
              "  - curriculum:\n      paper: a5\n      packets: 3\n      pappr: letter\n")
    write_project(tmp_path, {"mkdocs.yml": config})
    code, lines = check(tmp_path, capsys)
    assert code == 1
    assert lines == [
        "mkdocs.yml:6: plugins.curriculum.paper: Expected one of: ('a4', 'letter') but"
        " received: 'a5'",
        "mkdocs.yml:7: plugins.curriculum.packets: Expected type: <class 'bool'> but received:"
        " <class 'int'>",
        "mkdocs.yml:8: warning: plugins.curriculum.pappr: Unrecognised configuration name: pappr",
    ]


def test_a_broken_mkdocs_yml_is_a_located_problem(tmp_path, capsys):
    write_project(tmp_path, {"mkdocs.yml": "site_name: Tiny\nplugins: [curriculum\n"})
    code, lines = check(tmp_path, capsys)
    assert code == 1
    [line] = [line for line in lines if line.startswith("mkdocs.yml")]
    assert line.startswith("mkdocs.yml:2: yaml: not valid YAML")


@pytest.mark.parametrize("target", ["modules", "modules/arriving/x", "curriculum/pages",
                                    "theme/packet", ".", ".."])
def test_no_output_may_overlap_a_source_or_the_theme(tmp_path, target):
    layout = write_project(tmp_path / "p")
    problems = layout.output_problems(tmp_path / "p" / target, "", 0, "--output")
    assert len(problems) == 1
    assert problems[0].format().startswith("--output: overlaps the source folder ")
    assert problems[0].message.endswith("a build never writes into curriculum/, modules/,"
                                        " curriculum/pages/, theme/, so choose a folder outside"
                                        " them")


def test_an_output_beside_the_sources_is_fine_but_not_a_file(tmp_path):
    layout = write_project(tmp_path)
    assert layout.output_problems(tmp_path / "site", "", 0, "DIR") == []
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    [problem] = layout.output_problems(tmp_path / "notes.txt", "", 0, "DIR", '"notes.txt"')
    assert problem.format() == 'DIR: is a file, not a folder (got "notes.txt")'


def test_the_sites_address_is_read_for_links_from_packets(tmp_path):
    write_project(tmp_path, {"mkdocs.yml": "site_name: Tiny\nsite_url: https://example.org/c/\n"
                             "use_directory_urls: false\nplugins:\n  - curriculum\n"})
    web = read_layout(tmp_path / "mkdocs.yml")[0].web
    assert (web.site_url, web.directory_urls) == ("https://example.org/c/", False)
    assert web.url("guides/x.html") == "https://example.org/c/guides/x.html"
    write_project(tmp_path, {"mkdocs.yml": "site_name: Tiny\nsite_url: !ENV SITE\n"})
    assert read_layout(tmp_path / "mkdocs.yml")[0].web.url("x/") is None  # not resolved here
