"""Certificates of attendance: one page per name, all in one PDF, printed like a packet.

A certificate names the curriculum and the session, its dates, contact hours and, where the
session claims credit, the provider and the accreditor's statement, with a line to sign. The
names come from a file: UTF-8 text with one name per line, or a CSV whose first column holds
them (a first row whose first cell is a column name such as "Name" is a header and skipped).
Without a file there is one blank certificate to fill in by hand.

The PDF is made from a self-contained HTML page by the packet renderer (WeasyPrint, nothing
fetched), from the template `certificate.html`, which a curriculum overrides in
`theme/packet/` like the packet's. It is not cached: names are personal data, and the packet
cache keeps what it holds for a month.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import templates
from .assemble import (
    Agenda,
    assemble_agenda,
    attended_dates,
    contact_hours,
    contact_hours_text,
    meetings,
    series_text,
    session_credit,
)
from .language import Labels, labels_for
from .layout import Layout
from .model import Credit, Curriculum, Session
from .packet import render_pdf, write_atomic
from .packet_contract import PAPERS, certificate_file
from .packet_html import packet_environment
from .problems import Problem, ProblemError, show
from .schema import MAX_TITLE

NAME_HEADERS = frozenset({
    "name", "names", "full name", "full names", "participant", "participants", "attendee",
    "attendees", "nombre", "nombres", "nombre completo", "nombre y apellidos", "participante",
    "participantes", "asistente", "asistentes",
})
"""First cells that make a CSV's first row a header (compared without regard to case)."""


NAME_SIZES = (("longer", 100), ("long", 45))
"""A name longer than this many characters prints in this smaller size (certificate.css)."""


def read_names(path: Path, shown: str) -> tuple[list[str], list[Problem]]:
    """The names in a names file, in order, and what is wrong with it (`shown` is the path
    as the user wrote it, which messages print)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = "file not found" if isinstance(err, FileNotFoundError) else \
            f"cannot be read: {err.strerror or err}"
        return [], [Problem(shown, 0, "--names", reason)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return [], [Problem(shown, line, "--names", "is not UTF-8 text; save it as UTF-8 (a"
                            " spreadsheet: as CSV UTF-8)", f"the byte 0x{data[err.start]:02x}")]
    if path.suffix.lower() != ".csv":
        return _names(_text_rows(text), shown, [])
    rows, problems = _csv_rows(text, shown)
    return _names(rows, shown, problems)


def _text_rows(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.splitlines(), start=1))


_OPEN_QUOTE = 'is a quote (") left open there?'


def _csv_rows(text: str, shown: str) -> tuple[list[tuple[int, str]], list[Problem]]:
    """(first line, first cell) of each row, a header row left out; and a row the csv module
    refuses (a cell over 131,072 characters: a quote left open, most likely) as a problem."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column: nothing to tell the delimiter by
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows, problems, start = [], [], 1
    try:
        for row in reader:
            rows.append((start, row[0] if row else ""))
            start = reader.line_num + 1
    except csv.Error as err:
        problems.append(Problem(shown, start, "--names", f"cannot be read as CSV ({err});"
                                f" {_OPEN_QUOTE}"))
    if rows and rows[0][1].strip().casefold() in NAME_HEADERS:
        rows = rows[1:]
    return rows, problems


def _names(rows: list[tuple[int, str]], shown: str,
           problems: list[Problem]) -> tuple[list[str], list[Problem]]:
    """The names of the rows, and `problems` with what is wrong with them."""
    names = []
    for line, cell in rows:
        name = " ".join(cell.split())
        if "\n" in cell or "\r" in cell:  # a quoted CSV cell: it swallowed the names after it
            problems.append(Problem(shown, line, "name", "runs over several lines; "
                                    + _OPEN_QUOTE, _start(name)))
        elif len(name) > MAX_TITLE:
            problems.append(Problem(shown, line, "name", f"too long: {len(name)} characters;"
                                    f" a name has at most {MAX_TITLE}", _start(name)))
        elif control := _control_character(name):
            problems.append(Problem(shown, line, "name", f"holds a control character"
                                    f" (U+{ord(control):04X}), which does not print; remove it",
                                    _start(name)))
        elif name:
            names.append(name)
    if not names and not problems:
        problems.append(Problem(shown, 1, "--names", "holds no names; write one name per line"
                                " (in a CSV, in the first column)"))
    return names, problems


