"""`!!! support`: the curriculum's support and referral contacts, wherever a text asks for them.

Authors write an admonition of type `support`, with or without a title or a sentence of their
own, and this Python-Markdown extension adds the contacts of curriculum.yml's `support:` list
to it:

    !!! support
        If anything today stays with you, these people are there for it.

It runs wherever Python-Markdown runs: the MkDocs plugin registers it with the contacts, a
`curriculum export` lists it with them in mkdocs.yml, and packets render with it. Where it is
absent the admonition still shows, as a box titled "Support" with the author's sentence, so the
form degrades to something a reader understands. The contacts are plain text: they are escaped
like any text from YAML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .markdown_source import fence_after

NAME = "mkdocs_curriculum.markdown_support"
"""The extension as mkdocs.yml's `markdown_extensions` names it."""
SUPPORT = "support"

_ANY_REFERENCE = re.compile(r"^[ \t>]*(?:!!!|\?\?\?)[^\n]*\bsupport\b", re.MULTILINE)
_REFERENCE = re.compile(r'^[ \t>]*(?:!!!|\?\?\?\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +".*?")? *$')


def support_references(text: str) -> list[int]:
    """Lines (from 1) that open a `support` admonition or details block, outside code fences."""
    if SUPPORT not in text or not _ANY_REFERENCE.search(text):
        return []  # most texts: found without reading them line by line
    found, fence = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is None:
            match = _REFERENCE.match(line)
            if match and SUPPORT in match.group(1).split():
                found.append(number)
        fence = fence_after(line, fence)
    return found


def support_config(contacts: Iterable[object], title: str) -> dict:
    """The extension's configuration, as mkdocs.yml writes it: `contacts` as plain mappings
    (name, contact, when) and the title a box gets when its author gives none."""
    return {"title": title,
            "contacts": [{"name": c.name, "contact": c.contact, "when": c.when}
                         for c in contacts]}


class _SupportBoxes(Treeprocessor):
    """Fills every `support` box with the contacts, after inline Markdown has run (so the
    contacts' text is never read as Markdown)."""

    def __init__(self, md: markdown.Markdown, title: str, contacts: list[dict]) -> None:
        super().__init__(md)
        self.title, self.contacts = title, contacts

    def run(self, root: etree.Element) -> None:
        for box in root.iter():
            if box.tag in ("div", "details") and SUPPORT in box.get("class", "").split():
                self._fill(box)

    def _fill(self, box: etree.Element) -> None:
        title = next((child for child in box if child.tag == "summary"
                      or "admonition-title" in child.get("class", "").split()), None)
        if title is not None and (title.text or "").strip() == SUPPORT.capitalize():
            title.text = self.title  # the type's name, which admonition gives an untitled box
        listing = etree.SubElement(box, "ul", {"class": "support-contacts"})
        for contact in self.contacts:
            _contact_item(listing, contact)


def _contact_item(listing: etree.Element, contact: dict) -> None:
    """<li><strong>name</strong>: contact <span class="support-when">when</span></li>"""
    item = etree.SubElement(listing, "li")
    name = etree.SubElement(item, "strong")
    name.text = str(contact.get("name", ""))
    name.tail = f": {contact.get('contact', '')}"
    if contact.get("when"):
        when = etree.SubElement(item, "span", {"class": "support-when"})
        when.text = str(contact["when"])
        name.tail += " "


class SupportExtension(Extension):
    """The contacts of curriculum.yml in every `support` admonition (see the module's doc)."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "contacts": [[], "The contacts: a list of {name, contact, when}."],
            "title": ["Support and referral", "The title of a box whose author gives none."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        if "admonition" not in md.parser.blockprocessors:
            md.registerExtensions(["admonition"], {})
        boxes = _SupportBoxes(md, self.getConfig("title"), list(self.getConfig("contacts")))
        md.treeprocessors.register(boxes, "curriculum_support", 15)


def makeExtension(**kwargs) -> SupportExtension:  # noqa: N802 (Markdown's API)
    return SupportExtension(**kwargs)
