"""What a session packet is, in one place: its editions, its parts in order, its file names.

The packet step writes the files these names give, the site links them, the CLI offers these
editions and papers, and the packet templates loop over `PARTS`: `packet.html` prints the
parts of an edition in this order, `contents.html` and the participant cover list them. A new
part is a line here and a template (and, if it prints new data, its view in packet_html.py).
A new edition is a line in `EDITIONS` and its two labels.

Beside the session packets, each module with handouts has one more printed document, its
handouts alone (`handouts_file`), written with the packets.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

FACILITATOR, PARTICIPANT, LARGE_PRINT = "facilitator", "participant", "large-print"


@dataclass(frozen=True)
class Edition:
    """An edition; its name is the label `edition.<id>`, and `edition.<id>.about` is one
    sentence for the session page, next to the links."""

    id: str
    notes: bool
    """Whether it holds facilitator-only text (`!!! facilitator` passages, guides)."""
    large_print: bool = False
    """Whether it is set for readers who need large type (`large-print.css`: 18 pt and more,
    sans-serif, left-aligned, no italics, tables that wrap)."""
    file: str = ""
    """What its files are called after the session's id, where that is not its id (see
    `packet_file`)."""


EDITIONS = (
    Edition(FACILITATOR, notes=True),
    Edition(PARTICIPANT, notes=False),
    Edition(LARGE_PRINT, notes=False, large_print=True, file=f"{PARTICIPANT}-{LARGE_PRINT}"),
)
EDITION_IDS = tuple(edition.id for edition in EDITIONS)


def edition_of(edition_id: str) -> Edition:
    """The edition of that id; a ValueError names the ones there are."""
    for known in EDITIONS:
        if known.id == edition_id:
            return known
    raise ValueError(f"unknown edition {edition_id!r}; expected one of {', '.join(EDITION_IDS)}")


PAPERS = {"a4": "A4", "letter": "letter"}
"""Paper names (command line, plugin option) -> CSS `@page { size }` values."""


@dataclass(frozen=True)
class Part:
    """A part of the packet, as the templates see it.

    A part prints once (`each` is empty) or once per item of the packet's list named `each`
    (modules, guides, handouts), given to its template as `section` (and `module`). Its name
    in the contents, and the heading of a part that prints once, is the label `part.<key>`.
    """

    key: str
    """The part's anchor in the packet (for a part that prints once)."""
    template: str
    editions: tuple[str, ...] = EDITION_IDS
    each: str = ""
    listed: bool = True
    """Listed in the contents (facilitator) and on the cover (participant)."""
    note: bool = False
    """Whether the label `part.<key>.note` is printed after each of its items in the
    participant cover's list."""
    needs: str = ""
    """The packet's list this part prints from, for a part that prints once: with the list
    empty, the part is left out (no "Before we meet again" without any follow-up)."""


PARTS = (
    Part("cover", "cover.html", listed=False),
    Part("contents", "contents.html", (FACILITATOR,), listed=False),
    Part("agenda", "agenda.html"),
    Part("materials", "materials.html", (FACILITATOR,)),
    Part("sign_in", "sign_in.html", (FACILITATOR,)),
    Part("modules", "module.html", each="modules"),
    Part("guides", "guide.html", (FACILITATOR,), each="guides"),
    Part("handouts", "handout.html", each="handouts", note=True),
    Part("follow_up", "follow_up.html", needs="follow_ups"),
    Part("evaluation", "evaluation.html"),
)
"""The facilitator edition has a sign-in sheet to pass round; both editions end with what
participants take home ("Before we meet again") and the evaluation form, which is last so
that it comes out of the packet without taking anything else with it."""

SIGN_IN_SPARE = 2
"""Rows a sign-in sheet has beyond the group size, for people who come unannounced."""

MODULE_FACTS = ("length", "group_size", "level")
"""The module facts (see `assemble.module_facts`) a packet prints under a module's title."""


def packet_file(session_id: str, edition_id: str, suffix: str) -> str:
    """`<session>-<edition>.pdf` (or `.html`): the name a packet has wherever it is written.
    The large-print edition is the participants': `<session>-participant-large-print.pdf`."""
    edition = edition_of(edition_id)
    return f"{session_id}-{edition.file or edition.id}.{suffix}"


def certificate_file(session_id: str, meeting: int | None = None) -> str:
    """`<session>-certificates.pdf`; for one meeting of a series `<session>-meeting-3-...`."""
    which = f"-meeting-{meeting}" if meeting else ""
    return f"{session_id}{which}-certificates.pdf"


def site_folder(session_id: str) -> str:
    """Where the site build writes a session's packets, from the site's root."""
    return f"sessions/{session_id}"


def site_packet(session_id: str, edition_id: str, suffix: str) -> str:
    """A packet's place in the site: in its session's folder, beside the session's page."""
    return posixpath.join(site_folder(session_id), packet_file(session_id, edition_id, suffix))


HANDOUTS = "handouts"
"""The name of a module's handouts-alone document, in its file name and its labels."""


def handouts_file(module_id: str, suffix: str) -> str:
    """`<module>-handouts.pdf` (or `.html`): a module's handouts, each on a fresh page, as
    participants get them (no facilitator-only text)."""
    return f"{module_id}-{HANDOUTS}.{suffix}"


def module_folder(module_id: str) -> str:
    """Where the site build writes a module's handouts PDF: beside the module's page."""
    return f"modules/{module_id}"


def site_handouts(module_id: str, suffix: str) -> str:
    """A module's handouts PDF (or HTML) in the site, from the site's root."""
    return posixpath.join(module_folder(module_id), handouts_file(module_id, suffix))
