"""Likely patient identifiers in what participants read: a warning at each, before it prints.

Participants' text (module overviews and handouts, outside `!!! facilitator` passages) is read
line by line for the identifiers a case story most often lets slip: a full date with day and
month, a phone or fax number, an email address, a medical record or account number, a social
security number, an age over 89. Links, web addresses, file names and HTML tags are not read:
a URL or a figure's name is no patient's. Clock times, years, minutes, durations, page ranges
and citations ("2019;40(6):928-936") do not look like any of these.

A line that holds such a thing on purpose (a fictional record number on a practice form, a
help line's number) says so with the marker `<!-- identifier-ok -->`, which accepts every
finding on that line; the marker is an HTML comment, so no reader sees it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .language import locale

MARKER = "<!-- identifier-ok -->"
_MARKER = re.compile(r"<!--\s*identifier-ok\b.*?-->", re.IGNORECASE)
_WORTH_READING = re.compile(r"[\d@]")

# Not read: link targets, reference definitions, autolinks and bare URLs, HTML tags (their
# attributes), inline code, file names. Each is blanked out, so positions stay as written.
_NOT_TEXT = re.compile(
    r"\]\([^)]*\)"                                   # [text](target "title")
    r"|^\s*\[[^\]]+\]:\s*\S+"                         # [ref]: target
    r"|<(?:https?|mailto|ftp):[^>]*>"                 # <https://...>
    r"|\b(?:https?://|ftp://|www\.)\S+"               # bare URLs
    r"|</?[A-Za-z][^<>]*>"                             # HTML tags and their attributes
    r"|`[^`]*`"                                        # inline code
    r"|\b[\w.-]+\.(?:md|pdf|png|jpe?g|gif|svg|webp|docx?|xlsx?|pptx?|csv|txt|html?|zip"
    r"|mp[34]|ya?ml)\b",
    re.IGNORECASE)

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_ENGLISH_MONTHS = ("January February March April May June July August September October"
                   " November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
_OLD = r"(?:9\d|1[01]\d)"  # 90 to 119


@dataclass(frozen=True)
class Kind:
    """One kind of identifier: what the warning calls it, and how it is written."""

    name: str
    pattern: re.Pattern
    digits: int = 0
    """The least digits a match must hold (record numbers are longer than a room number)."""


@dataclass(frozen=True)
class Finding:
    line: int
    kind: str
    text: str


def _kinds(months: str) -> tuple[Kind, ...]:
    """The kinds, with the month names of English and of the curriculum's language."""
    english = rf"(?:{_ENGLISH_MONTHS.replace(' ', '|')})\.?"
    named = rf"(?:{english}|(?i:{months}))" if months else english
    return (
        Kind("a date with day and month", re.compile(
            rf"\b(?:19|20)\d\d-{_MONTH_NUMBER}-{_DAY}\b"                       # 2019-03-12
            rf"|(?<![\d/.])\b{_DAY}/{_DAY}/(?:\d\d|\d{{4}})\b(?![/.]\d)"        # 12/03/19
            rf"|(?<![\d.])\b{_DAY}[.-]{_DAY}[.-](?:19|20)\d\d\b"               # 12.03.2019
            rf"|\b{_DAY}(?:st|nd|rd|th)?(?:\s+(?:of|de))?\s+{named}(?![\w])"   # 12 March
            rf"|(?<![\w]){named}\s+{_DAY}(?:st|nd|rd|th)?\b(?![:.,]?\d)")),     # March 12
        Kind("a social security number", re.compile(
            r"\b\d{3}-\d{2}-\d{4}\b|(?i:\bSSN\b|social security)\D{0,20}\d{9}\b"),
            digits=9),  # as every match holds
        Kind("a phone or fax number", re.compile(
            r"(?<![\w.+-])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b(?![.-]\d)"
            r"|(?<![\w.])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}\d\b"
            r"|(?<![\w.])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}\b"
            r"|(?i:\b(?:phone|tel|telephone|fax|call|text|cell|mobile|pager|teléfono)\b)"
            r"[^\d\n]{0,12}\d{3}[ .-]?\d{4}\b"), digits=7),
        Kind("an email address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
        Kind("a medical record or account number", re.compile(
            r"(?i:\b(?:MRN|MR\s?#|medical record|record|chart|hospital|patient|account|acct"
            r"|NHS|member|policy|historia(?: cl[ií]nica)?|expediente)"
            r"(?:\s*(?:no\.?|number|num\.?|id|#|n\.?º|número))?)"
            r"[\s:#.]{0,4}[A-Za-z]{0,3}[-#:]?\d[\d -]{3,}\d"), digits=5),
        Kind("an age over 89", re.compile(
            rf"\b{_OLD}[- ](?:year|yr)s?[- ]old\b|(?i:\bage[ds]?:?\s+){_OLD}\b"
            rf"|\b{_OLD}\s?(?:y/?o|y\.o\.)(?!\w)|\b{_OLD}\s+(?:years|yrs)\s+of\s+age\b"
            rf"|(?i:\b(?:de|con)\s+){_OLD}\s+años\b")),
    )


@functools.lru_cache(maxsize=8)
def kinds_for(code: str) -> tuple[Kind, ...]:
    """The kinds for a curriculum in language `code`: English month names as written
    ("May", not "may"), and its own language's in any case (from Babel)."""
    own = sorted((re.escape(name) for name in _own_months(code) if len(name) > 2), key=len,
                 reverse=True)
    return _kinds("|".join(own))


def _own_months(code: str) -> set[str]:
    """Names of months in language `code` other than English (wide and abbreviated)."""
    found = locale(code)
    if found is None or found.language == "en":
        return set()
    return {name.rstrip(".").lower() for width in ("wide", "abbreviated")
            for context in ("format", "stand-alone")
            for name in found.months[context][width].values()}


@functools.lru_cache(maxsize=8)
def month_names(code: str) -> frozenset[str]:
    """Every month name a date may use (lowercase): English's and the language's."""
    return frozenset({name.lower() for name in _ENGLISH_MONTHS.split()} | _own_months(code))


def scan(text: str, code: str = "en") -> Iterator[Finding]:
    """Every likely identifier in `text`, except on lines with the marker, in text order.

    Every identifier holds a digit or an @, so only the stretch of a line around a digit run
    that could begin one is read, with the patterns of the kinds it could begin: a number with
    separators or a long one (dates, phone, record and security numbers), a day beside a
    month's name, a number from 90 to 119. Prose full of minutes and years costs a glance at
    each number.
    """
    kinds, found, read = kinds_for(code), {}, set()
    for start, end, which in _windows(text, month_names(code)):
        if (start, end, which) in read:
            continue  # two numbers of one stretch: it was read for these kinds already
        read.add((start, end, which))
        window = _NOT_TEXT.sub(lambda match: " " * len(match.group()), text[start:end])
        if not _WORTH_READING.search(window):
            continue  # the number was part of a link or a file name
        for kind in _worth(window, (kinds[index] for index in which)):
            for match in kind.pattern.finditer(window):
                at, seen = start + match.start(), match.group().strip()
                if sum(ch.isdigit() for ch in seen) >= kind.digits and \
                        len(seen) > len(found.get((at, kind.name), "")):
                    found[at, kind.name] = seen  # the longest: a window may cut a number
    for (at, kind), seen in sorted(found.items()):
        if not _marked(text, at):
            yield Finding(text.count("\n", 0, at) + 1, kind, seen)


def _worth(window: str, kinds) -> list[Kind]:
    """The kinds that could be found in `window`: a kind whose matches hold at least N digits
    cannot be found in a window of fewer (most windows hold a number or two, and a record,
    phone or security number's pattern costs more than counting)."""
    digits = sum(map(str.isdigit, window))
    return [kind for kind in kinds if kind.digits <= digits]


def _marked(text: str, at: int) -> bool:
    """Whether the line holding position `at` carries the marker."""
    line_end = text.find("\n", at)
    return bool(_MARKER.search(text, text.rfind("\n", 0, at) + 1,
                               len(text) if line_end < 0 else line_end))


DATE, SECURITY, PHONE, EMAIL, RECORD, AGE = range(6)  # the order of `_kinds`
_NUMBERS = (DATE, SECURITY, PHONE, RECORD)
_RUN = re.compile(r"\d\d*")  # not \d+: a pattern that begins with a set of characters is
# searched for with a fast scan of the text; one that begins with a repeat is tried everywhere
_SEPARATED = re.compile(r"\)?[ ./-]\d")
_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:(?:of|de)\s+)?([^\W\d_]+)")
_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+$")
_BACK, _AHEAD = 40, 24
"""Characters read before and after a number: the longest lead-in a pattern has ("social
security number: ") and the longest number with separators after its first digits."""


