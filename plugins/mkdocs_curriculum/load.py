"""Sources on disk -> the model, with the file and line of every value.

Loading never stops at a bad file: each file's problems are collected and the rest of the
curriculum still loads, so that one run reports every mistake. Values that failed their
schema are left out of the model (None or absent), so later rules do not repeat the news.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import cores, schema
from .layout import Layout
from .markdown_source import load_document
from .model import Asset, Curriculum, Day, LearningPath, Module, Session
from .problems import WARNING, Problem, show
from .sources import MARKDOWN_SUFFIXES, YMap, load_yaml


def load_curriculum(layout: Layout) -> tuple[Curriculum, list[Problem]]:
    """Read every source of a project; return the model and all loading problems."""
    curriculum, problems, _ = load_checked(layout, None)
    return curriculum, problems


Found = TypeVar("Found")
ModuleCheck = Callable[[Module, Curriculum], Found]
"""What is worked out of one module, as it is loaded, that needs none of the others
(curriculum.yml's settings aside): `check` finds its identifiers and links there."""


def load_checked(layout: Layout, module_check: ModuleCheck | None, pooled: bool = True,
                 kept: KeptModules | None = None
                 ) -> tuple[Curriculum, list[Problem], dict[str, Found]]:
    """Read every source of a project: the model, all loading problems and what
    `module_check` found in each module that loaded, by module id.

    Each module is loaded (and checked) on its own, so that a curriculum of many modules is
    loaded on every core (`cores.each_here_too`, unless not `pooled`); what they give comes
    back in the modules' order. With `kept` (the previous load's, under `mkdocs serve`), a
    module whose folder and settings are unchanged is that load's module, not read again."""
    problems: list[Problem] = []
    curriculum = _load_root(layout, problems)
    folders = _subfolders(layout.modules_dir)
    found: dict[str, Found] = {}
    alone = functools.partial(_module_alone, layout, curriculum, module_check)

    def load(todo: list[Path]) -> list[Loaded]:
        return cores.each_here_too(alone, todo, pooled and len(todo) >= FORK_FROM)

    if kept is not None:
        settings = (layout, curriculum, curriculum.lines, module_check,
                    folder_stamps(layout.curriculum_dir / "curriculum.yml"))
        loaded = kept.load(load, folders, repr(settings))
    else:
        loaded = load(folders)
    for module, module_problems, checked in loaded:
        problems += module_problems
        curriculum.modules[module.id] = module
        if checked is not None:
            found[module.id] = checked
    for path in _files(layout.curriculum_dir / "paths", (".yml", ".yaml")):
        item = _load_kind(layout, path, schema.PATH, LearningPath, problems)
        if item is not None and _new_id(item, curriculum.paths, problems):
            curriculum.paths[item.id] = item
    for path in _files(layout.curriculum_dir / "sessions", (".yml", ".yaml")):
        item = _load_kind(layout, path, schema.SESSION, Session, problems, _session_days)
        if item is not None and _new_id(item, curriculum.sessions, problems):
            _apply_session_defaults(item, curriculum)
            curriculum.sessions[item.id] = item
    _load_guides(layout, curriculum, problems)
    _load_pages(layout, curriculum, problems)
    _load_docs(layout, curriculum, problems)
    return curriculum, problems, found


FORK_FROM = 100
"""How many modules make loading them on every core pay for the pool: a module takes about a
millisecond to load and check, and a third of that again to send back to this process;
starting and ending the pool's processes takes a few tens of milliseconds."""


Loaded = tuple[Module, list[Problem], object]
"""A module folder loaded: the module, its problems, what the module check found."""


class KeptModules:
    """Each module as the last load left it, with what it was loaded from, so that a rebuild
    under `mkdocs serve` reads again only the modules whose folder changed. Only the loading
    is kept: the rules across modules (validate.py) run over the whole curriculum each time,
    so every problem is still reported."""

    def __init__(self) -> None:
        self.modules: dict[str, tuple[tuple[str, tuple], Loaded]] = {}

    def load(self, load: Callable[[list[Path]], list[Loaded]], folders: list[Path],
             settings: str) -> list[Loaded]:
        """`load(folders)`, in which a folder whose files and `settings` (curriculum.yml's,
        the layout's, the check's) are as they were last time gives what it gave then: only
        the others are loaded again."""
        before, self.modules = self.modules, {}
        keys = {folder: (settings, folder_stamps(folder)) for folder in folders}
        known = {folder: before[str(folder)][1] for folder in folders
                 if str(folder) in before and before[str(folder)][0] == keys[folder]}
        todo = [folder for folder in folders if folder not in known]
        known.update(zip(todo, load(todo), strict=True))
        self.modules = {str(folder): (keys[folder], known[folder]) for folder in folders}
        return [known[folder] for folder in folders]


def folder_stamps(folder: Path) -> tuple:
    """`folder` (or a file) and every name below it, each with its type, size and
    modification time (not followed through symlinks): what tells that a module changed."""
    try:
        top = os.lstat(folder)
    except OSError:
        return ()
    stamps: list[tuple] = []
    for where, subfolders, names in os.walk(folder):
        for name in sorted([*subfolders, *names]):
            path = os.path.join(where, name)
            try:
                info = os.lstat(path)
            except OSError:  # gone while listed: never equal to a stamp taken before
                stamps.append((path, None))
                continue
            stamps.append((path, info.st_mode, info.st_size, info.st_mtime_ns))
    return (top.st_mode, top.st_size, top.st_mtime_ns, *sorted(stamps))


def _module_alone(layout: Layout, curriculum: Curriculum, module_check: ModuleCheck | None,
                  folder: Path) -> tuple[Module, list[Problem], Found | None]:
    """One module folder loaded: the module, its problems and, if it loaded,
    what `module_check` finds in it."""
    problems: list[Problem] = []
    module = _load_module(layout, folder, problems)
    checked = module_check(module, curriculum) if module_check and module.loaded else None
    return module, problems, checked


def _subfolders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in suffixes)


