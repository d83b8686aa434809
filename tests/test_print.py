"""Print for every reader, read back from the PDFs: tagged PDFs, the large-print edition, each
module's handouts alone, the same bytes from every build, and the one leak check.

The tiny curriculum's site outputs (three editions of its session, one module's handouts) are
rendered once for the module; tests only read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mkdocs_curriculum import leaks, planner
from mkdocs_curriculum.cli import main
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.layout import Layout
from mkdocs_curriculum.leaks import LeakCheck, html_text, normalised
from mkdocs_curriculum.packet import (
    packet_jobs,
    render_pdf,
    site_jobs,
    write_packets,
    write_site_packets,
)
from mkdocs_curriculum.packet_contract import packet_file
from mkdocs_curriculum.planner import planner_files
from mkdocs_curriculum.problems import ProblemError
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import (
    CIRCLE_SVG,
    assert_large_print,
    outline_titles,
    site_project,
    structure,
    text_runs,
    write_project,
)
from test_packet import CHANGES, NOTES, pdf_pages

REPO = Path(__file__).resolve().parent.parent
EDITIONS = ("facilitator", "participant", "large-print")
LONG = ("Belonging grows when each person is heard once before anyone is heard twice, and"
        " when the group keeps to the time it promised, so that people can trust the circle"
        " with what matters to them and come back to it the next week.")
PRINT_CHANGES = {
    **CHANGES,
    "modules/arriving/fig/circle.svg": CIRCLE_SVG,
    "modules/arriving/overview.md": CHANGES["modules/arriving/overview.md"].replace(
        "Because belonging matters.\n",
        "Because belonging matters, *gently*.\n\n![Chairs in a circle](fig/circle.svg)\n\n"
        f"{LONG}\n\n- one voice\n- then the next\n"),
}
"""The packet tests' curriculum (notes in every kind of document) with a figure, a list,
emphasis and a paragraph long enough to run over several lines."""


def site_outputs(folder: Path) -> dict[str, Path]:
    return {**{edition: folder / "sessions/morning" / packet_file("morning", edition, "pdf")
               for edition in EDITIONS},
            "handouts": folder / "modules/arriving/arriving-handouts.pdf"}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Layout:
    return write_project(tmp_path_factory.mktemp("print"), PRINT_CHANGES)


@pytest.fixture(scope="module")
def printed(project: Layout) -> dict[str, Path]:
    """Every PDF the site build writes for the tiny curriculum, by edition (and "handouts")."""
    curriculum, problems = check_project(project)
    assert not problems
    report = write_site_packets(curriculum, project)
    assert report.rendered == 4 and not report.problems
    return site_outputs(project.site_dir)


# ---- tagged PDFs -------------------------------------------------------------------------


@pytest.mark.parametrize("document", [*EDITIONS, "handouts"])
def test_every_pdf_is_tagged_with_language_title_and_outline(printed, document) -> None:
    reader = PdfReader(printed[document])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    title = reader.metadata.title
    assert title in ("Morning circle — " + {"facilitator": "Facilitator edition",
                                            "participant": "Participant edition",
                                            "large-print": "Large-print edition"}
                     .get(document, ""), "Arriving — Handouts")
    assert reader.xmp_metadata.dc_title == {"x-default": title}
    assert "/Outlines" in root
    outline = outline_titles(reader.outline)
    assert "Prompts" in outline and "Listening Log" in outline
    kinds = {element["/S"] for element in structure(reader)}
    assert {"/H1", "/L", "/LI", "/Table", "/TR", "/TD"} <= kinds


@pytest.mark.parametrize("edition", EDITIONS)
def test_headings_tables_and_figures_of_a_packet_are_tagged(printed, edition) -> None:
    reader = PdfReader(printed[edition])
    elements = structure(reader)
    kinds = {element["/S"] for element in elements}
    assert {"/H1", "/H2", "/H3", "/L", "/LI", "/Table", "/TR", "/TH", "/TD", "/Figure"} <= kinds
    figures = [element.get("/Alt") for element in elements if element["/S"] == "/Figure"]
    assert figures == ["Chairs in a circle"]
    assert outline_titles(reader.outline)[:3] == (
        ["Contents", "Agenda", "Materials checklist"] if edition == "facilitator"
        else ["Agenda", "Arriving", "Objectives"])


# ---- large print -------------------------------------------------------------------------


def test_large_print_text_is_18_pt_or_more_sans_serif_and_upright_throughout(printed) -> None:
    assert_large_print(printed["large-print"])
    sizes = {round(size) for _, size, *_ in text_runs(printed["participant"])}
    assert min(sizes) < 12  # the other editions are set smaller: the test can tell


def test_large_print_lines_are_spaced_one_and_a_half(printed) -> None:
    runs = text_runs(printed["large-print"])
    page = next(n for n, *_, text in runs if "Belonging grows" in text)
    baselines = sorted({round(y, 1) for n, size, y, _, text in runs
                        if n == page and round(size) == 18 and text.strip() in LONG})
    gaps = [upper - lower for lower, upper in zip(baselines, baselines[1:], strict=False)]
    assert len(gaps) >= 2  # the long paragraph runs over three lines at least
    assert min(gaps) >= 1.5 * 18 - 0.1


def test_large_print_has_the_participant_content_and_no_facilitator_text(printed) -> None:
    large = "\n".join(pdf_pages(printed["large-print"]))
    participant = "\n".join(pdf_pages(printed["participant"]))
    for note in NOTES.values():
        assert note not in large
    assert "Facilitator note" not in large and "Facilitator guide" not in large
    for kept in ("Because belonging matters", "Answer one question.", "Who are you?",
                 "Listening Log", "Large-print edition", "In this packet", "Telling"):
        assert kept in large and (kept in participant or kept == "Large-print edition")
    assert "Page 2 of" in large and "Morning circle" in large


def test_session_pages_link_the_large_print_edition(project) -> None:
    curriculum, _ = check_project(project)
    page = render_site(curriculum)["sessions/morning.md"]
    assert 'href="morning-participant-large-print.pdf"' in page
    assert 'href="morning-participant-large-print.html"' in page
    assert "Large-print edition" in page


def run(project: Path, *args: str) -> int:
    return main(["-f", str(project / "mkdocs.yml"), "packet", *args])


WRITE_ON = ("# Prompts\n\nAnswer one question.\n\n**Where were you?**\n\n___\n\n___\n\n"
            "**Who was there?**\n\n___\n")
"""A worksheet as the sample's handouts write one: each question, then lines to write on."""


