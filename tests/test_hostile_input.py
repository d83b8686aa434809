"""The promises of issue 11, kept under hostile input and faults.

Every input either works or is a located problem (`path:line: ...`, one line, exit 1): never a
traceback, a silent pass, a stall, a write into the sources or a leak. Limits that protect the
machine are refused by `curriculum check`, so a build never meets what check passed. Stalls
are bounded by generous subprocess timeouts, never by timing assertions.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.markdown_html import MarkdownRenderer, strip_facilitator
from mkdocs_curriculum.packet import packet_jobs, render_pdf, write_packets
from mkdocs_curriculum.validate import check_project

from helpers import MODULE_A, problems_of, write_project

MKDOCS = Path(sys.executable).with_name("mkdocs")
CURRICULUM = Path(sys.executable).with_name("curriculum")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
LINE = re.compile(r"^[^\s:][^:\n]*:[1-9][0-9]*: (warning: )?\S.*: [^\n]+$")
STALL = 120
"""Seconds a command may take before it counts as stalled: far above a normal run on a busy
machine, far below the minutes the quadratic inputs took."""

MKDOCS_YML = """\
site_name: Tiny
docs_dir: curriculum/pages
plugins:
  - search
  - curriculum
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc
  - pymdownx.details
  - pymdownx.superfences
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """A command as a user runs it, in its own process, stopped if it stalls."""
    return subprocess.run([str(a) for a in args], env=ENV, capture_output=True, text=True,
                          cwd=cwd, timeout=STALL)


def check(root: Path) -> subprocess.CompletedProcess:
    return run(CURRICULUM, "check", "-f", root / "mkdocs.yml")


def build(root: Path) -> subprocess.CompletedProcess:
    return run(MKDOCS, "build", "-q", "-f", root / "mkdocs.yml")


def assert_located(output: str, *expected: str) -> None:
    """Every printed problem is one located line; each expected text is in one of them."""
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "no problem was reported"
    for line in lines:
        assert LINE.match(line), line
    for text in expected:
        assert any(text in line for line in lines), (text, lines)


def assert_refused_cleanly(done: subprocess.CompletedProcess, *expected: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr, done.stderr
    for text in expected:
        assert text in done.stdout + done.stderr, (text, done.stdout + done.stderr)


# -- 1. a YAML null document -------------------------------------------------------------------

NULL_DOCUMENTS = ["~\n", "null\n", "%YAML 1.1\n---\n", "--- ~\n...\n"]
NULL_HOMES = ["modules/arriving/module.yml", "curriculum/paths/first.yml",
              "curriculum/sessions/morning.yml", "curriculum/curriculum.yml"]


@pytest.mark.parametrize("text", NULL_DOCUMENTS)
@pytest.mark.parametrize("name", NULL_HOMES)
def test_1_a_null_document_is_a_located_error_in_every_kind_of_file(tmp_path, name, text):
    lines = problems_of(tmp_path, {name: text})
    assert any(line.startswith(f"{name}:") and "the document is null" in line
               for line in lines), lines


def test_1_a_null_module_is_refused_by_check_and_build(tmp_path):
    root = tmp_path
    write_project(root, {"modules/arriving/module.yml": "%YAML 1.1\n---\n"})
    done = check(root)
    assert done.returncode == 1
    assert_located(done.stdout, "modules/arriving/module.yml:2: file: the document is null")
    built = build(root)
    assert_refused_cleanly(built, "modules/arriving/module.yml:2: file: the document is null")
    assert not (root / "site" / "modules" / "arriving").exists()


# -- 2. nesting deep enough to overflow the stack ----------------------------------------------

DEEP_YAML = {
    "flow": "[" * 400 + "]" * 400 + "\n",
    "block": "".join("  " * i + "-\n" for i in range(400)),
    "mapping": "".join("  " * i + "a:\n" for i in range(400)) + "  " * 400 + "b: 1\n",
}


@pytest.mark.parametrize("shape", sorted(DEEP_YAML))
def test_2_deep_yaml_is_refused_with_the_limit_not_a_recursion_error(tmp_path, shape):
    lines = problems_of(tmp_path, {"curriculum/sessions/morning.yml": DEEP_YAML[shape]})
    assert any(line.startswith("curriculum/sessions/morning.yml:")
               and "nested more than 20 levels deep" in line for line in lines), lines


def test_2_deep_yaml_stops_check_and_build_cleanly(tmp_path):
    write_project(tmp_path, {"mkdocs.yml": MKDOCS_YML,
                             "modules/arriving/module.yml": DEEP_YAML["flow"]})
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, "modules/arriving/module.yml:1: yaml: values nested more than 20")
    assert_refused_cleanly(build(tmp_path), "nested more than 20 levels deep")