def _windows(text: str, months: frozenset[str]) -> Iterator[tuple[int, int, tuple[int, ...]]]:
    """(start, end, kinds) of each stretch worth reading: around each digit run (and @) that
    could be part of an identifier, widened to whole words, never across a line break."""
    starts = _month_starts(months)
    runs = _likely_runs(months).finditer(text) if text.isascii() else _RUN.finditer(text)
    for run in runs:
        which = _suspects(text, run.start(), run.end(), months, starts)
        if which:
            yield (*_stretch(text, run.start() - _BACK, run.end() + _AHEAD, run.start()), which)
    at = text.find("@")
    while at >= 0:
        yield (*_stretch(text, at - _BACK, at + _AHEAD, at), (EMAIL,))
        at = text.find("@", at + 1)


@functools.lru_cache(maxsize=8)
def _month_starts(months: frozenset[str]) -> frozenset[str]:
    """What the three characters after a day may be when a month's name follows."""
    return frozenset(name[:3] for name in months) | {"of ", "de "}


@functools.lru_cache(maxsize=8)
def _likely_runs(months: frozenset[str]) -> re.Pattern:
    """In a text of ASCII characters only (most are), the digit runs `_suspects` may take:
    all it takes, and few others, found by one pattern instead of a call for each of the
    numbers of a text. Each match is a whole run, as `_RUN` finds it: long (A), followed by a
    separator and a digit (B), after a `+` (C), 90 to 119 (D), followed by a month's start
    (E) or after the last two letters of a month's name (F); `_suspects` decides, as for any
    other run. (In ASCII, `\\d` is [0-9], `isalpha` [A-Za-z], `lower` what (?i) ignores.)"""
    starts = "|".join(sorted(map(re.escape, _month_starts(months)), key=lambda s: (-len(s), s)))
    return re.compile(
        r"[0-9](?<![0-9][0-9])"  # the first digit of a run
        r"(?:[0-9]{4,}"  # A
        r"|[0-9]*(?![0-9])(?=\)?[ ./-][0-9])"  # B
        r"|(?<=\+[0-9])[0-9]*"  # C
        r"|(?<=9)[0-9](?![0-9])|(?<=0)9[0-9](?![0-9])|(?<=1)[01][0-9](?![0-9])"  # D
        rf"|[0-9]?(?![0-9])(?=(?i:[strdhn]*\s*(?:{starts})))"  # E
        rf"|(?:{_after_month_name(months)})[0-9]?(?![0-9]))")  # F