@pytest.mark.parametrize(("edition", "room"), [("participant", 8), ("large-print", 14)])
def test_a_handouts_lines_leave_room_to_write_on(tmp_path, edition, room) -> None:
    """A line drawn in a handout (`___`) is for writing on: as far from the text and the next
    line as an empty table row is high, 8 mm, and 14 mm in large print (was 4 mm in both)."""
    write_project(tmp_path, {**CHANGES, "modules/arriving/handouts/prompts.md": WRITE_ON})
    assert run(tmp_path, "morning", "-o", str(tmp_path / "out"), "--edition", edition) == 0
    runs = text_runs(tmp_path / "out" / packet_file("morning", edition, "pdf"))
    [(page, first)] = [(p, y) for p, _, y, _, text in runs if "Where were you?" in text]
    [(same, second)] = [(p, y) for p, _, y, _, text in runs if "Who was there?" in text]
    assert page == same
    # the question, two lines and the next question: three gaps of `room` mm at least
    assert first - second >= 3 * room * 72 / 25.4, (first, second)


def pages_opening_with_a_line(html: str) -> list[int]:
    """The pages (from 1) whose text area opens with a line drawn in a handout (`___`), as
    WeasyPrint lays the packet's HTML out: that line belongs to the question on the page
    before, which is left with none (and it sits under the running header's rule)."""
    import weasyprint

    opening = []
    for number, page in enumerate(weasyprint.HTML(string=html).render().pages, start=1):
        blocks = [box.element_tag for box in page._page_box.descendants()
                  if box.element_tag in ("p", "hr", "h1", "h2", "li", "table")]
        if blocks and blocks[0] == "hr":
            opening.append(number)
    return opening