def _new_id(item: LearningPath | Session, known: dict, problems: list[Problem]) -> bool:
    """False, with a problem, when another file (`x.yml` beside `x.yaml`) has the same id."""
    first = known.get(item.id)
    if first is None:
        return True
    problems.append(Problem(item.file, 1, "id", f"{first.file} has the same id; the two would"
                            " share one page, so rename or remove one", show(item.id)))
    return False


def _escape(layout: Layout, path: Path, home: Path, where: tuple[str, int, str],
            what: str) -> Problem | None:
    """A symlink (the file, or a folder on its way) that leads out of `home` is refused:
    its target would be published, searched and printed as if it were the author's file.

    `path` lies in `home` as written; only when a step between them is a symlink is the
    real place looked up (most files have none, and resolving every path is slow)."""
    step, home_text = str(path), str(home)  # strings: a Path per step costs more than lstat
    while step != home_text and os.path.dirname(step) != step and not os.path.islink(step):
        step = os.path.dirname(step)
    if step == home_text or os.path.dirname(step) == step:
        return None
    real = path.resolve()
    if real.is_relative_to(home.resolve()):
        return None
    return Problem(*where, f"is a symlink that leads outside {what}; copy the file in instead",
                   show(layout.rel(real)))


def _read(layout: Layout, path: Path, spec: schema.Fields, problems: list[Problem],
          home: Path, what: str) -> tuple[YMap | None, dict]:
    """One YAML file read with its spec: the mapping and the clean values of its fields.

    (None, {}) if the file holds no mapping, or leads out of `home` (`what` names it).
    Only values that passed reach the model.
    """
    rel = layout.rel(path)
    escape = _escape(layout, path, home, (rel, 1, "file"), what)
    if escape:
        problems.append(escape)
        return None, {}
    data, found = load_yaml(path, rel)
    problems += found
    if data is None:
        return None, {}
    fields = spec.read(data, schema.At(rel, getattr(data, "line", 1), ""), problems)
    return (data, fields) if isinstance(data, YMap) else (None, {})