# -- 3. a duplicate key holding a line break ---------------------------------------------------

def test_3_a_key_with_a_line_break_is_reported_on_one_line(tmp_path):
    path = ('title: x\n"a\\nb": 1\n"a\\nb": 2\n"c\\u2028d": 3\n"c\\u2028d": 4\n'
            "audience: students\nsteps:\n  - module: arriving\n")
    write_project(tmp_path, {"curriculum/paths/first.yml": path})
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, 'curriculum/paths/first.yml:3: a\\nb: duplicate key; first given'
                   ' on line 2 (got "a\\nb")', "first.yml:5: c\\u2028d: duplicate key")
    assert len(done.stdout.splitlines()) == 4  # two unknown keys, two duplicates


# -- 4. file names too long for the file system ------------------------------------------------

SESSION = 'title: Long\nblocks:\n  - module: arriving\n'


def test_4_a_session_whose_packet_names_would_be_too_long_is_refused_by_check(tmp_path):
    name = "s" * 225
    write_project(tmp_path, {f"curriculum/sessions/{name}.yml": SESSION})
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, f"curriculum/sessions/{name}.yml:1: id: session id (the file"
                   " name) is 225 characters long; an id has at most 64")
    packet = run(CURRICULUM, "packet", "--all", "-f", tmp_path / "mkdocs.yml",
                 "-o", tmp_path / "out")
    assert_refused_cleanly(packet)
    assert "File name too long" not in packet.stderr


def test_4_the_longest_id_check_allows_prints_its_packets(tmp_path):
    name = "s" * 64
    write_project(tmp_path, {f"curriculum/sessions/{name}.yml": SESSION})
    assert check(tmp_path).returncode == 0
    done = run(CURRICULUM, "packet", name, "--edition", "participant",
               "-f", tmp_path / "mkdocs.yml", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / f"{name}-participant.pdf").is_file()


