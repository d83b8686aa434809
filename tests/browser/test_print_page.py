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


def test_a_facilitator_note_on_the_site_is_labelled_and_unlike_an_exercise(page,
                                                                            base_url) -> None:
    page.goto(base_url + "modules/story-of-self/guide/")
    page.locator(".md-content .md-typeset").first.evaluate(
        """el => el.insertAdjacentHTML('beforeend', '<div class="admonition example">'
           + '<p class="admonition-title">An exercise</p><p>Do this.</p></div>')""")
    looks = page.evaluate("""() => {
        const note = document.querySelector('.admonition.facilitator');
        const example = document.querySelector('.admonition.example');
        const title = note.querySelector('.admonition-title');
        return {note: getComputedStyle(note).borderLeftColor,
                example: getComputedStyle(example).borderLeftColor,
                label: getComputedStyle(title, '::after').content};
    }""")
    assert looks["label"] == '"Facilitator note"'
    assert looks["note"] != looks["example"]
    red, green, blue = (int(n) for n in looks["note"][4:-1].split(","))
    assert red > blue + 60  # a warm orange-brown, not Material's violet of `example`