@pytest.mark.parametrize("edition", ["participant", "large-print"])
def test_a_handouts_line_stays_on_the_page_of_its_question(tmp_path, edition) -> None:
    """A question at the foot of a page takes its line with it to the next, rather than
    leaving it to open that page (as one did in the sample's Story of Self worksheet)."""
    sheet = "# Prompts\n\n" + "".join(f"**Question {n}?** Say where and when.\n\n___\n\n"
                                       for n in range(1, 41))
    write_project(tmp_path, {**CHANGES, "modules/arriving/handouts/prompts.md": sheet})
    assert run(tmp_path, "morning", "-o", str(tmp_path / "out"), "--edition", edition) == 0
    html = (tmp_path / "out" / packet_file("morning", edition, "html")).read_text("utf-8")
    assert pages_opening_with_a_line(html) == []


def test_cli_prints_the_large_print_edition_alone_or_all_three(tmp_path, capsys) -> None:
    write_project(tmp_path, CHANGES)
    out = tmp_path / "printed"
    assert run(tmp_path, "morning", "-o", str(out), "--edition", "large-print") == 0
    assert sorted(p.name for p in out.iterdir()) == ["morning-participant-large-print.html",
                                                     "morning-participant-large-print.pdf"]
    assert run(tmp_path, "morning", "-o", str(out), "--edition", "all") == 0
    assert len(list(out.glob("*.pdf"))) == 3
    assert "1/3" in capsys.readouterr().err


# ---- handouts alone ----------------------------------------------------------------------


def test_a_modules_handouts_pdf_has_each_handout_on_a_fresh_page_for_participants(
        printed) -> None:
    pages = pdf_pages(printed["handouts"])
    firsts = [[line for line in text.splitlines() if line.strip()][:3] for text in pages]
    starts = [i for i, lines in enumerate(firsts) if "HANDOUT · ARRIVING" in lines]
    assert len(starts) == 2 and starts[0] == 0
    assert "Prompts" in firsts[starts[0]] and "Listening Log" in firsts[starts[1]]
    text = "\n".join(pages)
    assert "Answer one question." in text and "Who are you?" in text
    assert NOTES["handout"] not in text and "One set per pair" not in text
    assert "Agenda" not in text and "Objectives" not in text  # the handouts, nothing else
    assert f"Page 1 of {len(pages)}" in pages[0] and "Arriving" in pages[0]


def test_only_modules_with_handouts_get_a_pdf_and_a_link(project, printed) -> None:
    assert printed["handouts"].is_file()
    assert not list((project.site_dir / "modules/telling").glob("*.pdf"))
    curriculum, _ = check_project(project)
    pages = render_site(curriculum)
    link = ('<a class="md-button" href="arriving-handouts.pdf">All handouts as one PDF, each'
            " on its own page</a>")
    assert link in pages["modules/arriving/index.md"]
    assert ".pdf" not in pages["modules/telling/index.md"]
    assert ".pdf" not in render_site(curriculum, packets=False)["modules/arriving/index.md"]


def test_every_sample_module_page_links_its_handouts_pdf() -> None:
    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    pages = render_site(curriculum)
    for module in curriculum.modules.values():
        assert module.handouts
        assert f'href="{module.id}-handouts.pdf"' in pages[f"modules/{module.id}/index.md"]


# ---- the same bytes ----------------------------------------------------------------------


