"""Session packets of the sample curriculum against WeasyPrint alone on the same HTML.

The floor is what WeasyPrint needs to turn each packet's finished HTML into a PDF, one after
the other in this process (already imported, so no start-up cost). Ours is the whole job from a
loaded curriculum: build the HTML, hash it, render what the cache lacks on every core, write
PDF and HTML. Runs alternate, so machine noise hits both alike; medians are printed. Then a
rebuild with nothing changed must render no PDF at all. Targets from the packets issue: at most
1.2x the floor per packet, zero renders on a no-change rebuild.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import weasyprint

from mkdocs_curriculum.config import read_layout
from mkdocs_curriculum.packet import packet_jobs, write_packets, write_site_packets
from mkdocs_curriculum.packet_contract import EDITION_IDS, packet_file
from mkdocs_curriculum.validate import check_project

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ratios import Ratio  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
TARGET = 1.2
SINGLE = ("lunchtime-peer-circle", "facilitator")
"""The packet timed alone, with one worker: our overhead on a single PDF."""


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def floor(html: list[str]) -> None:
    for page in html:
        weasyprint.HTML(string=page).write_pdf()


def ours(curriculum, sessions, editions, folder: Path, workers: int | None = None):
    """Everything from a loaded curriculum to PDFs on disk, with an empty cache."""
    with tempfile.TemporaryDirectory() as cache:
        jobs = packet_jobs(curriculum, sessions, editions, "a4", lambda _: folder)
        return write_packets(jobs, Path(cache), workers=workers)


def compare(label: str, curriculum, sessions, editions, folder: Path,
            workers: int | None = None) -> Ratio:
    html = [job.html for job in packet_jobs(curriculum, sessions, editions, "a4",
                                            lambda _: folder)]
    ratios, mine, theirs = [], [], []
    for _ in range(ROUNDS):
        base = timed(lambda: floor(html))
        took = timed(lambda: ours(curriculum, sessions, editions, folder, workers))
        ratios.append(took / base)
        mine.append(took / len(html))
        theirs.append(base / len(html))
    ratio = statistics.median(ratios)
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"packets: {label}: {statistics.median(mine):.2f} s per packet, WeasyPrint alone "
          f"{statistics.median(theirs):.2f} s, ratio {ratio:.2f}x (target <= {TARGET}x: "
          f"{verdict})")
    return Ratio(f"packets: {label} vs WeasyPrint alone", statistics.median(mine),
                 statistics.median(theirs), TARGET, paired=ratio,
                 note=f"s per packet; ratio: median of {ROUNDS} alternating pairs")


def no_change_rebuild(curriculum, layout, site: Path) -> Ratio:
    """Build the site packets twice; return how many PDFs the second build rendered."""
    lines: list[str] = []
    layout = dataclasses.replace(layout, site_dir=site, cache_dir=site.parent / ".cache")
    write_site_packets(curriculum, layout, log=lambda line: None)
    seconds = timed(lambda: write_site_packets(curriculum, layout, log=lines.append))
    rendered = sum("rendered in" in line for line in lines)
    verdict = "ok" if rendered == 0 else "OVER TARGET"
    print(f"packets: no-change rebuild of {len(lines)} packets: {rendered} rendered in "
          f"{seconds:.2f} s (target 0: {verdict})")
    return Ratio("packets: PDFs rendered again on a no-change rebuild, of all", rendered,
                 len(lines), 0, unit=" ", note=f"counts of PDFs; the rebuild took {seconds:.1f} s")


def main() -> list[Ratio]:
    layout, _ = read_layout(ROOT / "mkdocs.yml")
    curriculum, problems = check_project(layout)
    assert not [p for p in problems if p.is_error], problems[:5]
    sessions = list(curriculum.sessions)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        every = compare(f"all {len(sessions) * len(EDITION_IDS)} sample packets, every core",
                        curriculum, sessions, EDITION_IDS, out / "all")
        name, edition = SINGLE
        pages = _pages(out / "all" / packet_file(name, edition, "pdf"))
        one = compare(f"one packet ({name}, {edition}, {pages} pages), one worker", curriculum,
                      [name], [edition], out / "one", workers=1)
        return [every, one, no_change_rebuild(curriculum, layout, out / "site")]


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


if __name__ == "__main__":
    sys.exit(0 if all(r.met for r in main()) else 1)
