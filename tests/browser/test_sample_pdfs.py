"""The sample site's printed documents, read back from the site the browser tests serve (built
once for them, packets included): every PDF tagged, large print at 18 pt and more."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import assert_large_print, outline_titles


def sample_pdfs(site: Path) -> list[Path]:
    return sorted([*site.glob("sessions/*/*.pdf"), *site.glob("modules/*/*-handouts.pdf")])


def test_every_sample_pdf_is_tagged_with_its_language_title_and_outline(site_dir) -> None:
    pdfs = sample_pdfs(site_dir)
    assert len(pdfs) >= 12 + 13  # three editions of four sessions, thirteen modules' handouts
    for pdf in pdfs:
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"].value is True, pdf.name
        assert "/StructTreeRoot" in root and root["/Lang"] == "en", pdf.name
        assert reader.metadata.title and outline_titles(reader.outline), pdf.name


@pytest.mark.parametrize("session", ["lunchtime-peer-circle", "two-day-resident-retreat"])
def test_the_sample_large_print_packets_are_18_pt_or_more_throughout(site_dir, session) -> None:
    path = site_dir / f"sessions/{session}/{session}-participant-large-print.pdf"
    assert_large_print(path)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Handout · " in text and "If the circle goes quiet" not in text
