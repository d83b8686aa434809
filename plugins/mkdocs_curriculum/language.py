"""The words the tool itself prints, in the curriculum's language: one table per language.

Every label the site, the packets, the theme's scripts and the scaffold print comes from
`labels/<language>.yml` in this package, a flat table of `key: text`. A text may name values
in braces (`"Module {number} of {count}"`), and a label that counts something gives one text
per CLDR plural category (`{one: "{count} module", other: "{count} modules"}`), chosen by
Babel for the language. Dates are spelled by Babel (month and day names) with the table's
`date.pattern`, so a packet printed on a German PC still says "Thursday" in an English
curriculum. A key missing from a language's table prints in English; `missing_labels` names
them, and `curriculum check` warns once about each.

Adding a label is one line per table: the same key in `en.yml` (the reference, which must
hold every key) and in each other language's file.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import string
from collections.abc import Callable
from decimal import Decimal
from importlib import resources

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

DEFAULT = "en"
"""The language of a curriculum that names none, and the table every other one falls back on."""
CODE_PATTERN = r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"
_CODE = re.compile(CODE_PATTERN.removesuffix("$") + r"\Z")
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories: the keys of a label that counts (`other` is required)."""

Label = str | dict[str, str]


@functools.cache
def shipped() -> tuple[str, ...]:
    """The languages this package has a table for (`labels/<code>.yml`), `en` first."""
    names = sorted(entry.name.removesuffix(".yml")
                   for entry in resources.files(__package__).joinpath("labels").iterdir()
                   if entry.name.endswith(".yml"))
    return (DEFAULT, *(name for name in names if name != DEFAULT))


@functools.cache
def table(code: str) -> dict[str, Label]:
    """The table of a shipped language as written; {} for a language without one."""
    if code not in shipped():
        return {}
    text = resources.files(__package__).joinpath("labels", f"{code}.yml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def locale(code: str) -> Locale | None:
    """Babel's locale for a language code (`es`, `pt-BR`, `pt_BR`), or None if it knows none."""
    if not _CODE.match(code):
        return None
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def table_code(code: str) -> str | None:
    """The shipped table a language uses: its own (`pt_BR`), its base language's (`pt`), or
    None (every label then prints in English)."""
    found = locale(code)
    if found is None:
        return None
    for candidate in (str(found), found.language):
        if candidate in shipped():
            return candidate
    return None


def missing_labels(code: str) -> list[str]:
    """Keys of the English table that the language's table lacks (all of them if it has none)."""
    own = table_code(code)
    if own == DEFAULT:
        return []
    found = table(own) if own else {}
    return [key for key in table(DEFAULT) if key not in found]


class Labels:
    """The labels of one language: `labels("part.agenda")`, `labels("x", count=3)`,
    `labels.date(day)`, `labels.minutes(90)`. Templates get this object as `t`."""

    def __init__(self, code: str = DEFAULT) -> None:
        self.code = code if locale(code) is not None else DEFAULT
        self.locale = locale(self.code) or Locale.parse(DEFAULT)
        own = table_code(self.code)
        self._table = {**table(DEFAULT), **(table(own) if own else {})}

    @property
    def html_lang(self) -> str:
        """The language as HTML's `lang` attribute writes it: `es`, `pt-BR`."""
        return self.code.replace("_", "-")

    def __call__(self, key: str, count: int | None = None, **values: object) -> str:
        """The label `key` with its `{names}` filled in; `count` picks the plural form and
        is `{count}` in the text."""
        if count is not None:
            values["count"] = count
        return self.pattern(key, count).format_map(values)

    def get(self, key: str, default: str) -> str:
        """The label `key` if there is one (an activity's format, a block's kind), else
        `default`, which is how an unknown value (already reported) prints."""
        return self(key) if key in self._table else default

    def pattern(self, key: str, count: int | None = None) -> str:
        """The label's text as written, `{names}` unfilled (for CSS and scripts to fill)."""
        label = self._table[key]  # a KeyError here is a label no table has: a bug of ours
        if isinstance(label, dict):
            form = self.locale.plural_form(count) if count is not None else "other"
            return label.get(form, label["other"])
        return label

    def date(self, day: _dt.date | None) -> str:
        """2027-03-04 -> "Thursday 4 March 2027" ("jueves, 4 de marzo de 2027"); None -> ""."""
        if day is None:
            return ""
        return _babel_date(day, self("date.pattern"), locale=self.locale)

    def minutes(self, minutes: int) -> str:
        """90 -> "1 h 30 min"; 45 -> "45 min"; 120 -> "2 h"."""
        hours, rest = divmod(minutes, 60)
        if not hours:
            return self("time.minutes", minutes=rest)
        if not rest:
            return self("time.hours", hours=hours)
        return self("time.hours_minutes", hours=hours, minutes=rest)

    def number(self, value: int | float | Decimal) -> str:
        """1.75 -> "1.75" ("1,75" in Spanish): a number as the language writes it."""
        return _babel_decimal(value, locale=self.locale)

    def group(self, prefix: str) -> dict[str, Label]:
        """Every label whose key starts with `prefix`, keyed by the rest (for scripts)."""
        return {key[len(prefix):]: self._table[key] for key in self._table
                if key.startswith(prefix)}


def theme_language(code: str, has: Callable[[str], bool]) -> str:
    """The theme's name for a language (Material's `theme.language`): the full code if the
    theme `has` it (`pt-BR`), else a shorter one (`pt`), else English."""
    found = locale(code)
    if found is None:
        return DEFAULT
    candidates = [str(found).replace("_", "-"), found.language]
    for extra in (found.territory, found.script):
        if extra:
            candidates.insert(1, f"{found.language}-{extra}")
    return next((name for name in candidates if has(name)), DEFAULT)


@functools.lru_cache(maxsize=8)
def labels_for(code: str | None) -> Labels:
    """The labels of a curriculum's language (English when it names none); built once."""
    return Labels(code or DEFAULT)


def placeholders(text: str) -> set[str]:
    """The `{names}` a label's text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
