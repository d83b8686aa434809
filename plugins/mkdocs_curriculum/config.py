"""mkdocs.yml as the curriculum reads it: the plugin's options and the project's `Layout`.

The options are declared once, as MkDocs' own `Config` class. The plugin gets them validated
by MkDocs; the `curriculum` command reads mkdocs.yml itself (loading MkDocs' whole config would
import the theme and every Markdown extension) and validates the options through the same
class, with MkDocs' defaults for what the file leaves out (no `docs_dir` means `docs/`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from .layout import Layout, Web
from .packet_contract import PAPERS
from .problems import ERROR, WARNING, Problem
from .sources import load_mkdocs_config, read_text, yaml_problem

PLUGIN = "curriculum"
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")
_ENTRY = re.compile(rf"^\s*(-\s*)?{PLUGIN}\s*:")


class CurriculumConfig(Config):
    curriculum_dir = c.Type(str, default="curriculum")
    """Folder of curriculum.yml, paths/, sessions/ and guides/, relative to mkdocs.yml."""
    modules_dir = c.Type(str, default="modules")
    """Folder holding one sub-folder per module, relative to mkdocs.yml."""
    nav = c.Type(bool, default=True)
    """Build the site navigation (Home, Catalog, Paths, ...); false keeps mkdocs.yml's `nav`."""
    packets = c.Type(bool, default=True)
    """Write every session's packets (PDF and HTML, both editions) into the site after a build."""
    paper = c.Choice(tuple(PAPERS), default="a4")
    """Paper size of the packets written with the site: a4 or letter."""
    convert_ahead = c.Type(bool, default=True)
    """Convert the pages the Markdown cache lacks in a pool of processes before MkDocs asks for
    them (not when another plugin changes the Markdown: its hook would run twice a page)."""
    cache_dir = c.Type(str, default=".cache/curriculum-packets")
    """Where rendered PDFs (and converted pages, in `markdown/`) are kept between builds,
    relative to mkdocs.yml (outside the sources).
    Beside mkdocs.yml rather than in the site, because `mkdocs serve` builds into a new
    temporary folder each time."""


def plugin_layout(root: Path, options: CurriculumConfig, *, pages_dir: str | Path,
                  site_dir: str | Path, custom_dir: str | Path | None,
                  config_file: Path | None, web: Web | None = None) -> Layout:
    """The layout named by MkDocs' folders and the plugin's options."""
    layout = Layout.at(root, curriculum_dir=options.curriculum_dir,
                       modules_dir=options.modules_dir, pages_dir=pages_dir, site_dir=site_dir,
                       cache_dir=options.cache_dir, custom_dir=custom_dir,
                       config_file=config_file)
    return replace(layout, web=web or Web())


def read_layout(config_file: Path) -> tuple[Layout, list[Problem]]:
    """The layout mkdocs.yml names, and the problems of its plugin options, as MkDocs sees them.

    Without the file, or with one that cannot be read, MkDocs' and the plugin's defaults hold.
    """
    config, problems = _read_mkdocs_yml(config_file)
    options, found = read_options(config, config_file)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    layout = plugin_layout(
        config_file.resolve().parent, options,
        pages_dir=_folder(config, "docs_dir", MkDocsConfig.docs_dir.default),
        site_dir=_folder(config, "site_dir", MkDocsConfig.site_dir.default),
        custom_dir=custom if isinstance(custom, str) else None, config_file=config_file,
        web=_web(config))
    return layout, problems + found


def _web(config: dict) -> Web:
    """The site's address as mkdocs.yml gives it: a full URL (a value MkDocs resolves, such
    as `!ENV SITE_URL`, counts as none; the command does not resolve it)."""
    site_url = config.get("site_url")
    full = isinstance(site_url, str) and _URL.match(site_url) is not None
    return Web(site_url if full else None, config.get("use_directory_urls", True) is not False)


def packets_paper(config_file: Path | None) -> str | None:
    """The paper the site's packets print on (the plugin's `paper`), or None when its `packets`
    option turns them off: what `curriculum export` writes beside the session pages."""
    config = _read_mkdocs_yml(config_file)[0] if config_file is not None else {}
    options = read_options(config, config_file or Path("mkdocs.yml"))[0]
    return options.paper if options.packets else None


