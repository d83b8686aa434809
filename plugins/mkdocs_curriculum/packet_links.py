"""Links and figures on paper: what each link and image of a packet's documents becomes.

A packet prints many documents in one file, so a link the author wrote to another source file
(see addresses.py) becomes, in the PDF:

- a link to the place where that document (or its heading) is printed in this packet, which
  the print CSS follows with its page number ("p. 12");
- a link to the page on the web, `site_url` + its address, when the packet does not print it
  and mkdocs.yml names the site's address; without one, plain text (a relative link means
  nothing in a PDF);
- for an external link, the same link, with its address printed after the text (once, when
  the text is the address) so it survives on paper;

and a figure beside a module is embedded as a `data:` URI (PNG, JPEG, GIF, SVG, WebP), so the
HTML packet stays one self-contained file; a figure that cannot be (a remote one: nothing is
fetched while printing) prints as its alt text and address.

It works in two steps, because a document may link to one printed after it: while each
document is rendered, `LinkBook.note` replaces every href and src with a token and remembers
where it was written; once the whole packet is laid out, `finish` turns the tokens into their
final form.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .addresses import EXTERNAL, RELATIVE, SELF, SiteMap, Target, page_url
from .layout import Web
from .markdown_links import find_html_links, replace_targets

TOKEN = "curriculum-link:"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
"""The figures a packet embeds, by suffix, with their media types."""
_SHOWN = ("http", "https", "mailto", "tel", "ftp")
"""The schemes of external links a reader can follow from paper."""

_ANCHOR = re.compile(r'<a\b([^>]*?)\shref="curriculum-link:(\d+)"([^>]*)>(.*?)</a>', re.DOTALL)
_IMAGE = re.compile(r'<img\b[^>]*\ssrc="curriculum-link:(\d+)"[^>]*>')
_ANY = re.compile(r'\s(href|src)="curriculum-link:(\d+)"')
_ALT = re.compile(r'\salt="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")
_DETAILS = re.compile(r"<details\b(?![^>]*\sopen\b)")


@dataclass(frozen=True)
class Printed:
    """What one link or image becomes on paper: an `internal` link (`#anchor`), a `url`, an
    embedded image (`data`), or `text` (no link at all); `shown` is the address as printed."""

    kind: str
    value: str = ""
    shown: str = ""
    site: str = ""
    """For a link to a page: its URL path in the site (`modules/x/guide/#tips`)."""


@dataclass(frozen=True)
class _Written:
    source: str
    prefix: str
    target: str
    image: bool


@dataclass
class LinkBook:
    """Every link of one packet edition, from where it was written to what it becomes."""

    site: SiteMap
    web: Web
    root: Path
    written: list[_Written] = field(default_factory=list)
    placed: dict[str, str] = field(default_factory=dict)
    """Source file -> the anchor its document is printed under in this packet."""
    site_links: bool = False
    """For documents printed from the site itself (the planner's print view): each link to a
    page also names the page (`data-site`, its URL path in the site), and a link to a page
    the packet does not print leads there, whatever `site_url` says; the browser then keeps
    the links to what it printed and points the rest at the site."""

    def note(self, text: str, source: str, prefix: str) -> str:
        """A rendered document's HTML with each href and src replaced by a token; the document
        is printed in this packet under `prefix` (its ids begin with it)."""
        if source:
            self.placed.setdefault(source, prefix)
        tokens = {}
        for link in find_html_links(text) if "<" in text else ():  # no tag, no link
            tokens[link] = f"{TOKEN}{len(self.written)}"
            self.written.append(_Written(source, prefix, html.unescape(link.target), link.image))
        return replace_targets(text, tokens)

    def finish(self, text: str) -> str:
        """The packet's HTML with every token in its final form (see the module docstring)."""
        text = _ANCHOR.sub(self._anchor, text)
        text = _IMAGE.sub(self._image, text)
        return _ANY.sub(lambda m: f' {m[1]}="{html.escape(self._value(int(m[2])))}"', text)

    def printed(self, written: _Written) -> Printed:
        """What a link written in `written.source` (printed under `written.prefix`) becomes."""
        target = Target.of(written.target)
        if target.kind == EXTERNAL:
            return _external(written.target, written.image)
        if target.kind == SELF:  # the renderer gave it the document's prefix already
            return Printed("internal", written.target) if target.fragment else Printed("text")
        if target.kind != RELATIVE:
            return self._on_the_web(target.path.lstrip("/"), target, written.target)
        entry = self.site.resolve(written.source, target)
        if entry is None:
            return Printed("text", shown=written.target)
        if written.image:
            return self._figure(entry.source if not entry.page else None, written.target)
        page = page_url(entry.uri, self.web.directory_urls)
        if entry.page and entry.source in self.placed:
            internal = _internal(self.placed[entry.source], target.fragment)
            return replace(internal, site=_with_fragment(page, target))
        return self._on_the_web(page, target, written.target)

    def _on_the_web(self, path: str, target: Target, written: str) -> Printed:
        if self.site_links:
            return Printed("site", site=_with_fragment(path, target))
        url = self.web.url(path)
        if url is None:
            return Printed("text", shown=written)
        url += f"#{target.fragment}" if target.fragment else ""
        return Printed("url", url, url)

    def _figure(self, source: str | None, written: str) -> Printed:
        path = Path(self.root, source) if source else None
        media = IMAGE_TYPES.get(path.suffix.lower()) if path else None
        if path is None or media is None or not path.is_file():
            return Printed("text", shown=written)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return Printed("data", f"data:{media};base64,{data}")

    def _value(self, index: int) -> str:
        printed = self.printed(self.written[index])
        return printed.value if printed.kind != "text" else ""

    def _anchor(self, match: re.Match) -> str:
        before, index, after, text = match.groups()
        printed = self.printed(self.written[int(index)])
        if printed.kind == "text":
            return f'<span data-print="unlinked">{text}</span>'
        role = "xref" if printed.kind == "internal" else "url"
        if role == "url" and _visible(text) in (printed.shown, printed.value):
            role = "url-shown"
        shown = f' data-url="{html.escape(printed.shown)}"' if role == "url" else ""
        if self.site_links and printed.site:
            shown += f' data-site="{html.escape(printed.site)}"'
        return (f'<a{before} href="{html.escape(printed.value)}" data-print="{role}"{shown}'
                f"{after}>{text}</a>")

    def _image(self, match: re.Match) -> str:
        printed = self.printed(self.written[int(match[1])])
        if printed.kind == "data":
            return match[0].replace(f'src="{TOKEN}{match[1]}"', f'src="{printed.value}"')
        alt = _ALT.search(match[0])
        return (f'<span data-print="figure">{alt[1] if alt else ""}'
                f'<span data-print="figure-url"> ({html.escape(printed.shown)})</span></span>')


def _with_fragment(path: str, target: Target) -> str:
    return f"{path}#{target.fragment}" if target.fragment else path


def _internal(prefix: str, fragment: str) -> Printed:
    return Printed("internal", f"#{prefix}-{fragment}" if fragment and prefix else
                   f"#{fragment or prefix}")


def _external(url: str, image: bool) -> Printed:
    """A link to another site stays one, its address shown; a remote image is never fetched,
    nor is anything but the schemes a reader can follow."""
    scheme = url.split(":", 1)[0].lower()
    if image and scheme == "data":
        return Printed("data", url)
    if image or scheme not in _SHOWN:
        return Printed("text", shown=url)
    shown = url.split(":", 1)[1] if scheme in ("mailto", "tel") else url
    return Printed("url", url, shown)


def _visible(text: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", text)).split())


def open_details(text: str) -> str:
    """Every `<details>` open: a collapsed block prints nothing but its title."""
    return _DETAILS.sub("<details open", text)
