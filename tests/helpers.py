"""Tiny curricula written into tmp_path, a one-call check that returns printed lines, and the
same curriculum as a Material site built by `mkdocs build`, and PDFs read back (their structure
tree, outline and text runs)."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.layout import Layout
from mkdocs_curriculum.validate import check_project

CURRICULUM = """\
title: Tiny Curriculum
description: A curriculum small enough to read in a test.
defaults:
  start: "09:00"
  group_size: 10
audiences:
  students: Students
  teams: Care teams
themes:
  story: Story
  connection: Connection
levels:
  foundation: Foundation
  practice: Practice
"""

MODULE_A = """\
title: Arriving
summary: A first meeting.
duration: 30
level: foundation
audiences: [students, teams]
themes: [connection]
group_size: {min: 4, max: 12}
prerequisites: []
objectives:
  - Hear every voice once.
materials:
  - {item: Index cards, quantity: 2, per: participant}
  - {item: Flip chart, quantity: 1, per: group, group_size: 4}
  - {item: Timer, quantity: 1, per: session}
activities:
  - id: check-in
    title: Check-in
    minutes: 10
    format: whole-group
    purpose: Arrive.
  - id: pairs
    title: Pair talk
    minutes: 20
    format: pairs
    purpose: Listen.
handouts:
  - handouts/prompts.md
"""

MODULE_B = """\
title: Telling
summary: A story.
duration: 20
level: practice
audiences: [students]
themes: [story]
group_size: {min: 2, max: 12}
prerequisites: [arriving]
activities:
  - id: tell
    title: Tell
    minutes: 20
    format: solo
"""

GUIDE_A = """\
## Preparation

- [ ] Print the prompts.

## Check-in {#check-in}

Say hello.

## Pair talk {#pairs}

Pairs talk.
"""

GUIDE_B = """\
## Tell {#tell}

Tell a story.
"""

FILES = {
    "mkdocs.yml": (
        "site_name: Tiny\ndocs_dir: curriculum/pages\nplugins:\n  - search\n  - curriculum\n"
    ),
    "curriculum/curriculum.yml": CURRICULUM,
    "curriculum/pages/index.md": "# Home\n\nWelcome.\n",
    "curriculum/pages/about.md": "# About\n\nWhy.\n",
    "curriculum/guides/ground-rules.md": "# Ground rules\n\nBe kind.\n",
    "curriculum/paths/first.yml": (
        "title: First path\naudience: students\nsteps:\n  - module: arriving\n"
        "  - module: telling\n    note: Later.\n"
    ),
    "curriculum/sessions/morning.yml": (
        'title: Morning\nstart: "09:00"\ngroup_size: 8\nlength: 90\nblocks:\n'
        "  - opening: 5\n  - module: arriving\n  - break: 5\n  - module: telling\n"
    ),
    "modules/arriving/module.yml": MODULE_A,
    "modules/arriving/overview.md": "## Why\n\nBecause.\n",
    "modules/arriving/facilitator.md": GUIDE_A,
    "modules/arriving/handouts/prompts.md": "# Prompts\n\n1. Who are you?\n",
    "modules/telling/module.yml": MODULE_B,
    "modules/telling/overview.md": "## Why\n\nStories.\n",
    "modules/telling/facilitator.md": GUIDE_B,
}


def write_project(root: Path, changes: dict[str, str | None] | None = None) -> Layout:
    """Write the tiny valid curriculum, with `changes` (None deletes a file), into root."""
    files = dict(FILES)
    files.update(changes or {})
    for name, text in files.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return read_layout(root / "mkdocs.yml")[0]


REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")

MKDOCS_YML = """\
site_name: Tiny
docs_dir: curriculum/pages
theme:
  name: material
  custom_dir: theme
  features: [navigation.prune]
