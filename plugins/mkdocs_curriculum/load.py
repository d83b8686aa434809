"""Sources on disk -> the model, with the file and line of every value.

Loading never stops at a bad file: each file's problems are collected and the rest of the
curriculum still loads, so that one run reports every mistake. Values that failed their
schema are left out of the model (None or absent), so later rules do not repeat the news.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import schema
from .layout import Layout
from .markdown_source import load_document
from .model import Activity, Block, Curriculum, LearningPath, Material, Module, Session, Step
from .problems import Problem
from .sources import YList, YMap, load_yaml


def load_curriculum(layout: Layout) -> tuple[Curriculum, list[Problem]]:
    """Read every source of a project; return the model and all loading problems."""
    problems: list[Problem] = []
    curriculum = _load_root(layout, problems)
    for folder in _subfolders(layout.modules_dir):
        module = _load_module(layout, folder, problems)
        if module is not None:
            curriculum.modules[module.id] = module
    for path in _files(layout.curriculum_dir / "paths", (".yml", ".yaml")):
        item = _load_kind(layout, path, schema.PATH, _build_path, problems)
        if item is not None:
            curriculum.paths[item.id] = item
    for path in _files(layout.curriculum_dir / "sessions", (".yml", ".yaml")):
        item = _load_kind(layout, path, schema.SESSION, _build_session, problems)
        if item is not None:
            _apply_session_defaults(item, curriculum)
            curriculum.sessions[item.id] = item
    _load_guides(layout, curriculum, problems)
    _load_pages(layout, curriculum, problems)
    return curriculum, problems


def _subfolders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in suffixes)


def _checked(layout: Layout, path: Path, spec: schema.Spec, problems: list) -> YMap | None:
    """Load one YAML file and check it against its spec; None if it is not a mapping."""
    rel = layout.rel(path)
    data, found = load_yaml(path, rel)
    problems += found
    if data is None:
        return None
    problems += spec.check(data, schema.At(rel, getattr(data, "line", 1), ""))
    return data if isinstance(data, YMap) else None


def _id_problem(rel: str, kind: str, name: str) -> list[Problem]:
    if schema.SLUG.match(name):
        return []
    msg = f"{kind} id (the {'folder' if kind == 'module' else 'file'} name) is not a lowercase slug"
    return [Problem(rel, 1, "id", msg, f'"{name}"')]


def _load_root(layout: Layout, problems: list[Problem]) -> Curriculum:
    path = layout.curriculum_dir / "curriculum.yml"
    curriculum = Curriculum(root=layout.root, file=layout.rel(path), lines={"": 1})
    if not path.is_file():
        problems.append(Problem(curriculum.file, 1, "file", "file not found"))
        return curriculum
    data = _checked(layout, path, schema.CURRICULUM, problems)
    if data is None:
        return curriculum
    curriculum.source = data
    curriculum.title = _text(data, "title")
    curriculum.description = _text(data, "description")
    for kind in ("audiences", "themes", "levels"):
        setattr(curriculum, kind, _labels(data.get(kind)))
    defaults = data.get("defaults")
    if isinstance(defaults, YMap):
        start = defaults.get("start")
        curriculum.start = start if _valid(schema.clock(), start) else curriculum.start
        size = defaults.get("group_size")
        curriculum.group_size = size if _whole(size) else curriculum.group_size
    return curriculum


def _load_module(layout: Layout, folder: Path, problems: list[Problem]) -> Module | None:
    yml = folder / "module.yml"
    rel = layout.rel(yml)
    problems += _id_problem(rel, "module", folder.name)
    if not yml.is_file():
        message = "file not found; every module folder needs one"
        problems.append(Problem(rel, 1, "module.yml", message))
        return Module(file=rel, lines={"": 1}, id=folder.name, loaded=False)
    data = _checked(layout, yml, schema.MODULE, problems)
    if data is None:
        return Module(file=rel, lines={"": 1}, id=folder.name, loaded=False)
    module = _build_module(data, rel, folder.name)
    _attach_documents(layout, folder, module, data, problems)
    return module


def _load_kind(layout, path, spec, build, problems):
    rel = layout.rel(path)
    problems += _id_problem(rel, spec.title, path.stem)
    data = _checked(layout, path, spec, problems)
    return None if data is None else build(data, rel, path.stem)


def _valid(spec: schema.Spec, value: object) -> bool:
    return not spec.check(value, schema.At("", 1, ""))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _slug(value: object) -> str:
    """The value if it is a valid slug, else "" (the schema has said what is wrong)."""
    return value if isinstance(value, str) and schema.SLUG.match(value) else ""


def _text(data: YMap, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _slugs(value: object) -> list[str]:
    if not isinstance(value, YList):
        return []
    return [item for item in value if isinstance(item, str) and schema.SLUG.match(item)]


def _labels(value: object) -> dict[str, str]:
    if not isinstance(value, YMap):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, str) and schema.SLUG.match(k)}


def _maps(value: object) -> list[tuple[int, YMap]]:
    if not isinstance(value, YList):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, YMap)]


def _build_module(data: YMap, rel: str, module_id: str) -> Module:
    group = data.get("group_size")
    group = group if isinstance(group, YMap) else {}
    return Module(
        file=rel,
        source=data,
        id=module_id,
        title=_text(data, "title"),
        summary=_text(data, "summary"),
        duration=data["duration"] if _whole(data.get("duration")) else None,
        level=_slug(data.get("level")),
        audiences=_slugs(data.get("audiences")),
        themes=_slugs(data.get("themes")),
        group_min=group.get("min") if _whole(group.get("min")) else None,
        group_max=group.get("max") if _whole(group.get("max")) else None,
        prerequisites=_slugs(data.get("prerequisites")),
        objectives=[o for o in data.get("objectives") or [] if isinstance(o, str)]
        if isinstance(data.get("objectives"), YList) else [],
        materials=[_build_material(m) for _, m in _maps(data.get("materials"))],
        activities=[_build_activity(a) for _, a in _maps(data.get("activities"))],
    )


def _build_material(data: YMap) -> Material:
    size = data.get("group_size")
    return Material(
        item=_text(data, "item"),
        quantity=data["quantity"] if _whole(data.get("quantity")) else 0,
        per=data.get("per") if data.get("per") in schema.PER else "session",
        group_size=size if _whole(size) else None,
        reusable=data.get("reusable") is True,
    )


def _build_activity(data: YMap) -> Activity:
    minutes = data.get("minutes")
    activity_id = data.get("id")
    return Activity(
        id=activity_id if isinstance(activity_id, str) else "",
        title=_text(data, "title"),
        minutes=minutes if _whole(minutes) else None,
        format=data.get("format") if data.get("format") in schema.FORMATS else "",
        purpose=_text(data, "purpose"),
    )


def _attach_documents(layout, folder: Path, module: Module, data: YMap, problems) -> None:
    """Overview, facilitator guide and handouts: missing files point at module.yml line 1."""
    for name, attr in (("overview.md", "overview"), ("facilitator.md", "guide")):
        path = folder / name
        if not path.is_file():
            problems.append(Problem(module.file, 1, name, "file not found in the module folder"))
            continue
        doc, found = load_document(path, layout.rel(path), name[:-3], titled=False,
                                   headings=attr == "guide")
        problems += found
        setattr(module, attr, doc)
    handouts = data.get("handouts")
    if isinstance(handouts, YList):
        for index, value in enumerate(handouts):
            if isinstance(value, str):
                _attach_handout(layout, folder, module, index, value, problems)


def _attach_handout(layout, folder: Path, module: Module, index: int, value: str, problems):
    field = f"handouts[{index}]"
    where = (module.file, module.line(field), field)
    path = Path(os.path.normpath(folder / value))
    if value.startswith("/") or not _inside(path, folder):
        problems.append(Problem(*where, "must be a path inside the module folder", f'"{value}"'))
    elif path.suffix != ".md":
        problems.append(Problem(*where, "a handout must be a Markdown (.md) file", f'"{value}"'))
    elif not path.is_file():
        problems.append(Problem(*where, "file not found in the module folder", f'"{value}"'))
    else:
        doc, found = load_document(path, layout.rel(path), path.stem, titled=True)
        doc.lines = {"": 1, "ref": module.line(field)}
        problems += found
        module.handouts.append(doc)


def _inside(path: Path, folder: Path) -> bool:
    """Lexically inside the folder (after `..` is resolved); a symlink is the author's choice."""
    return str(path).startswith(str(folder) + os.sep)


