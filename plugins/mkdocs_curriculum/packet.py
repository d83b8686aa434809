"""Printed documents on disk: HTML -> PDF with WeasyPrint, cached, rendered on every core.

The documents are the session packets, in every edition, and each module's handouts alone. A
document's HTML is cheap to make and holds everything the PDF is made from (content, templates,
CSS, paper size), so its hash, with the WeasyPrint version, is the cache key: a rebuild with
nothing changed copies every PDF from the cache and renders none. Cache entries and outputs are
written to a temporary file and renamed into place, so an interrupted run never leaves a
truncated PDF behind that a later run would trust.

Every PDF is tagged (PDF/UA-1: headings, lists, tables and figures with their alternative text
for screen readers, the language, the title shown, an outline of its sections) and the same
HTML always gives the same bytes: no date, an identifier made from the HTML, and no clock read
while rendering (see `render_pdf`), so a changed PDF means changed content. Before anything is
written, every document participants read passes the leak check (leaks.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import multiprocessing
import os
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path

from . import cores
from .layout import Layout, Web, writing
from .leaks import LeakCheck
from .model import Curriculum, Module
from .packet_contract import (
    EDITION_IDS,
    HANDOUTS,
    PAPERS,
    edition_of,
    handouts_file,
    module_folder,
    packet_file,
    site_folder,
)
from .packet_html import build_handouts_html, build_packet_html
from .problems import WARNING, Problem, ProblemError, did_you_mean
from .rebuild import EVERY_PACKET, PacketScope

CACHE_VERSION = "3"
"""Bump when the way a PDF is made from its HTML changes (render options, say)."""
CACHE_DAYS = 30
"""Cache entries unused for this long are deleted; a hit refreshes an entry's time."""


@dataclass(frozen=True)
class PacketJob:
    """One document to write: its HTML and the PDF and HTML files it becomes. For a session
    packet, its session and edition; for a module's handouts alone, the module and `HANDOUTS`.
    """

    session: str
    edition: str
    html: str
    pdf: Path

    @property
    def html_path(self) -> Path:
        return self.pdf.with_suffix(".html")

    @property
    def key(self) -> str:
        return cache_key(self.html)


@dataclass(frozen=True)
class Progress:
    """Reported after each packet: how far along, what was written, and whether it rendered."""

    done: int
    total: int
    job: PacketJob
    rendered: bool
    seconds: float


@dataclass
class PacketReport:
    written: list[Path] = field(default_factory=list)
    rendered: int = 0
    cached: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Warnings about the cache; the packets were written all the same."""


def cache_key(html: str) -> str:
    """A hash of everything a PDF is made from: its HTML, WeasyPrint's version, ours."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{_weasyprint_version()}\0".encode())
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()


def _weasyprint_version() -> str:
    try:  # the distribution's metadata: importing WeasyPrint itself takes a second
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "missing"


def unknown_sessions(curriculum: Curriculum, names: Iterable[str]) -> list[Problem]:
    """A problem for each session id the curriculum does not have, naming the ids it has."""
    problems = []
    for name in names:
        if name not in curriculum.sessions:
            known = ", ".join(curriculum.sessions) or "none"
            hint = did_you_mean(name, curriculum.sessions)
            problems.append(Problem("", 0, "SESSION",
                                    f'no session "{name}"{hint} (sessions: {known})'))
    return problems


