"""`mkdocs serve` after edits: the served site equals a fresh build, and a rebuild writes only
what the edit changed (no page whose HTML is the same, no PDF whose content is the same).

MkDocs' own serve runs (bench/serve_driver.py replaces only the live-reload loop): each step
edits the tiny curriculum, calls the server's builder as its loop would, and compares the
served folder with `mkdocs build` of the same files, file by file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from mkdocs_curriculum import cores, load, page_cache
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.rebuild import digest
from mkdocs_curriculum.validate import check_project

from helpers import MKDOCS_YML, REPO, mkdocs_build, site_project

sys.path.insert(0, str(REPO / "bench"))

from serve_driver import Served, run_serve  # noqa: E402

CACHE = ".cache/curriculum-packets/markdown"
SITE_URL = "http://127.0.0.1:8000/"  # what serve sets; the fresh build gets the same
FIGURE = ('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
          '<rect width="{0}" height="4"/></svg>\n')
NEW_MODULE = """\
title: Closing
summary: An ending.
duration: 10
level: practice
audiences: [teams]
themes: [story]
activities:
  - id: round
    title: Closing round
    minutes: 10
    format: whole-group
"""


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def _append(root: Path, name: str, text: str) -> None:
    _write(root, name, (root / name).read_text(encoding="utf-8") + text)


def _add_module(root: Path) -> None:
    _write(root, "modules/closing/module.yml", NEW_MODULE)
    _write(root, "modules/closing/overview.md", "## Why\n\nEnds.\n")
    _write(root, "modules/closing/facilitator.md", "## Closing round {#round}\n\nGo.\n")


STEPS = [
    ("overview text", lambda r: _edit(r, "modules/arriving/overview.md", "Because.",
                                      "Because we meet.")),
    ("module title", lambda r: _edit(r, "modules/telling/module.yml", "title: Telling",
                                     "title: Storytelling")),
    ("prerequisite title", lambda r: _edit(r, "modules/arriving/module.yml", "title: Arriving",
                                           "title: Arriving well")),
    ("activity minutes", lambda r: (_edit(r, "modules/arriving/module.yml", "minutes: 10",
                                          "minutes: 5"),
                                    _edit(r, "modules/arriving/module.yml", "minutes: 20",
                                          "minutes: 25"))),
    ("session blocks", lambda r: _edit(r, "curriculum/sessions/morning.yml", "  - break: 5\n",
                                       "  - break: 10\n")),
    ("module added", lambda r: _add_module(r)),
    ("module deleted", lambda r: shutil.rmtree(r / "modules/closing")),
    ("asset", lambda r: _write(r, "modules/arriving/figure.svg", FIGURE.format(2))),
    ("docs page", lambda r: _edit(r, "curriculum/pages/about.md", "Why.", "Why we care.")),
    ("language", lambda r: _append(r, "curriculum/curriculum.yml", "language: es\n")),
]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def _comparable(name: str, data: bytes) -> object:
    """What must be equal: everything, but the gzip header's time and the index's layout."""
    if name.endswith(".gz"):
        return gzip.decompress(data)
    if name.endswith("search_index.json"):
        return json.loads(data)
    return data


def _differences(served: Path, fresh: Path) -> list[str]:
    mine, theirs = _files(served), _files(fresh)
    problems = [f"only served: {n}" for n in sorted(mine.keys() - theirs.keys())]
    problems += [f"only fresh: {n}" for n in sorted(theirs.keys() - mine.keys())]
    problems += [f"differs: {n}" for n in sorted(mine.keys() & theirs.keys())
                 if _comparable(n, mine[n]) != _comparable(n, theirs[n])]
    return problems


def _stamps(site: Path) -> dict[str, tuple[int, str]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_mtime_ns,
                                             hashlib.sha256(p.read_bytes()).hexdigest())
            for p in site.rglob("*") if p.is_file()}


def _rewritten_pages(before: dict, after: dict) -> set[str]:
    """The pages (not packets, not the 404 page MkDocs always renders) written again."""
    return {name for name, (stamp, _) in after.items()
            if name.endswith("index.html") and name in before and before[name][0] != stamp}


@pytest.fixture
def project(tmp_path):
    yml = MKDOCS_YML.replace("site_name: Tiny\n", f"site_name: Tiny\nsite_url: {SITE_URL}\n")
    root = site_project(tmp_path / "project", {
        "mkdocs.yml": yml,
        "modules/arriving/overview.md": "## Why\n\nBecause.\n\n![A figure](figure.svg)\n",
        "modules/arriving/figure.svg": FIGURE.format(1),
    })
    return root


def _converted(log: str) -> tuple[int, int]:
    """(pages converted, pages from the Markdown cache) as the build's debug line says."""
    found = re.findall(r"curriculum: (\d+) page\(s\) converted, (\d+) from the cache", log)
    assert len(found) == 1, log[-2000:]
    return int(found[0][0]), int(found[0][1])


