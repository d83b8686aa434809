"""The site's pages as Markdown: curriculum -> {src_uri: Markdown text}.

Pages are rendered from Jinja2 templates that produce Markdown, so the same pages serve the
MkDocs plugin (as virtual files) and `curriculum export` (as files on disk). Text from YAML is
plain text: every `{{ value }}` is escaped for Markdown *and* HTML on the way out (`md_text`),
unless the value is marked as `Markdown` — the bodies of the authors' `.md` files and links
built here. So a `<script>` in a title reaches the page as text, never as markup.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2

from . import templates
from .addresses import (
    CATALOG,
    GUIDES,
    MODULES,
    PATHS,
    PLANNER,
    RUN,
    SCREEN,
    SESSIONS,
    SiteMap,
    calendar_uri,
    evaluation_uri,
    general_guide_uri,
    guide_uri,
    handout_uri,
    module_uri,
    page_url,
    path_uri,
    relative_url,
    run_uri,
    screen_uri,
    session_uri,
)
from .assemble import (
    Agenda,
    AgendaRow,
    activity_leeway,
    agenda_dates,
    agenda_times,
    assemble_agenda,
    contact_hours,
    contact_hours_summary,
    day_heading,
    evaluation_form,
    fit_mark,
    fitted_note,
    group_size_text,
    meeting_dates,
    module_facts,
    ordered_modules,
    path_totals,
    roll_up_materials,
    series_text,
    session_credit,
    session_modules,
    title_key,
)
from .calendars import site_calendars
from .language import Labels, labels_for
from .layout import Web
from .leaks import LeakCheck
from .markdown_html import strip_facilitator
from .markdown_source import body_without_title, fence_after
from .markdown_support import support_references
from .model import Curriculum, Document, LearningPath, Material, Module, Session, Step
from .packet_contract import EDITIONS, site_handouts, site_packet
from .problems import ProblemError
from .rebuild import digest, snapshot
from .run_of_show import Scripts, agenda_data, json_block, screen_leaks


@dataclass(frozen=True)
class LengthBucket:
    """A catalog length filter: modules of `low`..`high` minutes (inclusive), labelled by
    `catalog.length.<key>`."""

    key: str
    low: int
    high: int


LENGTHS = (
    LengthBucket("short", 0, 60),
    LengthBucket("medium", 61, 90),
    LengthBucket("long", 91, 10**9),
)


class Markdown(str):
    """Trusted Markdown (an author's `.md` file, a link built here): printed as it is."""


# Characters that Markdown or its extensions would read as markup, as HTML entities. Entities
# survive Markdown untouched and show as the character, in text and in raw-HTML attributes.
_ENTITIES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\\": "&#92;", "`": "&#96;",
    "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;",
    "|": "&#124;", "#": "&#35;", "~": "&#126;", "^": "&#94;", "=": "&#61;",
})
_LIST_START = re.compile(r"^(\d+)\.(\s)")


def md_text(value: object) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    text = " ".join(str(value).split()).translate(_ENTITIES)
    if text[:1] in ("-", "+"):  # would start a list or a rule where it begins a line
        text = f"&#{ord(text[0])};{text[1:]}"
    return _LIST_START.sub(r"\1&#46;\2", text)


def _finalize(value: object) -> str:
    if isinstance(value, Markdown):
        return value
    return md_text("" if value is None else value)


@dataclass(frozen=True)
class PageSpec:
    """A page before rendering: its template and the data it prints."""

    template: str
    context: dict


def _page(template: str, **context: object) -> PageSpec:
    return PageSpec(template, context)


def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The page templates: a project's `theme/site/<name>.md.j2` replaces the built-in one."""
    return templates.environment(
        "site", overrides,
        autoescape=False,  # the output is Markdown; `_finalize` escapes for Markdown and HTML
        finalize=_finalize,
        keep_trailing_newline=True,
    )


# -- links ----------------------------------------------------------------------------------

def link(source: str, target: str) -> Markdown:
    """A relative link between two pages' source files, as MkDocs resolves (and checks) it."""
    start = posixpath.dirname(source) or "."
    return Markdown(quote(posixpath.relpath(target, start)))


# -- the whole site ---------------------------------------------------------------------------

