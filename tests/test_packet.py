"""Session packets, read back from the PDFs: pages, agenda, materials, editions, cache, CLI.

Most tests render the tiny curriculum of helpers.py (a page or so per section); one renders a
sample session. Rendered packets are shared through module-scoped fixtures.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import Future, wait
from pathlib import Path

import pytest
from pypdf import PdfReader

from mkdocs_curriculum.cli import main
from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.layout import Layout
from mkdocs_curriculum.packet import (
    RendersAhead,
    packet_jobs,
    render_pdf,
    write_packets,
    write_site_packets,
)
from mkdocs_curriculum.packet_contract import PARTS, packet_file
from mkdocs_curriculum.packet_html import build_packet_html, packet_view
from mkdocs_curriculum.problems import ProblemError
from mkdocs_curriculum.render import render_site
from mkdocs_curriculum.validate import check_project

from helpers import FILES, MODULE_A, write_project

REPO = Path(__file__).resolve().parent.parent
TOP = 19 / 25.4 * 72  # the top page margin of packet.css, in points

NOTES = {  # facilitator-only text in every kind of document, one nested
    "overview": "Frame the numbers gently",
    "guide": "If the room goes quiet",
    "nested": "Nested inside a tip",
    "handout": "Cut along the lines",
}

CHANGES = {
    "curriculum/sessions/morning.yml": (
        'title: Morning circle\ndate: 2027-03-04\nstart: "09:00"\ngroup_size: 9\nlength: 90\n'
        "blocks:\n  - opening: 5\n    title: Welcome\n  - module: arriving\n  - break: 5\n"
        "  - module: telling\n"
    ),
    "modules/arriving/module.yml": MODULE_A.replace(
        "  - handouts/prompts.md\n", "  - handouts/prompts.md\n  - handouts/log.md\n"),
    "modules/arriving/overview.md": (
        "## Why\n\nBecause belonging matters.\n\n"
        f'!!! facilitator "{NOTES["overview"]}"\n    Say where each figure comes from.\n'
    ),
    "modules/arriving/facilitator.md": FILES["modules/arriving/facilitator.md"] + (
        f'\n!!! facilitator "{NOTES["guide"]}"\n    Count to ten.\n\n'
        '!!! tip "Pacing"\n    Keep time.\n\n'
        f'    !!! facilitator "{NOTES["nested"]}"\n        Hidden twice.\n'
    ),
    "modules/arriving/handouts/prompts.md": (
        "# Prompts\n\nAnswer one question.\n\n"
        f'!!! facilitator "{NOTES["handout"]}"\n    One set per pair.\n\n'
        "1. Who are you?\n"
    ),
    "modules/arriving/handouts/log.md": (
        "# Listening Log\n\n| Day | What I heard |\n|---|---|\n| 1 | |\n"),
}


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def body_top(path: Path, index: int) -> list[tuple[float, str]]:
    """(distance from the page top in pt, text) of each text run, top first."""
    page = PdfReader(path).pages[index]
    height = float(page.mediabox.height)
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            runs.append((round(height - y, 1), text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(runs)


def starts_page(pages: list[str], title: str) -> int:
    """The index of the page whose body begins with the kicker and `title`."""
    found = [i for i, text in enumerate(pages) if text.splitlines()[1:2] == [title]]
    assert len(found) == 1, f"{title!r} begins {len(found)} pages"
    return found[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Layout:
    return write_project(tmp_path_factory.mktemp("tiny"), CHANGES)


@pytest.fixture(scope="module")
def packets(project: Layout) -> dict[str, Path]:
    curriculum, problems = check_project(project)
    assert not problems
    out = project.root / "out"
    jobs = packet_jobs(curriculum, ["morning"], ("facilitator", "participant"), "a4",
                       lambda _: out)
    report = write_packets(jobs, project.root / ".cache")
    assert report.rendered == 2
    return {"facilitator": out / "morning-facilitator.pdf",
            "participant": out / "morning-participant.pdf"}


SECTION_STARTS = re.compile(r"^(TINY CURRICULUM|Contents|Agenda|Materials checklist|MODULE .*"
                            r"|GENERAL GUIDE|HANDOUT · .*|Sign-in sheet|Before we meet again"
                            r"|Evaluation)$")


def section_starts(pages: list[str]) -> list[str]:
    """The first line of each page that begins a part of the packet."""
    firsts = [text.splitlines()[0] for text in pages]
    return [first for first in firsts if SECTION_STARTS.match(first)]


def test_facilitator_edition_has_every_part_starting_a_page(packets) -> None:
    pages = pdf_pages(packets["facilitator"])
    assert section_starts(pages) == [
        "TINY CURRICULUM", "Contents", "Agenda", "Materials checklist", "Sign-in sheet",
        "MODULE 1 OF 2 · 09:05–09:35", "MODULE 2 OF 2 · 09:40–10:00",
        "GENERAL GUIDE", "HANDOUT · ARRIVING", "HANDOUT · ARRIVING", "Evaluation"]
    assert 11 <= len(pages) <= 13  # the first module's guide may run onto a second page


def test_participant_edition_leaves_out_contents_materials_and_guides(packets) -> None:
    pages = pdf_pages(packets["participant"])
    assert section_starts(pages) == [
        "TINY CURRICULUM", "Agenda", "MODULE 1 OF 2 · 09:05–09:35",
        "HANDOUT · ARRIVING", "HANDOUT · ARRIVING", "Evaluation"]
    assert "MODULE 2 OF 2 · 09:40–10:00" in pages[2]  # short module pages run on, no half pages
    assert len(pages) == 6
    text = "\n".join(pages)
    assert "Facilitator guide" not in text and "Ground rules" not in text
    assert "Participant edition" in pages[0]
    assert "In this packet" in pages[0] and "Listening Log · handout" in pages[0]


def test_cover_shows_the_session(packets) -> None:
    cover = pdf_pages(packets["facilitator"])[0]
    for expected in ("Morning circle", "Facilitator edition", "Thursday 4 March 2027",
                     "09:00–10:00 (1 h)", "9 participants", "Arriving · Telling", "Notes"):
        assert expected in cover
    assert "Page " not in cover  # no running header or footer on the cover


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_every_page_after_the_cover_says_page_x_of_y_and_the_session(packets, edition) -> None:
    pages = pdf_pages(packets[edition])
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text
        assert "Morning circle" in text
        assert f"{edition.capitalize()} edition · Tiny Curriculum" in text


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_agenda_gives_the_clock_time_of_every_block_and_activity(packets, edition) -> None:
    pages = pdf_pages(packets[edition])
    agenda = pages[starts_page_of(pages, "Agenda")]
    for line in ("09:00–09:05 Welcome 5 min", "09:05–09:35 Arriving 30 min",
                 "09:05–09:15 Check-in Whole group 10 min", "09:15–09:35 Pair talk Pairs 20 min",
                 "09:35–09:40 Break 5 min", "09:40–10:00 Telling 20 min",
                 "09:40–10:00 Tell Solo 20 min", "09:00–10:00 Total 1 h"):
        assert line in agenda.splitlines()


def starts_page_of(pages: list[str], heading: str) -> int:
    return next(i for i, text in enumerate(pages) if text.splitlines()[0] == heading)


def test_materials_are_scaled_to_the_group_with_tick_boxes(packets) -> None:
    pages = pdf_pages(packets["facilitator"])
    lines = pages[starts_page_of(pages, "Materials checklist")].splitlines()
    # 9 people: 2 index cards each; a flip chart per group of 4 (3 groups); one timer
    assert "18 Index cards Arriving" in lines
    assert "3 Flip chart Arriving" in lines
    assert "1 Timer Arriving" in lines
    assert "Scaled to 9 participants" in lines[1]


def test_guide_headings_show_the_activity_clock_time(packets) -> None:
    pages = pdf_pages(packets["facilitator"])
    text = pages[starts_page_of(pages, "MODULE 1 OF 2 · 09:05–09:35")]
    assert "Check-in 09:05–09:15" in text and "Pair talk 09:15–09:35" in text


def test_facilitator_notes_are_in_one_edition_only(packets) -> None:
    facilitator = "\n".join(pdf_pages(packets["facilitator"]))
    participant = "\n".join(pdf_pages(packets["participant"]))
    for note in NOTES.values():
        assert note in facilitator
        assert note not in participant
    assert "Facilitator note" in facilitator and "Facilitator note" not in participant
    for kept in ("Because belonging matters.", "Answer one question.", "Who are you?"):
        assert kept in participant


@pytest.mark.parametrize("edition", ["facilitator", "participant"])
def test_each_handout_begins_at_the_top_of_a_page(packets, edition) -> None:
    path = packets[edition]
    pages = pdf_pages(path)
    for title in ("Prompts", "Listening Log"):
        index = starts_page(pages, title)
        body = [run for run in body_top(path, index) if TOP < run[0] < 790]  # no header, footer
        assert [text for _, text in body[:2]] == ["HANDOUT · ARRIVING", title]
        assert body[0][0] < TOP + 15  # on the first line under the page's top margin


def test_contents_page_numbers_point_at_the_sections(packets) -> None:
    pages = pdf_pages(packets["facilitator"])
    entries = dict(re.findall(r"^(.+?) \.{3,}.*?(\d+)$", pages[1], re.MULTILINE))
    assert set(entries) == {"Agenda", "Materials checklist", "Sign-in sheet", "Arriving",
                            "Telling", "Ground rules", "Prompts", "Listening Log", "Evaluation"}
    for title, number in entries.items():
        assert title in pages[int(number) - 1].splitlines()[:2]


def test_us_letter_and_a4_sizes_and_a_long_title_keeps_the_cover_to_one_page(
        tmp_path, caplog) -> None:
    long_title = "A very long session title that runs over two or three lines on the cover " * 2
    session = CHANGES["curriculum/sessions/morning.yml"].replace("Morning circle", long_title)
    layout = write_project(tmp_path, {**CHANGES, "curriculum/sessions/morning.yml": session})
    curriculum, _ = check_project(layout)
    jobs = packet_jobs(curriculum, ["morning"], ["facilitator"], "letter", lambda _: tmp_path)
    with caplog.at_level("WARNING", logger="weasyprint"):
        write_packets(jobs, tmp_path / "cache")  # one packet: rendered in this process
    assert not caplog.records, "WeasyPrint ignored some of packet.css"
    reader = PdfReader(tmp_path / "morning-facilitator.pdf")
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    assert reader.pages[1].extract_text().startswith("Contents")


def test_a4_size(packets) -> None:
    box = PdfReader(packets["facilitator"]).pages[0].mediabox
    assert [round(float(v)) for v in box[2:]] == [595, 842]


def test_a_rebuild_with_nothing_changed_renders_nothing(tmp_path) -> None:
    layout = write_project(tmp_path, CHANGES)
    out, cache = tmp_path / "out", tmp_path / "cache"

    def build():
        curriculum, _ = check_project(layout)
        jobs = packet_jobs(curriculum, ["morning"], ["facilitator", "participant"], "a4",
                           lambda _: out)
        return write_packets(jobs, cache)

    first = build()
    pdf = (out / "morning-participant.pdf").read_bytes()
    assert (first.rendered, first.cached) == (2, 0)
    again = build()
    assert (again.rendered, again.cached) == (0, 2)
    assert (out / "morning-participant.pdf").read_bytes() == pdf
    # the facilitator guide is in one edition only: only that one renders again
    guide = layout.modules_dir / "arriving" / "facilitator.md"
    guide.write_text(guide.read_text() + "\nOne more line.\n")
    changed = build()
    assert (changed.rendered, changed.cached) == (1, 1)
    assert sorted(p.suffix for p in cache.iterdir()) == [".pdf"] * 3  # no temporary files


def test_site_packets_are_written_where_session_pages_link(tmp_path) -> None:
    layout = write_project(tmp_path, CHANGES)
    curriculum, _ = check_project(layout)
    site = tmp_path / "site"
    lines: list[str] = []
    written = write_site_packets(curriculum, layout, log=lines.append).written
    folder = site / "sessions" / "morning"
    handouts = site / "modules" / "arriving" / "arriving-handouts"
    assert sorted(written) == sorted([
        *(folder / packet_file("morning", edition, suffix)
          for edition in ("facilitator", "participant", "large-print")
          for suffix in ("pdf", "html")),
        handouts.with_suffix(".pdf"), handouts.with_suffix(".html")])  # telling has none
    assert len(lines) == 4 and all("rendered in" in line for line in lines)
    assert (tmp_path / ".cache" / "curriculum-packets").is_dir()
    html = (folder / "morning-participant.html").read_text()
    assert "<style>" in html and "src=" not in html and "<link" not in html  # self-contained
    shutil.rmtree(site)  # a clean build: the cache beside the site survives it
    lines.clear()
    write_site_packets(curriculum, layout, log=lines.append)
    assert len(lines) == 4 and all("unchanged" in line for line in lines)
    assert (folder / "morning-facilitator.pdf").is_file()


def test_each_edition_prints_the_contracts_parts_in_its_order(project) -> None:
    curriculum, _ = check_project(project)
    session = curriculum.sessions["morning"]
    parts = {edition: [part.key for part in packet_view(curriculum, session, edition, "a4").parts]
             for edition in ("facilitator", "participant")}
    assert parts == {
        "facilitator": ["cover", "contents", "agenda", "materials", "sign_in", "modules",
                        "guides", "handouts", "evaluation"],
        "participant": ["cover", "agenda", "modules", "handouts", "evaluation"],
    }
    # "Before we meet again" prints only when a module has a follow-up (none has here)
    assert [part.key for part in PARTS if part.key != "follow_up"] == parts["facilitator"]


def test_the_site_and_the_packet_print_the_same_module_facts(project) -> None:
    curriculum, _ = check_project(project)
    html = build_packet_html(curriculum, curriculum.sessions["morning"], "participant")
    page = render_site(curriculum)["modules/arriving/index.md"]
    assert '<span class="fact-label">Group size</span> 4–12 people</span>' in html
    assert "- **Group size:** 4–12 people" in page


def test_text_from_yaml_is_escaped(tmp_path) -> None:
    session = CHANGES["curriculum/sessions/morning.yml"].replace(
        "Morning circle", '"<script>alert(1)</script> & co"')
    layout = write_project(tmp_path, {**CHANGES, "curriculum/sessions/morning.yml": session})
    curriculum, _ = check_project(layout)
    html = build_packet_html(curriculum, curriculum.sessions["morning"], "participant")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_a_curriculum_overrides_templates_from_theme_packet(tmp_path) -> None:
    layout = write_project(tmp_path, {
        **CHANGES,
        "theme/packet/extra.css": ".cover-title { color: rebeccapurple; }\n",
        "theme/packet/guide.html": '<section class="general-guide">Our own {{ section.title }}'
                                   "</section>\n",
    })
    curriculum, _ = check_project(layout)
    jobs = packet_jobs(curriculum, ["morning"], ["facilitator"], "a4", lambda _: tmp_path,
                       layout.packet_templates)
    assert "rebeccapurple" in jobs[0].html
    assert "Our own Ground rules" in jobs[0].html


def test_a_failed_render_is_one_clear_error(tmp_path, monkeypatch) -> None:
    layout = write_project(tmp_path, CHANGES)
    curriculum, _ = check_project(layout)
    jobs = packet_jobs(curriculum, ["morning"], ["participant"], "a4", lambda _: tmp_path)

    def broken(html: str) -> bytes:
        raise ValueError("no fonts at all")

    monkeypatch.setattr("mkdocs_curriculum.packet.render_pdf", broken)
    with pytest.raises(ProblemError, match="rendering a packet failed: ValueError: no fonts"):
        write_packets(jobs, tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def _settled(result: object = None, error: Exception | None = None) -> Future:
    future: Future = Future()
    if error is not None:
        future.set_exception(error)
    elif result is not None:
        future.set_result(result)
    return future  # neither: a render still waiting for the renderer


def test_renders_started_ahead_are_taken_and_the_others_rendered_here(tmp_path) -> None:
    """`write_packets` takes a render started ahead as it is (here a stand-in PDF, so that it
    shows); one that failed there, or that never started (it is cancelled), is rendered
    here. Every render is reported as rendered, and cached."""
    layout = write_project(tmp_path, CHANGES)
    curriculum, _ = check_project(layout)
    out, cache = tmp_path / "out", tmp_path / "cache"
    jobs = packet_jobs(curriculum, ["morning"], ["facilitator", "participant", "large-print"],
                       "a4", lambda _: out)
    stand_in = b"%PDF-1.7\nrendered ahead\n%%EOF\n"
    waiting = _settled()
    ahead = {jobs[0].key: _settled((stand_in, 2.5)),
             jobs[1].key: _settled(error=RuntimeError("the renderer was killed")),
             jobs[2].key: waiting}
    report = write_packets(jobs, cache, workers=1, ahead=ahead)
    assert (report.rendered, report.cached) == (3, 0)
    assert waiting.cancelled()
    assert jobs[0].pdf.read_bytes() == stand_in == (cache / f"{jobs[0].key}.pdf").read_bytes()
    for job in jobs[1:]:
        assert job.pdf.read_bytes() == render_pdf(job.html)


def test_a_renderer_process_renders_the_missing_pdfs_ahead(tmp_path, monkeypatch) -> None:
    """Under `mkdocs serve` the PDFs a rebuild changes are rendered by a renderer process
    kept from build to build, started as soon as the jobs are known: none is rendered here,
    and each is WeasyPrint's render of its HTML. Only what the cache does not hold is sent;
    jobs that leak are refused before any render starts."""
    layout = write_project(tmp_path, CHANGES)
    curriculum, _ = check_project(layout)
    out, cache = tmp_path / "out", tmp_path / "cache"
    jobs = packet_jobs(curriculum, ["morning"], ["facilitator", "participant"], "a4",
                       lambda _: out)
    expected = [render_pdf(job.html) for job in jobs]

    def not_here(html: str) -> bytes:
        raise AssertionError("rendered in the serve process")

    monkeypatch.setattr("mkdocs_curriculum.packet.render_pdf", not_here)
    renderer = RendersAhead()
    try:
        ahead = renderer.start(lambda: jobs, cache)
        assert sorted(ahead.renders) == sorted(job.key for job in jobs)
        wait(ahead.renders.values())  # while the build makes the site's pages
        report = write_packets(ahead.jobs(), cache, ahead=ahead.renders)
        assert report.rendered == 2
        assert [job.pdf.read_bytes() for job in jobs] == expected
        assert renderer.start(lambda: jobs, cache).renders == {}  # all in the cache now
    finally:
        renderer.close()
    refused = ProblemError()

    def leaking() -> list:
        raise refused

    renderer = RendersAhead()
    try:
        ahead = renderer.start(leaking, cache)
    finally:
        renderer.close()
    assert ahead.renders == {}
    with pytest.raises(ProblemError) as raised:
        ahead.jobs()
    assert raised.value is refused


def test_packets_render_on_the_cores_this_process_may_use_not_the_hosts(tmp_path,
                                                                        monkeypatch) -> None:
    """In a container pinned to one core of a large host, os.cpu_count() counts the host's
    cores: a pool of that many WeasyPrint processes would only fight for the one core (and
    hold as many copies of WeasyPrint in memory). One allowed core renders in this process."""
    layout = write_project(tmp_path, CHANGES)
    curriculum, _ = check_project(layout)
    jobs = packet_jobs(curriculum, ["morning"], ["facilitator", "participant"], "a4",
                       lambda _: tmp_path / "out")
    monkeypatch.setattr("mkdocs_curriculum.cores.os.cpu_count", lambda: 64)
    monkeypatch.setattr("mkdocs_curriculum.cores.os.sched_getaffinity", lambda pid: {3},
                        raising=False)

    def no_pool(count: int):
        raise AssertionError(f"a pool of {count} started for one allowed core")

    monkeypatch.setattr("mkdocs_curriculum.packet.worker_pool", no_pool)
    report = write_packets(jobs, tmp_path / "cache")
    assert (report.rendered, report.cached) == (2, 0)
    assert len(PdfReader(tmp_path / "out" / "morning-participant.pdf").pages) > 1


@pytest.mark.parametrize(("template", "message"), [
    ("{% if %}\n", "theme/packet/cover.html:1: template: Expected an expression, got 'end of"
     " statement block'"),
    ("<p>\n{{ packet.title }}\n{{ no_such_name }}\n", "theme/packet/cover.html:3: template:"
     " 'no_such_name' is undefined"),
])
def test_a_broken_template_override_is_a_clear_error(tmp_path, template, message) -> None:
    layout = write_project(tmp_path, {**CHANGES, "theme/packet/cover.html": template})
    curriculum, _ = check_project(layout)
    with pytest.raises(ProblemError) as raised:
        packet_jobs(curriculum, ["morning"], ["facilitator"], "a4", lambda _: tmp_path,
                    layout.packet_templates)
    assert [p.format() for p in raised.value.problems] == [message]


# ---- the command ------------------------------------------------------------------------


def run(project: Path, *args: str) -> int:
    return main(["-f", str(project / "mkdocs.yml"), "packet", *args])


def test_cli_writes_one_edition_where_asked(tmp_path, capsys) -> None:
    write_project(tmp_path, CHANGES)
    out = tmp_path / "printed"
    assert run(tmp_path, "morning", "-o", str(out), "--edition", "participant") == 0
    printed = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["morning-participant.html",
                                                     "morning-participant.pdf"]
    assert str(out / "morning-participant.pdf") in printed.out.splitlines()
    assert "[########################] 1/1 morning-participant.pdf (rendered in" in printed.err


def test_cli_all_writes_every_session_into_the_site_folder(tmp_path, capsys) -> None:
    write_project(tmp_path, CHANGES)
    assert run(tmp_path, "--all", "--paper", "letter") == 0
    names = sorted(p.name for p in (tmp_path / "site" / "packets").iterdir())
    assert names == ["morning-facilitator.html", "morning-facilitator.pdf",
                     "morning-participant.html", "morning-participant.pdf"]
    assert "2/2" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["modules", "modules/arriving/print", "curriculum/pages",
                                    "theme", "."])
def test_cli_refuses_an_output_that_overlaps_the_sources(tmp_path, capsys, target) -> None:
    write_project(tmp_path, CHANGES)
    assert run(tmp_path, "morning", "-o", str(tmp_path / target)) == 1
    assert "overlaps the source folder" in capsys.readouterr().out
    assert not list(tmp_path.rglob("*.pdf"))


def test_cli_names_an_unknown_session(tmp_path, capsys) -> None:
    write_project(tmp_path, CHANGES)
    assert run(tmp_path, "mornin") == 1
    out, err = capsys.readouterr()
    assert 'no session "mornin"; did you mean "morning"?' in out
    assert "Traceback" not in err


def test_cli_needs_a_session_or_all(tmp_path, capsys) -> None:
    write_project(tmp_path, CHANGES)
    assert run(tmp_path) == 2
    assert run(tmp_path, "morning", "--all") == 2
    assert "name one SESSION or give --all" in capsys.readouterr().err


def test_cli_prints_no_packet_of_a_broken_curriculum(tmp_path, capsys) -> None:
    write_project(tmp_path, {**CHANGES, "modules/telling/module.yml": "title: [\n"})
    assert run(tmp_path, "morning") == 1
    out, err = capsys.readouterr()
    assert "modules/telling/module.yml:" in out and "fix them to print packets" in err
    assert not (tmp_path / "site").exists()


# ---- a real session ---------------------------------------------------------------------


def test_sample_session_prints_both_editions(tmp_path) -> None:
    curriculum, problems = check_project(read_layout(REPO / "mkdocs.yml")[0])
    assert not [p for p in problems if p.is_error]
    jobs = packet_jobs(curriculum, ["lunchtime-peer-circle"], ["facilitator", "participant"],
                       "a4", lambda _: tmp_path)
    write_packets(jobs, tmp_path / "cache")
    facilitator = pdf_pages(tmp_path / "lunchtime-peer-circle-facilitator.pdf")
    participant = pdf_pages(tmp_path / "lunchtime-peer-circle-participant.pdf")
    assert len(facilitator) > len(participant) >= 5
    whole = "\n".join(facilitator)
    # the lunchtime circle is fitted to 45 minutes from 12:10 (issue 13)
    assert "12:19–12:35 Prompt of the day shortened from 20 to 16 min Small groups 16 min" \
        in whole
    assert "8 Name tent" in whole and "1 Prompt card deck (printed and cut)" in whole
    assert "If the circle goes quiet" in whole
    assert "If the circle goes quiet" not in "\n".join(participant)
    for title in ("Circle of Connection Prompt Deck", "Circle Host Card"):
        starts_page(facilitator, title)
        starts_page(participant, title)