def packet_jobs(curriculum: Curriculum, sessions: Iterable[str], editions: Iterable[str],
                paper: str, folder: Callable[[str], Path],
                templates: Path | None = None, web: Web | None = None,
                leaks: LeakCheck | None = None) -> list[PacketJob]:
    """The packets of `sessions` in `editions`, each written into `folder(session id)`.

    Templates in `templates` (the project's `theme/packet/`) override the built-in ones; one
    that cannot render raises ProblemError. `web` is the site's address, which links to pages
    a packet does not print lead to. An edition for participants that holds facilitator-only
    text raises ProblemError, naming the file and the passage (`leaks`, made if not given).
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}")
    jobs = []
    for session_id in sessions:
        session = curriculum.sessions[session_id]
        for edition in editions:
            html = build_packet_html(curriculum, session, edition, paper, templates, web)
            pdf = folder(session_id) / packet_file(session_id, edition, "pdf")
            jobs.append(PacketJob(session_id, edition, html, pdf))
    refuse_leaks(curriculum, [job for job in jobs if not edition_of(job.edition).notes], leaks)
    return jobs


def handout_jobs(curriculum: Curriculum, modules: Iterable[Module], paper: str,
                 folder: Callable[[str], Path], templates: Path | None = None,
                 web: Web | None = None, leaks: LeakCheck | None = None) -> list[PacketJob]:
    """The handouts alone of each of `modules` that has any, written into `folder(module
    id)` as `<id>-handouts.pdf` (and `.html`); checked for leaks like the packets."""
    jobs = []
    for module in modules:
        if module.handouts:
            html = build_handouts_html(curriculum, module, paper, templates, web)
            pdf = folder(module.id) / handouts_file(module.id, "pdf")
            jobs.append(PacketJob(module.id, HANDOUTS, html, pdf))
    refuse_leaks(curriculum, jobs, leaks)
    return jobs


def site_jobs(curriculum: Curriculum, root: Path, paper: str, templates: Path | None = None,
              web: Web | None = None, scope: PacketScope = EVERY_PACKET,
              leaks: LeakCheck | None = None) -> list[PacketJob]:
    """Everything a site prints, under `root` where its pages link it: every session's packet
    in every edition (`sessions/<id>/`) and every module's handouts alone (`modules/<id>/`);
    only those in `scope` (what an edit under `mkdocs serve` can change, see rebuild.py).
    `leaks` is the build's leak check (made if not given)."""
    leaks = leaks or LeakCheck.of(curriculum)
    sessions = [s for s in curriculum.sessions if scope.has_session(s)]
    modules = [m for m in curriculum.modules.values() if scope.has_module(m.id)]
    makers = (
        partial(packet_jobs, curriculum, sessions, EDITION_IDS, paper,
                lambda session_id: root / site_folder(session_id), templates, web, leaks),
        partial(handout_jobs, curriculum, modules, paper,
                lambda module_id: root / module_folder(module_id), templates, web, leaks),
    )
    jobs, problems = [], []
    for make in makers:  # the problems of both at once
        try:
            jobs += make()
        except ProblemError as err:
            problems += err.problems
    if problems:
        raise ProblemError(*problems)
    return jobs


def site_outputs(curriculum: Curriculum, root: Path) -> set[Path]:
    """The files `site_jobs` writes for the whole curriculum (each PDF and its HTML), known
    without making them: what a rebuild removes when a session or handout is gone."""
    pdfs = [root / site_folder(s) / packet_file(s, edition, "pdf")
            for s in curriculum.sessions for edition in EDITION_IDS]
    pdfs += [root / module_folder(m.id) / handouts_file(m.id, "pdf")
             for m in curriculum.modules.values() if m.handouts]
    return {path for pdf in pdfs for path in (pdf, pdf.with_suffix(".html"))}


def refuse_leaks(curriculum: Curriculum, jobs: Iterable[PacketJob],
                 leaks: LeakCheck | None = None) -> None:
    """Raise ProblemError if any of these documents for participants holds facilitator-only
    text: an error for each document and passage, before anything is written."""
    jobs = list(jobs)
    if not jobs:
        return
    leaks = leaks or LeakCheck.of(curriculum)
    problems = [problem for job in jobs for problem in leaks.html_problems(str(job.pdf), job.html)]
    if problems:
        raise ProblemError(*problems)


def write_packets(jobs: list[PacketJob], cache_dir: Path,
                  progress: Callable[[Progress], None] | None = None,
                  workers: int | None = None,
                  ahead: Mapping[str, Future] | None = None) -> PacketReport:
    """Write every job's HTML and PDF; render only PDFs the cache does not hold.

    Renders run in parallel, one process per core, since WeasyPrint's layout is pure
    Python and holds the GIL. `progress` hears of each packet as it is written. The cache is
    a help, never a risk: an entry that is not a PDF is rendered again, and a cache that
    cannot be read or written leaves a warning in the report, not a failed build. `ahead`
    holds renders started before, by key (see `RendersAhead`).
    """
    report = PacketReport()
    cache = _Cache(cache_dir)
    tally = _Tally(len(jobs), progress or (lambda event: None))
    missing: dict[str, list[PacketJob]] = {}
    for job in jobs:
        write_atomic(job.html_path, job.html.encode("utf-8"))
        data = cache.get(job.key)
        if data is None:
            missing.setdefault(job.key, []).append(job)
        else:
            _deliver(job, data, report, tally, rendered=False, seconds=0.0)
    for key, data, seconds in _render_all(missing, workers, ahead or {}):
        cache.put(key, data)
        for job in missing[key]:
            _deliver(job, data, report, tally, rendered=True, seconds=seconds)
    cache.prune()
    report.problems += cache.problems
    return report