def _id_problem(rel: str, kind: str, name: str) -> list[Problem]:
    wrong = schema.id_problem(name)
    if wrong is None:
        return []
    msg = f"{kind} id (the {'folder' if kind == 'module' else 'file'} name) {wrong}"
    return [Problem(rel, 1, "id", msg, show(name))]


def _load_root(layout: Layout, problems: list[Problem]) -> Curriculum:
    path = layout.curriculum_dir / "curriculum.yml"
    rel = layout.rel(path)
    if not path.is_file():
        problems.append(Problem(rel, 1, "file", "file not found"))
        return Curriculum(root=layout.root, file=rel, lines={"": 1})
    data, fields = _read(layout, path, schema.CURRICULUM, problems, layout.curriculum_dir,
                         f"{layout.rel(layout.curriculum_dir)}/")
    return Curriculum(root=layout.root, file=rel, lines={"": 1}, source=data, **fields)


def _load_module(layout: Layout, folder: Path, problems: list[Problem]) -> Module:
    yml = folder / "module.yml"
    rel = layout.rel(yml)
    problems += _id_problem(rel, "module", folder.name)
    escape = _escape(layout, folder, layout.modules_dir, (rel, 1, "folder"),
                     f"{layout.rel(layout.modules_dir)}/")
    if escape or not yml.is_file():
        message = "file not found; every module folder needs one"
        problems.append(escape or Problem(rel, 1, "module.yml", message))
        return Module(file=rel, lines={"": 1}, id=folder.name, loaded=False)
    data, fields = _read(layout, yml, schema.MODULE, problems, folder, "the module folder")
    if data is None:
        return Module(file=rel, lines={"": 1}, id=folder.name, loaded=False)
    handouts = fields.pop("handouts", [])
    module = Module(file=rel, source=data, id=folder.name, **fields)
    _attach_documents(layout, folder, module, handouts, problems)
    return module


def _load_kind(layout: Layout, path: Path, spec: schema.Fields, kind: type, problems,
               shape: Callable[[dict], dict] = dict):
    """A learning path or a session: its id is its file name. `shape` turns the clean fields
    into the model's attributes where they differ."""
    rel = layout.rel(path)
    problems += _id_problem(rel, spec.title, path.stem)
    data, fields = _read(layout, path, spec, problems, layout.curriculum_dir,
                         f"{layout.rel(layout.curriculum_dir)}/")
    return None if data is None else kind(file=rel, source=data, id=path.stem, **shape(fields))


def _session_days(fields: dict) -> dict:
    """`blocks:` is a session of one day; each of `days:` learns where it is written. A session
    whose every day is wrong (reported) still has one day, empty, as every agenda needs."""
    days, blocks = fields.pop("days", None), fields.pop("blocks", [])
    if not days:
        return {**fields, "days": [Day(blocks=blocks)]}
    for index, day in days:
        day.at = f"days[{index}]."
    return {**fields, "days": [day for _, day in days]}


def _attach_documents(layout, folder: Path, module: Module, handouts: list[tuple[int, str]],
                      problems) -> None:
    """Overview, facilitator guide and handouts: missing files point at module.yml line 1.

    The module folder is listed once: a document listed as a plain file (no symlink on its
    way) is there and stays inside the folder, with no system call to ask again."""
    plain: set[str] = set()
    names = _files_inside(layout, folder, problems, plain=plain)
    for name, attr in (("overview.md", "overview"), ("facilitator.md", "guide")):
        path = folder / name
        if attr == "overview" and module.reads_guide:
            problems += _unread_overview(module, path)
            continue
        if name not in plain and not path.is_file():
            problems.append(Problem(module.file, 1, name, "file not found in the module folder"))
            continue
        escape = None if name in plain else _escape(layout, path, folder, (module.file, 1, name),
                                                    "the module folder")
        if escape:
            problems.append(escape)
            continue
        doc, found = load_document(path, layout.rel(path), name[:-3], titled=False,
                                   headings=attr == "guide")
        problems += found
        setattr(module, attr, doc)
    own = {"module.yml", "overview.md", "facilitator.md"}
    for index, value in handouts:
        name = _attach_handout(layout, folder, module, index, value, problems, plain)
        own.add(name or "module.yml")
    module.assets = _files_beside(layout, folder, own, f"modules/{module.id}", problems,
                                  "the module does not list it under handouts in module.yml",
                                  names)


