"""The MkDocs plugin `curriculum`: translates MkDocs events into calls of the core.

Nothing else lives here. The core loads and validates; this file logs its problems the
MkDocs way (errors abort the build, warnings fail `--strict`) and wires `mkdocs serve`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .load import Layout
from .validate import check_project

log = logging.getLogger("mkdocs.plugins.curriculum")


class CurriculumConfig(Config):
    curriculum_dir = c.Type(str, default="curriculum")
    """Folder of curriculum.yml, paths/, sessions/ and guides/, relative to mkdocs.yml."""
    modules_dir = c.Type(str, default="modules")
    """Folder holding one sub-folder per module, relative to mkdocs.yml."""


class CurriculumPlugin(BasePlugin[CurriculumConfig]):
    """Loads the curriculum once per build and reports every problem before anything renders."""

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        self.layout = Layout.at(root, self.config.curriculum_dir, self.config.modules_dir,
                                str(Path(config.docs_dir).resolve().relative_to(root)))
        self.curriculum, problems = check_project(self.layout)
        errors = [p for p in problems if p.is_error]
        for problem in problems:
            (log.error if problem.is_error else log.warning)(problem.format())
        if errors:
            raise PluginError(f"the curriculum has {len(errors)} error(s); see above")
        return config

    def on_serve(self, server, config, builder):
        for folder in (self.layout.curriculum_dir, self.layout.modules_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
