"""Figures, links and boxes on paper, read back from the PDFs: embedded figures, links inside the
packet with their page, links to the site or as plain text, external addresses printed, no
relative link left, nothing fetched, admonitions by type, collapsible blocks open."""

from __future__ import annotations

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from mkdocs_curriculum.layout import Web
from mkdocs_curriculum.packet import packet_jobs, render_pdf, write_packets
from mkdocs_curriculum.packet_html import build_packet_html
from mkdocs_curriculum.validate import check_project

from helpers import GUIDE_B, LINKED, write_project

LONG_URL = ("https://example.org/reports/2027/annual-survey-of-care-teams/"
            "results-by-region-and-role?include=all-sites&format=printable&lang=en")
BOXES = ('!!! note "A note"\n    Noted.\n\n!!! warning "A warning"\n    Careful.\n\n'
         '!!! example "An exercise"\n    Do this.\n\n    ??? success "Solution"\n'
         "        The answer is 42.\n\n"
         '!!! question "A question"\n    Why?\n\n!!! quote "A quote"\n    Said.\n')
CHANGES = {
    **LINKED,
    "modules/arriving/overview.md": LINKED["modules/arriving/overview.md"] + (
        f"\n![A bar chart](fig/bars.png)\n\nThe [full report]({LONG_URL}) and"
        " <https://example.org/plain> and [write to us](mailto:team@example.org).\n"),
    "modules/telling/facilitator.md": GUIDE_B + "\n" + BOXES,
    "curriculum/sessions/morning.yml": (
        'title: Morning\nstart: "09:00"\ngroup_size: 8\nblocks:\n  - module: arriving\n'
        "  - module: telling\nguides: [ground-rules]\n"),
}


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def project(root: Path, changes: dict | None = None):
    layout = write_project(root, {**CHANGES, **(changes or {})})
    (root / "modules/arriving/fig/bars.png").write_bytes(png(1600, 400))  # wider than the page
    curriculum, problems = check_project(layout)
    assert not problems, problems
    return layout, curriculum