def test_two_builds_from_the_same_sources_give_the_same_bytes(project, printed, tmp_path,
                                                              monkeypatch) -> None:
    """The second build: another folder, another empty cache, another process layout (one
    renderer, no pool) and another `SOURCE_DATE_EPOCH`; the first had none."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    curriculum, _ = check_project(project)
    jobs = site_jobs(curriculum, tmp_path / "site", "a4")
    report = write_packets(jobs, tmp_path / "another-cache", workers=1)
    assert report.rendered == 4
    first = sorted(path.relative_to(project.site_dir) for path in project.site_dir.rglob("*.*")
                   if path.suffix in (".pdf", ".html"))
    second = sorted(path.relative_to(tmp_path / "site") for path in report.written)
    assert first == second and len(first) == 8
    for name in first:
        assert (tmp_path / "site" / name).read_bytes() == (project.site_dir / name).read_bytes(), \
            name


def test_a_pdf_holds_no_date_and_an_identifier_made_from_its_html(printed) -> None:
    data = printed["participant"].read_bytes()
    reader = PdfReader(printed["participant"])
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
    assert b"CreateDate" not in data and b"ModifyDate" not in data
    html = printed["participant"].with_suffix(".html").read_text("utf-8")
    assert render_pdf(html) == data
    assert render_pdf(html.replace("Morning circle", "Evening circle")) != data


def test_rendering_pins_the_clock_libraries_read(monkeypatch) -> None:
    """fontTools dates a font it saves again (a variable or colour font) from
    SOURCE_DATE_EPOCH, else the clock: while a PDF renders, that time is fixed."""
    from fontTools.misc.timeTools import timestampNow

    seen = []
    import weasyprint

    def spy(self, *args, **kwargs):
        seen.append(timestampNow())
        return b"%PDF-1.7\n%%EOF"

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", spy)
    render_pdf("<p>one</p>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    render_pdf("<p>two</p>")
    assert len(seen) == 2 and seen[0] == seen[1]
    import os
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"  # the caller's, as it was


def _spy_on_freezes(monkeypatch, fail: bool = False) -> list[int]:
    """WeasyPrint replaced by a spy that notes how many objects the collector had set aside
    (frozen) while it ran."""
    import gc

    import weasyprint

    seen = []

    def spy(self, *args, **kwargs):
        seen.append(gc.get_freeze_count())
        if fail:
            raise RuntimeError("a broken font")
        return b"%PDF-1.7\n%%EOF"

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", spy)
    return seen


def test_a_render_leaves_the_objects_alive_before_it_to_itself(monkeypatch) -> None:
    """Full collections while WeasyPrint runs do not walk the rest of the process (a loaded
    curriculum, MkDocs' pages): those objects are set aside, and given back after, even
    when the render fails."""
    import gc

    kept = [object() for _ in range(10)]  # alive before the render, as a curriculum is
    seen = _spy_on_freezes(monkeypatch)
    render_pdf("<p>one</p>")
    assert seen[0] >= len(kept) and gc.get_freeze_count() == 0
    seen = _spy_on_freezes(monkeypatch, fail=True)
    with pytest.raises(RuntimeError):
        render_pdf("<p>two</p>")
    assert seen[0] >= len(kept) and gc.get_freeze_count() == 0


def test_a_render_leaves_a_freeze_made_by_its_caller_as_it_was(monkeypatch) -> None:
    import gc

    seen = _spy_on_freezes(monkeypatch)
    gc.freeze()
    try:
        render_pdf("<p>one</p>")
        assert seen[0] > 0 and gc.get_freeze_count() > 0  # not given back: not the render's
    finally:
        gc.unfreeze()


# ---- the leak check ----------------------------------------------------------------------


def test_no_participant_output_holds_facilitator_text_read_back_from_the_pdfs(
        project, printed) -> None:
    curriculum, _ = check_project(project)
    check = LeakCheck.of(curriculum)
    assert {sentence.words for sentence in check.sentences} >= {
        "Frame the numbers gently", "Say where each figure comes from.",
        "If the room goes quiet"}
    for document in ("participant", "large-print", "handouts"):
        assert check.problems(document, "\n".join(pdf_pages(printed[document]))) == []
    facilitator = check.problems("f.pdf", "\n".join(pdf_pages(printed["facilitator"])))
    assert len(facilitator) >= 3  # the facilitator edition holds them: the check can tell


def keep_notes_for_participants(monkeypatch) -> None:
    """A bug planted on purpose: the participant renderer keeps facilitator passages."""
    monkeypatch.setattr("mkdocs_curriculum.markdown_html._ParticipantExtension.extendMarkdown",
                        lambda self, md: None)


def test_a_leak_fails_the_build_naming_each_file_and_passage(project, monkeypatch,
                                                             tmp_path) -> None:
    curriculum, _ = check_project(project)
    keep_notes_for_participants(monkeypatch)
    with pytest.raises(ProblemError) as raised:
        site_jobs(curriculum, tmp_path / "site", "a4")
    lines = [problem.format() for problem in raised.value.problems]
    files = {line.split(": ", 1)[0] for line in lines}
    assert files == {str(path) for name, path in site_outputs(tmp_path / "site").items()
                     if name != "facilitator"}
    handouts = [line for line in lines if line.startswith(str(tmp_path / "site/modules"))]
    assert handouts == [
        f"{tmp_path}/site/modules/arriving/arriving-handouts.pdf: facilitator: facilitator-only"
        " text reached what participants read, from the passage at"
        ' modules/arriving/handouts/prompts.md:5 (got "Cut along the lines")']
    assert any("modules/arriving/overview.md:" in line
               and "morning-participant-large-print.pdf" in line for line in lines)
    assert not (tmp_path / "site").exists()  # nothing written


def test_a_leak_fails_the_packet_command_before_writing(tmp_path, capsys, monkeypatch) -> None:
    write_project(tmp_path, CHANGES)
    keep_notes_for_participants(monkeypatch)
    out = tmp_path / "printed"
    assert run(tmp_path, "morning", "-o", str(out), "--edition", "participant") == 1
    printed = capsys.readouterr().out
    assert f"{out}/morning-participant.pdf: facilitator: facilitator-only text" in printed
    assert "modules/arriving/facilitator.md" not in printed  # the guide is not printed for them
    assert "modules/arriving/overview.md:" in printed and '"Frame the numbers gently"' in printed
    assert not list(out.glob("*.pdf"))
    monkeypatch.undo()
    assert run(tmp_path, "morning", "-o", str(out), "--edition", "facilitator") == 0


def test_the_leak_check_reads_any_output_as_its_reader_meets_it(project) -> None:
    curriculum, _ = check_project(project)
    check = LeakCheck.of(curriculum)
    planted = '<p>Hello</p><img src="x.png" alt="Say where each figure   comes from.">'
    assert [p.format() for p in check.html_problems("/planner/", planted)] == [
        "/planner/: facilitator: facilitator-only text reached what participants read, from"
        ' the passage at modules/arriving/overview.md:12 (got "Say where each figure comes'
        ' from.")']
    assert html_text("<style>p{}</style><p>a<b>b</b></p>") == "a b"
    assert check.problems("screen", "Hidden twice. Keep time.") == []  # too short to tell
    assert check.problems("screen", "because belonging matters") == []  # not a note at all


def test_a_note_that_repeats_what_participants_read_is_no_leak(tmp_path) -> None:
    overview = ("## Why\n\nTake one breath before you speak.\n\n"
                '!!! facilitator "Pacing"\n    Read aloud: Take one breath before you speak.\n'
                "    Then wait for the quiet to settle.\n")
    layout = write_project(tmp_path, {**CHANGES, "modules/arriving/overview.md": overview})
    curriculum, _ = check_project(layout)
    check = LeakCheck.of(curriculum)
    assert check.problems("p.pdf", "Read aloud: Take one breath before you speak.") == []
    assert len(check.problems("p.pdf", "Then wait for the quiet to settle.")) == 1
    jobs = packet_jobs(curriculum, ["morning"], ["participant"], "a4", lambda _: tmp_path)
    assert "Take one breath before you speak." in jobs[0].html


def test_a_leak_in_the_planners_participant_kits_fails_before_they_are_published(
        project, monkeypatch) -> None:
    curriculum, _ = check_project(project)
    assert "planner/kit/participant/arriving.js" in planner_files(curriculum)
    keep_notes_for_participants(monkeypatch)
    with pytest.raises(ProblemError) as raised:
        planner_files(curriculum)
    lines = [problem.format() for problem in raised.value.problems]
    assert lines == [
        "planner/kit/participant/arriving.js: facilitator: facilitator-only text reached what"
        " participants read, from the passage at modules/arriving/overview.md:12"
        ' (got "Frame the numbers gently")',
        "planner/kit/participant/arriving.js: facilitator: facilitator-only text reached what"
        " participants read, from the passage at modules/arriving/handouts/prompts.md:5"
        ' (got "Cut along the lines")']


def test_under_serve_the_planners_leak_check_reads_again_only_the_kits_that_changed(
        tmp_path, monkeypatch) -> None:
    """Remembering (under `mkdocs serve`), the text of each participant kit is read once per
    HTML: after an edit to one module's overview only that module's kit is read again, and
    the leaks found are those of a call that remembers nothing (both kits still reported)."""
    read: list[str] = []
    kit_texts: set[str] = set()  # what each kit's HTML reads as, of every call

    def reading(html: str) -> str:
        read.append(html)
        kit_texts.add(html_text(html))
        return html_text(html)

    monkeypatch.setattr(planner, "html_text", reading)
    monkeypatch.setattr(planner, "_KITS", {})
    monkeypatch.setattr(planner, "_TEXTS", {})
    keep_notes_for_participants(monkeypatch)

    def found_leaks(curriculum, remember: bool) -> list[str]:
        with pytest.raises(ProblemError) as raised:
            planner_files(curriculum, remember=remember)
        return [problem.format() for problem in raised.value.problems]

    telling = ("## Why\n\nStories.\n\n!!! facilitator \"Timing\"\n"
               "    Let each story end before the next one starts.\n")
    first, _ = check_project(write_project(tmp_path, {
        **CHANGES, "modules/telling/overview.md": telling}))
    assert len(found_leaks(first, remember=True)) == 3 and len(read) == 2  # arriving 2, telling 1
    read.clear()
    edited, _ = check_project(write_project(tmp_path, {
        **CHANGES, "modules/telling/overview.md": telling + "\nStories, told again.\n"}))
    normalising = []
    for module in (leaks, planner):  # the texts the leak check normalises
        monkeypatch.setattr(module, "normalised",
                            lambda text: normalising.append(text) or normalised(text))
    found = found_leaks(edited, remember=True)
    assert len(read) == 1 and "told again" in read[0]
    remembered = [text for text in normalising if text in kit_texts]
    assert found == found_leaks(edited, remember=False)
    # The unchanged kit's text is not normalised again; remembering nothing, both are.
    assert len(remembered) == 1 and "told again" in remembered[0]
    assert len([text for text in normalising if text in kit_texts]) == 3
    assert {line.split(":")[0] for line in found} == {
        "planner/kit/participant/arriving.js", "planner/kit/participant/telling.js"}


def test_a_leak_fails_the_site_build(tmp_path, monkeypatch, caplog) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = site_project(tmp_path, CHANGES)
    keep_notes_for_participants(monkeypatch)
    gathered, made = [], []
    written_for_all, read_all = leaks._written_for_all, leaks._read_all
    monkeypatch.setattr(leaks, "_written_for_all",
                        lambda *args: gathered.append(args) or written_for_all(*args))
    monkeypatch.setattr(leaks, "_read_all", lambda texts: made.append(1) or read_all(texts))
    with pytest.raises(Abort):
        build(load_config(str(root / "mkdocs.yml")))
    # One leak check for the screens, the planner and the packets (three before).
    assert len(made) == 1 and len(gathered) == 1
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    # 5 in the packets and the handouts, 2 in the planner's participant kit of the module
    assert "curriculum: 7 error(s); see above" in errors
    assert any(message.startswith("planner/kit/participant/arriving.js: facilitator:"
                                  " facilitator-only text") for message in errors)
    assert not (root / "site/planner/kit").exists()  # none of the planner is published
    assert any(message.startswith(f"{root}/site/sessions/morning/morning-participant.pdf:"
                                  " facilitator: facilitator-only text") for message in errors)
    assert any("arriving-handouts.pdf" in message for message in errors)
    assert not list((root / "site").rglob("*.pdf"))


def test_a_file_where_a_printed_document_goes_is_an_error(tmp_path) -> None:
    layout = write_project(tmp_path, {**CHANGES, "modules/arriving/arriving-handouts.pdf": "%PDF",
                                      "modules/telling/telling-handouts.pdf": "%PDF"})
    _, problems = check_project(layout)
    assert [p.format() for p in problems] == [
        "modules/arriving/arriving-handouts.pdf:1: file: the build writes its own"
        " modules/arriving/arriving-handouts.pdf here, which would replace this file; rename it"
    ]  # telling has no handouts, so no PDF of them: its file is its own
