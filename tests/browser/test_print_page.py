"""The print-ready HTML packet printed from the browser, as a trainer would: what it shows."""

from __future__ import annotations

import io

from pypdf import PdfReader

from mkdocs_curriculum.packet_html import build_packet_html
from mkdocs_curriculum.validate import check_project

from helpers import GUIDE_B, write_project

BOXES = ('!!! example "An exercise"\n    Do this.\n\n    ??? success "Solution"\n'
         "        The answer is 42.\n")


def test_collapsed_solutions_print_open_from_the_browser(tmp_path, page) -> None:
    layout = write_project(tmp_path, {"modules/telling/facilitator.md": GUIDE_B + "\n" + BOXES})
    curriculum, _ = check_project(layout)
    html_file = tmp_path / "packet.html"
    html_file.write_text(build_packet_html(curriculum, curriculum.sessions["morning"],
                                           "facilitator"), encoding="utf-8")
    page.goto(html_file.as_uri())
    assert page.locator("details.success").evaluate("d => d.open")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert "The answer is 42." in text
