"""The MkDocs plugin `curriculum`: translates MkDocs events into calls of the core.

Nothing else lives here. The core loads, validates and renders; this file logs its problems
the MkDocs way (errors abort the build, warnings fail `--strict`), adds the rendered pages as
virtual files, hands MkDocs the navigation and wires `mkdocs serve`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .export import site_dir_problem
from .load import DEFAULT_CACHE, Layout
from .nav import nav_pages, site_nav
from .packet import PacketError, write_site_packets
from .packet_html import PAPERS
from .problems import Problem
from .render import TemplateProblem, render_site
from .validate import check_project

log = logging.getLogger("mkdocs.plugins.curriculum")


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
    cache_dir = c.Type(str, default=DEFAULT_CACHE)
    """Where rendered PDFs are kept between builds, relative to mkdocs.yml (outside the sources)."""


class CurriculumPlugin(BasePlugin[CurriculumConfig]):
    """Loads the curriculum once per build and reports every problem before anything renders."""

    def on_config(self, config):
        config_file = Path(config.config_file_path).resolve()
        root = config_file.parent
        theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        self.layout = Layout.at(root, self.config.curriculum_dir, self.config.modules_dir,
                                str(Path(config.docs_dir).resolve().relative_to(root)),
                                site=config.site_dir, theme=str(theme_dir) if theme_dir else None,
                                cache=self.config.cache_dir, config_file=config_file)
        self.curriculum, problems = check_project(self.layout)
        self.templates = theme_dir / "site" if theme_dir else None
        overlap = site_dir_problem(self.layout)
        _report(problems + ([overlap] if overlap else []))
        return config

    def on_files(self, files: Files, config) -> Files:
        try:
            pages = render_site(self.curriculum, config.use_directory_urls, self.templates)
        except TemplateProblem as err:
            _report([err.problem])
        _drop_page_templates(files, self.templates)
        authored = {f.src_uri for f in files.documentation_pages()}
        if self.config.nav:
            extra = sorted(authored - {"index.md", "about.md"} - set(pages))
            config.nav = site_nav(self.curriculum, extra)
        # Pages the nav leaves out (guides, handouts) are meant to be reached from their module
        # page; without a nav at all, MkDocs lists every page itself.
        listed = nav_pages(config.nav) if config.nav is not None else set(pages)
        for uri, text in pages.items():
            if uri in authored:
                log.warning(f"{self.layout.rel(Path(config.docs_dir) / uri)}: replaces the page"
                            " the curriculum generates at this address; rename it")
                continue
            inclusion = InclusionLevel.UNDEFINED if uri in listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=text, inclusion=inclusion))
        return files

    def on_post_build(self, config) -> None:
        # After MkDocs wrote the site: packets go next to their session pages. The cache
        # lives beside mkdocs.yml because `mkdocs serve` builds into a new temporary folder.
        if not self.config.packets:
            return
        try:
            write_site_packets(self.curriculum, Path(config.site_dir), self.config.paper,
                               log.info, self.layout.cache_dir, self.layout.theme_dir)
        except PacketError as err:
            raise PluginError(str(err)) from None

    def on_serve(self, server, config, builder):
        for folder in (self.layout.curriculum_dir, self.layout.modules_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _drop_page_templates(files: Files, templates: Path | None) -> None:
    """MkDocs copies every file of the theme folder into the site; not our page templates."""
    if templates is None:
        return
    for file in list(files):
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if source is not None and source.is_relative_to(templates):
            files.remove(file)


def _report(problems: list[Problem]) -> None:
    """One log line per problem; any error aborts the build (exit 1, no traceback)."""
    for problem in problems:
        (log.error if problem.is_error else log.warning)(problem.format())
    errors = sum(problem.is_error for problem in problems)
    if errors:
        raise PluginError(f"the curriculum has {errors} error(s); see above")