def is_pdf(data: bytes) -> bool:
    """Whole enough to be a PDF: its header, and the end-of-file mark near its end."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


_UNWRITABLE = "cannot write the packet cache; packets are rendered without it"


class _Cache:
    """Rendered PDFs by key, checked on the way out. Trouble with the folder becomes one
    warning of each kind, and the run goes on without the cache."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []

    def entry(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def holds(self, key: str) -> bool:
        """Whether there is an entry for `key` (unread: `get` tells whether it is whole)."""
        return self.entry(key).is_file()

    def get(self, key: str) -> bytes | None:
        entry = self.entry(key)
        if not os.path.lexists(entry):
            return None
        try:  # only a regular file we wrote counts; a symlink or a folder is a broken entry
            data = entry.read_bytes() if entry.is_file() and not entry.is_symlink() else b""
        except OSError as err:
            self._warn("cannot read the packet cache", err)
            return None
        if is_pdf(data):
            self._touch(entry)
            return data
        self._warn(f"cache entry {entry.name} is not a PDF; rendering it again")
        self._remove(entry)
        return None

    def put(self, key: str, data: bytes) -> None:
        entry = self.entry(key)
        if self._remove(entry):
            try:
                write_atomic(entry, data)
            except OSError as err:
                self._warn(_UNWRITABLE, err)

    def prune(self, days: int = CACHE_DAYS) -> None:
        """Delete entries unused for `days` and temporary files a killed run left behind."""
        try:
            entries = list(self.folder.iterdir()) if self.folder.is_dir() else []
            for entry in entries:
                age = time.time() - entry.lstat().st_mtime
                stale_tmp = entry.suffix == ".tmp" and age > 3600
                if stale_tmp or (entry.suffix == ".pdf" and age > days * 86400):
                    self._remove(entry)
        except OSError as err:
            self._warn("cannot tidy the packet cache", err)

    def _touch(self, entry: Path) -> None:
        try:
            os.utime(entry)  # a hit keeps the entry alive
        except OSError as err:
            self._warn(_UNWRITABLE, err)

    def _remove(self, entry: Path) -> bool:
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink(missing_ok=True)
        except OSError as err:
            self._warn(_UNWRITABLE, err)
            return False
        return True

    def _warn(self, message: str, err: OSError | None = None) -> None:
        reason = f" ({err.strerror or err})" if err is not None else ""
        problem = Problem(str(self.folder), 0, "cache", f"{message}{reason}", None, WARNING)
        if all(p.message != problem.message for p in self.problems):
            self.problems.append(problem)


@dataclass
class _Tally:
    total: int
    progress: Callable[[Progress], None]
    done: int = 0


def _deliver(job: PacketJob, data: bytes, report: PacketReport, tally: _Tally,
             rendered: bool, seconds: float) -> None:
    write_atomic(job.pdf, data)
    report.written += [job.pdf, job.html_path]
    if rendered:
        report.rendered += 1
    else:
        report.cached += 1
    tally.done += 1
    tally.progress(Progress(tally.done, tally.total, job, rendered, seconds))


def _render_all(missing: dict[str, list[PacketJob]], workers: int | None,
                ahead: Mapping[str, Future]) -> Iterable[tuple[str, bytes, float]]:
    """Render each missing PDF; yield (key, PDF, seconds) as each one is done. Renders
    started ahead are taken after the others (which meanwhile render on every core); one
    that failed there is rendered here."""
    started = _started(missing, ahead)
    yield from _render_new({key: jobs for key, jobs in missing.items() if key not in started},
                           workers)
    for key, future in started.items():
        job = missing[key][0]
        yield key, *_outcome(partial(_or_here, future, job.html), job)


def _render_new(missing: dict[str, list[PacketJob]],
                workers: int | None) -> Iterable[tuple[str, bytes, float]]:
    """Render each missing PDF here, or in a pool of one process per core for several."""
    if not missing:
        return
    _import_weasyprint()
    count = min(len(missing), workers or cores.usable())
    if count == 1:  # no pool to start for a single packet
        for key, jobs in missing.items():
            yield key, *_outcome(partial(render_timed, jobs[0].html), jobs[0])
        return
    with worker_pool(count) as pool:
        futures = {pool.submit(render_timed, jobs[0].html): key for key, jobs in missing.items()}
        for future in as_completed(futures):
            key = futures[future]
            yield key, *_outcome(future.result, missing[key][0])


def _started(missing: Mapping[str, list[PacketJob]],
             ahead: Mapping[str, Future]) -> dict[str, Future]:
    """The renders of `missing` PDFs that started ahead: one that still waits for the
    renderer (a rebuild that changed several) is cancelled, and rendered with the rest, on
    every core."""
    return {key: ahead[key] for key in missing if key in ahead and not ahead[key].cancel()}


def _or_here(future: Future, html: str) -> tuple[bytes, float]:
    """A render started ahead, or, if it failed there (its process killed, say), rendered
    here, where a failure is reported."""
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - rendered again here, where its error is reported
        return render_timed(html)


def _outcome(result: Callable[[], tuple[bytes, float]], job: PacketJob) -> tuple[bytes, float]:
    """A render's PDF and seconds; any failure (a crashed worker too) is one problem."""
    try:
        return result()
    except ProblemError:
        raise
    except Exception as err:
        message = f"rendering a packet failed: {type(err).__name__}: {err}"
        raise ProblemError(Problem(str(job.pdf), 0, "packet", message)) from err


def worker_pool(count: int) -> ProcessPoolExecutor:
    """Render processes that die with the process that started them, even when it is killed
    (SIGKILL leaves it no chance to shut its pool down)."""
    context = _pool_context()
    forked_from = os.getpid() if context.get_start_method() == "fork" else None
    return ProcessPoolExecutor(count, mp_context=context, initializer=_die_with_parent,
                               initargs=(forked_from,))


def _die_with_parent(forked_from: int | None) -> None:
    """In a worker: on Linux, ask the kernel for SIGKILL when the parent dies; elsewhere, a
    thread that watches the parent. Either way a killed build leaves no renderer behind.
    A forked worker is given the pid it was forked from: its own `getppid()`, read after a
    parent was killed early, would be the reaper's, and the worker would live on. (A
    forkserver's worker watches the forkserver, which ends with the build.)"""
    parent = forked_from or os.getppid()
    if not (sys.platform.startswith("linux") and _kill_on_parent_death()):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    elif os.getppid() != parent:
        os._exit(1)  # the parent died before the request was made


_PR_SET_PDEATHSIG = 1


def _kill_on_parent_death() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _pool_context():
    """Fork (cheap: WeasyPrint is already imported) unless threads make it unsafe."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return _unforked_context()  # e.g. under `mkdocs serve`, which runs threads


def _unforked_context():
    """Processes started by a server process that imported WeasyPrint (forkserver), not
    forked from this one; spawned where there is no forkserver."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    return context


def _import_weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as err:  # OSError: Pango or its fonts are not installed
        raise ProblemError(Problem("", 0, "weasyprint", "PDF packets need WeasyPrint and Debian's"
                                   f" libpango-1.0-0, which `make` installs ({err})")) from err
    return weasyprint


PDF_VARIANT = "pdf/ua-1"
"""Tagged for accessibility (PDF/UA-1): a structure of headings, lists, tables and figures with
their alternative text, the document's language and title, which viewers show."""
PINNED_EPOCH = "0"
"""The time a library reads while rendering (fontTools dates a font it saves again, a variable
or colour font say, with `SOURCE_DATE_EPOCH` or else the clock): fixed, so that the same HTML
gives the same bytes whenever and wherever it is rendered, whatever the caller's setting."""


def render_pdf(html: str) -> bytes:
    """WeasyPrint on a self-contained HTML string, as a tagged PDF that depends on nothing but
    the HTML: no creation date (the sources hold none; file times differ from one copy to the
    next), an identifier made from the HTML, the clock pinned. Nothing is fetched while
    printing: the packet embeds its figures as `data:` URIs, and any other address (a remote
    image in raw HTML, a CSS `url()`) is refused, not downloaded."""
    weasyprint = _import_weasyprint()
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    with _pinned_clock(), cores.set_aside():
        return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=cache_key(html)[:32].encode("ascii"))