def test_the_served_site_equals_a_fresh_build_after_every_edit(project, tmp_path, caplog,
                                                               monkeypatch):
    from mkdocs_curriculum import render

    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.curriculum")
    seen: dict[str, object] = {}
    written: dict[str, set[str]] = {}
    converted: dict[str, tuple[int, int]] = {}
    modules: dict[str, list[str]] = {}  # the modules whose pages each rebuild rendered
    module_pages = render.module_pages
    monkeypatch.setattr(render, "module_pages", lambda module, *args: modules.setdefault(
        "", []).append(module.id) or module_pages(module, *args))

    def script(served: Served) -> None:
        for number, (name, edit) in enumerate(STEPS):
            before = _stamps(served.site)
            caplog.clear()
            edit(project)
            modules[""] = []
            served.rebuild()
            modules[name] = sorted(modules[""])
            after = _stamps(served.site)
            converted[name] = _converted(caplog.text)
            fresh = tmp_path / f"fresh-{number}"
            # The fresh build converts every page itself: none from the serve's cache entries.
            shutil.rmtree(project / CACHE, ignore_errors=True)
            done = mkdocs_build(project, "-d", str(fresh))
            assert done.returncode == 0, done.stderr
            assert _differences(served.site, fresh) == [], f"after the edit: {name}"
            rendered = set(re.findall(r"packet \d+/\d+: (\S+) \(rendered", caplog.text))
            changed_pdfs = {n for n, (_, h) in after.items()
                            if n.endswith(".pdf") and before.get(n, (0, ""))[1] != h}
            assert rendered == changed_pdfs, f"PDFs rendered after the edit: {name}"
            seen[name] = _rewritten_pages(before, after)
            written[name] = {n for n, (stamp, _) in after.items()
                             if before.get(n, (0,))[0] != stamp}

    run_serve(project / "mkdocs.yml", script)
    # The edits were rebuilt page by page, not as a whole site.
    assert "modules/arriving/index.html" in seen["overview text"]
    assert {"modules/telling/index.html", "catalog/index.html", "paths/first/index.html",
            "guides/ground-rules/index.html"}.isdisjoint(seen["overview text"])
    assert "catalog/index.html" in seen["module title"]
    # A title is rendered again on the pages of its module and of those that build on it.
    assert modules["overview text"] == ["arriving"]
    assert modules["module title"] == ["telling"]  # no module builds on it
    assert modules["prerequisite title"] == ["arriving", "telling"]
    assert "guides/ground-rules/index.html" not in seen["module title"]
    assert "about/index.html" not in seen["overview text"]
    # Generated files are written again only when their content changed: the edited module's
    # planner kits, not the other module's, nor the labels.
    assert {"planner/kit/participant/arriving.js",
            "planner/kit/facilitator/arriving.js"} <= written["overview text"]
    assert {"planner/kit/participant/telling.js", "planner/kit/facilitator/telling.js",
            "assets/javascripts/curriculum-labels.js"}.isdisjoint(written["overview text"])
    assert "assets/javascripts/curriculum-labels.js" in written["language"]
    # Serve's skipping and the Markdown cache compose: a page serve keeps is neither converted
    # nor read from the cache; a page it converts goes through the cache.
    assert converted["overview text"] == (1, 0)  # the module's page, of 21
    assert converted["docs page"] == (1, 0)
    assert converted["asset"] == (0, 0)
    # Deleting the module added brings back the addresses of before: every page is converted
    # again (links resolve differently), each as the build before the module found it.
    made, cached = converted["module deleted"]
    assert made == 0 and cached == converted["module added"][0] - 2  # its 2 pages are gone


def test_an_edit_to_a_snippet_reaches_the_served_pages(project, monkeypatch):
    """A page that includes a file (pymdownx.snippets' `--8<--`) is converted again when the
    file changes though its own Markdown did not; a file the extension's options name
    (`auto_append`) reaches every page."""
    monkeypatch.chdir(project)  # where snippets finds its files, as `mkdocs serve` is run
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("markdown_extensions:\n", (
        "markdown_extensions:\n  - pymdownx.snippets:\n"
        "      auto_append: [curriculum/pages/footer.txt]\n")), "utf-8")
    _write(project, "curriculum/pages/index.md", '# Home\n\n--8<-- "curriculum/pages/part.txt"\n')
    seen = []

    def script(served: Served) -> None:
        for said in ("two", "three"):
            for name in ("part", "footer"):
                _write(project, f"curriculum/pages/{name}.txt", f"{name} {said}.\n")
            served.rebuild()
            home = (served.site / "index.html").read_text("utf-8")
            about = (served.site / "about/index.html").read_text("utf-8")
            seen.append((f"part {said}." in home, f"footer {said}." in about))

    for name in ("part", "footer"):
        _write(project, f"curriculum/pages/{name}.txt", f"{name} one.\n")
    run_serve(config, script)
    assert seen == [(True, True), (True, True)]


