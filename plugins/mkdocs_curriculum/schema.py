"""Declarative schemas of the four YAML kinds: one source for checking, reading and JSON Schema.

Each field is declared here once. A spec reads a value loaded with positions: it reports type
problems, unknown keys and missing fields, and hands back the value ready for the model (text
stripped, a mapping built into its dataclass), or INVALID. So loading takes only values that
passed, and never checks a field again. The same specs are exported as JSON Schema (2020-12)
for editors. Rules that need more than one file (references, sums, cycles) live in
`validate.py`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
import zoneinfo
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from . import language, model
from .model import (
    Activity,
    Block,
    Contact,
    Credit,
    Defaults,
    Evaluation,
    GroupSize,
    Material,
    Safety,
    Step,
)
from .problems import Problem, did_you_mean, show
from .sources import YList, YMap

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# JSON Schema's `$` ends the text; Python's also matches before a final newline, so the
# patterns are compiled to end at `\Z`: "story\n" is not an id.
SLUG = re.compile(SLUG_PATTERN.removesuffix("$") + r"\Z")
CLOCK = re.compile(CLOCK_PATTERN.removesuffix("$") + r"\Z")

MAX_ID = 64
"""Ids name files (`<id>-participant.pdf`, and temporary names beside it) and addresses; a
file name has at most 255 bytes on common systems, so ids stay far below."""
MAX_TITLE = 200
"""Titles print in running headers and contents lists, whose layout grows fast with length."""
MAX_TEXT = 5000
"""Any other text field (summaries, purposes, notes): generous for prose, bounded for print."""
MAX_GROUP = 9999
"""People in one session, as the planner allows: the sign-in sheet prints a row for each, and
10**30 rows stalled the build."""
MAX_MINUTES = 24 * 60
"""One block or activity, as the planner allows: a day. Clock times wrap at midnight, so a
longer one printed nonsense times (and 10**30 minutes crashed the calendar)."""


def id_problem(name: str) -> str | None:
    """What is wrong with `name` as an id (a module folder, a file name), if anything."""
    if not SLUG.match(name):
        return "is not a lowercase slug"
    if len(name) > MAX_ID:
        return f"is {len(name)} characters long; an id has at most {MAX_ID}"
    return None


_ABSENT = object()
INVALID = object()
"""What a spec hands back for a value that failed it (its problems are reported)."""


class At:
    """Where a value sits: file, line and the dotted field name used in messages."""

    __slots__ = ("rel", "line", "name")

    def __init__(self, rel: str, line: int, name: str) -> None:
        self.rel, self.line, self.name = rel, line, name

    def child(self, name: str, line: int) -> At:
        if not self.name:
            dotted = name
        elif name.startswith("["):
            dotted = f"{self.name}{name}"
        else:
            dotted = f"{self.name}.{name}"
        return At(self.rel, line, dotted)

    def problem(self, message: str, got: object = _ABSENT, raw: bool = False) -> Problem:
        """A problem here; `got` is quoted by `show` unless `raw` (then printed as is)."""
        if got is _ABSENT:
            shown = None
        else:
            shown = got if raw and isinstance(got, str) else show(got)
        return Problem(self.rel, self.line, self.name or "file", message, shown)


class Spec(ABC):
    """A kind of value. `read` cleans it or reports it; `json` returns its JSON Schema."""

    description: str = ""

    def check(self, value: object, at: At) -> list[Problem]:
        """Problems of `value`, which sits at `at`."""
        problems: list[Problem] = []
        self.read(value, at, problems)
        return problems

    @abstractmethod
    def read(self, value: object, at: At, problems: list[Problem]) -> object:
        """`value` ready for the model, or INVALID after adding what is wrong to `problems`."""

    def quick(self, value: object) -> object:
        """The clean value of a common valid scalar, with no position built; else INVALID."""
        return INVALID

    @abstractmethod
    def json(self) -> dict:
        """This spec as JSON Schema."""

    def _doc(self, schema: dict) -> dict:
        if self.description:
            schema["description"] = self.description
        return schema


class Scalar(Spec):
    """A spec whose whole test is `quick`: a value passes it or is `expected <what>`."""

    what: str = ""

    def read(self, value, at, problems):
        clean = self.quick(value)
        if clean is INVALID:
            problems.append(at.problem(f"expected {self.what}", value))
        return clean


@dataclass
class Text(Scalar):
    """Text, stripped; with a pattern (slugs, clock times), text that matches it."""

    description: str = ""
    pattern: re.Pattern | None = None
    pattern_text: str = ""
    what: str = "text"
    max_length: int = MAX_TEXT

    def quick(self, value):
        if not isinstance(value, str) or len(value) > self.max_length:
            return INVALID
        if self.pattern is not None:
            return value if self.pattern.match(value) else INVALID
        return value.strip() or INVALID

    def read(self, value, at, problems):
        if isinstance(value, str) and len(value) > self.max_length:
            problems.append(at.problem(f"too long: {len(value)} characters; at most"
                                       f" {self.max_length} are allowed", value))
            return INVALID
        return super().read(value, at, problems)

    def json(self):
        schema = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern is not None:
            schema["pattern"] = self.pattern_text
        return self._doc(schema)


def slug(description: str = "") -> Text:
    return Text(description, SLUG, SLUG_PATTERN, "a lowercase slug like 'story-of-self'", MAX_ID)


def clock(description: str = "") -> Text:
    return Text(description, CLOCK, CLOCK_PATTERN, 'a 24-hour clock time in quotes, like "09:00"',
                len("00:00"))


def title(description: str = "") -> Text:
    return Text(description, max_length=MAX_TITLE)


@dataclass
class Whole(Scalar):
    """A positive whole number (minutes, counts, sizes), with an upper bound where a larger one
    would make pages of dates nobody can print.

    `maximum` is part of what the field means ("from 1 to 52"); `limit` only keeps the machine
    safe, like a text's length, and is said only to a value above it ("too large").
    """

    description: str = ""
    maximum: int | None = None
    limit: int | None = None
    what: str = "a whole number of at least 1"

    def __post_init__(self) -> None:
        if self.maximum is not None:
            self.what = f"a whole number from 1 to {self.maximum}"
        bounds = [bound for bound in (self.maximum, self.limit) if bound is not None]
        self.highest = min(bounds, default=None)  # what a value may be, whichever bound says it

    def quick(self, value):
        if type(value) is not int or value < 1:
            return INVALID
        return value if self.highest is None or value <= self.highest else INVALID

    def read(self, value, at, problems):
        if type(value) is int and self.limit is not None and value > self.limit:
            problems.append(at.problem(f"too large: at most {self.limit} are allowed", value))
            return INVALID
        return super().read(value, at, problems)

    def json(self):
        schema = {"type": "integer", "minimum": 1}
        if self.highest is not None:
            schema["maximum"] = self.highest
        return self._doc(schema)


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
"""A date as YAML writes one; quoted, YAML reads it as text, which JSON Schema's `format: date`
(what editors check) accepts too."""


@dataclass
class Date(Scalar):
    description: str = ""
    what: str = "a date like 2027-03-04"

    def quick(self, value):
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str) and ISO_DAY.match(value):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                return INVALID
        return INVALID

    def read(self, value, at, problems):
        clean = self.quick(value)
        if clean is INVALID and isinstance(value, str) and ISO_DAY.match(value):
            problems.append(at.problem("no such day in the calendar", value))
        elif clean is INVALID:
            problems.append(at.problem(f"expected {self.what}", value))
        return clean

    def json(self):
        return self._doc({"type": "string", "format": "date"})


@dataclass
class Flag(Scalar):
    """true or false."""

    description: str = ""
    what: str = "true or false"

    def quick(self, value):
        return value if isinstance(value, bool) else INVALID

    def json(self):
        return self._doc({"type": "boolean"})


@dataclass
class Language(Scalar):
    """A language code Babel knows (`en`, `es`, `pt-BR`): the language of every label."""

    description: str = ""
    what: str = "a language code such as en or es"

    def quick(self, value):
        return value if isinstance(value, str) and language.locale(value) else INVALID

    def read(self, value, at, problems):
        clean = self.quick(value)
        if clean is INVALID:
            shipped = ", ".join(language.shipped())
            hint = did_you_mean(value, language.shipped())
            problems.append(at.problem(f"unknown language code{hint}; labels ship in {shipped}"
                                       " (any code Babel knows prints in English where its"
                                       " table is missing)", value))
        return clean

    def json(self):
        return self._doc({"type": "string", "pattern": language.CODE_PATTERN})


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA zone names this machine knows (the system's tz database, else the `tzdata`
    package), without `localtime` and `Factory`, which name no place."""
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