plugins:
  - search
  - curriculum
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.tasklist
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics_id: !ENV [TINY_ANALYTICS, "none"]
"""
"""A site's mkdocs.yml as authors write one: Material, the repository's theme, and tags that
MkDocs resolves (`!!python/name:`, `!ENV`)."""


def site_project(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """The tiny curriculum as a site (MKDOCS_YML, the repository's theme/ copied in), with
    `changes` written last; returns the project folder."""
    shutil.copytree(REPO / "theme", root / "theme", dirs_exist_ok=True)
    write_project(root, {"mkdocs.yml": MKDOCS_YML, **(changes or {})})
    return root


def mkdocs_build(root: Path, *args: str, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build` of the project in `root`, run there; its output is captured."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(MKDOCS), "build", "-f", str(root / config), *args],
                          env=env, capture_output=True, text=True, cwd=root)


def problems_of(root: Path, changes: dict[str, str | None] | None = None) -> list[str]:
    """The printed problem lines for the tiny curriculum with `changes`."""
    _, problems = check_project(write_project(root, changes))
    return [problem.format() for problem in problems]


CIRCLE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">'
              '<circle cx="75" cy="75" r="60" fill="#2a7"/></svg>\n')

LINKED = {
    "modules/arriving/fig/circle.svg": CIRCLE_SVG,
    "modules/arriving/reading.txt": "A short reading.\n",
    "modules/arriving/overview.md": (
        "## Why\n\n![Chairs in a circle](fig/circle.svg)\n\n"
        "Read [the ground rules](../../curriculum/guides/ground-rules.md) first, then"
        " [why stories](../telling/overview.md#stories).\n"),
    "modules/arriving/facilitator.md": GUIDE_A.replace("Say hello.\n", (
        "Say hello. Next comes [Telling](../telling/facilitator.md#tell); hand out"
        " [the prompts](handouts/prompts.md) and the [reading](reading.txt).\n\n"
        "Send the [survey](https://example.org/survey?from=arriving) afterwards.\n\n"
        '<div markdown>\n<a href="../telling/overview.md">Telling, raw</a>'
        ' <img src="fig/circle.svg" alt="A raw circle">\n</div>\n')),
    "modules/arriving/handouts/prompts.md": (
        "# Prompts\n\nAs in [the check-in](../facilitator.md#check-in).\n\n1. Who are you?\n"),
    "modules/telling/overview.md": "## Stories\n\nStories.\n",
    "curriculum/guides/ground-rules.md": (
        "# Ground rules\n\nBe kind, from [the first minute](../../modules/arriving/"
        "facilitator.md#check-in).\n\n![A map of the room](fig/map.svg)\n"),
    "curriculum/guides/fig/map.svg": CIRCLE_SVG,
    "curriculum/pages/index.md": (
        "# Home\n\nStart with [Arriving](../../modules/arriving/overview.md), read"
        " [the rules](../guides/ground-rules.md) or browse the [catalog](catalog/index.md).\n\n"
        '<a href="../../modules/telling/facilitator.md#tell">Telling, raw</a>\n'),
}
"""The tiny curriculum with figures beside a module and a guide, and links between source
files of every kind: module to module, to a guide, to a handout and back, guide to module,
home page to both, raw HTML, a file beside a module, an external site."""


def dead_links(site: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """`page: href` for every relative href/src of the built site that leads to no file, or to
    an id the target page does not hold (pages whose path starts with `skip` are not read)."""
    import re
    from urllib.parse import unquote, urlsplit

    dead = []
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        if name == "404.html" or name.startswith(skip):
            continue
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"]+)"', text):
            if re.match(r"^(?:[a-z]+:|#|//)", url):
                continue
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            ids = target.read_text("utf-8") if target.suffix == ".html" and target.is_file() \
                else ""
            if not target.is_file() or (parts.fragment and f'id="{parts.fragment}"' not in ids):
                dead.append(f"{name}: {url}")
    return dead


# ---- PDFs read back -------------------------------------------------------------------------


def structure(reader: PdfReader) -> list[dict]:
    """Every element of the PDF's structure tree, depth first."""
    found: list[dict] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/Type") == "/StructElem":
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def outline_titles(outline) -> list[str]:
    titles: list[str] = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


def text_runs(path: Path) -> list[tuple[int, float, float, str, str]]:
    """(page, size in pt, baseline from the page's bottom, font name, text) of every text run,
    the size as printed: the font size scaled by the text and graphics matrices."""
    runs = []
    for number, page in enumerate(PdfReader(path).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                name = str(font.get("/BaseFont", "")) if font else ""
                runs.append((number, size * math.sqrt(abs(a * d - b * c)), y, name, text))

        page.extract_text(visitor_text=visit)
    return runs


def assert_large_print(path: Path) -> None:
    runs = text_runs(path)
    assert runs
    small = sorted({(round(size, 1), text.strip()[:30]) for _, size, _, _, text in runs
                    if size < 17.99})
    assert small == [], "text under 18 pt"
    fonts = {name for *_, name, _ in runs}
    assert not [font for font in fonts if re.search(r"Serif|Italic|Oblique|Mono", font)], fonts