def render_site(curriculum: Curriculum, directory_urls: bool = True,
                overrides: Path | None = None, packets: bool = True,
                files_in_docs: bool = False, leaks: LeakCheck | None = None,
                kept: KeptPages | None = None) -> dict[str, str]:
    """Every generated page of the site as Markdown, keyed by its source path (MkDocs'
    `src_uri`). `overrides` is a folder of templates that replace the built-in ones; a template
    that cannot render raises ProblemError, and so does a screen for the room that holds
    facilitator-only text (see run_of_show.screen_leaks). Without `packets` (none are written
    beside the session pages) the session pages do not link any. With `files_in_docs` (the
    export) the packets and calendars are files of the docs folder, linked in Markdown (see
    `session_files`). `leaks` is the build's leak check (made if not given). With `kept` (the
    previous render's, under `mkdocs serve`) the pages of a module and of what it prints from
    the rest are unchanged are those of that render (see `KeptPages`)."""
    env = environment(overrides)
    labels = labels_for(curriculum.language)
    index = SiteIndex.of(curriculum, directory_urls, packets)

    def rendered(specs: dict[str, PageSpec]) -> dict[str, str]:
        return {uri: templates.render(env, spec.template, curriculum.root, t=labels,
                                      **spec.context) for uri, spec in specs.items()}

    def of_module(module: Module) -> dict[str, str]:
        return rendered(module_pages(module, curriculum, index))

    scripts = None
    if kept is not None:
        of_module = kept.pages_of(of_module, _surroundings(curriculum, index, overrides),
                                  lambda module: prerequisite_links(module, curriculum))
        scripts = kept.scripts_for(curriculum)
    pages: dict[str, str] = {}
    for part in site_parts(curriculum, index, files_in_docs, scripts):
        pages.update(of_module(part) if isinstance(part, Module) else rendered(part))
    found = screen_leaks(curriculum, pages, directory_urls, leaks)
    if found:
        raise ProblemError(*found)
    return pages