def test_4_new_module_refuses_an_id_too_long_for_a_file_name(tmp_path, capsys):
    write_project(tmp_path)
    code = main(["new", "module", "m" * 250, "-f", str(tmp_path / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "module id is 250 characters long; an id has at most 64" in out
    assert len(out.strip().splitlines()) == 1
    assert sorted(p.name for p in (tmp_path / "modules").iterdir()) == ["arriving", "telling"]


# -- 5. output folders that cannot be made ---------------------------------------------------------

UNMAKEABLE = {"under-a-file": "mkdocs.yml/x", "proc": "/proc/curriculum-x"}
OUTPUT_COMMANDS = {
    "packet": ("packet", "morning", "-o"), "export": ("export",), "schema": ("schema", "-o"),
}


@pytest.mark.parametrize("place", sorted(UNMAKEABLE))
@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
def test_5_an_output_folder_that_cannot_be_made_is_one_problem(tmp_path, command, place):
    write_project(tmp_path)
    target = UNMAKEABLE[place]
    target = target if target.startswith("/") else str(tmp_path / target)
    done = run(CURRICULUM, *OUTPUT_COMMANDS[command], target, "-f", tmp_path / "mkdocs.yml")
    assert_refused_cleanly(done)
    problems = done.stdout.strip().splitlines()
    assert len(problems) == 1 and ("cannot be made" in problems[0]
                                   or "cannot write" in problems[0]), done.stdout


# -- 6. options that point into the sources ------------------------------------------------------

def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("cache", ["modules/.cache", "curriculum/pages/.cache",
                                   "curriculum/cache", "site/.cache"])
def test_6_a_cache_dir_in_the_sources_or_the_site_is_refused(tmp_path, cache):
    config = f"site_name: T\ndocs_dir: curriculum/pages\nplugins:\n  - curriculum:\n" \
             f"      cache_dir: {cache}\n"
    write_project(tmp_path, {"mkdocs.yml": config})
    sources = {name: tree(tmp_path / name) for name in ("modules", "curriculum")}
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, "mkdocs.yml:5: plugins.curriculum.cache_dir:")
    assert_refused_cleanly(build(tmp_path), "plugins.curriculum.cache_dir")
    assert {name: tree(tmp_path / name) for name in sources} == sources
    packet = run(CURRICULUM, "packet", "morning", "-f", tmp_path / "mkdocs.yml",
                 "-o", tmp_path / "out")
    assert_refused_cleanly(packet, "plugins.curriculum.cache_dir")


def test_6_schema_output_into_a_module_is_refused(tmp_path):
    write_project(tmp_path)
    before = tree(tmp_path / "modules")
    done = run(CURRICULUM, "schema", "-o", tmp_path / "modules" / "x", "-f",
               tmp_path / "mkdocs.yml")
    assert_refused_cleanly(done, "--output: overlaps the source folder modules/")
    assert tree(tmp_path / "modules") == before


# -- 7. a packet cache that holds garbage, or cannot be written ----------------------------------

def packet_run(root: Path) -> subprocess.CompletedProcess:
    return run(CURRICULUM, "packet", "morning", "-f", root / "mkdocs.yml", "-o", root / "out")


def assert_pdfs(folder: Path, count: int) -> None:
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == count
    for pdf in pdfs:
        assert "Morning" in "".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "folder", "dangling-link"])
