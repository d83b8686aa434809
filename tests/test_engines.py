"""Every engine the curriculum is built with: MkDocs 1.6 and ProperDocs run the plugin on the
sample, Zensical builds `curriculum export` of it. Each has its own virtual environment, made by
the Makefile (`make test`); each build is read back for its pages, its internal links and its
search index.

Material for MkDocs reaches its end of life and MkDocs 2 drops plugins: these tests say which
engines a curriculum can move to today. Packets are left out (the packet tests cover them; the
PDFs are the same bytes whichever engine runs the plugin).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import REPO, dead_links

ENGINES = {
    "mkdocs": REPO / ".venv" / "bin" / "mkdocs",
    "properdocs": REPO / ".venv-properdocs" / "bin" / "properdocs",
    "zensical": REPO / ".venv-zensical" / "bin" / "zensical",
}
CURRICULUM = REPO / ".venv" / "bin" / "curriculum"
VERSIONS = {"mkdocs": "1.6.", "properdocs": "1.6.", "zensical": "0.0.73"}


def engine(name: str) -> Path:
    """The engine's command in its own virtual environment, which `make test` creates."""
    command = ENGINES[name]
    if not command.is_file():
        pytest.fail(f"{command} is missing: run `make test`, which creates its environment")
    return command


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the sample curriculum, packets off, and its export (`export/`)."""
    root = tmp_path_factory.mktemp("engines")
    project = root / "sample"
    project.mkdir()
    for folder in ("curriculum", "modules", "theme"):
        shutil.copytree(REPO / folder, project / folder)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"curriculum": {"packets": False}}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    done = run([CURRICULUM, "-f", project / "mkdocs.yml", "export", root / "export"], root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def expected_pages(export: Path, searchable: bool = False) -> set[str]:
    """Every page's address, read from the exported Markdown tree (one file, one page); with
    `searchable`, those whose front matter leaves them in the search index."""
    docs = export / "docs"
    pages = set()
    for source in docs.rglob("*.md"):
        if searchable and "search:\n  exclude: true" in source.read_text("utf-8")[:500]:
            continue
        address = source.relative_to(docs).with_suffix("").as_posix()
        address = address.removesuffix("index").removesuffix("/")
        pages.add(f"{address}/" if address else "")
    return pages


def search_entries(site: Path) -> list[dict]:
    """The search index MkDocs' search plugin writes, or Zensical's own."""
    for name in ("search/search_index.json", "search.json"):
        if (site / name).is_file():
            index = json.loads((site / name).read_text(encoding="utf-8"))
            return index.get("docs") or index.get("items") or []
    raise AssertionError(f"no search index in {site}")


def build(name: str, sample: Path) -> Path:
    """The site the engine builds: MkDocs and ProperDocs from the sample with the plugin,
    Zensical from the export. Strict everywhere: a warning is a failure."""
    site = sample / f"site-{name}"
    if name == "zensical":
        done = run([engine(name), "build", "--strict", "--clean"], sample / "export")
        shutil.move(sample / "export" / "site", site)
    else:
        done = run([engine(name), "build", "--strict", "-d", site], sample / "sample")
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.mark.parametrize("name", list(ENGINES))
def test_every_engine_builds_every_page_with_live_links_and_a_search_index(name, sample):
    version = run([engine(name), "--version"], sample)
    assert VERSIONS[name] in version.stdout + version.stderr, version.stdout
    site = build(name, sample)
    pages = expected_pages(sample / "export")
    assert len(pages) > 60  # 12 modules, their guides and handouts, sessions, paths, guides
    missing = sorted(p for p in pages if not (site / p / "index.html").is_file())
    assert not missing, missing
    module = (site / "modules/circle-of-connection/index.html").read_text("utf-8")
    assert "Circle of Connection" in module
    assert not dead_links(site, skip=("search/",))
    entries = search_entries(site)
    located = {entry["location"].split("#")[0] for entry in entries}
    searchable = expected_pages(sample / "export", searchable=True)
    assert len(searchable) > 50 and "catalog/" not in searchable
    assert searchable <= located, sorted(searchable - located)[:5]
    assert any("Circle of Connection" in entry["title"] for entry in entries)
    session = (site / "sessions/lunchtime-peer-circle/index.html").read_text("utf-8")
    assert '<p class="curriculum-session-actions">' in session  # the export's attribute list
    actions = session[session.index('<p class="curriculum-session-actions">'):]
    actions = actions[:actions.index("</p>")]
    assert "Run of show" in actions and ".ics" in actions
    assert "{:" not in actions and "{ ." not in actions  # no attribute list left as text