@dataclass
class Zone(Scalar):
    """An IANA time zone name (`Europe/London`, `America/New_York`, `UTC`)."""

    description: str = ""
    what: str = "an IANA time zone name such as Europe/London"

    def quick(self, value):
        return value if isinstance(value, str) and value in time_zones() else INVALID

    def read(self, value, at, problems):
        clean = self.quick(value)
        if clean is INVALID:
            hint = did_you_mean(value, time_zones())
            problems.append(at.problem(f"unknown time zone{hint}; write an IANA name such as"
                                       " Europe/London, America/New_York or UTC", value))
        return clean

    def json(self):
        return self._doc({"type": "string", "minLength": 1,
                          "examples": ["Europe/London", "America/New_York", "UTC"]})


@dataclass
class OneOf(Spec):
    """One of a fixed set of words (formats, `per`)."""

    choices: tuple[str, ...]
    description: str = ""

    def quick(self, value):
        return value if isinstance(value, str) and value in self.choices else INVALID

    def read(self, value, at, problems):
        clean = self.quick(value)
        if clean is INVALID:
            options = " | ".join(self.choices)
            hint = did_you_mean(value, self.choices)
            problems.append(at.problem(f"expected one of {options}{hint}", value))
        return clean

    def json(self):
        return self._doc({"type": "string", "enum": list(self.choices)})


