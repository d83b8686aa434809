"""The `curriculum` command as authors run it: output lines and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.schema import KINDS, json_schema

from helpers import MODULE_A, write_project

REPO = Path(__file__).resolve().parent.parent


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean_project_exits_0(tmp_path, capsys):
    write_project(tmp_path)
    code, out, err = run(capsys, "check", "-f", str(tmp_path / "mkdocs.yml"))
    assert (code, out) == (0, "")
    assert "no problems found" in err


def test_check_prints_problems_and_exits_1(tmp_path, capsys):
    write_project(tmp_path, {"modules/arriving/module.yml": MODULE_A.replace("level: foundation",
                                                                             "level: basic")})
    code, out, err = run(capsys, "-f", str(tmp_path / "mkdocs.yml"), "check")
    assert code == 1
    assert out == 'modules/arriving/module.yml:4: level: unknown level (got "basic")\n'
    assert "1 error(s), 0 warning(s)" in err


def test_a_config_file_that_is_not_utf8_is_named_with_its_line(tmp_path, capsys):
    write_project(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(config.read_bytes() + b"extra:\n  cafe: Caf\xe9\n")
    code, out, _ = run(capsys, "check", "-f", str(config))
    assert code == 1
    wanted = config.read_bytes().count(b"\n", 0, config.read_bytes().index(b"\xe9")) + 1
    assert (f"mkdocs.yml:{wanted}: file: file is not valid UTF-8 text (got byte 0xe9)"
            in out.splitlines())
    assert "codec" not in out


def test_warnings_fail_only_with_strict(tmp_path, capsys):
    session = "title: S\ngroup_size: 30\nblocks:\n  - module: arriving\n"
    write_project(tmp_path, {"curriculum/sessions/morning.yml": session})
    config = str(tmp_path / "mkdocs.yml")
    code, out, _ = run(capsys, "check", "-f", config)
    assert code == 0 and "warning: blocks[0].module" in out
    code, _, _ = run(capsys, "check", "-f", config, "--strict")
    assert code == 1


def test_json_and_github_formats(tmp_path, capsys):
    write_project(tmp_path, {"modules/arriving/module.yml": MODULE_A.replace("duration: 30",
                                                                             "duration: 31")})
    config = str(tmp_path / "mkdocs.yml")
    code, out, _ = run(capsys, "check", "-f", config, "--format", "json")
    assert code == 1
    assert json.loads(out) == [{
        "path": "modules/arriving/module.yml", "line": 3, "field": "duration",
        "message": "activities add up to 30 minutes, not the duration", "got": "31",
        "severity": "error",
    }]
    code, out, _ = run(capsys, "check", "-f", config, "--format", "github")
    assert out == ("::error file=modules/arriving/module.yml,line=3,title=duration::duration: "
                   "activities add up to 30 minutes, not the duration (got 31)\n")


def test_usage_errors_exit_2(tmp_path, capsys):
    assert _exit_code(["check", "--format", "xml"]) == 2
    assert _exit_code(["check", "-f", str(tmp_path / "missing.yml")]) == 2
    assert _exit_code([]) == 2


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code


def test_check_runs_from_the_project_folder_without_a_traceback(tmp_path):
    write_project(tmp_path, {"modules/arriving/module.yml": "title: [unclosed\n"})
    env = dict(os.environ, PYTHONPATH=str(REPO / "plugins"))
    result = subprocess.run([sys.executable, "-m", "mkdocs_curriculum.cli", "check"],
                            cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("modules/arriving/module.yml:1: yaml: not valid YAML")


def test_schema_writes_four_files_matching_the_published_ones(tmp_path, capsys):
    code, out, _ = run(capsys, "schema", "-o", str(tmp_path))
    assert code == 0
    for kind in KINDS:
        written = (tmp_path / f"{kind}.schema.json").read_text()
        assert json.loads(written) == json_schema(kind)
        published = REPO / "schema" / f"{kind}.schema.json"
        assert published.read_text() == written, f"run `make schema`: {published} is stale"


def test_new_module_passes_check_as_it_is(tmp_path, capsys):
    write_project(tmp_path)
    config = str(tmp_path / "mkdocs.yml")
    code, out, _ = run(capsys, "new", "module", "peer-huddle", "--title", 'Huddle: "five" min',
                       "-f", config)
    assert code == 0 and "modules/peer-huddle" in out
    folder = tmp_path / "modules" / "peer-huddle"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "facilitator.md", "handouts/worksheet.md", "module.yml", "overview.md"]
    assert (folder / "module.yml").read_text().startswith(
        "# yaml-language-server: $schema=../../schema/module.schema.json\n")
    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert (code, out) == (0, "")


def test_new_module_refuses_bad_slug_and_existing_folder(tmp_path, capsys):
    write_project(tmp_path)
    config = str(tmp_path / "mkdocs.yml")
    before = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    code, out, _ = run(capsys, "new", "module", "Peer_Huddle", "-f", config)
    assert code == 1 and "not a lowercase slug" in out
    code, out, _ = run(capsys, "new", "module", "arriving", "-f", config)
    assert code == 1 and "already exists" in out
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == before


def test_packet_command_shares_the_cache_the_plugin_is_told_to_use(tmp_path, capsys):
    config = ("site_name: Tiny\ndocs_dir: curriculum/pages\nsite_dir: public\nplugins:\n"
              "  - curriculum:\n      cache_dir: build-cache\n")
    write_project(tmp_path, {"mkdocs.yml": config})
    code, out, _ = run(capsys, "packet", "morning", "--edition", "participant",
                       "-f", str(tmp_path / "mkdocs.yml"))
    assert code == 0
    assert out.split() == [str(tmp_path / "public/packets/morning-participant.pdf"),
                           str(tmp_path / "public/packets/morning-participant.html")]
    assert len(list((tmp_path / "build-cache").glob("*.pdf"))) == 1


def test_a_project_folder_given_as_config_file_is_named_as_a_folder(tmp_path, capsys):
    """`-f project` (the folder, not its mkdocs.yml) said "project: file not found"."""
    write_project(tmp_path)
    code, out, err = run(capsys, "check", "-f", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"curriculum: error: {tmp_path}: is a folder; give the project's"
                   f" mkdocs.yml, like -f {tmp_path / 'mkdocs.yml'}\n")