def test_7_a_broken_cache_entry_is_rendered_again_with_a_warning(tmp_path, damage):
    write_project(tmp_path)
    assert packet_run(tmp_path).returncode == 0
    cache = tmp_path / ".cache" / "curriculum-packets"
    entries = sorted(cache.glob("*.pdf"))
    assert len(entries) == 2
    for entry in entries:
        data = entry.read_bytes()
        entry.unlink()
        if damage == "garbage":
            entry.write_bytes(b"not a PDF at all" * 100)
        elif damage == "empty":
            entry.write_bytes(b"")
        elif damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "folder":
            entry.mkdir()
        else:
            entry.symlink_to(tmp_path / "nowhere.pdf")
    (cache / "stray.pdf").symlink_to(tmp_path / "nowhere-else.pdf")
    (tmp_path / "out").rename(tmp_path / "first")
    done = packet_run(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert_pdfs(tmp_path / "out", 2)
    assert all(PdfReader(entry).pages for entry in entries)  # the cache is whole again
    if damage != "dangling-link":
        assert "warning: cache: cache entry" in done.stdout


def test_7_a_read_only_cache_leaves_a_warning_and_the_packets(tmp_path):
    """Run as an unprivileged user (root writes anywhere): a cache folder of mode 0555 that
    holds a garbage entry; the packets are rendered and written all the same."""
    shared = Path(tempfile.mkdtemp(prefix="read-only-cache-"))
    try:
        shared.chmod(0o755)
        layout = write_project(shared / "project")
        curriculum, _ = check_project(layout)
        out = shared / "out"
        out.mkdir(mode=0o777)
        out.chmod(0o777)
        jobs = packet_jobs(curriculum, ["morning"], ["participant"], "a4", lambda _: out)
        cache = shared / "cache"
        cache.mkdir()
        (cache / f"{jobs[0].key}.pdf").write_bytes(b"garbage")
        cache.chmod(0o555)
        render_pdf(jobs[0].html)  # everything WeasyPrint imports, loaded while we may read it
        assert as_unprivileged_user(lambda: _write_into(jobs, cache)) == 0
        assert_pdfs(out, 1)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def _write_into(jobs, cache: Path) -> int:
    report = write_packets(jobs, cache, workers=1)
    warned = any("cannot write the packet cache" in p.message for p in report.problems)
    return 0 if warned and len(report.written) == 2 else 3


def as_unprivileged_user(work) -> int:
    """`work()` in a child process, as `nobody` when we are root; its exit code."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            code = work()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


# -- pool workers outlive a killed build ----------------------------------------------------------

POOL_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from helpers import write_project
from mkdocs_curriculum.packet import packet_jobs, write_packets
from mkdocs_curriculum.validate import check_project
root = Path({root!r})
sessions = {{f"curriculum/sessions/s{{n}}.yml": f"title: Session {{n}}\\nblocks:\\n"
            "  - module: arriving\\n  - module: telling\\n" for n in range(12)}}
curriculum, _ = check_project(write_project(root, sessions))
jobs = packet_jobs(curriculum, sorted(curriculum.sessions), ["facilitator", "participant"],
                   "a4", lambda session: root / "out")
print("rendering", flush=True)
write_packets(jobs, root / "cache", workers=2)
"""


def children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_pool_workers_die_with_a_build_that_is_killed(tmp_path):
    script = POOL_SCRIPT.format(tests=str(Path(__file__).parent), root=str(tmp_path))
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env=ENV)
    try:
        assert build.stdout.readline().strip() == "rendering"
        workers: set[int] = set()
        for _ in range(STALL * 10):  # the pool starts its two workers at the first render
            workers = children(build.pid)
            if len(workers) >= 2 or build.poll() is not None:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, "the pool never started"
    finally:
        build.kill()
        build.wait()
    for _ in range(STALL * 10):
        if not any(alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # leave nothing behind, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == [], "pool workers outlived the build"


# -- 8. a docs folder beside the project -----------------------------------------------------------

def test_8_docs_dir_outside_the_project_folder_builds(tmp_path):
    root = tmp_path / "project"
    config = ("site_name: T\ndocs_dir: ../pages\nplugins:\n  - search\n  - curriculum:\n"
              "      packets: false\n")
    write_project(root, {"mkdocs.yml": config, "curriculum/pages/index.md": None,
                         "curriculum/pages/about.md": None})
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (tmp_path / "pages" / "about.md").write_text("# About\n\nWhy.\n", encoding="utf-8")
    assert check(root).returncode == 0
    done = build(root)
    assert done.returncode == 0, done.stderr
    assert "Welcome." in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "sessions" / "morning" / "index.html").is_file()


def test_8_a_missing_docs_dir_is_a_located_problem(tmp_path):
    config = "site_name: T\ndocs_dir: ../nowhere\nplugins:\n  - curriculum\n"
    write_project(tmp_path, {"mkdocs.yml": config})
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, "index.md:1: file: file not found")


# -- 9. Markdown that would stall or crash the renderers ---------------------------------------

HOSTILE_MARKDOWN = {
    "stars": ("* " * 1000 + "x\n", "blocks nested more than 20 levels deep"),
    "admonitions": ("".join("    " * i + "!!! note\n\n" for i in range(500)) + "    " * 500
                    + "x\n", "blocks nested more than 20 levels deep"),
    "quotes": (">" * 5000 + " x\n", "blocks nested more than 20 levels deep"),
    "brackets": ("[" * 50_000 + "]" * 50_000 + "\n", "brackets [ ( < open at once"),
    "open-brackets": ("[a " * 3000 + "\n", "brackets [ ( < open at once"),
    "html": ("<div>" * 200 + "x" + "</div>" * 200 + "\n", "HTML elements nested more than 20"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_MARKDOWN))
def test_9_markdown_beyond_the_limits_is_refused_by_check(tmp_path, case):
    text, message = HOSTILE_MARKDOWN[case]
    lines = problems_of(tmp_path, {"modules/arriving/overview.md": text})
    assert any(line.startswith("modules/arriving/overview.md:") and message in line
               for line in lines), lines