def _unread_overview(module: Module, path: Path) -> list[Problem]:
    """A lesson-style module needs no overview.md; one that is there is printed nowhere."""
    if not path.is_file():
        return []
    field = "participants_read"
    return [Problem(module.file, module.line(field), field, "participants read the guide, so"
                    " overview.md is printed nowhere; delete it or remove this line", '"guide"',
                    WARNING)]


def _attach_handout(layout, folder: Path, module: Module, index: int, value: str, problems,
                    plain: set[str]) -> str | None:
    """Attach the handout `value` names; its path inside the module folder (slashes), if it
    is one. `plain` holds the folder's plain files (see `_attach_documents`)."""
    field = f"handouts[{index}]"
    where = (module.file, module.line(field), field)  # the line looked up once
    text = os.path.normpath(os.path.join(folder, value))
    path, name = Path(text), text[len(str(folder)) + 1:].replace(os.sep, "/")
    if value.startswith("/") or not _inside(path, folder):
        problems.append(Problem(*where, "must be a path inside the module folder", f'"{value}"'))
        return None
    if path.suffix != ".md":
        problems.append(Problem(*where, "a handout must be a Markdown (.md) file", f'"{value}"'))
    elif name not in plain and not path.is_file():
        problems.append(Problem(*where, "file not found in the module folder", f'"{value}"'))
    elif name not in plain and (escape := _escape(layout, path, folder, where,
                                                  "the module folder")):
        problems.append(escape)
    else:
        doc, found = load_document(path, layout.rel(path), path.stem, titled=True)
        doc.lines = {"": 1, "ref": where[1]}
        problems += found
        module.handouts.append(doc)
        return name
    return None


def _inside(path: Path, folder: Path) -> bool:
    """Lexically inside the folder (after `..` is resolved); symlinks are `_escape`'s."""
    return str(path).startswith(str(folder) + os.sep)


def _apply_session_defaults(session: Session, curriculum: Curriculum) -> None:
    """Fill what a session leaves out (or gets wrong: that was reported) from curriculum.yml."""
    session.start = session.start or curriculum.defaults.start
    session.group_size = session.group_size or curriculum.defaults.group_size


def _load_guides(layout: Layout, curriculum: Curriculum, problems: list[Problem]) -> None:
    for path in _files(layout.curriculum_dir / "guides", (".md",)):
        rel = layout.rel(path)
        problems += _id_problem(rel, "guide", path.stem)
        escape = _escape(layout, path, layout.curriculum_dir, (rel, 1, "file"),
                         f"{layout.rel(layout.curriculum_dir)}/")
        if escape:
            problems.append(escape)
            continue
        doc, found = load_document(path, rel, path.stem, titled=True)
        problems += found
        curriculum.guides[path.stem] = doc