@contextlib.contextmanager
def _pinned_clock():
    """`SOURCE_DATE_EPOCH` set to PINNED_EPOCH while rendering, as it was afterwards."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def render_timed(html: str) -> tuple[bytes, float]:
    """One PDF and the seconds it took to render."""
    started = time.perf_counter()
    data = render_pdf(html)
    return data, time.perf_counter() - started


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_site_packets(curriculum: Curriculum, layout: Layout, paper: str = "a4",
                       log: Callable[[str], None] | None = None,
                       scope: PacketScope = EVERY_PACKET,
                       leaks: LeakCheck | None = None,
                       ahead: Ahead | None = None) -> PacketReport:
    """After a site build: every session's packet in every edition and every module's handouts
    alone, PDF and HTML, in one pool of renderers.

    Written as `<site_dir>/sessions/<id>/` + `packet_file` (`<id>-facilitator.pdf`,
    `<id>-participant.pdf`, `<id>-participant-large-print.pdf`, and `.html`) and
    `<site_dir>/modules/<id>/<id>-handouts.pdf`, the URLs session and module pages link to,
    with the layout's packet templates and cache. One log line per document; the report holds
    what was written and any warnings. A rebuild under `mkdocs serve` makes only `scope`,
    and takes the jobs and renders it started `ahead` (`RendersAhead.start`, made of the
    same curriculum, layout, paper, scope and leak check).
    """
    if ahead is None:
        jobs, renders = site_packet_jobs(curriculum, layout, paper, scope, leaks), {}
    else:
        jobs, renders = ahead.jobs(), ahead.renders
    with writing("packets", "the packets"):
        return write_packets(jobs, layout.cache_dir, _log_progress(log, layout.site_dir),
                             ahead=renders)


def site_packet_jobs(curriculum: Curriculum, layout: Layout, paper: str,
                     scope: PacketScope = EVERY_PACKET,
                     leaks: LeakCheck | None = None) -> list[PacketJob]:
    """The documents `write_site_packets` writes, with the layout's templates and folders."""
    return site_jobs(curriculum, layout.site_dir, paper, layout.packet_templates, layout.web,
                     scope, leaks)