@pytest.mark.parametrize("case", ["stars", "admonitions", "quotes", "brackets"])
def test_9_the_build_stops_at_the_problem_instead_of_stalling_or_crashing(tmp_path, case):
    text, message = HOSTILE_MARKDOWN[case]
    write_project(tmp_path, {"mkdocs.yml": MKDOCS_YML, "modules/arriving/overview.md": text})
    done = build(tmp_path)
    assert_refused_cleanly(done, message)
    assert re.search(r"ERROR +- +modules/arriving/overview\.md:[0-9]+: markdown: ", done.stderr)


def test_9_markdown_at_the_limits_builds_site_and_packets(tmp_path):
    """What check lets through renders: 20 levels of quotes, lists and admonitions, 20 open
    brackets in a paragraph of 50,000 characters."""
    admonitions = "".join("    " * i + "!!! note\n\n" for i in range(10))
    text = ("> " * 20 + "deep\n\n" + "- " * 20 + "deep\n\n" + admonitions + "    " * 10
            + "deep\n\n" + "[a " * 20 + "word " * 9_000 + "\n")
    write_project(tmp_path, {"mkdocs.yml": MKDOCS_YML, "modules/arriving/overview.md": text})
    assert check(tmp_path).returncode == 0
    done = build(tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site/sessions/morning/morning-participant.pdf").is_file()


# -- 10. a title long enough to stall the packet layout ----------------------------------------

def test_10_a_huge_title_is_refused_by_check_and_packet_stops_at_once(tmp_path):
    title = "word " * 180_000
    write_project(tmp_path, {"modules/arriving/module.yml": MODULE_A.replace(
        "title: Arriving", f"title: {title.strip()}")})
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, "modules/arriving/module.yml:1: title: too long: 899999"
                   " characters; at most 200 are allowed")
    assert_refused_cleanly(run(CURRICULUM, "packet", "morning", "-f", tmp_path / "mkdocs.yml",
                               "-o", tmp_path / "out"))


@pytest.mark.parametrize("name, text", [
    ("modules/arriving/handouts/prompts.md", "# " + "long " * 100 + "\n\nx\n"),
    ("curriculum/guides/ground-rules.md", "# " + "long " * 100 + "\n\nx\n"),
])
def test_10_document_titles_have_the_same_limit(tmp_path, name, text):
    lines = problems_of(tmp_path, {name: text})
    assert any(line.startswith(f"{name}:1: title: too long: 499 characters; at most 200")
               for line in lines), lines


def test_10_every_text_field_has_a_limit(tmp_path):
    summary = "word " * 1200
    lines = problems_of(tmp_path, {"modules/arriving/module.yml": MODULE_A.replace(
        "summary: A first meeting.", f"summary: {summary.strip()}")})
    assert lines == ["modules/arriving/module.yml:2: summary: too long: 5999 characters;"
                     ' at most 5000 are allowed (got "word word word word word word word word'
                     ' word word word wo...")']


# -- 14. an id that ends in a line break -------------------------------------------------------