@dataclass
class Items(Spec):
    """A list whose items all follow one spec; it reads as the list of the items that do.

    `indexed` lists them as (index, item), for references whose messages need the item's line.
    """

    item: Spec
    description: str = ""
    min_items: int = 0
    indexed: bool = False

    def read(self, value, at, problems):
        if not isinstance(value, YList):
            problems.append(at.problem("expected a list", value))
            return INVALID
        if len(value) < self.min_items:
            what = "an empty list" if not value else f"{len(value)}"
            problems.append(at.problem(f"expected at least {self.min_items} item(s)", what,
                                       raw=True))
            return INVALID
        clean = []
        for index, item in enumerate(value):
            result = self.item.quick(item)
            if result is INVALID:
                where = at.child(f"[{index}]", value.item_line(index))
                result = self.item.read(item, where, problems)
            if result is not INVALID:
                clean.append((index, result) if self.indexed else result)
        return clean

    def json(self):
        schema = {"type": "array", "items": self.item.json()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self._doc(schema)


@dataclass
class Labels(Spec):
    """A taxonomy: a mapping of slug ids to human labels."""

    description: str = ""

    def read(self, value, at, problems):
        if not isinstance(value, YMap) or not value:
            problems.append(at.problem("expected a mapping of id: label", value))
            return INVALID
        clean = {}
        for key, label in value.items():
            wrong = id_problem(key)
            if wrong:
                problems.append(at.child(key, value.key_line(key)).problem(f"id {wrong}", key))
            text = title().read(label, at.child(key, value.value_line(key)), problems)
            if not wrong and text is not INVALID:
                clean[key] = text
        return clean

    def json(self):
        schema = {
            "type": "object",
            "minProperties": 1,
            "propertyNames": slug().json(),
            "additionalProperties": title().json(),
        }
        return self._doc(schema)


@dataclass
class Fields(Spec):
    """A mapping with known keys; unknown keys and missing required ones are problems.

    It reads as a dict of the fields that passed, keyed as in YAML, or as `build(**that)`
    (a dataclass of the model whose attributes are named like the keys).
    """

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    description: str = ""
    title: str = ""
    exclusive: tuple[str, ...] = field(default=())
    """Keys of which exactly one must be given."""
    noun: str = ""
    """What the mapping is, for the message about `exclusive` keys ("a block needs ...")."""
    build: Callable[..., object] | None = None

    def read(self, value, at, problems):
        if not isinstance(value, YMap):
            problems.append(at.problem("expected a mapping of fields", value))
            return INVALID
        problems += self._check_keys(value, at)
        clean = {}
        for key, item in value.items():
            spec = self.fields.get(key)
            if spec is None:
                continue
            result = spec.quick(item)
            if result is INVALID:
                result = spec.read(item, at.child(key, value.value_line(key)), problems)
            if result is not INVALID:
                clean[key] = result
        return self.build(**clean) if self.build else clean

    def _check_keys(self, value: YMap, at: At) -> list[Problem]:
        problems, explained = [], set()
        for key in value:
            if key not in self.fields:
                hint = did_you_mean(key, self.fields)
                explained.add(hint.split('"')[1] if hint else None)
                key_at = at.child(key, value.key_line(key))
                problems.append(key_at.problem(f"unknown key{hint}", key))
        for key in self.required:
            if key not in value and key not in explained:  # a typo of it was reported already
                problems.append(at.child(key, value.line).problem("required field is missing"))
        if self.exclusive:
            problems += self._check_exclusive(value, at)
        return problems

    def _check_exclusive(self, value: YMap, at: At) -> list[Problem]:
        """Exactly one of the `exclusive` keys; a whole file's mistake points at a key."""
        given = [k for k in value if k in self.exclusive]  # as written, last one last
        if len(given) == 1:
            return []
        if not at.name:
            key = given[-1] if given else self.exclusive[0]
            at = at.child(key, value.key_line(key) if given else value.line)
        kinds = ", ".join(self.exclusive)
        got = ", ".join(given) if given else None
        return [at.problem(f"a {self.noun} needs exactly one of {kinds}", got, raw=True)]

    def json(self):
        schema: dict = {
            "type": "object",
            "properties": {key: spec.json() for key, spec in self.fields.items()},
            "additionalProperties": False,
        }
        if self.required:
            schema["required"] = list(self.required)
        if self.exclusive:
            schema["oneOf"] = [{"required": [kind]} for kind in self.exclusive]
        if self.title:
            schema["title"] = self.title
        return self._doc(schema)


FORMATS = ("whole-group", "pairs", "small-groups", "solo")
SHARING = ("personal",)

EVALUATION = Fields(
    build=Evaluation,
    required=("questions",),
    description="Extra questions for the evaluation form, after its fixed ones. Ask nothing"
                " that identifies a person: no name, and no role where a role has one or two"
                " people.",
    fields={
        "questions": Items(Text("A question, printed with room to write an answer.",
                                max_length=MAX_TITLE), "The questions, in order.",
                           min_items=1),
    },
)
PER = ("participant", "group", "session")
READING = ("overview", "guide")

CONTACT = Fields(
    build=Contact,
    required=("name", "contact"),
    description="A support or referral contact (employee assistance, peer support, crisis line).",
    fields={
        "name": title("Who: the service or person, e.g. '988 Suicide & Crisis Lifeline'."),
        "contact": Text("How to reach them: a number, an address, a web page."),
        "when": Text("When to use it: the hours, or the situation it is for."),
    },
)

CURRICULUM = Fields(
    title="curriculum.yml",
    description="The curriculum: title, taxonomies and session defaults.",
    required=("title", "audiences", "themes", "levels"),
    fields={
        "title": title("The curriculum's title, shown on every page and packet cover."),
        "description": Text("One or two sentences about the curriculum."),
        "defaults": Fields(
            {
                "start": clock("Default start time of a session."),
                "group_size": Whole("Default number of participants in a session.",
                                    limit=MAX_GROUP),
            },
            description="Defaults for sessions that do not say otherwise.",
            build=Defaults,
        ),
        "audiences": Labels("Who modules are for: id -> label."),
        "themes": Labels("What modules are about: id -> label."),
        "levels": Labels("How advanced a module is: id -> label."),
        "order": Items(slug(), "Module ids in the order the navigation, /modules/, the catalog"
                       " and the export list them; modules not named follow by title."),
        "language": Language("The language of every label the site and packets print"
                             " (default en; tables ship for en and es)."),
        "support": Items(CONTACT, "Support and referral contacts: every facilitator guide and"
                         " the facilitator edition print them, and `!!! support` in any Markdown"
                         " file prints them there.", min_items=1),
        "timezone": Zone("The IANA time zone sessions' clock times are in, for calendars"
                         " (default UTC) and the run-of-show view."),
        "credit": Fields(
            {
                "provider": title("Who awards the credit, as certificates name them."),
                "statement": Text("The accreditation and credit designation statement, in"
                                  " your accreditor's exact words."),
                "type": title("The kind of credit, e.g. AMA PRA Category 1 Credit™ or"
                              " nursing contact hours."),
            },
            required=("provider", "statement"),
            description="Continuing-education credit every session claims (unless it says"
                        " `credit: false`): printed on session pages, packet covers, sign-in"
                        " sheets and certificates with the session's contact hours.",
            build=Credit,
        ),
        "evaluation": EVALUATION,
    },
)

MATERIAL = Fields(
    build=Material,
    required=("item", "quantity", "per"),
    fields={
        "item": title("What to bring, as it should appear on the checklist."),
        "quantity": Whole("How many, per `per`."),
        "per": OneOf(PER, "participant (x group size), group (x number of groups), session (x1)."),
        "group_size": Whole("For `per: group`: people in one group (default: the whole group)."),
        "reusable": Flag("True for things that serve every module of a session (timers, pens):"
                         " a session needs the most any one module needs, not the sum."),
    },
)

ACTIVITY = Fields(
    build=Activity,
    required=("id", "title", "minutes", "format"),
    fields={
        "id": slug("Names the activity's section in facilitator.md: `## Title {#id}`."),
        "title": title("The activity's title."),
        "minutes": Whole("How long it takes.", limit=MAX_MINUTES),
        "format": OneOf(FORMATS, "How people work."),
        "purpose": Text("Why the activity is there, in one sentence."),
        "sharing": OneOf(SHARING, "`personal` when the activity asks people to share personal"
                         " experience; its module then needs `safety`."),
        "optional": Flag("True if a facilitator may leave it out when a session must fit a"
                         " time budget (`fit`)."),
        "min_minutes": Whole("The fewest minutes it can be shortened to when a session must"
                             " fit a time budget (at most `minutes`)."),
    },
)

SAFETY = Fields(
    build=Safety,
    required=("confidentiality", "opt_out", "distress"),
    description="How the module keeps personal stories safe (required when an activity says"
                " `sharing: personal`): one sentence each. All three print in the facilitator"
                " guide at each such activity; confidentiality and opt-out also print for"
                " participants.",
    fields={
        "confidentiality": Text("What stays in the room, and what may leave it."),
        "opt_out": Text("How anyone can pass, stop or step out, without explaining."),
        "distress": Text("What the facilitator does if someone becomes distressed."),
    },
)

MODULE = Fields(
    title="module.yml",
    description="One module; its folder name is its id.",
    required=("title", "summary", "duration", "level", "audiences", "themes", "activities"),
    fields={
        "title": title("The module's title."),
        "summary": Text("One or two sentences shown on cards and in the catalog."),
        "duration": Whole("Minutes; must equal the sum of activity minutes."),
        "level": slug("A key of curriculum.yml `levels`."),
        "audiences": Items(slug(), "Keys of curriculum.yml `audiences`.", min_items=1),
        "themes": Items(slug(), "Keys of curriculum.yml `themes`.", min_items=1),
        "group_size": Fields(
            {"min": Whole("Fewest participants."), "max": Whole("Most participants.")},
            required=("min", "max"),
            description="The range of group sizes the module works for.",
            build=GroupSize,
        ),
        "prerequisites": Items(slug(), "Module ids that should come first."),
        "objectives": Items(Text(), "What participants will be able to do."),
        "materials": Items(MATERIAL, "What to bring; rolled up per session."),
        "activities": Items(ACTIVITY, "The plan, in order.", min_items=1),
        "handouts": Items(Text(), "Markdown files inside the module folder.", indexed=True),
        "safety": SAFETY,
        "follow_up": Text("A short practice or prompt for the weeks after the module; the"
                          " participant edition gathers them under 'Before we meet again'."),
        "participants_read": OneOf(
            READING, "What participants read on the module page and in the participant"
            " edition: overview.md (the default), or facilitator.md without its facilitator"
            " notes (a lesson-style module, which needs no overview.md)."),
    },
)

STEP = Fields(
    build=Step,
    required=("module",),
    fields={"module": slug("A module id."), "note": Text("A note for this step.")},
)

PATH = Fields(
    title="learning path",
    description="An ordered sequence of modules for one audience.",
    required=("title", "audience", "steps"),
    fields={
        "title": title("The path's title."),
        "audience": slug("A key of curriculum.yml `audiences`."),
        "description": Text("Who the path is for and how it runs."),
        "steps": Items(STEP, "Modules in order.", min_items=1),
    },
)

BLOCK_KINDS = ("module", "break", "opening", "closing")

BLOCK = Fields(
    build=Block.of,
    exclusive=BLOCK_KINDS,
    noun="block",
    fields={
        "module": slug("A module id."),
        "break": Whole("A break of N minutes.", limit=MAX_MINUTES),
        "opening": Whole("An opening of N minutes.", limit=MAX_MINUTES),
        "closing": Whole("A closing of N minutes.", limit=MAX_MINUTES),
        "title": title("A title for the block on the agenda."),
    },
)

DAY = Fields(
    build=model.Day,
    required=("blocks",),
    description="One day of a multi-day session.",
    fields={
        "date": Date("The day's date, YYYY-MM-DD (the first day's default: the session's)."),
        "start": clock("The day's start time; default: the session's."),
        "length": Whole("Optional declared length of the day in minutes; its blocks must fit."),
        "fit": Whole("A time budget in minutes: optional activities are left out and"
                     " shortenable ones shortened until the day fits."),
        "blocks": Items(BLOCK, "The day's agenda, in order.", min_items=1),
    },
)

MAX_MEETINGS = 260
"""Meetings in one series: five years of weekly meetings. Every date is listed on the session
page and the packet cover."""
MAX_EVERY_WEEKS = 52

REPEAT = Fields(
    build=model.Repeat,
    required=("every_weeks", "count"),
    description="A series: the same agenda at the same times, `count` meetings"
                " `every_weeks` weeks apart, the first on the session's date.",
    fields={
        "every_weeks": Whole("Weeks from one meeting to the next (1 = weekly, 2 = fortnightly).",
                             MAX_EVERY_WEEKS),
        "count": Whole("How many meetings, the first included.", MAX_MEETINGS),
    },
)

SESSION = Fields(
    title="session",
    description="A planned delivery that becomes a packet.",
    required=("title",),
    exclusive=("blocks", "days"),
    noun="session",
    fields={
        "title": title("The session's title."),
        "date": Date("Optional date, YYYY-MM-DD."),
        "start": clock("Start time; default from curriculum.yml."),
        "group_size": Whole("Participants; default from curriculum.yml.", limit=MAX_GROUP),
        "length": Whole("Optional declared length in minutes; blocks must fit."),
        "fit": Whole("A time budget in minutes: optional activities are left out and"
                     " shortenable ones shortened until the session fits (after each day's"
                     " own `fit`)."),
        "blocks": Items(BLOCK, "The agenda of a one-day session, in order.", min_items=1),
        "days": Items(DAY, "A session over several days, each with its own agenda, instead of"
                      " `blocks`.", min_items=1, indexed=True),
        "guides": Items(slug(), "General guides for the facilitator edition (default: all)."),
        "done_before": Items(slug(), "Modules the participants have done before this session:"
                             " its modules' prerequisites among them need not be in it."),
        "repeat": REPEAT,
        "credit": Flag("false: this session claims no credit (no credit statement, no"
                       " certificates); default: the credit of curriculum.yml, if any."),
        "evaluation": EVALUATION,
    },
)

KINDS = {"curriculum": CURRICULUM, "module": MODULE, "path": PATH, "session": SESSION}


def schema_files() -> dict[str, str]:
    """The published JSON Schemas as files: `<kind>.schema.json` -> its text."""
    return {f"{kind}.schema.json": json.dumps(json_schema(kind), indent=2) + "\n"
            for kind in KINDS}


def json_schema(kind: str) -> dict:
    """The JSON Schema (2020-12) of one kind, as published for editors."""
    spec = KINDS[kind]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(spec.json())
    return schema