class KeptPages:
    """Each module's pages as the last render made them, so that a rebuild under `mkdocs
    serve` renders again only the pages that changed. A module's pages print that module,
    what `_surroundings` digests of the rest (paths, guides, the site's addresses,
    curriculum.yml's settings...) and, of the other modules, only the titles of its
    prerequisites (`prerequisite_links`): they are kept while the module is the very object
    they were made from (load.KeptModules keeps a module whose folder is unchanged), the
    surroundings are the same and so are its prerequisites' links. So a module's new title
    renders again its own pages and those of the modules that build on it, no other."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[Module, object, dict[str, str]]] = {}
        self.surroundings = ""
        self.scripts: tuple[str, dict[tuple[str, str], str]] = ("", {})

    def scripts_for(self, curriculum: Curriculum) -> dict[tuple[str, str], str]:
        """The run views' scripts as converted last time (run_of_show.Scripts: each keyed by
        its module, activity and text), while the renderer converts as it did then (its
        support contacts and their language)."""
        settings = digest(curriculum.language, curriculum.support)
        if self.scripts[0] != settings:
            self.scripts = (settings, {})
        return self.scripts[1]

    def pages_of(self, render: Callable[[Module], dict[str, str]], surroundings: str,
                 others: Callable[[Module], object]) -> Callable[[Module], dict[str, str]]:
        """`render`, or what it gave the same module last time in the same surroundings,
        while `others(module)` (what its pages print of the other modules) is equal too."""
        before = self.pages if surroundings == self.surroundings else {}
        self.pages, self.surroundings = {}, surroundings

        def pages(module: Module) -> dict[str, str]:
            known, printed = before.get(module.id), others(module)
            if known is None or known[0] is not module or known[1] != printed:
                known = (module, printed, render(module))
            self.pages[module.id] = known
            return known[2]
        return pages


def _surroundings(curriculum: Curriculum, index: SiteIndex, overrides: Path | None) -> str:
    """Everything a module's pages may print besides the module itself and its prerequisites'
    titles (`prerequisite_links`): the curriculum but its modules (curriculum.yml's settings,
    labels' language, paths, sessions, guides), the site's addresses (links resolve through
    them), the build's settings and the page templates."""
    rest = [(field.name, getattr(curriculum, field.name)) for field in dataclasses.fields(
        curriculum) if field.name != "modules"]
    site = (list(index.site.by_uri.values()),
            sorted((source, entry.uri) for source, entry in index.site.by_source.items()))
    return digest(rest, site, index.directory_urls, index.packets,
                  snapshot([overrides] if overrides is not None else []))


LABELS_SCRIPT = "assets/javascripts/curriculum-labels.js"
"""The labels of the theme's scripts (`browser.*`), which theme/main.html loads first."""


LABELS_STYLE = "assets/stylesheets/curriculum-labels.css"
"""The words the theme's stylesheet prints (`content:`), which theme/main.html loads."""


def site_assets(curriculum: Curriculum, web: Web | None = None) -> dict[str, str | bytes]:
    """The generated files of the site that are not pages, keyed like pages: the theme
    scripts' and stylesheet's labels in the curriculum's language, and the calendars of the
    dated sessions (which give the session page's address when `web` has the site's)."""
    labels = labels_for(curriculum.language)
    return {LABELS_SCRIPT: labels_script(labels), LABELS_STYLE: labels_style(labels),
            **site_calendars(curriculum, web)}


def labels_style(labels: Labels) -> str:
    """CSS custom properties that hold words the stylesheet prints, such as the label of a
    facilitator note (`content: var(--curriculum-label-facilitator)`)."""
    note = templates.css_content(labels("site.facilitator_note"))
    return ("/* Generated by mkdocs-curriculum from its label table: do not edit. */\n"
            f":root {{\n  --curriculum-label-facilitator: {note};\n}}\n")


def labels_script(labels: Labels) -> str:
    """`window.curriculumLabels = {language, labels}`: what the catalog filters, the search
    and the accessible names print, in the curriculum's language."""
    data = {"language": labels.html_lang, "labels": labels.group("browser.")}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return ("/* Generated by mkdocs-curriculum from its label table: do not edit. */\n"
            f"window.curriculumLabels = {text};\n")


THEME_WORDS = "curriculum_labels"
"""The key of mkdocs.yml's `extra` that holds the words the theme's templates print."""


def theme_words(curriculum: Curriculum) -> dict[str, str]:
    """Words the theme's templates print, in the curriculum's language: the plugin and the
    export put them in mkdocs.yml's `extra` (Material writes its footer's "Made with" in
    English whatever the theme's language; theme/partials/copyright.html reads this)."""
    return {"made_with": labels_for(curriculum.language)("site.made_with")}


def with_permalink_title(toc: dict, curriculum: Curriculum) -> dict:
    """The `toc` extension's settings with the title of a heading's permalink (its English
    "Permanent link" by default) in the curriculum's language, unless the author chose one."""
    return {"permalink_title": labels_for(curriculum.language)("site.permalink"), **toc}


def authored(doc: Document, index: SiteIndex) -> str:
    """An author's Markdown as its page prints it: each link to a source file leads to the
    page or file that source became (see addresses.SiteMap)."""
    return index.site.rewrite(doc.file, doc.text, index.directory_urls)


def site_parts(curriculum: Curriculum, index: SiteIndex, files_in_docs: bool = False,
               scripts: dict[tuple[str, str], str] | None = None
               ) -> Iterator[dict[str, PageSpec] | Module]:
    """Every generated page with its template and data, in the site's order, a module (whose
    pages are `module_pages`) standing for its pages; addresses are fixed (see `*_uri`).
    `scripts`: the run views' scripts converted already (see `KeptPages.scripts_for`)."""
    directory_urls, packets = index.directory_urls, index.packets
    yield {
        CATALOG: catalog_page(curriculum, index),
        MODULES: _page("modules.md.j2", groups=_level_groups(curriculum, index),
                       total=len(index.modules)),
        PATHS: _page("paths.md.j2", paths=[_path_summary(p, curriculum, PATHS)
                                           for p in index.paths]),
        SESSIONS: _page("sessions.md.j2", sessions=[_session_summary(s, curriculum)
                                                    for s in index.sessions]),
        GUIDES: _page("guides.md.j2", guides=[_doc_link(GUIDES, general_guide_uri(g.id), g)
                                              for g in index.guides]),
        PLANNER: _page("planner.md.j2"),
    }
    yield from index.modules
    pages = {path_uri(path.id): path_page(path, curriculum) for path in index.paths}
    run_scripts = Scripts(curriculum, index.site, directory_urls, converted=scripts)
    for session in index.sessions:
        pages[session_uri(session.id)] = session_page(session, curriculum, directory_urls,
                                                      packets, files_in_docs)
        pages[evaluation_uri(session.id)] = evaluation_page(session, curriculum)
        pages.update(run_of_show_pages(session, curriculum, run_scripts, directory_urls))
    pages.update(planned_run_of_show_pages(index.labels, directory_urls))
    for guide in index.guides:
        pages[general_guide_uri(guide.id)] = _page("general_guide.md.j2",
                                                   body=Markdown(authored(guide, index)),
                                                   support=_support_box(guide, index))
    yield pages


def _support_box(doc: Document, index: SiteIndex) -> bool:
    """A facilitator guide ends with the support contacts, unless it places them itself."""
    return index.support and not support_references(doc.text)


@dataclass
class SiteIndex:
    """What many pages look up, computed once per build so that every page costs the same."""

    modules: list[Module]
    paths: list[LearningPath]
    sessions: list[Session]
    guides: list[Document]
    paths_of: dict[str, list[tuple[LearningPath, int]]]
    labels: Labels
    site: SiteMap
    support: bool
    """Whether the curriculum has support contacts to print."""
    directory_urls: bool = True
    packets: bool = True
    """Whether the build prints packets and handout PDFs, which pages then link."""

    @classmethod
    def of(cls, curriculum: Curriculum, directory_urls: bool = True,
           packets: bool = True) -> SiteIndex:
        paths_of: dict[str, list[tuple[LearningPath, int]]] = {}
        paths = sorted(curriculum.paths.values(), key=lambda p: title_key(p.title or p.id))
        for path in paths:
            for number, step in enumerate(path.steps, start=1):
                paths_of.setdefault(step.module, []).append((path, number))
        sessions = sorted(curriculum.sessions.values(),
                          key=lambda s: (s.first_date or _dt.date.max, title_key(s.title or s.id)))
        return cls(
            modules=ordered_modules(curriculum),
            paths=paths,
            sessions=sessions,
            guides=sorted(curriculum.guides.values(), key=lambda g: title_key(g.title or g.id)),
            paths_of=paths_of,
            labels=labels_for(curriculum.language),
            site=SiteMap.of(curriculum),
            support=bool(curriculum.support),
            directory_urls=directory_urls,
            packets=packets,
        )


# -- modules ----------------------------------------------------------------------------------

def module_pages(module: Module, curriculum: Curriculum,
                 index: SiteIndex) -> dict[str, PageSpec]:
    """A module's page, its facilitator guide and its handouts."""
    source = module_uri(module.id)
    pages = {source: _page("module.md.j2", module=module_view(module, curriculum, index))}
    if module.guide is not None:
        pages[guide_uri(module.id)] = _page("guide.md.j2", **_guide_context(module, index))
    for handout in module.handouts:
        uri = handout_uri(module, handout)
        pages[uri] = _page("handout.md.j2", title=Markdown(handout.title or handout.id),
                           module=module.title, back=link(uri, source),
                           body=Markdown(body_without_title(authored(handout, index))))
    return pages


def module_view(module: Module, curriculum: Curriculum, index: SiteIndex) -> dict:
    """A module's data, ready to print on its page: every field of module.yml as loaded (so a
    new optional text field needs only its line in the template), and what is built here."""
    source = module_uri(module.id)
    return {
        **vars(module),
        "title": module.title or module.id,
        "facts": module_facts(module, curriculum),
        "prerequisites": prerequisite_links(module, curriculum),
        "activities": _activities(module, index.labels),
        "materials": [_material_text(m, index.labels) for m in module.materials],
        "overview": _participant_text(module, index),
        "reads_guide": module.reads_guide,
        "sharing": safety_note(module, index.labels, participants=True),
        "guide": link(source, guide_uri(module.id)) if module.guide else None,
        "handouts": [_doc_link(source, handout_uri(module, h), h) for h in module.handouts],
        "handouts_pdf": handouts_link(module.id) if module.handouts and index.packets else None,
        "paths": [{"title": p.title or p.id, "url": link(source, path_uri(p.id)),
                   "step": number, "steps": len(p.steps)}
                  for p, number in index.paths_of.get(module.id, [])],
    }


def _participant_text(module: Module, index: SiteIndex) -> Markdown | None:
    """What participants read, under the module page's headings: the overview, or a
    lesson-style module's guide without its facilitator notes."""
    doc = module.reading
    if doc is None:
        return None
    text = authored(doc, index)
    return Markdown(demote_headings(strip_facilitator(text) if module.reads_guide else text))


def handouts_link(module_id: str) -> Markdown:
    """From a module's page to its handouts PDF, which the packet step writes beside it (the
    page's folder is its URL's, with directory URLs or without)."""
    here = posixpath.dirname(module_uri(module_id))
    return Markdown(quote(posixpath.relpath(site_handouts(module_id, "pdf"), here)))


def prerequisite_links(module: Module, curriculum: Curriculum) -> list[dict]:
    """The modules `module` builds on, as its page links them: the only thing of the other
    modules that its pages print (its title, or its id for a module without one or unknown),
    so what `KeptPages` compares besides the module itself."""
    source = module_uri(module.id)
    return [_module_link(source, curriculum.modules.get(p), p) for p in module.prerequisites]


def _module_link(source: str, module: Module | None, module_id: str) -> dict:
    title = module.title if module and module.title else module_id
    return {"title": title, "url": link(source, module_uri(module_id))}


def _doc_link(source: str, target: str, doc: Document) -> dict:
    return {"title": doc.title or doc.id, "url": link(source, target)}


def _activities(module: Module, labels: Labels) -> list[dict]:
    """Activities with their offset in the module (0:00–0:15) and a link to the guide."""
    rows, clock = [], 0
    for activity in module.activities:
        minutes = activity.minutes or 0
        rows.append({
            "time": f"{_elapsed(clock)}–{_elapsed(clock + minutes)}",
            "title": activity.title or activity.id,
            "minutes": minutes,
            "format": labels.get(f"format.{activity.format}", activity.format),
            "purpose": activity.purpose,
            "leeway": activity_leeway(activity, labels),
            "anchor": Markdown(f"guide.md#{quote(activity.id)}") if module.guide else None,
        })
        clock += minutes
    return rows


def _elapsed(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _material_text(material: Material, labels: Labels) -> dict:
    if material.per == "group" and material.group_size:
        per = labels("per.group_of", size=material.group_size)
    else:
        per = labels(f"per.{material.per}")
    return {"item": material.item,
            "amount": labels("material.amount", quantity=material.quantity, per=per)}


_HEADING_LINE = re.compile(r"^#{1,5}\s")


def demote_headings(text: str) -> str:
    """Every ATX heading one level deeper, outside code fences: `##` sections under a `##`."""
    lines, fence = [], None
    for line in text.splitlines():
        if fence is None and _HEADING_LINE.match(line):
            line = "#" + line
        fence = fence_after(line, fence)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _guide_context(module: Module, index: SiteIndex) -> dict:
    source = guide_uri(module.id)
    return {
        "title": module.title or module.id,
        "module": link(source, module_uri(module.id)),
        "length": index.labels.minutes(module.duration or 0),
        "activities": _activities(module, index.labels),
        "handouts": [_doc_link(source, handout_uri(module, h), h) for h in module.handouts],
        "guides": [_doc_link(source, general_guide_uri(g.id), g) for g in index.guides],
        "body": Markdown(guide_markdown(module, index.labels, authored(module.guide, index))
                         if module.guide else ""),
        "support": module.guide is not None and _support_box(module.guide, index),
    }


def safety_note(module: Module, labels: Labels, participants: bool) -> Markdown:
    """How a module with personal sharing keeps it safe, as a `safety` admonition: for
    participants confidentiality and opting out, for facilitators the distress plan too.
    Empty for a module whose activities ask for no personal sharing."""
    safety = module.safety
    if safety is None or not any(a.sharing == "personal" for a in module.activities):
        return Markdown("")
    points = [("confidentiality", safety.confidentiality), ("opt_out", safety.opt_out)]
    if not participants:
        points.append(("distress", safety.distress))
    title = labels("safety.participants" if participants else "safety.activity")
    lines = [f'!!! safety "{md_text(title)}"', ""]
    lines += [f"    - **{md_text(labels(f'safety.{key}'))}** {md_text(text)}"
              for key, text in points]
    return Markdown("\n".join(lines) + "\n")


def guide_markdown(module: Module, labels: Labels, text: str) -> str:
    """The facilitator guide's Markdown `text` (as written, or with its links rewritten, line
    for line) with the safety note under the heading of each activity that asks for personal
    sharing: the site's guide page and the packet's print the guide so."""
    note = safety_note(module, labels, participants=False)
    personal = {a.id for a in module.activities if a.sharing == "personal"}
    if module.guide is None or not note or not personal:
        return text
    lines = text.splitlines()
    for heading in sorted(module.guide.headings, key=lambda h: h.line, reverse=True):
        if heading.anchor in personal:
            lines[heading.line:heading.line] = ["", *note.splitlines(), ""]
    return "\n".join(lines) + "\n"


# -- the catalog ------------------------------------------------------------------------------

def catalog_page(curriculum: Curriculum, index: SiteIndex) -> PageSpec:
    """Every module as a card with its facets; the filters run in the browser (theme JS)."""
    cards = [_card(module, curriculum, index.labels) for module in index.modules]
    lengths = {b.key: index.labels(f"catalog.length.{b.key}") for b in LENGTHS}
    choices = {"audience": curriculum.audiences, "theme": curriculum.themes,
               "level": curriculum.levels, "length": lengths}
    facets = [_facet(name, values, cards, index.labels) for name, values in choices.items()]
    return _page("catalog.md.j2", cards=cards, facets=facets)


def _card(module: Module, curriculum: Curriculum, labels: Labels) -> dict:
    minutes = module.duration or 0
    return {
        "title": module.title or module.id,
        "url": link(CATALOG, module_uri(module.id)),
        "summary": module.summary,
        "length": labels.minutes(minutes),
        "group": group_size_text(module.group_size, labels),
        "level": curriculum.levels.get(module.level, module.level),
        "tags": [curriculum.audiences.get(a, a) for a in module.audiences]
        + [curriculum.themes.get(t, t) for t in module.themes],
        "values": {
            "audience": module.audiences,
            "theme": module.themes,
            "level": [module.level] if module.level else [],
            "length": [length_bucket(minutes).key],
        },
    }


def length_bucket(minutes: int) -> LengthBucket:
    return next(b for b in LENGTHS if b.low <= minutes <= b.high)


def _facet(name: str, values: dict[str, str], cards, labels: Labels) -> dict:
    """A filter's options: each known value that some module has, with its count."""
    counts = Counter(value for card in cards for value in card["values"][name])
    options = [{"value": key, "label": text, "count": counts[key]}
               for key, text in values.items() if counts[key]]
    return {"name": name, "label": labels(f"catalog.{name}"),
            "anything": labels(f"catalog.any_{name}"), "options": options}


# -- paths ------------------------------------------------------------------------------------

def path_page(path: LearningPath, curriculum: Curriculum) -> PageSpec:
    """Steps in order with their lengths, notes and what each builds on; totals on top."""
    source = path_uri(path.id)
    position = {step.module: number for number, step in enumerate(path.steps, start=1)}
    steps = [_path_step(step, curriculum, source, position) for step in path.steps]
    return _page("path.md.j2", path=_path_summary(path, curriculum, source), steps=steps)


def _path_step(step: Step, curriculum: Curriculum, source: str, position: dict) -> dict:
    module = curriculum.modules.get(step.module)
    prerequisites = module.prerequisites if module else []
    labels = labels_for(curriculum.language)
    return {
        "module": _module_link(source, module, step.module),
        "length": labels.minutes(module.duration or 0) if module else "",
        "level": curriculum.levels.get(module.level, module.level) if module else "",
        "note": step.note,
        "builds_on": [{**_module_link(source, curriculum.modules.get(p), p),
                       "step": position.get(p)} for p in prerequisites],
    }


def _path_summary(path: LearningPath, curriculum: Curriculum, source: str) -> dict:
    totals = path_totals(path, curriculum)
    return {
        "title": path.title or path.id,
        "url": link(source, path_uri(path.id)),
        "description": path.description,
        "audience": curriculum.audiences.get(path.audience, path.audience),
        "modules": totals.modules,
        "length": labels_for(curriculum.language).minutes(totals.minutes),
        "hours": labels_for(curriculum.language).number(contact_hours(totals.minutes)),
    }


# -- sessions ---------------------------------------------------------------------------------

def session_page(session: Session, curriculum: Curriculum, directory_urls: bool = True,
                 packets: bool = True, files_in_docs: bool = False) -> PageSpec:
    """A session's agenda with clock times (a table per day when it has several), its scaled
    materials and links to its packets."""
    source = session_uri(session.id)
    agenda = assemble_agenda(session, curriculum)
    labels = labels_for(curriculum.language)
    days = [{
        "heading": day_heading(day, labels) if agenda.several_days else "",
        "time": f"{day.start}–{day.end}",
        "total": labels.minutes(day.minutes),
        "fitted": fitted_note(day.fit, day.full_minutes, labels),
        "rows": [_agenda_row(row, source, labels) for row in day.rows],
    } for day in agenda.days]
    materials = roll_up_materials(session_modules(session, curriculum), session.group_size)
    guide_ids = session.guides if session.guides is not None else list(curriculum.guides)
    guides = [_doc_link(source, general_guide_uri(g), curriculum.guides[g])
              for g in guide_ids if g in curriculum.guides]
    href = session_files(session.id, directory_urls, files_in_docs)
    calendar = href(calendar_uri(session.id)) if agenda.meetings else None
    to_page = functools.partial(link, source) if files_in_docs else \
        functools.partial(page_href, source, directory_urls=directory_urls)
    return _page("session.md.j2", session=_session_summary(session, curriculum, agenda),
                 days=days, fitted=fitted_note(agenda.fit, agenda.full_minutes, labels),
                 materials=materials, guides=guides, calendar=calendar,
                 run=to_page(run_uri(session.id)), screen=to_page(screen_uri(session.id)),
                 files_in_docs=files_in_docs,
                 packets=packet_links(session.id, directory_urls, labels, href) if packets else [],
                 credit=session_credit(session, curriculum),
                 claims_none=curriculum.credit is not None and not session.credit,
                 evaluation=link(source, evaluation_uri(session.id)))


def evaluation_page(session: Session, curriculum: Curriculum) -> PageSpec:
    """A session's evaluation form as a page of its own, to read and to print: the form the
    participant edition ends with (see `assemble.evaluation_form`)."""
    source = evaluation_uri(session.id)
    return _page("evaluation.md.j2", session=_session_summary(session, curriculum),
                 form=evaluation_form(session, curriculum),
                 back=link(source, session_uri(session.id)))


def run_of_show_pages(session: Session, curriculum: Curriculum, scripts: Scripts,
                      directory_urls: bool = True) -> dict[str, PageSpec]:
    """The session's run-of-show view (each activity with its script from the facilitator
    guide) and its screen for the room (no guide text at all), each with the agenda as data."""
    run, screen, page = run_uri(session.id), screen_uri(session.id), session_uri(session.id)
    labels, title = labels_for(curriculum.language), session.title or session.id
    return {
        run: _view_page("run", labels("run.title", title=title),
                        agenda_data(session, curriculum, scripts, run),
                        session=page_href(run, page, directory_urls),
                        screen=page_href(run, screen, directory_urls)),
        screen: _view_page("screen", labels("screen.title", title=title),
                           agenda_data(session, curriculum),
                           session=page_href(screen, page, directory_urls)),
    }


def planned_run_of_show_pages(labels: Labels, directory_urls: bool = True) -> dict[str, PageSpec]:
    """`/run/` and `/screen/`: the same views for an agenda the planner made, which they read
    from the browser's storage (see run_of_show.py)."""
    return {RUN: _view_page("run", labels("run.planned"), None,
                            screen=page_href(RUN, SCREEN, directory_urls)),
            SCREEN: _view_page("screen", labels("screen.planned"), None)}


def _view_page(kind: str, title: str, agenda: dict | None, session: str | None = None,
               screen: str | None = None) -> PageSpec:
    return _page("run_of_show.md.j2", kind=kind, title=title, session=session, screen=screen,
                 agenda=Markdown(json_block(agenda)) if agenda is not None else None)


def page_href(source: str, target: str, directory_urls: bool = True) -> Markdown:
    """The URL of page `target` from page `source` (both by their source path), as raw HTML
    on `source` writes it."""
    return Markdown(quote(relative_url(page_url(target, directory_urls),
                                       page_url(source, directory_urls))))


def _agenda_row(row: AgendaRow, source: str, labels: Labels) -> dict:
    """A row of the agenda table; a row left out to fit keeps its title and struck length."""
    return {
        "time": "" if row.left_out else f"{row.start}–{row.end}",
        "title": row.title,
        "kind": row.kind,
        "minutes": labels.minutes(row.full_minutes if row.left_out else row.minutes),
        "left_out": row.left_out,
        "mark": fit_mark(row, labels),
        "format": labels.get(f"format.{row.format}", row.format),
        "url": link(source, module_uri(row.module.id))
        if row.module is not None and row.kind == "module" else None,
    }


def packet_links(session_id: str, directory_urls: bool = True,
                 labels: Labels | None = None,
                 href: Callable[[str], Markdown] | None = None) -> list[dict]:
    """Links from a session's page to its packets, which the packet step writes beside it
    (`href` as `session_files` gives it; the plugin's by default)."""
    href = href or session_files(session_id, directory_urls)
    labels = labels or labels_for(None)
    return [{"label": labels(f"edition.{e.id}"), "about": labels(f"edition.{e.id}.about"),
             "pdf": href(site_packet(session_id, e.id, "pdf")),
             "html": href(site_packet(session_id, e.id, "html"))} for e in EDITIONS]


def session_files(session_id: str, directory_urls: bool = True,
                  in_docs: bool = False) -> Callable[[str], Markdown]:
    """How a session's page links the files beside it (packets, calendar), by their path from
    the site's root. The plugin writes packets after MkDocs checked the links, so the page
    links them in raw HTML, which MkDocs leaves alone (a Markdown link to a file that is not
    there fails `--strict`). In the export they are files of the docs folder, and the page
    links them in Markdown, relative to its source: engines differ on raw HTML (Zensical
    resolves it from the source file, MkDocs from the page's address), never on Markdown."""
    if in_docs:
        return lambda target: link(session_uri(session_id), target)
    return lambda target: session_file_href(session_id, target, directory_urls)


def session_file_href(session_id: str, target: str, directory_urls: bool = True) -> Markdown:
    """The URL of a file in the site (`target`, from its root), as the session's page links it
    in raw HTML: relative to the address the page is served at."""
    page = session_uri(session_id)
    here = page.removesuffix(".md") if directory_urls else posixpath.dirname(page)
    return Markdown(quote(posixpath.relpath(target, here)))


def _session_summary(session: Session, curriculum: Curriculum,
                     agenda: Agenda | None = None) -> dict:
    agenda = agenda or assemble_agenda(session, curriculum)
    labels = labels_for(curriculum.language)
    return {
        "title": session.title or session.id,
        "url": link(SESSIONS, session_uri(session.id)),
        "date": agenda_dates(agenda, labels),
        "time": agenda_times(agenda),
        "days": len(agenda.days),
        "length": labels.minutes(agenda.minutes),
        "hours": contact_hours_summary(agenda, labels),
        "group_size": session.group_size,
        "series": series_text(agenda, labels),
        "meetings": meeting_dates(agenda, labels) if agenda.repeat else [],
    }


# -- modules overview -------------------------------------------------------------------------

def _level_groups(curriculum: Curriculum, index: SiteIndex) -> list[dict]:
    """Modules by level, in the order curriculum.yml lists the levels."""
    groups: dict[str, list[dict]] = {key: [] for key in curriculum.levels}
    for module in index.modules:
        groups.setdefault(module.level, []).append({
            **_module_link(MODULES, module, module.id),
            "length": index.labels.minutes(module.duration or 0),
            "audiences": ", ".join(curriculum.audiences.get(a, a) for a in module.audiences),
        })
    other = index.labels("level.other")
    return [{"title": curriculum.levels.get(key, key or other), "modules": items}
            for key, items in groups.items() if items]