def _build_path(data: YMap, rel: str, path_id: str) -> LearningPath:
    steps = [Step(step.get("module") if isinstance(step.get("module"), str) else "",
                  _text(step, "note")) for _, step in _maps(data.get("steps"))]
    audience = data.get("audience")
    return LearningPath(
        file=rel,
        source=data,
        id=path_id,
        title=_text(data, "title"),
        audience=_slug(audience),
        description=_text(data, "description"),
        steps=steps,
    )


def _build_session(data: YMap, rel: str, session_id: str) -> Session:
    date = data.get("date")
    guides = data.get("guides")
    return Session(
        file=rel,
        source=data,
        id=session_id,
        title=_text(data, "title"),
        date=date if _valid(schema.Day(), date) else None,
        start=data["start"] if _valid(schema.clock(), data.get("start")) else "",
        group_size=data["group_size"] if _whole(data.get("group_size")) else 0,
        length=data["length"] if _whole(data.get("length")) else None,
        blocks=[_build_block(b) for _, b in _maps(data.get("blocks"))],
        guides=_slugs(guides) if isinstance(guides, YList) else None,
    )


def _build_block(data: YMap) -> Block:
    kinds = [kind for kind in schema.BLOCK_KINDS if kind in data]
    kind = kinds[0] if len(kinds) == 1 else "invalid"
    value = data.get(kind)
    if kind == "module":
        module = value if isinstance(value, str) else ""
        return Block(kind, module=module, title=_text(data, "title"))
    return Block(kind, minutes=value if _whole(value) else None, title=_text(data, "title"))


def _apply_session_defaults(session: Session, curriculum: Curriculum) -> None:
    """Fill what a session leaves out (or gets wrong: that was reported) from curriculum.yml."""
    session.start = session.start or curriculum.start
    session.group_size = session.group_size or curriculum.group_size


def _load_guides(layout: Layout, curriculum: Curriculum, problems: list[Problem]) -> None:
    for path in _files(layout.curriculum_dir / "guides", (".md",)):
        rel = layout.rel(path)
        problems += _id_problem(rel, "guide", path.stem)
        doc, found = load_document(path, rel, path.stem, titled=True)
        problems += found
        curriculum.guides[path.stem] = doc


def _load_pages(layout: Layout, curriculum: Curriculum, problems: list[Problem]) -> None:
    for name in ("index", "about"):
        path = layout.pages_dir / f"{name}.md"
        rel = layout.rel(path)
        if not path.is_file():
            problems.append(Problem(rel, 1, "file", "file not found (the site needs it)"))
            continue
        doc, found = load_document(path, rel, name, titled=True)
        problems += found
        curriculum.pages[name] = doc