@dataclass
class Ahead:
    """One build's packet jobs (or the problems that refused them: leaks), and the renders
    started for the PDFs the cache did not hold, by key."""

    made: list[PacketJob] | ProblemError
    renders: dict[str, Future] = field(default_factory=dict)

    def jobs(self) -> list[PacketJob]:
        if isinstance(self.made, ProblemError):
            raise self.made
        return self.made

    def cancel(self) -> None:
        """The build failed: renders that did not start never will."""
        for future in self.renders.values():
            future.cancel()


class RendersAhead:
    """Under `mkdocs serve`: a renderer process kept from rebuild to rebuild, which renders
    the PDFs an edit changed (a module's handouts when its title changed, say) while the serve
    process renders the pages, from the start of the build; `write_site_packets` takes them
    after the pages, where they were rendered before, one core idle meanwhile. The jobs are
    made once, at the start, of the build's curriculum: a PDF is the render of its job's HTML
    (its key), which passed the leak check before its render started, and none is written
    before the site's pages. The renderer is started from a small server process with
    WeasyPrint imported (forkserver), not forked from the serve process: a copy of it would
    share every page of its memory while the renderer lives, and serve runs threads. (So a
    script that runs serve itself needs `if __name__ == "__main__":`, as multiprocessing asks
    of any program whose processes start so.)"""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None

    def start(self, made: Callable[[], list[PacketJob]], cache_dir: Path) -> Ahead:
        """The jobs `made` gives, each PDF that the cache does not hold in render. The first
        call (serve's first build) starts the renderer whether it renders or not, with a page
        to warm it up, so that its start (WeasyPrint imported, fonts read: a second or more of
        the other core) is over by the first edit that changes a PDF."""
        if self.pool is None:
            self._submit(WARM_UP)
        try:
            jobs = made()
        except ProblemError as err:
            return Ahead(err)
        ahead, cache = Ahead(jobs), _Cache(cache_dir)
        for job in jobs:
            key = job.key
            if key not in ahead.renders and not cache.holds(key):
                ahead.renders[key] = self._submit(job.html)
        return ahead

    def _submit(self, html: str) -> Future:
        if self.pool is None:
            self.pool = renderer_pool()
        try:
            return self.pool.submit(render_timed, html)
        except BrokenProcessPool:  # the renderer died (killed): a new one
            self.pool = renderer_pool()
            return self.pool.submit(render_timed, html)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None


WARM_UP = '<!DOCTYPE html><html lang="en"><title>-</title><p>-</p></html>'
"""A page the renderer renders first, for nothing but to have everything it renders with
loaded."""


def renderer_pool() -> ProcessPoolExecutor:
    """One render process that dies with its parent, started by a server process that
    imported WeasyPrint (or spawned, where there is no forkserver)."""
    return ProcessPoolExecutor(1, mp_context=_unforked_context(), initializer=_die_with_parent,
                               initargs=(None,))


def _log_progress(log: Callable[[str], None] | None, site_dir: Path):
    def tell(event: Progress) -> None:
        if log is None:
            return
        where = event.job.pdf.relative_to(site_dir).as_posix()
        how = f"rendered in {event.seconds:.1f} s" if event.rendered else "unchanged, from cache"
        log(f"packet {event.done}/{event.total}: {where} ({how})")

    return tell