def _files_beside(layout: Layout, folder: Path, own: set[str], prefix: str,
                  problems: list[Problem], unlisted: str,
                  names: list[str] | None = None) -> list[Asset]:
    """The files of `folder` (by path inside it) that are published as they are, under
    `prefix`: all but `own` and hidden ones. A Markdown file that is not `own` would be a page
    nobody reaches, so it is not published and says why (`unlisted`). `names`: the folder's
    files as `_files_inside` lists them, when they are known already."""
    assets = []
    for name in _files_inside(layout, folder, problems) if names is None else names:
        if name in own:  # most files of a module folder: no path made for them
            continue
        path = folder / name
        if path.suffix in MARKDOWN_SUFFIXES:
            problems.append(Problem(layout.rel(path), 1, "file", f"not published: {unlisted}",
                                    severity=WARNING))
            continue
        assets.append(Asset(layout.rel(path), f"{prefix}/{name}", path))
    return assets


def _load_pages(layout: Layout, curriculum: Curriculum, problems: list[Problem]) -> None:
    """The home page (required) and the about page (optional)."""
    for name in ("index", "about"):
        path = layout.pages_dir / f"{name}.md"
        rel = layout.rel(path)
        if not path.is_file():
            if name == "index":  # about.md is optional
                problems.append(Problem(rel, 1, "file", "file not found (the site needs it)"))
            continue
        escape = _escape(layout, path, layout.pages_dir, (rel, 1, "file"), "the docs folder")
        if escape:
            problems.append(escape)
            continue
        doc, found = load_document(path, rel, name, titled=True)
        problems += found
        curriculum.pages[name] = doc


def _files_inside(layout: Layout, folder: Path, problems: list[Problem],
                  what: str = "", plain: set[str] | None = None) -> list[str]:
    """Every file under `folder`, as sorted paths inside it with slashes; hidden ones (`.x`)
    are left out, as MkDocs leaves them out. A symbolic link that leads out of the folder is
    refused (`_escape`), one that leads nowhere too; linked folders are not entered (their
    files are published where they really are). `plain` gets the files that are no symbolic
    link (nor in a linked folder): they are there, and inside the folder."""
    names: list[str] = []
    what = what or f"{layout.rel(folder)}/"
    stack = [str(folder)] if folder.is_dir() else []
    inside = len(os.path.join(folder, ""))  # an entry's path inside the folder: after `folder/`
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith(".") or (entry.is_symlink() and not _kept(
                        layout, Path(entry.path), folder, what, problems)):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif not entry.is_symlink() or os.path.isfile(entry.path):
                    names.append(entry.path[inside:].replace(os.sep, "/"))
                    if plain is not None and entry.is_file(follow_symlinks=False):
                        plain.add(names[-1])
    return sorted(names)


def _kept(layout: Layout, path: Path, folder: Path, what: str, problems: list[Problem]) -> bool:
    """Whether a symbolic link may be published: it leads somewhere inside `folder`."""
    rel = layout.rel(path)
    if not path.exists():
        problems.append(Problem(rel, 1, "file", "is a symlink to nothing"))
        return False
    escape = _escape(layout, path, folder, (rel, 1, "file"), what)
    if escape:
        problems.append(escape)
    return escape is None


def _load_docs(layout: Layout, curriculum: Curriculum, problems: list[Problem]) -> None:
    """Every page and file of the docs folder (MkDocs publishes them itself), and the files
    beside the general guides, so that links to them can be followed."""
    guides = layout.curriculum_dir / "guides"
    own = {path.name for path in _files(guides, (".md",))}
    curriculum.guide_assets = _files_beside(
        layout, guides, own, "guides", problems,
        "general guides are the .md files directly in this folder")
    pages = {f"{name}.md": doc for name, doc in curriculum.pages.items()}
    for name in _files_inside(layout, layout.pages_dir, problems, "the docs folder"):
        path = layout.pages_dir / name
        rel = layout.rel(path)
        if path.suffix not in MARKDOWN_SUFFIXES:
            curriculum.docs_assets.append(Asset(rel, name, path))
        elif name in ("index.md", "about.md"):  # read (or refused) as the home and about pages
            if name in pages:
                curriculum.docs[name] = pages[name]
        else:
            doc, found = load_document(path, rel, path.stem, titled=False)
            problems += found
            curriculum.docs[name] = doc