@pytest.fixture(scope="module")
def packets(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("linked")
    layout, curriculum = project(root)
    out = root / "out"
    jobs = packet_jobs(curriculum, ["morning"], ("facilitator", "participant"), "a4",
                       lambda _: out)
    write_packets(jobs, root / ".cache")
    return {edition: out / f"morning-{edition}.pdf" for edition in ("facilitator", "participant")}


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def links_of(path: Path) -> list[tuple[int, str]]:
    """(page index, target) of every link annotation: a URI, or `page N` for a jump inside."""
    reader = PdfReader(path)
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A") or {}
            if "/URI" in action:
                found.append((index, str(action["/URI"])))
            else:
                destination = annotation.get("/Dest") or action.get("/D")
                if isinstance(destination, str) or not destination:
                    destination = reader.named_destinations[str(destination)]
                found.append((index, f"page {reader.get_page_number(destination.page) + 1}"))
    return found


def page_with(pages: list[str], needle: str) -> int:
    """The number (from 1) of the first page whose text holds `needle`."""
    return next(n for n, text in enumerate(pages, start=1) if needle in " ".join(text.split()))


def drawn_images(page) -> list[tuple[float, float]]:
    """(width, height) in points of each image XObject the page's content draws."""
    matrix, stack, found = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], []
    for operands, operator in page.get_contents().operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(x) for x in operands)
            m = matrix
            matrix = (a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2],
                      c * m[1] + d * m[3], e * m[0] + f * m[2] + m[4],
                      e * m[1] + f * m[3] + m[5])
        elif operator == b"Do":
            xobject = page["/Resources"]["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append((abs(matrix[0]) + abs(matrix[2]), abs(matrix[1]) + abs(matrix[3])))
    return found


def test_figures_are_embedded_scaled_to_the_page_and_not_printed_as_text(packets) -> None:
    for edition, path in packets.items():
        reader = PdfReader(path)
        pages = text_of(path)
        assert not any("A bar chart" in text or "Chairs in a circle" in text for text in pages)
        page = reader.pages[page_with(pages, "The full report") - 1]
        width = float(page.mediabox.width) - 2 * 17 / 25.4 * 72  # the text width of packet.css
        [(drawn_width, drawn_height)] = drawn_images(page)  # the PNG (SVGs are vectors)
        assert width - 1 < drawn_width <= width + 0.5, edition  # 1600 px wide: scaled down
        assert drawn_width / drawn_height == pytest.approx(4, rel=0.01)  # its shape kept


def test_the_html_packet_embeds_its_figures_with_their_alt_text(tmp_path) -> None:
    _, curriculum = project(tmp_path)
    html = build_packet_html(curriculum, curriculum.sessions["morning"], "facilitator")
    sources = re.findall(r"\ssrc=\"([^\"]{0,30})", html)
    assert len(sources) == 4 and all(s.startswith("data:image/") for s in sources)
    assert 'alt="Chairs in a circle" src="data:image/svg+xml;base64,' in html
    assert 'alt="A bar chart" src="data:image/png;base64,' in html


def test_links_to_documents_in_the_packet_jump_there_and_give_the_page(packets) -> None:
    path = packets["facilitator"]
    pages = text_of(path)
    telling = page_with(pages, "Tell a story.")  # the Telling guide's `## Tell {#tell}`
    rules = page_with(pages, "Be kind, from")
    check_in = page_with(pages, "Say hello.")
    assert f"Telling (p. {telling})" in " ".join(pages[check_in - 1].split())
    assert f"the ground rules (p. {rules})" in " ".join(" ".join(pages).split())
    assert f"the first minute (p. {check_in})" in " ".join(pages[rules - 1].split())
    links = links_of(path)
    assert (check_in - 1, f"page {telling}") in links
    assert (rules - 1, f"page {check_in}") in links


def test_no_relative_link_is_left_in_either_pdf(packets) -> None:
    for path in packets.values():
        uris = [target for _, target in links_of(path) if not target.startswith("page ")]
        assert uris and all(re.match(r"^(https://|mailto:)", uri) for uri in uris), uris


def test_external_links_print_their_address_once_and_long_ones_wrap(packets) -> None:
    for path in packets.values():
        pages = text_of(path)
        text = " ".join(" ".join(pages).split())
        assert "write to us (team@example.org)" in text
        assert text.count("https://example.org/plain") == 1  # the text is the address
        lines = [line for page in pages for line in page.splitlines()]
        assert not any(LONG_URL in line for line in lines)  # wrapped onto several lines
        assert LONG_URL in "".join(text.split())
        assert (page_with(pages, "The full report") - 1, LONG_URL) in links_of(path)


def test_links_to_pages_the_packet_does_not_print_go_to_the_site_or_print_as_text(
        tmp_path) -> None:
    _, curriculum = project(tmp_path)
    session = curriculum.sessions["morning"]
    plain = build_packet_html(curriculum, session, "participant")
    assert '<span data-print="unlinked">the ground rules</span>' in plain
    assert '<span data-print="unlinked">reading</span>' not in plain  # the guide is not printed
    web = Web("https://example.org/course/", directory_urls=True)
    linked = build_packet_html(curriculum, session, "participant", web=web)
    assert ('<a href="https://example.org/course/guides/ground-rules/" data-print="url"'
            ' data-url="https://example.org/course/guides/ground-rules/">the ground rules</a>'
            in linked)
    guide = build_packet_html(curriculum, session, "facilitator", web=web)
    assert ('href="https://example.org/course/modules/arriving/reading.txt" data-print="url"'
            in guide)  # a file beside the module: on the site


def test_admonitions_print_by_type_with_their_titles_and_solutions_open(packets) -> None:
    text = " ".join(" ".join(text_of(packets["facilitator"])).split())
    for words in ("A note Noted.", "A warning Careful.", "An exercise Do this.",
                  "Solution The answer is 42.", "A question Why?", "A quote Said."):
        assert words in text


def test_each_kind_of_admonition_has_its_own_look(tmp_path) -> None:
    import weasyprint

    _, curriculum = project(tmp_path)
    html = build_packet_html(curriculum, curriculum.sessions["morning"], "facilitator")
    assert '<details open class="success">' in html
    looks = {}
    for page in weasyprint.HTML(string=html).render().pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", []))
            kind = (box.element.get("class") or "").split() if box.element is not None else []
            if box.element_tag in ("div", "details") and ("admonition" in kind or
                                                          box.element_tag == "details"):
                style = box.style
                looks[kind[-1]] = (tuple(style["border_left_color"]),
                                   style["border_left_style"], style["font_style"])
    assert set(looks) >= {"note", "warning", "example", "success", "question", "quote"}
    assert len({looks[k] for k in ("note", "warning", "example", "success", "question",
                                   "quote")}) == 6


class _Probe(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the base class's name
        _Probe.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002
        pass


def test_nothing_is_fetched_while_printing_and_remote_figures_print_as_text(tmp_path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Probe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        overview = LINKED["modules/arriving/overview.md"] + (
            f"\n![A remote chart]({base}/chart.png)\n\n"
            f'<div markdown>\n<img src="{base}/raw.png" alt="A raw remote">\n'
            f'<p style="background: url({base}/bg.png)">Styled.</p>\n</div>\n')
        _, curriculum = project(tmp_path, {"modules/arriving/overview.md": overview})
        html = build_packet_html(curriculum, curriculum.sessions["morning"], "participant")
        pdf = PdfReader(io.BytesIO(render_pdf(html)))
    finally:
        server.shutdown()
    assert _Probe.requests == []
    assert "Styled." in (pages := " ".join(" ".join(p.extract_text() for p in pdf.pages).split()))
    assert f"A remote chart ({base}/chart.png)" in pages
    assert f"A raw remote ({base}/raw.png)" in pages