def _control_character(name: str) -> str:
    """The first control character in a name ("" if none): the certificate would print the
    name without it, or garble it, and the PDF's text would not read back as the name."""
    return next((char for char in name if unicodedata.category(char) == "Cc"), "")


def _start(name: str) -> str:
    """What a problem repeats of a name: its first 40 characters."""
    return show(name if len(name) <= 40 else name[:40] + "…")


def output_problems(layout: Layout, target: Path) -> list[Problem]:
    """Certificates go where packets may go, but never into the site folder: it is
    published, and certificates carry people's names."""
    refused = layout.output_problems(target, "", 0, "--output", f'"{target}"')
    if not refused and target.resolve().is_relative_to(layout.site_dir.resolve()):
        refused.append(Problem("", 0, "--output", "is inside site_dir, which is published;"
                               " certificates carry names, so write them elsewhere",
                               f'"{target}"'))
    return refused


def credit_problems(session: Session) -> list[Problem]:
    """A session that says `credit: false` has no certificates: they would claim credit."""
    if session.credit:
        return []
    return [Problem(session.file, session.line("credit"), "credit", "this session claims no"
                    " credit, so it has no certificates; remove credit: false to print them",
                    "false")]


def meeting_problems(session: Session, curriculum: Curriculum, meeting: int | None,
                     ) -> list[Problem]:
    """`--meeting N` names one of the session's meetings."""
    count = meetings(assemble_agenda(session, curriculum))
    if meeting is None or 1 <= meeting <= count:
        return []
    which = f"meetings 1 to {count}" if count > 1 else "one meeting"
    return [Problem("", 0, "--meeting", f"the session has {which}", str(meeting))]


@dataclass
class CertificateView:
    """What the certificate template prints, once per name ("" for a blank certificate)."""

    language: str
    page_size: str
    curriculum_title: str
    title: str
    dates: str
    hours: str
    series: str
    credit: Credit | None
    names: list[str] = field(default_factory=list)

    def name_size(self, name: str) -> str:
        """The class that sets a name's type: smaller in steps for long names, so that the
        longest allowed (MAX_TITLE characters) still leaves the signature lines clear."""
        return next((size for size, length in NAME_SIZES if len(name) > length), "")


def certificate_view(curriculum: Curriculum, session: Session, names: list[str], paper: str,
                     meeting: int | None = None) -> CertificateView:
    """The certificates of `names` (one blank one without) for the session, or for one
    meeting of a series: its dates and contact hours, and the series' (each meeting's hours
    times the meetings) when no meeting is named."""
    labels = labels_for(curriculum.language)
    agenda = assemble_agenda(session, curriculum)
    hours = contact_hours(agenda.contact_minutes) * (1 if meeting else meetings(agenda))
    return CertificateView(
        language=labels.html_lang, page_size=PAPERS[paper],
        curriculum_title=curriculum.title, title=session.title or session.id,
        dates=attended_dates(agenda, labels, meeting), hours=contact_hours_text(hours, labels),
        series=_which(agenda, meeting, labels), credit=session_credit(session, curriculum),
        names=names or [""])


def _which(agenda: Agenda, meeting: int | None, labels: Labels) -> str:
    """ "Meeting 2 of 13" for one meeting of a series, "13 meetings, every 2 weeks" for all
    of it, "" for a session that meets once."""
    if meetings(agenda) < 2:
        return ""
    if meeting:
        return labels("sign_in.meeting", number=meeting, count=meetings(agenda))
    return series_text(agenda, labels)


def build_certificates_html(curriculum: Curriculum, view: CertificateView,
                            overrides: Path | None = None) -> str:
    return templates.render(packet_environment(overrides), "certificate.html", curriculum.root,
                            certificates=view, t=labels_for(curriculum.language))


def write_certificates(html: str, folder: Path, session_id: str,
                       meeting: int | None = None) -> Path:
    """Render the certificates into `folder`; a render that fails is one problem."""
    target = folder / certificate_file(session_id, meeting)
    try:
        data = render_pdf(html)
    except ProblemError:
        raise
    except Exception as err:  # WeasyPrint's own errors are many kinds
        message = f"rendering the certificates failed: {type(err).__name__}: {err}"
        raise ProblemError(Problem(str(target), 0, "certificates", message)) from err
    write_atomic(target, data)
    return target
