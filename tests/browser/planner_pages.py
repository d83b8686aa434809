"""What the planner's browser tests share: a plan as a session of the core, the agenda and
materials the core gives it, and the elements of a packet as a reader meets them."""

from __future__ import annotations

import datetime as _dt
from urllib.parse import parse_qs, urlsplit

from mkdocs_curriculum.assemble import (
    assemble_agenda,
    distinct_modules,
    roll_up_materials,
)
from mkdocs_curriculum.model import Block, Curriculum, Day, Session

READY = "html[data-planner-ready]"


def session_of_query(query: str, curriculum: Curriculum) -> Session:
    """The session a plan's address describes (the query contract of issue 14)."""
    fields = {key: values[0] for key, values in parse_qs(urlsplit(query).query).items()}
    blocks = []
    for item in fields.get("blocks", "").split(","):
        kind, value = item.split(":")
        blocks.append(Block("module", module=value) if kind == "module"
                      else Block(kind, minutes=int(value)))
    date = fields.get("date")
    return Session(
        file="curriculum/sessions/planned.yml", id="planned", title=fields.get("title", ""),
        date=_dt.date.fromisoformat(date) if date else None,
        start=fields.get("start", curriculum.defaults.start),
        group_size=int(fields.get("size", curriculum.defaults.group_size)),
        fit=int(fields["fit"]) if "fit" in fields else None, days=[Day(blocks=blocks)])


def core_agenda_rows(session: Session, curriculum: Curriculum) -> list[list[str]]:
    """The agenda as the planner's table shows it: time, title, length (in minutes)."""
    agenda = assemble_agenda(session, curriculum)
    return [["" if row.left_out else f"{row.start}–{row.end}", row.title,
             row.full_minutes if row.left_out else row.minutes] for row in agenda.rows]


def core_materials(session: Session, curriculum: Curriculum) -> list[list[str]]:
    lines = roll_up_materials(distinct_modules(session, curriculum), session.group_size)
    return [[str(line.quantity), line.item, ", ".join(line.modules)] for line in lines]


# The elements of the parts of a packet, in order, as `tag.classes#id` and the text between
# them; a link in the documents counts as `link` whatever it became (a link to the page on the
# site in the planner, plain text in a packet without site_url).
SHAPE = """
(parts) => {
  const out = [];
  function walk(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent.replace(/\\s+/g, " ").trim();
      if (text) out.push(text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "script" || tag === "style") return;
    const name = node.hasAttribute("data-print") ? "link" : tag;
    const classes = [...node.classList].sort().join(".");
    out.push("<" + name + (classes ? "." + classes : "") + (node.id ? "#" + node.id : "") + ">");
    node.childNodes.forEach(walk);
  }
  [...document.body.children].filter((el) => !el.matches(".planner-bar, script"))
    .forEach(walk);
  return out;
}
"""


def packet_shape(page, html: str) -> list[str]:
    """The shape (SHAPE) of a packet's HTML, as the browser parses it."""
    page.set_content(html, wait_until="load")
    return page.evaluate(SHAPE)


def print_view_shape(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector(READY)
    return page.evaluate(SHAPE)