def test_a_rebuild_compiles_only_the_theme_templates_that_changed(project, monkeypatch):
    """MkDocs makes a new Jinja environment for every build; serve keeps the compiled
    templates: an overview edit compiles none, an edit to the theme's main.html compiles that
    one again and reaches the pages."""
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counted(env, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(env, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    seen = []

    def script(served: Served) -> None:
        assert len(compiled) > 10  # the first build compiled Material's templates
        compiled.clear()
        _edit(project, "modules/arriving/overview.md", "Because.", "Because we meet.")
        served.rebuild()
        seen.append(list(compiled))
        compiled.clear()
        _edit(project, "theme/main.html", "{% block extrahead %}",
              '{% block extrahead %}<meta name="edited" content="yes">')
        served.rebuild()
        seen.append(list(compiled))
        seen.append('<meta name="edited" content="yes">' in
                    (served.site / "modules/arriving/index.html").read_text("utf-8"))

    run_serve(project / "mkdocs.yml", script)
    assert seen == [[], ["main.html"], True]


def test_a_rebuild_lists_the_theme_files_again_only_after_a_theme_edit(project, monkeypatch):
    """An overview edit takes the theme's files as the previous build listed them (Material's
    folders walked again every build before); a file added to the theme folder is listed
    again and published."""
    walked = []
    list_templates = jinja2.FileSystemLoader.list_templates
    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates",
                        lambda loader: walked.append(1) or list_templates(loader))
    seen = []

    def script(served: Served) -> None:
        walked.clear()
        _edit(project, "modules/arriving/overview.md", "Because.", "Because we meet.")
        served.rebuild()
        seen.append(len(walked))
        _write(project, "theme/assets/extra.txt", "More.\n")
        served.rebuild()
        seen.append((served.site / "assets/extra.txt").read_text("utf-8"))

    run_serve(project / "mkdocs.yml", script)
    assert seen == [0, "More.\n"]


def test_under_serve_the_modules_are_loaded_in_the_serve_process(project, monkeypatch):
    """Forking the serve process (it holds the previous build) to load the modules cost a
    rebuild more than the pool saved: under serve every build loads them here, and the edit
    still reaches the page; `check` (and `mkdocs build`) loads many modules in the pool."""
    monkeypatch.setattr(load, "FORK_FROM", 1)  # the tiny curriculum counts as many
    pooled: list[bool] = []
    each_here_too = cores.each_here_too

    def spied(function, items, worth_it=True):
        pooled.append(worth_it)
        return each_here_too(function, items, worth_it)

    monkeypatch.setattr(cores, "each_here_too", spied)
    seen = []

    def script(served: Served) -> None:
        _edit(project, "modules/arriving/overview.md", "Because.", "Because we meet.")
        served.rebuild()
        seen.append("Because we meet." in
                    (served.site / "modules/arriving/index.html").read_text("utf-8"))

    run_serve(project / "mkdocs.yml", script)
    assert seen == [True]
    assert pooled == [False, False]  # serve's first build and the rebuild
    pooled.clear()
    check_project(read_layout(project / "mkdocs.yml")[0])
    assert pooled == [True]


def _problems(log: str) -> set[str]:
    """The curriculum's problems a build logged, as `file:line: field` (the plugin's lines)."""
    return set(re.findall(r"(modules/\S+:\d+: (?:warning: )?[\w\[\]]+):", log))


def test_every_problem_is_reported_after_every_edit_and_the_fix_reaches_the_site(
        project, tmp_path, caplog):
    """A rebuild loads again only the modules whose folder changed, yet reports every problem
    of the curriculum each time: a module's own (an email address in its overview, a
    warning) while another module is edited, and one across modules (a prerequisite no module
    has, an error that fails the build) until it is fixed; then the served site equals a
    fresh build again."""
    warning = "modules/arriving/overview.md:7: warning: identifier"
    error = "modules/telling/module.yml:8: prerequisites[0]"
    steps = [
        ("warning added", lambda r: _append(r, "modules/arriving/overview.md",
                                            "\nWrite to ann@example.org.\n"), {warning}),
        ("other module edited", lambda r: _edit(r, "modules/telling/overview.md", "Stories.",
                                                "Stories we tell."), {warning}),
        ("error added", lambda r: _edit(r, "modules/telling/module.yml",
                                        "prerequisites: [arriving]",
                                        "prerequisites: [arrivng]"), {warning, error}),
        ("module with the warning edited", lambda r: _edit(
            r, "modules/arriving/overview.md", "Because.", "Because we meet."), {warning, error}),
        ("error fixed", lambda r: _edit(r, "modules/telling/module.yml",
                                        "prerequisites: [arrivng]",
                                        "prerequisites: [arriving]"), {warning}),
        ("warning fixed", lambda r: _edit(r, "modules/arriving/overview.md", "ann@example.org",
                                          "the organisers"), set()),
    ]
    reported: dict[str, set[str]] = {}
    failed: dict[str, bool] = {}

    def script(served: Served) -> None:
        for number, (name, edit, _) in enumerate(steps):
            caplog.clear()
            edit(project)
            try:
                served.rebuild()
                failed[name] = False
            except Exception:  # noqa: BLE001 - serve's loop logs a failed build and goes on
                failed[name] = True
            reported[name] = _problems(caplog.text)
            if not failed[name]:
                fresh = tmp_path / f"fresh-{number}"
                shutil.rmtree(project / CACHE, ignore_errors=True)
                done = mkdocs_build(project, "-d", str(fresh))
                assert done.returncode == 0, done.stderr
                assert _differences(served.site, fresh) == [], f"after the edit: {name}"

    run_serve(project / "mkdocs.yml", script)
    assert reported == {name: expected for name, _, expected in steps}
    assert failed == {name: error in expected for name, _, expected in steps}


def test_under_serve_a_leak_is_refused_once_the_words_that_excused_it_are_gone(
        project, monkeypatch, caplog):
    """With a bug planted (the participant renderer keeps facilitator passages), a passage's
    sentence that the authors also wrote for all is no leak; an edit to another module that
    removes that public copy leaves the arriving kit as it was, and the rebuild, which looks
    again in no kit that did not change, still refuses it."""
    monkeypatch.setattr("mkdocs_curriculum.markdown_html._ParticipantExtension.extendMarkdown",
                        lambda self, md: None)
    words = "Let each story end before the next one starts."
    _append(project, "modules/arriving/overview.md",
            f'\n!!! facilitator "Timing"\n    {words}\n')
    _edit(project, "modules/telling/overview.md", "Stories.", f"Stories. {words}")
    kit = "planner/kit/participant/arriving.js: facilitator: facilitator-only text"
    seen: list[tuple[bool, bool]] = []

    def script(served: Served) -> None:
        caplog.clear()
        _edit(project, "modules/telling/overview.md", f" {words}", "")
        try:
            served.rebuild()
            built = True
        except Exception:  # noqa: BLE001 - serve's loop logs a failed build and goes on
            built = False
        seen.append((built, kit in caplog.text))

    run_serve(project / "mkdocs.yml", script)
    assert seen == [(False, True)]


def test_a_key_tells_apart_any_two_lists_of_parts():
    """Texts are hashed as they are (not their repr), each with its kind and length first:
    parts that join to the same characters, a text and the repr of another value, a text and
    Markup of it, still get keys of their own."""
    parts = [("ab", "c"), ("a", "bc"), ("abc",), ("abc", ""), ("a\0", "bc"), ("s1:a", "bc"),
             (["abc"],), ("'abc'",), (Markup("abc"),), (1,), ("1",), (None,), ("None",), ()]
    keys = [digest(*each) for each in parts]
    assert len(set(keys)) == len(keys)
    assert digest("ab", ["c"]) == digest("".join(["a", "b"]), ["c"])


def test_the_markdown_cache_is_pruned_by_serves_first_build_not_by_each_rebuild(
        project, monkeypatch):
    """Pruning reads every entry of the cache folder (two thousand at 200 modules): serve's
    first build prunes it, an edit's rebuild does not; an entry unused for longer than the
    cache keeps entries is gone after the first build."""
    old = project / CACHE / "0123.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("{}", encoding="utf-8")
    long_ago = old.stat().st_mtime - 100 * 86400
    os.utime(old, (long_ago, long_ago))
    pruned: list[bool] = []
    prune = page_cache.PageCache.prune
    monkeypatch.setattr(page_cache.PageCache, "prune",
                        lambda self, *args: pruned.append(True) or prune(self, *args))
    seen = []

    def script(served: Served) -> None:
        seen.append((len(pruned), old.exists()))
        _edit(project, "modules/arriving/overview.md", "Because.", "Because we meet.")
        served.rebuild()
        seen.append((len(pruned), old.exists()))

    run_serve(project / "mkdocs.yml", script)
    assert seen == [(1, False), (1, False)]