def test_14_new_module_refuses_an_id_with_a_final_line_break(tmp_path, capsys):
    write_project(tmp_path)
    code = main(["new", "module", "welcome\n", "-f", str(tmp_path / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert code == 1 and "not a lowercase slug" in out and '(got "welcome\\n")' in out
    assert len(out.strip().splitlines()) == 1
    assert not (tmp_path / "modules" / "welcome\n").exists()


def test_14_a_module_folder_ending_in_a_line_break_is_one_located_problem(tmp_path):
    write_project(tmp_path)
    (tmp_path / "modules" / "arriving").rename(tmp_path / "modules" / "arriving\n")
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, 'modules/arriving\\n/module.yml:1: id: module id (the folder'
                   ' name) is not a lowercase slug (got "arriving\\n")')


@pytest.mark.parametrize("field, value", [
    ("level", '"foundation\\n"'), ("prerequisites", '["telling\\n"]'),
])
def test_14_ids_in_yaml_values_may_not_end_in_a_line_break(tmp_path, field, value):
    module = re.sub(rf"^{field}: .*$", lambda _: f"{field}: {value}", MODULE_A,
                    flags=re.MULTILINE)
    lines = problems_of(tmp_path, {"modules/arriving/module.yml": module})
    assert any("expected a lowercase slug" in line and "\\n" in line for line in lines), lines


# -- 11. symlinks that leave their module --------------------------------------------------------

SECRET = "# Secret notes\n\nTHE SECRET SENTENCE\n"
HANDOUT_LINE = MODULE_A.splitlines().index("  - handouts/prompts.md") + 1


def link(root: Path, name: str, target: Path) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize("name, where", [
    ("modules/arriving/handouts/prompts.md",
     f"modules/arriving/module.yml:{HANDOUT_LINE}: handouts[0]:"),
    ("modules/arriving/overview.md", "modules/arriving/module.yml:1: overview.md:"),
    ("modules/arriving/facilitator.md", "modules/arriving/module.yml:1: facilitator.md:"),
    ("curriculum/guides/ground-rules.md", "curriculum/guides/ground-rules.md:1: file:"),
    ("curriculum/pages/about.md", "curriculum/pages/about.md:1: file:"),
])
def test_11_a_symlink_to_a_file_outside_is_refused(tmp_path, name, where):
    root = tmp_path / "project"
    write_project(root)
    (tmp_path / "secret.md").write_text(SECRET, encoding="utf-8")
    link(root, name, tmp_path / "secret.md")
    done = check(root)
    assert done.returncode == 1
    assert_located(done.stdout, f"{where} is a symlink that leads outside")
    assert "SECRET" not in done.stdout + done.stderr


def test_11_a_symlinked_handout_is_neither_published_nor_printed(tmp_path):
    root = tmp_path / "project"
    write_project(root)
    (tmp_path / "secret.md").write_text(SECRET, encoding="utf-8")
    link(root, "modules/arriving/handouts/prompts.md", tmp_path / "secret.md")
    assert_refused_cleanly(build(root), "is a symlink that leads outside the module folder")
    packet = run(CURRICULUM, "packet", "morning", "-f", root / "mkdocs.yml", "-o", root / "out")
    assert_refused_cleanly(packet)
    written = [p for folder in (root / "site", root / "out") if folder.exists()
               for p in folder.rglob("*") if p.is_file()]
    assert not any(b"THE SECRET SENTENCE" in path.read_bytes() for path in written)


def test_11_a_symlink_to_a_system_file_shows_none_of_it(tmp_path):
    write_project(tmp_path)
    link(tmp_path, "modules/arriving/handouts/prompts.md", Path("/etc/passwd"))
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, "handouts[0]: is a symlink that leads outside the module folder")
    assert "root:" not in done.stdout + done.stderr


def test_11_a_module_folder_linked_from_elsewhere_is_refused(tmp_path):
    root = tmp_path / "project"
    write_project(root)
    (root / "modules" / "arriving").rename(tmp_path / "arriving")
    link(root, "modules/arriving", tmp_path / "arriving")
    done = check(root)
    assert done.returncode == 1
    assert_located(done.stdout, "modules/arriving/module.yml:1: folder: is a symlink that leads"
                   " outside modules/")


def test_11_a_handout_in_a_linked_folder_that_leads_outside_is_refused(tmp_path):
    """Check lists a module folder once and trusts the plain files it finds; a file under a
    linked folder is not one of them, so it is still followed and refused."""
    root = tmp_path / "project"
    write_project(root)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "prompts.md").write_text(SECRET, encoding="utf-8")
    shutil.rmtree(root / "modules/arriving/handouts")
    link(root, "modules/arriving/handouts", tmp_path / "elsewhere")
    done = check(root)
    assert done.returncode == 1
    assert_located(done.stdout, f"modules/arriving/module.yml:{HANDOUT_LINE}: handouts[0]: is a"
                   " symlink that leads outside the module folder")
    assert "SECRET" not in done.stdout + done.stderr


