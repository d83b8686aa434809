"""The curriculum as plain dataclasses, each remembering where its values were written.

Attributes are named like the YAML keys they come from (schema.py declares each key once and
hands its clean value to the attribute of the same name), so a new optional field is a key in
the schema and an attribute here, with a default for files that leave it out.

`lines` maps a field name (as printed in messages, e.g. `activities[2].minutes`) to the line
of its value, so that rules that run long after loading can still point at the right line.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class Located:
    """Mixin: the file an object came from and where each of its fields was written.

    `source` is the YAML mapping as loaded (it knows the line of every value); lines are
    looked up only when a message needs one, so loading stays cheap. `lines` holds lines
    that have no YAML value of their own (a document's reference, say).
    """

    file: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    source: object = field(default=None, repr=False, compare=False)

    def line(self, name: str = "") -> int:
        """The line of a dotted field such as `activities[2].minutes` (else the nearest)."""
        if name in self.lines:
            return self.lines[name]
        line, value = getattr(self.source, "line", self.lines.get("", 1)), self.source
        for key, index in _PART.findall(name):
            if key and hasattr(value, "value_line") and key in value:
                line, value = value.value_line(key), value[key]
            elif index and hasattr(value, "item_line") and int(index) < len(value):
                line, value = value.item_line(int(index)), value[int(index)]
            else:
                break
        return line


@dataclass
class Heading:
    """A Markdown heading: `## Title {#id}` gives level 2, title and anchor id."""

    level: int
    title: str
    anchor: str | None
    line: int


@dataclass
class Document(Located):
    """A Markdown file: its body and, where it begins with `# Title`, that title."""

    id: str = ""
    title: str = ""
    text: str = ""
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Asset:
    """A file published as it is, beside the pages made from its folder (a figure, a reading).

    `file` is its path from the project root, `uri` its address in the site, `path` where it
    lies on disk.
    """

    file: str
    uri: str
    path: Path


@dataclass
class Material:
    item: str = ""
    quantity: int = 0
    per: str = "session"
    group_size: int | None = None
    reusable: bool = False


@dataclass
class Activity:
    id: str = ""
    title: str = ""
    minutes: int | None = None
    format: str = ""
    purpose: str = ""
    sharing: str = ""
    """`personal` when the activity asks people to share personal experience."""
    optional: bool = False
    """May be left out when a session must fit a budget (`fit:`)."""
    min_minutes: int | None = None
    """May be shortened down to this many minutes when a session must fit a budget."""


@dataclass
class Safety:
    """How a module that asks for personal stories keeps them safe: one sentence each."""

    confidentiality: str = ""
    opt_out: str = ""
    distress: str = ""


@dataclass
class Contact:
    """A support and referral contact: who, how to reach them, and when to."""

    name: str = ""
    contact: str = ""
    when: str = ""


@dataclass
class GroupSize:
    """The range of group sizes a module works for; either end may be unknown."""

    min: int | None = None
    max: int | None = None


@dataclass
class Module(Located):
    id: str = ""
    title: str = ""
    summary: str = ""
    duration: int | None = None
    level: str = ""
    audiences: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    group_size: GroupSize = field(default_factory=GroupSize)
    prerequisites: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    handouts: list[Document] = field(default_factory=list)
    safety: Safety | None = None
    follow_up: str = ""
    """A short practice or prompt for the weeks after the module ("Before we meet again")."""
    participants_read: str = "overview"
    """`guide` for a lesson-style module: participants read the facilitator guide, without its
    facilitator notes, where they would read the overview."""
    overview: Document | None = None
    guide: Document | None = None
    assets: list[Asset] = field(default_factory=list)
    """The other files of the module folder, published beside its pages."""
    loaded: bool = True
    """False for a folder whose module.yml could not be read: known, so not "unknown"."""

    @property
    def reads_guide(self) -> bool:
        return self.participants_read == "guide"

    @property
    def reading(self) -> Document | None:
        """What participants read: the overview, or a lesson-style module's guide."""
        return self.guide if self.reads_guide else self.overview

    @property
    def folder(self) -> str:
        """The module's folder relative to the project root, e.g. `modules/story-of-self`."""
        return self.file.rsplit("/", 1)[0]


@dataclass
class Step:
    module: str = ""
    note: str = ""


@dataclass
class LearningPath(Located):
    id: str = ""
    title: str = ""
    audience: str = ""
    description: str = ""
    steps: list[Step] = field(default_factory=list)


@dataclass
class Block:
    """One agenda block: a module, or a break/opening/closing of `minutes`."""

    kind: str
    minutes: int | None = None
    module: str | None = None
    title: str = ""

    @classmethod
    def of(cls, title: str = "", **kinds: object) -> Block:
        """The block YAML gives: `module: id`, or `break:`/`opening:`/`closing: minutes`.

        With not exactly one of them (reported by the schema) it is an "invalid" block.
        """
        if len(kinds) != 1:
            return cls("invalid", title=title)
        [(kind, value)] = kinds.items()
        if kind == "module":
            return cls(kind, module=value, title=title)  # type: ignore[arg-type]
        return cls(kind, minutes=value, title=title)  # type: ignore[arg-type]


@dataclass
class Day:
    """One day of a session. A session written with `blocks:` is a session of one day, so that
    every agenda, packet and rule has one shape to follow."""

    blocks: list[Block] = field(default_factory=list)
    date: _dt.date | None = None
    start: str = ""
    """Empty: the session's start."""
    length: int | None = None
    fit: int | None = None
    """A budget in minutes the day's blocks are fitted to."""
    at: str = ""
    """Where the day's fields are written in the session file, as a prefix of field names:
    `days[1].` for the second of `days:`, empty for a session written with `blocks:`."""


@dataclass
class Repeat:
    """A series: the session meets `count` times, every `every_weeks` weeks, with the same
    agenda at the same clock times (the first meeting on the session's dates)."""

    every_weeks: int = 1
    count: int = 1


@dataclass
class Session(Located):
    id: str = ""
    title: str = ""
    date: _dt.date | None = None
    start: str = ""
    group_size: int = 0
    length: int | None = None
    fit: int | None = None
    """A budget in minutes the session's blocks are fitted to (after its days' own)."""
    days: list[Day] = field(default_factory=list)
    guides: list[str] | None = None
    done_before: list[str] = field(default_factory=list)
    """Modules its participants have done before it: prerequisites it need not include."""
    repeat: Repeat | None = None
    credit: bool = True
    """False: the session claims no credit, whatever curriculum.yml's `credit:` says."""
    evaluation: Evaluation | None = None
    """Questions its evaluation form asks after the curriculum's own."""

    @property
    def blocks(self) -> list[Block]:
        """Every block of the session, day after day."""
        return [block for day in self.days for block in day.blocks]

    @property
    def first_date(self) -> _dt.date | None:
        """When the session begins, as far as its file says."""
        return self.date or next((day.date for day in self.days if day.date), None)


@dataclass
class Credit:
    """Continuing-education credit the program claims (curriculum.yml `credit:`), printed
    where credit is claimed: session pages, packet covers, certificates."""

    provider: str = ""
    statement: str = ""
    """The accreditor's wording, printed as written."""
    type: str = ""
    """The kind of credit (`AMA PRA Category 1 Credit™`, `Nursing contact hours`)."""


@dataclass
class Evaluation:
    """Questions an evaluation form asks after its fixed ones (curriculum.yml or a session)."""

    questions: list[str] = field(default_factory=list)


@dataclass
class Defaults:
    """What a session that does not say otherwise starts with."""

    start: str = "09:00"
    group_size: int = 12


@dataclass
class Curriculum(Located):
    """Everything one project holds, keyed by id."""

    root: Path = field(default_factory=Path)
    title: str = ""
    description: str = ""
    defaults: Defaults = field(default_factory=Defaults)
    audiences: dict[str, str] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    """Module ids in the author's order (`ordered_modules` applies it)."""
    language: str = "en"
    """The language of every label the tool prints (see language.py)."""
    support: list[Contact] = field(default_factory=list)
    timezone: str = ""
    """The IANA time zone that sessions' clock times are in (calendars); empty: not said, so
    UTC in calendars and the facilitator's own clock in the run-of-show view."""
    credit: Credit | None = None
    """The credit every session claims unless it says `credit: false`."""
    evaluation: Evaluation | None = None
    """Questions every session's evaluation form asks (before the session's own)."""
    modules: dict[str, Module] = field(default_factory=dict)
    paths: dict[str, LearningPath] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    guides: dict[str, Document] = field(default_factory=dict)
    pages: dict[str, Document] = field(default_factory=dict)
    """The home and about pages, by id (`index`, `about`)."""
    docs: dict[str, Document] = field(default_factory=dict)
    """Every Markdown page of the docs folder (home and about too), by its address there."""
    guide_assets: list[Asset] = field(default_factory=list)
    """Files beside the general guides (`curriculum/guides/fig/x.png`), published under guides/."""
    docs_assets: list[Asset] = field(default_factory=list)
    """The docs folder's other files, which MkDocs publishes itself."""
