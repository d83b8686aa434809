"""`curriculum export DIR`: the site as plain Markdown and a mkdocs.yml without the plugin.

Any engine that reads mkdocs.yml (plain MkDocs, Material's successor Zensical, which runs no
third-party plugins) can build the export. The tree is written into a temporary folder beside
DIR and moved into place, so a failed export leaves nothing half-written, and the folder is
refused if it overlaps the sources or holds files that an earlier export did not write.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import yaml

from .addresses import SiteMap, published_files
from .language import labels_for, theme_language
from .layout import Layout, writing
from .markdown_support import NAME as SUPPORT
from .markdown_support import support_config
from .model import Curriculum
from .nav import NOT_IN_NAV, site_nav
from .packet import site_jobs, write_packets
from .planner import planner_files
from .problems import WARNING, Problem, ProblemError, has_errors, sort_problems
from .render import THEME_WORDS, render_site, site_assets, theme_words, with_permalink_title
from .validate import check_project

MARKER = ".curriculum-export"
"""A file in every export, so that exporting again may replace the folder."""


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


def export_problems(layout: Layout, target: Path) -> list[Problem]:
    """Why `target` cannot take an export: it overlaps the sources, or holds other files."""
    got = f'"{target}"'
    problems = layout.output_problems(target, "", 0, "DIR", got)
    if problems or not target.is_dir() or not any(target.iterdir()):
        return problems  # a new or empty folder takes any export
    if not (target / MARKER).is_file():
        message = "holds files that no earlier export wrote; choose an empty or new folder"
        return [Problem("", 0, "DIR", message, got)]
    added = _added_files(target)
    if not added:
        return []
    return [Problem("", 0, "DIR", f"holds files the earlier export did not write ({_some(added)});"
                    " move them out, or choose an empty or new folder", got)]


def _added_files(target: Path) -> list[str]:
    """Files in an earlier export that its marker does not list (a `.git`, the user's notes):
    replacing the folder would delete them. A marker without a list (an export of an earlier
    version) lists nothing to compare, so nothing counts as added: `_carried_over` keeps what
    this export does not write instead."""
    listed = _listed(target)
    if listed is None:
        return []
    present = {path.relative_to(target).as_posix() for path in target.rglob("*")
               if path.is_file() or path.is_symlink()}
    return sorted(present - listed - {MARKER})


def _listed(target: Path) -> set[str] | None:
    """The files the export in `target` says it wrote; None if its marker (of a version before
    the list) does not say. A damaged marker lists names of no file: what is there counts
    as the user's."""
    listed = (target / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    return set(listed) if listed else None


def export_site(layout: Layout, target: Path, known: list[Problem] | None = None,
                paper: str | None = "a4") -> list[Problem]:
    """Write the export into `target`; return every problem. `known` are problems found before
    (in mkdocs.yml). With an error among them all, nothing is written.

    Each session's packets (every edition, PDF and HTML, on `paper`) are written beside its
    page and each module's handouts PDF beside the module's page, where the pages link them, as
    the plugin's build does; with `paper` None, none are, and the pages link none."""
    problems = [*(known or []), *export_problems(layout, target)]
    curriculum, found = check_project(layout)
    problems = sort_problems(problems + found)
    if has_errors(problems):
        return problems
    config = _read_config(layout.config_file)
    directory_urls = config.get("use_directory_urls", True) is not False
    layout = replace(layout, web=replace(layout.web, directory_urls=directory_urls))
    try:
        pages = render_site(curriculum, directory_urls, layout.site_templates, paper is not None,
                            files_in_docs=True)
        planner = planner_files(curriculum, layout.web, paper or "a4", layout.packet_templates)
    except ProblemError as err:
        return problems + err.problems
    pages.update(_docs_pages_linked(curriculum, directory_urls))
    files = {asset.uri: asset.path for asset in published_files(curriculum)}
    extra = sorted(_docs_pages(layout.pages_dir) - {"index.md", "about.md"})
    nav = site_nav(curriculum, extra)
    exported = _export_config(config, nav, layout.custom_dir, curriculum.language)
    if curriculum.support:
        exported["markdown_extensions"] = _with_support(config, curriculum)
    _with_theme_words(exported, curriculum)

    def packets(docs: Path) -> list[Problem]:
        return [] if paper is None else _write_packets(curriculum, layout, docs, paper)

    with writing("DIR", "the export"):
        generated = {**pages, **site_assets(curriculum, layout.web), **planner}
        problems += _write_tree(target, layout, generated, files, exported, packets)
    return problems


def _write_packets(curriculum: Curriculum, layout: Layout, docs: Path,
                   paper: str) -> list[Problem]:
    """Every session's packets and every module's handouts alone into the exported docs folder,
    beside the pages that link them (the same files as `mkdocs build` writes, from the same
    cache)."""
    jobs = site_jobs(curriculum, docs, paper, layout.packet_templates, layout.web)
    return write_packets(jobs, layout.cache_dir).problems


def _docs_pages_linked(curriculum: Curriculum, directory_urls: bool) -> dict[str, str]:
    """The docs folder's pages whose links to source files must be rewritten, as rewritten."""
    site, pages = SiteMap.of(curriculum), {}
    for uri, doc in curriculum.docs.items():
        text = site.rewrite(doc.file, doc.text, directory_urls)
        if text != doc.text:
            pages[uri] = text
    return pages


def _read_config(config_file: Path | None) -> dict:
    if config_file is None or not config_file.is_file():
        return {}
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepTagsLoader)
    return data if isinstance(data, dict) else {}


def _docs_pages(pages_dir: Path) -> set[str]:
    if not pages_dir.is_dir():
        return set()
    return {p.relative_to(pages_dir).as_posix() for p in pages_dir.rglob("*.md") if p.is_file()}


def _export_config(config: dict, nav: list, custom_dir: Path | None, code: str) -> dict:
    """The project's mkdocs.yml with the plugin's work done: its nav, the theme's language,
    no `curriculum`."""
    exported = dict(config)
    exported["docs_dir"] = "docs"
    exported["site_dir"] = "site"
    exported["plugins"] = [p for p in config.get("plugins") or ["search"] if not _is_ours(p)]
    theme = exported.get("theme")
    if isinstance(theme, dict) and custom_dir is not None:
        exported["theme"] = theme = {**theme, "custom_dir": "theme"}
    if _theme_name(theme) == "material":
        theme = theme if isinstance(theme, dict) else {"name": "material"}
        exported["theme"] = {**theme, "language": theme_language(code, _material_has)}
    exported["nav"] = nav
    exported["not_in_nav"] = "\n".join(NOT_IN_NAV) + "\n"
    return exported


def _with_support(config: dict, curriculum: Curriculum) -> list:
    """mkdocs.yml's Markdown extensions and the support contacts' one with its contacts, which
    an engine that runs Python-Markdown extensions applies to `!!! support` boxes."""
    title = labels_for(curriculum.language)("support.title")
    entries = [entry for entry in config.get("markdown_extensions") or []
               if entry != SUPPORT and not (isinstance(entry, dict) and SUPPORT in entry)]
    return [*entries, {SUPPORT: support_config(curriculum.support, title)}]


def _with_theme_words(exported: dict, curriculum: Curriculum) -> None:
    """The words the theme's templates and the headings' permalinks print, in the
    curriculum's language, as the plugin gives them to its build."""
    extra = exported.get("extra")
    exported["extra"] = {**(extra if isinstance(extra, dict) else {}),
                         THEME_WORDS: theme_words(curriculum)}
    exported["markdown_extensions"] = [
        {"toc": with_permalink_title(_settings(entry, "toc"), curriculum)}
        if entry == "toc" or (isinstance(entry, dict) and "toc" in entry) else entry
        for entry in exported.get("markdown_extensions") or []]


def _settings(entry: object, name: str) -> dict:
    """The settings of Markdown extension `name` as mkdocs.yml lists it (`- toc` has none)."""
    settings = entry.get(name) if isinstance(entry, dict) else None
    return settings if isinstance(settings, dict) else {}


def _theme_name(theme: object) -> str | None:
    return theme.get("name") if isinstance(theme, dict) else theme if isinstance(theme, str) \
        else None


def _material_has(name: str) -> bool:
    """Whether Material for MkDocs translates its own words into language `name`."""
    try:
        folder = resources.files("material").joinpath("templates", "partials", "languages")
    except ModuleNotFoundError:
        return name == "en"
    return folder.joinpath(f"{name}.html").is_file()


def _is_ours(entry: object) -> bool:
    return entry == "curriculum" or (isinstance(entry, dict) and "curriculum" in entry)


def _write_tree(target: Path, layout: Layout, pages: dict[str, str | bytes],
                files: dict[str, Path], config: dict,
                packets: Callable[[Path], list[Problem]]) -> list[Problem]:
    """The export, written in a folder beside `target` and moved into place when complete;
    `packets` writes into the docs folder too. Returns its (warning) problems."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _write_docs(staging / "docs", layout, pages, files)
        problems = packets(staging / "docs")
        custom_dir = layout.custom_dir
        if custom_dir is not None and custom_dir.is_dir():
            # theme/site/ holds page templates, already applied: not part of the theme
            shutil.copytree(custom_dir, staging / "theme", ignore=lambda folder, names: (
                ["site"] if Path(folder) == custom_dir else []))
        text = yaml.dump(config, Dumper=_KeepTagsDumper, sort_keys=False, allow_unicode=True)
        (staging / "mkdocs.yml").write_text(text, encoding="utf-8")
        written = sorted(path.relative_to(staging).as_posix() for path in staging.rglob("*")
                         if path.is_file() or path.is_symlink())
        (staging / MARKER).write_text("written by `curriculum export`:\n" + "".join(
            f"{name}\n" for name in written), encoding="utf-8")
        if target.exists():
            problems += _carried_over(target, staging, set(written))
            if has_errors(problems):
                return problems  # the earlier export stays as it was
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return problems


def _carried_over(target: Path, staging: Path, written: set[str]) -> list[Problem]:
    """An export by an earlier version does not list its files, so those this export does not
    write (a `.git`, the user's notes, or pages of a module since removed) may be the user's:
    they are moved into the new export, not deleted, and named in a warning. The new marker
    leaves them out, so the next export asks for them to be moved out (`_added_files`). Where
    this export writes a folder in the place of one of them, nothing is moved (an error)."""
    if not (target / MARKER).is_file() or _listed(target) is not None:
        return []  # an empty folder, or an export that listed its files (`export_problems`)
    moves = _unwritten(target, staging, written, "")
    blocked = sorted(rel for rel, _, place in moves if place.exists())
    if blocked:
        return [Problem("", 0, "DIR", f"holds {_some(blocked)}, which the earlier export (of an"
                        " earlier version) holds and this one writes a folder in the place of;"
                        " move it out, or choose an empty or new folder", f'"{target}"')]
    for _, entry, place in moves:
        place.parent.mkdir(parents=True, exist_ok=True)
        entry.rename(place)
    if not moves:
        return []
    return [Problem("", 0, "DIR", f"kept what the earlier export (of an earlier version) holds"
                    f" and this one does not write ({_some(sorted(rel for rel, _, _ in moves))});"
                    " if none of it is yours, delete it", f'"{target}"', WARNING)]


def _some(names: list[str]) -> str:
    """The first three names, and how many more."""
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if names[3:] else "")


def _unwritten(source: Path, staging: Path, written: set[str],
               inside: str) -> list[tuple[str, Path, Path]]:
    """(path, entry, place in `staging`) of each entry of `source` this export does not write,
    whole where nothing under it is written (a `.git` keeps its empty folders)."""
    moves = []
    for entry in source.iterdir():
        rel = f"{inside}{entry.name}"
        if rel in written or rel == MARKER:
            continue
        folder = entry.is_dir() and not entry.is_symlink()
        if folder and any(name.startswith(f"{rel}/") for name in written):
            moves += _unwritten(entry, staging / entry.name, written, f"{rel}/")
        else:
            moves.append((f"{rel}/" if folder else rel, entry, staging / entry.name))
    return moves


def _write_docs(docs: Path, layout: Layout, pages: dict[str, str | bytes],
                files: dict[str, Path]) -> None:
    """The docs folder: the author's pages, the generated ones and files (bytes, such as
    calendars, are written as they are), the files beside modules."""
    if layout.pages_dir.is_dir():
        shutil.copytree(layout.pages_dir, docs)
    for uri, text in pages.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    for uri, source in files.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