def test_11_symlinks_that_stay_inside_the_module_are_fine(tmp_path):
    write_project(tmp_path, {"modules/arriving/shared/prompts.md": "# Prompts\n\nShared.\n"})
    link(tmp_path, "modules/arriving/handouts/prompts.md", Path("../shared/prompts.md"))
    assert check(tmp_path).returncode == 0


# -- 12. two sources, one address ----------------------------------------------------------------

@pytest.mark.parametrize("name, text, where", [
    ("curriculum/sessions/index.yml", SESSION, "curriculum/sessions/index.yml:1: id: its page"
     " sessions/index.md would take the place of the list of all sessions"),
    ("curriculum/paths/index.yml", "title: P\naudience: students\nsteps:\n  - module: arriving\n",
     "curriculum/paths/index.yml:1: id: its page paths/index.md would take the place of the list"
     " of all paths"),
    ("curriculum/guides/index.md", "# Index\n\nText.\n", "curriculum/guides/index.md:1: id: its"
     " page guides/index.md would take the place of the list of all guides"),
])
def test_12_an_id_that_takes_a_list_page_address_is_an_error(tmp_path, name, text, where):
    lines = problems_of(tmp_path, {name: text})
    assert any(line.startswith(where) for line in lines), lines


@pytest.mark.parametrize("kind", ["paths", "sessions"])
def test_12_x_yml_beside_x_yaml_is_an_error(tmp_path, kind):
    first = "first" if kind == "paths" else "morning"
    write_project(tmp_path)
    text = (tmp_path / f"curriculum/{kind}/{first}.yml").read_text(encoding="utf-8")
    (tmp_path / f"curriculum/{kind}/{first}.yaml").write_text(text, encoding="utf-8")
    done = check(tmp_path)
    assert done.returncode == 1
    assert_located(done.stdout, f"curriculum/{kind}/{first}.yml:1: id: curriculum/{kind}/"
                   f"{first}.yaml has the same id")


def test_12_a_handout_at_the_module_root_named_like_one_in_handouts_is_an_error(tmp_path):
    module = MODULE_A.replace("  - handouts/prompts.md\n",
                              "  - handouts/prompts.md\n  - prompts.md\n")
    lines = problems_of(tmp_path, {"modules/arriving/module.yml": module,
                                   "modules/arriving/prompts.md": "# Other prompts\n\nx\n"})
    where = (f"modules/arriving/module.yml:{HANDOUT_LINE + 1}: handouts: its page"
             " modules/arriving/handouts/prompts.md would take the place of the page of"
             f" modules/arriving/module.yml:{HANDOUT_LINE}")
    assert any(line.startswith(where) for line in lines), lines


def test_12_a_session_named_index_stops_the_build_instead_of_replacing_the_list(tmp_path):
    write_project(tmp_path, {"curriculum/sessions/index.yml": SESSION})
    assert_refused_cleanly(build(tmp_path), "would take the place of the list of all sessions")


# -- 13. facilitator text behind lines that only look like code fences -------------------------

def participant(text: str) -> str:
    return str(MarkdownRenderer(notes=False).render(text))


def seen_by_markdown(text: str) -> tuple[set[str], set[str]]:
    """(sentinels Python-Markdown puts in a facilitator passage, sentinels it puts elsewhere),
    from the facilitator edition's HTML: the oracle both cuts must agree with."""
    reader = _Sentinels()
    reader.feed(str(MarkdownRenderer().render(text)))
    return reader.hidden - reader.shown, reader.shown


class _Sentinels(HTMLParser):
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.hidden: set[str] = set()
        self.shown: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            classes = (dict(attrs).get("class") or "").split()
            self.stack.append(any(self.stack) or "facilitator" in classes)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        found = set(re.findall(r"\b[KF]\d+\b", data))
        (self.hidden if any(self.stack) else self.shown).update(found)


FENCE_LOOKALIKES = ["```inline``` code", "~~~ a ~~~", "```", "~~~~", "```python", "``` {.py}",
                    "````", "```` nope ````", "`` ` ``", "~~~ x", "  ```"]
OPENERS = ['!!! facilitator', '!!! facilitator "{s}"', "??? facilitator", "???+ note facilitator",
           '!!! note "{s}"']


