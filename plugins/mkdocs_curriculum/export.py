"""`curriculum export DIR`: the site as plain Markdown and a mkdocs.yml without the plugin.

Any engine that reads mkdocs.yml (plain MkDocs, Material's successor Zensical, which runs no
third-party plugins) can build the export. The tree is written into a temporary folder beside
DIR and moved into place, so a failed export leaves nothing half-written, and the folder is
refused if it overlaps the sources or holds files that an earlier export did not write.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .load import Layout
from .nav import NOT_IN_NAV, site_nav
from .problems import Problem
from .render import TemplateProblem, render_site
from .validate import check_project

MARKER = ".curriculum-export"
"""A file in every export, so that exporting again may replace the folder."""


def overlapped_source(target: Path, guarded: list[Path]) -> Path | None:
    """The first `guarded` folder that `target` is, contains or lies inside, if any."""
    target = target.resolve()
    for folder in guarded:
        folder = folder.resolve()
        if target.is_relative_to(folder) or folder.is_relative_to(target):
            return folder
    return None


def overlap_message(folder: Path, layout: Layout) -> str:
    return (f"overlaps the source folder {layout.rel(folder)}/; a build never writes into"
            " curriculum/, modules/, theme/ or the docs folder, so choose a folder outside them")


def site_dir_problem(layout: Layout) -> Problem | None:
    """`site_dir` of mkdocs.yml must not overlap a source folder (a build cleans it first)."""
    folder = overlapped_source(layout.site_dir, guarded_folders(layout))
    if folder is None or layout.config_file is None:
        return None
    config_file = layout.config_file
    return Problem(layout.rel(config_file), _key_line(config_file, "site_dir"), "site_dir",
                   overlap_message(folder, layout), f'"{layout.rel(layout.site_dir)}"')


def _key_line(config_file: Path, key: str) -> int:
    """The line of a top-level key in a YAML file (1 if it is not written there)."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


def guarded_folders(layout: Layout) -> list[Path]:
    """Folders no output may overlap: the sources and the theme (`theme/` if none is named)."""
    return [*layout.sources, layout.theme_dir or layout.root / "theme"]


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag MkDocs resolves (`!ENV`, `!!python/name:`), kept as written."""

    tag: str
    value: object


class _KeepTagsLoader(yaml.SafeLoader):
    pass


class _KeepTagsDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_KeepTagsLoader.add_multi_constructor("", _construct_tagged)
def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_KeepTagsDumper.add_representer(Tagged, _represent_tagged)
_KeepTagsDumper.add_representer(str, _represent_text)


def export_refusal(layout: Layout, target: Path) -> str | None:
    """Why `target` cannot take an export (it overlaps the sources, or holds other files)."""
    folder = overlapped_source(target, guarded_folders(layout))
    if folder is not None:
        return f"{target}: {overlap_message(folder, layout)}"
    if target.exists() and not target.is_dir():
        return f"{target}: is a file, not a folder"
    if target.exists() and any(target.iterdir()) and not (target / MARKER).is_file():
        return f"{target}: holds files that no earlier export wrote; choose an empty or new folder"
    return None


def export_site(layout: Layout, target: Path) -> list[Problem]:
    """Write the export into `target` (check `export_refusal` first); return the curriculum's
    problems. With errors among them nothing is written."""
    config = _read_config(layout.config_file)
    theme_dir = layout.theme_dir
    curriculum, problems = check_project(layout)
    if any(p.is_error for p in problems):
        return problems
    directory_urls = config.get("use_directory_urls", True) is not False
    try:
        pages = render_site(curriculum, directory_urls, theme_dir / "site" if theme_dir else None)
    except TemplateProblem as err:
        return [*problems, err.problem]
    extra = sorted(_docs_pages(layout.pages_dir) - {"index.md", "about.md"})
    nav = site_nav(curriculum, extra)
    _write_tree(target, layout, theme_dir, pages, _export_config(config, nav, theme_dir))
    return problems


def _read_config(config_file: Path | None) -> dict:
    if config_file is None or not config_file.is_file():
        return {}
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepTagsLoader)
    return data if isinstance(data, dict) else {}


def _docs_pages(pages_dir: Path) -> set[str]:
    if not pages_dir.is_dir():
        return set()
    return {p.relative_to(pages_dir).as_posix() for p in pages_dir.rglob("*.md") if p.is_file()}


def _export_config(config: dict, nav: list, theme_dir: Path | None) -> dict:
    """The project's mkdocs.yml with the plugin's work done: its nav, no `curriculum`."""
    exported = dict(config)
    exported["docs_dir"] = "docs"
    exported["site_dir"] = "site"
    exported["plugins"] = [p for p in config.get("plugins") or ["search"] if not _is_ours(p)]
    theme = exported.get("theme")
    if isinstance(theme, dict) and theme_dir is not None:
        exported["theme"] = {**theme, "custom_dir": "theme"}
    exported["nav"] = nav
    exported["not_in_nav"] = "\n".join(NOT_IN_NAV) + "\n"
    return exported


def _is_ours(entry: object) -> bool:
    return entry == "curriculum" or (isinstance(entry, dict) and "curriculum" in entry)


def _write_tree(target: Path, layout: Layout, theme_dir: Path | None,
                pages: dict[str, str], config: dict) -> None:
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        if layout.pages_dir.is_dir():
            shutil.copytree(layout.pages_dir, staging / "docs")
        for uri, text in pages.items():
            path = staging / "docs" / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if theme_dir is not None and theme_dir.is_dir():
            # theme/site/ holds page templates, already applied: not part of the theme
            shutil.copytree(theme_dir, staging / "theme", ignore=lambda folder, names: (
                ["site"] if Path(folder) == theme_dir else []))
        text = yaml.dump(config, Dumper=_KeepTagsDumper, sort_keys=False, allow_unicode=True)
        (staging / "mkdocs.yml").write_text(text, encoding="utf-8")
        (staging / MARKER).write_text("written by `curriculum export`\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
