"""Where a project keeps its sources and its outputs: one `Layout`, read once per run.

The faces build it (the plugin from MkDocs' own config, the CLI from mkdocs.yml with MkDocs'
defaults, see `config.py`); everything else takes it as it is. The decisions about folders live
here and nowhere else: the theme folder when mkdocs.yml names none, the folders no output may
touch, where packets go by default and where rendered PDFs are cached.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, ProblemError, show


@dataclass(frozen=True)
class Web:
    """How the built site is addressed (mkdocs.yml's `site_url` and `use_directory_urls`), for
    outputs that point into it from elsewhere: a packet's link to a page it does not print."""

    site_url: str | None = None
    directory_urls: bool = True

    def url(self, path: str) -> str | None:
        """The full URL of `path` (a URL path from the site's root), if the site has an address."""
        if not self.site_url:
            return None
        return f"{self.site_url.rstrip('/')}/{path.lstrip('/')}"


@dataclass(frozen=True)
class Layout:
    """A project's folders, absolute; messages print paths relative to `root`."""

    root: Path
    curriculum_dir: Path
    modules_dir: Path
    pages_dir: Path
    """MkDocs' `docs_dir`: the home and about pages and any other authored page."""
    site_dir: Path
    cache_dir: Path
    """Where rendered packet PDFs are kept between runs."""
    custom_dir: Path | None = None
    """The theme's `custom_dir`, if mkdocs.yml names one."""
    config_file: Path | None = None
    web: Web = Web()

    @classmethod
    def at(cls, root: Path, *, curriculum_dir: str | Path, modules_dir: str | Path,
           pages_dir: str | Path, site_dir: str | Path, cache_dir: str | Path,
           custom_dir: str | Path | None = None, config_file: Path | None = None) -> Layout:
        """The layout of the project at `root`; each folder relative to it (or absolute)."""
        root = Path(root).resolve()

        def place(folder: str | Path) -> Path:
            return (root / folder).resolve()

        return cls(root, place(curriculum_dir), place(modules_dir), place(pages_dir),
                   place(site_dir), place(cache_dir),
                   place(custom_dir) if custom_dir else None,
                   config_file.resolve() if config_file else None)

    def rel(self, path: Path) -> str:
        """The path as messages print it: relative to the project root, with slashes."""
        text, root = os.path.normpath(path), str(self.root)
        if text.startswith(root + os.sep):
            text = text[len(root) + 1 :]
        return text.replace(os.sep, "/")  # normpath left nothing else for a Path to change

    @property
    def theme_dir(self) -> Path:
        """The theme folder: `custom_dir`, or `theme/` beside mkdocs.yml when none is named.

        Its `site/` and `packet/` folders override the built-in page and packet templates.
        """
        return self.custom_dir or self.root / "theme"

    @property
    def site_templates(self) -> Path:
        return self.theme_dir / "site"

    @property
    def packet_templates(self) -> Path:
        return self.theme_dir / "packet"

    @property
    def packets_dir(self) -> Path:
        """Where `curriculum packet` writes by default: `packets/` in the site folder."""
        return self.site_dir / "packets"

    @property
    def sources(self) -> tuple[Path, ...]:
        """The folders the curriculum is read from."""
        return (self.curriculum_dir, self.modules_dir, self.pages_dir)

    @property
    def guarded(self) -> tuple[Path, ...]:
        """Folders no output may overlap: the sources and the theme."""
        return (*self.sources, self.theme_dir)

    def overlapped(self, target: Path) -> Path | None:
        """The first guarded folder that `target` is, contains or lies inside, if any."""
        target = target.resolve()
        for folder in self.guarded:
            folder = folder.resolve()
            if target.is_relative_to(folder) or folder.is_relative_to(target):
                return folder
        return None

    def output_problems(self, target: Path, path: str, line: int, field: str,
                        got: str | None = None) -> list[Problem]:
        """Why nothing may be written into `target` (reported at `path:line: field`), if so."""
        folder = self.overlapped(target)
        if folder is not None:
            kept = ", ".join(f"{self.rel(f)}/" for f in self.guarded)
            message = (f"overlaps the source folder {self.rel(folder)}/; a build never writes"
                       f" into {kept}, so choose a folder outside them")
            return [Problem(path, line, field, message, got)]
        return folder_problems(target, path, line, field, got)


def folder_problems(target: Path, path: str, line: int, field: str,
                    got: str | None = None) -> list[Problem]:
    """Why `target` cannot be a folder to write into: it is a file, or a file stands where
    one of its folders would have to be made (the file system would say only "File exists")."""
    if target.exists() and not target.is_dir():
        return [Problem(path, line, field, "is a file, not a folder", got)]
    blocker = _blocker(target)
    if blocker is not None:
        message = f"cannot be made: {blocker} is a file, not a folder"
        return [Problem(path, line, field, message, got)]
    return []


def _blocker(target: Path) -> Path | None:
    """The file standing where one of `target`'s folders would have to be made, if any."""
    for parent in target.absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


@contextmanager
def writing(field: str, what: str) -> Iterator[None]:
    """Outputs are written inside this: a file system that refuses them (read-only, full, a
    folder that cannot be made) stops the work with one problem, not a traceback."""
    try:
        yield
    except OSError as err:
        where = f" ({show(str(err.filename))})" if err.filename else ""
        message = f"cannot write {what}: {err.strerror or err}{where}"
        raise ProblemError(Problem("", 0, field, message)) from None