def _after_month_name(months: frozenset[str]) -> str:
    """F's look behind: a digit after a month name's last two letters and a space (or a
    full stop and a space: "Mar. 3"); after any letter where a name has one letter only."""
    ends = {name[-2:] for name in months if name.isascii()}
    if any(len(end) < 2 for end in ends):
        return r"(?<=[A-Za-z.]\s[0-9])"
    after = "|".join(map(re.escape, sorted(ends)))
    return rf"(?<=(?i:{after})\s[0-9])|(?<=(?i:{after})\.\s[0-9])"


def _stretch(text: str, start: int, end: int, inside: int) -> tuple[int, int]:
    """start..end within the line of position `inside`, widened to whole words."""
    line_start = text.rfind("\n", 0, inside) + 1
    line_end = text.find("\n", inside)
    line_end = len(text) if line_end < 0 else line_end
    start, end = max(line_start, start), min(line_end, end)
    while start > line_start and not text[start - 1].isspace():
        start -= 1
    while end < line_end and not text[end].isspace():
        end += 1
    return start, end


def _suspects(text: str, start: int, end: int, months: frozenset[str],
              starts: frozenset[str]) -> tuple[int, ...]:
    """The kinds the digit run at start..end could be part of (most often none). Cheap tests
    first: this runs for every number of every text."""
    size = end - start
    if size >= 5 or _SEPARATED.match(text, end) or text[start - 1:start] == "+":
        return (*_NUMBERS, AGE) if 90 <= int(text[start:end]) <= 119 else _NUMBERS
    if size > 3:
        return ()
    value = int(text[start:end])
    found = (AGE,) if 90 <= value <= 119 else ()
    if size == 3:
        return found
    ahead = text[end:end + 6].lower().lstrip("strdhn").lstrip()[:3]
    if ahead in starts:
        after = _AFTER.match(text, end, end + 24)
        if after and after.group(1).lower() in months:
            return (*found, DATE)
    if text[start - 1:start].isspace() and (text[start - 2:start - 1].isalpha()
                                             or text[start - 2:start - 1] == "."):
        before = _BEFORE.search(text, max(0, start - 16), start)
        if before and before.group(1).lower() in months:
            return (*found, DATE)
    return found