def _read_mkdocs_yml(config_file: Path) -> tuple[dict, list[Problem]]:
    if not config_file.is_file():
        return {}, []
    source = read_text(config_file, config_file.name)  # the same words as for any source file
    if source.text is None:
        return {}, source.problems
    try:
        return load_mkdocs_config(source.text), []
    except yaml.YAMLError as err:
        return {}, [yaml_problem(err, config_file.name, source.text)]


def _folder(config: dict, key: str, default: str) -> str:
    value = config.get(key)
    return value if isinstance(value, str) and value else default


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def read_options(config: dict, config_file: Path) -> tuple[CurriculumConfig, list[Problem]]:
    """The plugin's options in mkdocs.yml, validated by `CurriculumConfig` as MkDocs would.

    An option MkDocs would refuse is a problem and takes its default; an unknown one is a
    warning (MkDocs warns too, and fails under --strict).
    """
    options = CurriculumConfig()
    given = _plugin_entry(config.get("plugins"))
    options.load_dict(given)
    problems: list[Problem] = []
    for _ in range(len(given) + 1):  # MkDocs stops at the first bad option: retry without it
        failed, warnings = options.validate()
        if not failed:
            break
        key, error = failed[0]
        problems.append(_option_problem(config_file, key, str(error)))
        options[key] = None
    problems += [_option_problem(config_file, key, message, WARNING)
                 for key, message in warnings]
    return options, problems


def _plugin_entry(plugins: object) -> dict:
    """The options given to `curriculum` under `plugins:` (a list, or a mapping of names)."""
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN)
    else:
        options = next((entry[PLUGIN] for entry in plugins or []
                        if isinstance(entry, dict) and PLUGIN in entry), None)
    return dict(options) if isinstance(options, dict) else {}


def _option_problem(config_file: Path, key: str, message: str,
                    severity: str = ERROR) -> Problem:
    return Problem(config_file.name, _option_line(config_file, key), f"plugins.{PLUGIN}.{key}",
                   message, None, severity)


def _option_line(config_file: Path, key: str) -> int:
    """The line of `key:` under the plugin's entry in mkdocs.yml (1 if it cannot be found)."""
    lines = _text(config_file).splitlines()
    start = next((n for n, line in enumerate(lines) if _ENTRY.match(line)), None)
    if start is None:
        return 1
    for number in range(start + 1, len(lines)):
        if lines[number].strip().startswith(f"{key}:"):
            return number + 1
    return start + 1


def key_line(config_file: Path | None, key: str) -> int:
    """The line of a top-level key in mkdocs.yml (1 if it is not written there)."""
    if config_file is None:
        return 1
    lines = _text(config_file).splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


def output_folder_problems(layout: Layout) -> list[Problem]:
    """The output folders mkdocs.yml names must not overlap a source folder: `site_dir` (a
    build empties it first) and the packet cache (a build writes PDFs into it)."""
    return site_dir_problems(layout) + cache_dir_problems(layout)


def site_dir_problems(layout: Layout) -> list[Problem]:
    rel = layout.rel(layout.config_file) if layout.config_file else "mkdocs.yml"
    return layout.output_problems(layout.site_dir, rel, key_line(layout.config_file, "site_dir"),
                                  "site_dir", f'"{layout.rel(layout.site_dir)}"')


def cache_dir_problems(layout: Layout) -> list[Problem]:
    """The cache is guarded like the site, and kept out of the site (emptied, published)."""
    config_file = layout.config_file
    rel = layout.rel(config_file) if config_file else "mkdocs.yml"
    field, got = f"plugins.{PLUGIN}.cache_dir", f'"{layout.rel(layout.cache_dir)}"'
    line = _option_line(config_file, "cache_dir") if config_file else 1
    problems = layout.output_problems(layout.cache_dir, rel, line, field, got)
    if not problems and layout.cache_dir.is_relative_to(layout.site_dir):
        problems.append(Problem(rel, line, field, "is inside site_dir, which every build empties"
                                " and publishes; keep the cache beside it", got))
    return problems