@st.composite
def markdown_pieces(draw, depth: int = 0) -> str:
    """One block of a document; sentinels K<n> and F<n> mark words written outside and
    inside a facilitator passage."""
    n = draw(st.integers(0, 10**6))
    kinds = ["paragraph", "fence-like", "fenced", "indented", "html", "passage", "note"]
    if depth < 2:
        kinds += ["quote", "item", "inside-note"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return f"K{n} words.\n"
    if kind == "fence-like":
        return draw(st.sampled_from(FENCE_LOOKALIKES)) + f" K{n}\n"
    if kind == "fenced":
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        return f"{fence}\n!!! facilitator\n    K{n} shown as code.\n{fence}\n"
    if kind == "indented":
        return f"    ```\n    K{n} code\n    !!! facilitator\n        K{n + 1} code\n"
    if kind == "html":
        return draw(st.sampled_from([
            f"<div>\n```\nK{n}\n</div>\n", f'<div markdown="1">\nK{n} in html\n</div>\n',
            f"<!-- ``` -->\nK{n}\n", f"<div>\n!!! facilitator\n    K{n} raw\n</div>\n"]))
    if kind == "passage":
        opener = draw(st.sampled_from(OPENERS)).format(s=f"F{n}")
        marker = "K" if "note" in opener and "facilitator" not in opener else "F"
        body = draw(st.sampled_from([
            "    {m}{a} body.\n", "    {m}{a} body.\n\n    {m}{b} more.\n",
            "    ```\n    {m}{a} fenced\n    ```\n", "\t{m}{a} tabbed.\n",
            "    {m}{a} body.\n  K{b} less indented.\n", "    - {m}{a} item\n"]))
        return opener + "\n" + body.format(m=marker, a=n + 1, b=n + 2)
    if kind == "note":
        return f'!!! note "K{n}"\n    K{n + 1} note body.\n'
    inner = draw(markdown_pieces(depth + 1))
    if kind == "quote":
        return "".join(f"> {line}" if line.strip() else ">\n"
                       for line in inner.splitlines(keepends=True))
    indented = "".join(f"    {line}" if line.strip() else "\n"
                       for line in inner.splitlines(keepends=True))
    if kind == "item":
        return f"- K{n} item\n\n{indented}"
    return f'!!! note "K{n}"\n{indented}'


@st.composite
def markdown_documents(draw) -> str:
    pieces = draw(st.lists(markdown_pieces(), min_size=1, max_size=6))
    gaps = draw(st.lists(st.sampled_from(["\n", ""]), min_size=len(pieces), max_size=len(pieces)))
    return "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=True))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents())
def test_13_the_participant_edition_agrees_with_python_markdown(text):
    hidden, shown = seen_by_markdown(text)
    for cut in (participant(text), str(MarkdownRenderer().render(strip_facilitator(text)))):
        words = set(re.findall(r"\b[KF]\d+\b", cut))
        assert not words & hidden, f"facilitator text printed: {sorted(words & hidden)}"
        assert shown <= words, f"participant text lost: {sorted(shown - words)}"


@pytest.mark.parametrize("before", [
    "```inline``` and on", "~~~ a ~~~", "    ```\n    code", "<div>\n```\n</div>",
    "<div>\n~~~\n</div>", "para\n\n```` not closed",
])
def test_13_a_fence_look_alike_before_a_passage_does_not_let_it_print(before):
    text = f"{before}\n\n!!! facilitator \"Note\"\n    FACILITATOR ONLY\n\nK1 after.\n"
    assert "FACILITATOR ONLY" not in participant(text)
    assert "FACILITATOR ONLY" not in strip_facilitator(text)
    assert "K1 after." in participant(text)


def test_13_a_link_defined_in_a_passage_does_not_resolve_for_participants():
    text = ("See [the plan][plan].\n\n!!! facilitator\n"
            '    [plan]: https://example.org/private "Private plan"\n')
    assert "example.org/private" not in participant(text)
    assert "example.org/private" in str(MarkdownRenderer().render(text))
