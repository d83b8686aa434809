"""In the room: a session's agenda as the data the run-of-show view and the room's screen use.

The facilitator's phone opens `/sessions/<id>/run/`, the projector `/sessions/<id>/screen/`.
Both pages carry their session's agenda as a JSON block (`<script type="application/json"
id="curriculum-agenda">`), and the theme's script `assets/javascripts/run-of-show.js` does the
rest in the browser: which activity is on, the time left, what comes next and when, by the clock
or by hand. The agenda is the core's (`assemble_agenda`), so the views show the same clock times
and the same fitted minutes as the session page and the packets.

The agenda object (version 1) is the contract between the build, the views and the planner,
which makes the same object from a plan in the browser:

    {
      "version": 1,
      "key": "session:<id>",          # names the run's saved state (the planner: "plan:<...>")
      "title": "Lunchtime peer circle",
      "language": "en",               # the HTML lang of the labels
      "timezone": "America/New_York", # the clock times' IANA zone; null: the device's own
      "days": [{
        "number": 1,
        "heading": "",                # "Day 2 — Wednesday 10 February 2027" when several days
        "dates": ["2027-01-12", ...], # this day's date at each meeting (a series has many);
                                      # [] for a session without a date
        "start": "12:00", "end": "13:00", "minutes": 60,
        "blocks": [{
          "kind": "module",           # opening | module | break | closing
          "label": "",                # the kind as the language says it ("Break"), not modules
          "title": "Circle of Connection",
          "module": "circle-of-connection",   # null for other kinds
          "start": "12:00", "end": "13:00", "minutes": 60,
          "activities": [{            # [] for openings, breaks and closings
            "id": "check-in", "title": "One-breath check-in",
            "start": "12:08", "end": "12:13",
            "minutes": 5,             # after fitting; 0 for an activity left out to fit
            "planned": 5,             # what its module says
            "mark": "",               # "shortened from 15 to 10 min", "left out to fit", ""
            "format": "Whole group",
            "prompt": "Arrive and ...", # for the room: the activity's purpose ("" if none)
            "script": "<p>...</p>"    # the run view only: the activity's section of the
                                      # facilitator guide as HTML, facilitator notes included
          }]
        }]
      }]
    }

Clock times are "HH:MM" in the zone, minutes whole numbers; every text is plain text except
`script`, which is HTML the build made from the authors' Markdown. The screen's copy has no
`script`: the page a room sees holds no facilitator text at all.

A planner opens the same views for a plan: it stores the object as JSON under
`curriculum-agenda:<key>` (sessionStorage or localStorage) and opens `/run/?agenda=<key>` or
`/screen/?agenda=<key>`, pages that carry no agenda of their own.

The screen is for participants: the build reads each session's screen page as published (its
words and every text of its agenda data) with the one leak check (leaks.py) and fails, naming
the page and the facilitator passage, if any facilitator-only text reached it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from .addresses import SiteMap, page_file, screen_uri
from .assemble import Agenda, AgendaDay, AgendaRow, assemble_agenda, day_heading, fit_mark
from .language import Labels, labels_for
from .leaks import LeakCheck, html_text
from .markdown_html import MarkdownRenderer, Placement
from .markdown_source import section_text
from .markdown_support import SupportExtension, support_config
from .model import Curriculum, Module, Session
from .problems import Problem

VERSION = 1
_AGENDA_BLOCK = re.compile(r'<script[^>]*\bid="curriculum-agenda"[^>]*>(.*?)</script>', re.S)
STORAGE_PREFIX = "curriculum-agenda:"
"""The planner stores an agenda under this prefix and its key; the views read it there."""


def session_key(session_id: str) -> str:
    return f"session:{session_id}"


def agenda_data(session: Session, curriculum: Curriculum, scripts: Scripts | None = None,
                page: str = "") -> dict:
    """The session's agenda object (see the module docstring); with `scripts`, each activity
    carries its section of the facilitator guide, with links for `page` (the run view), without,
    none (the screen's)."""
    agenda = assemble_agenda(session, curriculum)
    labels = labels_for(curriculum.language)
    scripts = scripts.on(page) if scripts is not None else None
    return {
        "version": VERSION,
        "key": session_key(session.id),
        "title": session.title or session.id,
        "language": labels.html_lang,
        "timezone": curriculum.timezone or None,
        "days": [_day(day, agenda, labels, scripts) for day in agenda.days],
    }


def _day(day: AgendaDay, agenda: Agenda, labels: Labels, scripts: Scripts | None) -> dict:
    dates = [meeting.dates[day.number - 1] for meeting in agenda.meetings]
    return {
        "number": day.number,
        "heading": day_heading(day, labels) if agenda.several_days else "",
        "dates": [date.isoformat() for date in dates if date is not None],
        "start": day.start,
        "end": day.end,
        "minutes": day.minutes,
        "blocks": _blocks(day.rows, labels, scripts),
    }


def _blocks(rows: list[AgendaRow], labels: Labels, scripts: Scripts | None) -> list[dict]:
    """The day's blocks, each with its activities (the rows under it)."""
    blocks: list[dict] = []
    for row in rows:
        if row.kind == "activity" and blocks:
            blocks[-1]["activities"].append(_activity(row, labels, scripts))
        elif row.kind != "activity":
            blocks.append({
                "kind": row.kind,
                "label": "" if row.kind == "module" else labels.get(f"block.{row.kind}", ""),
                "title": row.title,
                "module": row.module.id if row.module is not None else None,
                "start": row.start, "end": row.end, "minutes": row.minutes,
                "activities": [],
            })
    return blocks


def _activity(row: AgendaRow, labels: Labels, scripts: Scripts | None) -> dict:
    activity = row.activity
    data = {
        "id": activity.id if activity else "",
        "title": row.title,
        "start": row.start, "end": row.end,
        "minutes": row.minutes,
        "planned": row.full_minutes or row.minutes,
        "mark": fit_mark(row, labels),
        "format": labels.get(f"format.{row.format}", row.format),
        "prompt": activity.purpose if activity else "",
    }
    if scripts is not None and row.module is not None and activity is not None:
        data["script"] = scripts.html(row.module, activity.id)
    return data


class Scripts:
    """The activities' sections of the facilitator guides as HTML for one page (a run view):
    facilitator notes included, support contacts filled in, each link leading where it leads on
    the site, from that page. One renderer serves a whole build (`on` gives it a page), and
    converts each section once: a module run by several sessions has the same script in each
    run view (they are all `sessions/<id>/run/`, so its links are the same too)."""

    def __init__(self, curriculum: Curriculum, site: SiteMap, directory_urls: bool = True,
                 page: str = "", renderer: MarkdownRenderer | None = None,
                 converted: dict[tuple[str, str], str] | None = None) -> None:
        if renderer is None:
            labels = labels_for(curriculum.language)
            contacts = support_config(curriculum.support, labels("support.title"))
            renderer = MarkdownRenderer(extensions=[SupportExtension(**contacts)])
        self._renderer = renderer
        self._converted = {} if converted is None else converted
        """(id prefix, Markdown with its links for the page) -> its HTML, for the build."""
        self._curriculum = curriculum
        self._site = site
        self._page = page
        self._directory_urls = directory_urls

    def on(self, page: str) -> Scripts:
        """The same scripts, with links for `page`."""
        return Scripts(self._curriculum, self._site, self._directory_urls, page, self._renderer,
                       self._converted)

    def html(self, module: Module, activity_id: str) -> str:
        """The HTML of the section under the guide's `{#activity_id}` heading ("" if none)."""
        guide = module.guide
        if guide is None:
            return ""
        text = section_text(guide, activity_id)
        if not text.strip():
            return ""
        text = self._site.rewrite_for(guide.file, text, self._page, self._directory_urls)
        prefix = f"script-{module.id}-{activity_id}"
        if (prefix, text) not in self._converted:
            placement = Placement(prefix=prefix, source=guide.file)
            self._converted[prefix, text] = str(self._renderer.render(text, placement))
        return self._converted[prefix, text]


def json_block(data: dict) -> str:
    """`data` as JSON that can stand inside a `<script>` element of an HTML page (and of the
    Markdown it is made from): `<`, `>` and `&` are escaped, so no text can close the element
    or read as markup, and it is one line, which Markdown leaves whole."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def screen_leaks(curriculum: Curriculum, pages: Mapping[str, str], directory_urls: bool = True,
                 leaks: LeakCheck | None = None) -> list[Problem]:
    """The leak check over each session's screen for the room, `pages` being the site's pages
    as rendered (templates overridden or not): an error for each facilitator passage whose
    words a screen holds, naming the file the build writes."""
    screens = {screen_uri(session_id) for session_id in curriculum.sessions} & set(pages)
    if not screens:
        return []
    leaks = leaks or LeakCheck.of(curriculum)
    return [problem for uri in sorted(screens)
            for problem in leaks.problems(page_file(uri, directory_urls), view_text(pages[uri]))]


def view_text(page: str) -> str:
    """What a view's page can show its reader: the page's own words and every text of the
    agenda data it carries, which its script puts on the screen (HTML read as text)."""
    found = [html_text(page)]
    for block in _AGENDA_BLOCK.finditer(page):
        found += [html_text(text) for text in _texts(json.loads(block.group(1)))]
    return "\n".join(found)


def _texts(value: object) -> Iterator[str]:
    """Every string in the agenda data, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
