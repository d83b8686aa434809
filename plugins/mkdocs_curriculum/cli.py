"""The `curriculum` command: each subcommand is one call into the core, formatted here.

Every failure is a Problem and leaves by one path, `report`: the problems on stdout (text,
JSON or GitHub annotations), a one-line summary on stderr, exit 1 if any is an error (or a
warning, with --strict). Usage mistakes exit 2 with argparse's `curriculum: error: ...` on
stderr. Progress goes to stderr; what a command made (file paths) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import certificate, export, packet, packet_contract, scaffold
from .assemble import assemble_agenda
from .config import (
    cache_dir_problems,
    output_folder_problems,
    packets_paper,
    read_layout,
    site_dir_problems,
)
from .layout import Layout, writing
from .model import Curriculum
from .problems import Problem, ProblemError, has_errors, sort_problems
from .schema import schema_files
from .validate import check_project, fit_problems

FORMATS = ("text", "json", "github")
EDITION_SETS = {"both": (packet_contract.FACILITATOR, packet_contract.PARTICIPANT),
                "all": packet_contract.EDITION_IDS}
"""`curriculum packet --edition` beside the editions' own names."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    given = getattr(args, "config_file", None)
    config = Path(given or "mkdocs.yml")
    if given and config.is_dir():
        return usage_error(f"{config}: is a folder; give the project's mkdocs.yml, like"
                           f" -f {config / 'mkdocs.yml'}")
    if given and not config.is_file():
        return usage_error(f"{config}: file not found")
    layout, problems = read_layout(config)
    try:
        return args.run(args, layout, problems)
    except ProblemError as err:  # work stopped half-way; what came before is printed
        return report(err.problems, args)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", metavar="FILE", default=argparse.SUPPRESS,
                        help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    parser = argparse.ArgumentParser(prog="curriculum", parents=[common],
                                     description="Check, scaffold and describe a curriculum.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", parents=[common], help="report every problem")
    check.add_argument("--strict", action="store_true", help="warnings fail the check too")
    check.add_argument("--format", choices=FORMATS, default="text", help="output format")
    check.set_defaults(run=run_check)

    schema = commands.add_parser("schema", parents=[common], help="write the JSON Schemas")
    schema.add_argument("-o", "--output", metavar="DIR", default=None,
                        help="folder to write into (default: schema/ in the project)")
    schema.set_defaults(run=run_schema)

    new = commands.add_parser("new", parents=[common], help="scaffold a new item")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    module = kinds.add_parser("module", parents=[common], help="a module folder that passes check")
    module.add_argument("id", help="the module id: a lowercase slug like 'story-of-self'")
    module.add_argument("--title", default=None, help="the module's title")
    module.set_defaults(run=run_new_module)
    project = kinds.add_parser("project", parents=[common],
                               help="a whole curriculum that passes check and builds")
    project.add_argument("dir", metavar="DIR", help="a new or empty folder to write it into")
    project.add_argument("--title", default=None, help="the curriculum's title")
    project.set_defaults(run=run_new_project)

    export = commands.add_parser("export", parents=[common],
                                 help="write the site as plain Markdown and a mkdocs.yml")
    export.add_argument("dir", metavar="DIR",
                        help="folder to write into: a new one, or an earlier export")
    export.set_defaults(run=run_export)

    packets = commands.add_parser("packet", parents=[common],
                                  help="print-ready session packets (PDF and HTML)")
    packets.add_argument("session", metavar="SESSION", nargs="?",
                         help="the session id (a file name in curriculum/sessions/)")
    packets.add_argument("--all", action="store_true", help="every session of the curriculum")
    packets.add_argument("-o", "--output", metavar="DIR", default=None,
                         help="folder to write into (default: packets/ in the site folder)")
    packets.add_argument("--edition", choices=(*packet_contract.EDITION_IDS, *EDITION_SETS),
                         default="both", help="which edition to print: one, both (facilitator"
                         " and participant) or all (large print too); default: both")
    packets.add_argument("--paper", choices=tuple(packet_contract.PAPERS), default="a4",
                         help="paper size: a4 or US letter (default: a4)")
    packets.add_argument("--fit", metavar="MINUTES", type=_minutes, default=None,
                         help="fit the session to this many minutes for this print, instead"
                         " of its own `fit` (optional activities left out, others shortened)")
    packets.set_defaults(run=run_packet)

    awards = commands.add_parser("certificates", parents=[common],
                                 help="certificates of attendance for a session (one PDF)")
    awards.add_argument("session", metavar="SESSION",
                        help="the session id (a file name in curriculum/sessions/)")
    awards.add_argument("--names", metavar="FILE", default=None,
                        help="UTF-8 text with one name per line, or a CSV with the names in its"
                             " first column (default: one blank certificate)")
    awards.add_argument("--meeting", metavar="N", type=int, default=None,
                        help="for a series: meeting N only (default: the whole series)")
    awards.add_argument("-o", "--output", metavar="DIR", default=None,
                        help="folder to write into (default: certificates/ beside mkdocs.yml)")
    awards.add_argument("--fit", metavar="MINUTES", type=_minutes, default=None,
                        help="the contact hours of the session fitted to this many minutes, as"
                        " `packet --fit` printed it (default: the session's own `fit`)")
    awards.add_argument("--paper", choices=tuple(packet_contract.PAPERS), default="a4",
                        help="paper size, landscape: a4 or US letter (default: a4)")
    awards.set_defaults(run=run_certificates)
    return parser


def _minutes(text: str) -> int:
    """`--fit`'s minutes: decimal digits (not '²', which int() refuses with its own words),
    few enough to read (int() refuses 4,300 digits, and the message would repeat them)."""
    if not text.isdecimal() or len(text) > 9 or int(text) < 1:
        shown = text if len(text) <= 40 else f"{text[:37]}..."
        raise argparse.ArgumentTypeError(f"expected a whole number of minutes, got {shown!r}")
    return int(text)


def usage_error(message: str) -> int:
    """A mistake in how the command was called: argparse's form, exit 2."""
    print(f"curriculum: error: {message}", file=sys.stderr)
    return 2


def report(problems: list[Problem], args: argparse.Namespace, stopped: str = "") -> int:
    """The one way problems leave the command; the exit code (1 if any fails the run).

    `stopped` says what did not happen because of them ("nothing exported").
    """
    problems = sort_problems(problems)
    output = getattr(args, "format", "text")
    print_problems(problems, output)
    failing = [p for p in problems if p.is_error or getattr(args, "strict", False)]
    if output == "text":
        print(_summary(problems) + (f"; {stopped}" if failing and stopped else ""),
              file=sys.stderr)
    return 1 if failing else 0


def print_problems(problems: list[Problem], output: str) -> None:
    if output == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2))
        return
    for problem in problems:
        print(github_annotation(problem) if output == "github" else problem.format())


def _summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "curriculum: no problems found"
    return f"curriculum: {errors} error(s), {warnings} warning(s)"


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, so a problem shows on the changed line of a PR."""
    got = f" (got {problem.got})" if problem.got is not None else ""
    message = _escape(f"{problem.field}: {problem.message}{got}")
    props = f"file={_escape(problem.path, True)}," if problem.path else ""
    props += f"line={problem.line}," if problem.line else ""
    props += f"title={_escape(problem.field, True)}"
    return f"::{problem.severity} {props}::{message}"


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def run_check(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    _, found = check_project(layout)
    return report(problems + found + output_folder_problems(layout), args)


def run_schema(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    folder = Path(args.output) if args.output else layout.root / "schema"
    refused = layout.output_problems(folder, "", 0, "--output", f'"{folder}"')
    if refused:
        return report(refused, args, "nothing written")
    with writing("--output", "the schemas"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in schema_files().items():
            target = folder / name
            target.write_text(text, encoding="utf-8")
            print(target)
    return 0


def run_new_module(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    created, refused = scaffold.new_module(layout, args.id, args.title)
    if refused:
        return report(refused, args, "nothing written")
    print(f"created {layout.rel(created)}/ — edit module.yml, then run: curriculum check")
    return 0


def run_new_project(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    """A curriculum that passes `check --strict` and `mkdocs build --strict` as it is."""
    target = Path(args.dir)
    refused = _inside_sources(layout, target)
    if refused:
        return report(refused, args, "nothing written")
    with writing("DIR", "the new project"):
        created, refused = scaffold.new_project(target, args.title)
    if refused:
        return report(refused, args, "nothing written")
    print(f"created {created}/ — see it with: cd {created} && mkdocs serve")
    return 0


def _inside_sources(layout: Layout, target: Path) -> list[Problem]:
    """A new project inside a source folder of the project here (`modules/x`, meant as `new
    module x`) would break that project's check; beside it, or with no project here, it is
    fine."""
    if layout.config_file is None or not layout.config_file.is_file():
        return []
    inside = next((folder for folder in layout.guarded
                   if target.resolve().is_relative_to(folder.resolve())), None)
    if inside is None:
        return []
    return [Problem("", 0, "DIR", f"lies inside the source folder {layout.rel(inside)}/ of the"
                    f" project in {layout.rel(layout.config_file)}; choose a folder outside it"
                    " (a module is made with: curriculum new module ID)", f'"{target}"')]


def run_export(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    """The generated Markdown tree and a mkdocs.yml without the plugin, for any engine."""
    target = Path(args.dir)
    paper = packets_paper(layout.config_file)
    code = report(export.export_site(layout, target, problems, paper), args, "nothing exported")
    if code == 0:
        print(f"exported to {target}/ — build it with: mkdocs build -f {target / 'mkdocs.yml'}")
    return code


def run_packet(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    """Both editions (or one, or all) of a session's packet, or of every session's with
    --all."""
    if bool(args.session) == args.all:
        return usage_error("name one SESSION or give --all")
    if args.fit is not None and args.all:
        return usage_error("--fit fits one SESSION; name it instead of --all")
    target = Path(args.output) if args.output else layout.packets_dir
    outputs = (layout.output_problems(target, "", 0, "--output", f'"{target}"') if args.output
               else site_dir_problems(layout)) + cache_dir_problems(layout)
    curriculum, found = check_project(layout)
    sessions = list(curriculum.sessions) if args.all else [args.session]
    problems = [*problems, *found, *outputs, *packet.unknown_sessions(curriculum, sessions)]
    if args.fit is not None and args.session in curriculum.sessions:
        problems += _refit(curriculum, args.session, args.fit)
    if has_errors(problems):
        return report(problems, args, "fix them to print packets")
    with writing("--output", "the packets"):
        target.mkdir(parents=True, exist_ok=True)
    report(problems, args)
    editions = EDITION_SETS.get(args.edition, (args.edition,))
    jobs = packet.packet_jobs(curriculum, sessions, editions, args.paper, lambda _: target,
                              layout.packet_templates, layout.web)
    print(f"curriculum: {len(jobs)} packet(s) into {target}/", file=sys.stderr)
    with writing("--output", "the packets"):
        done = packet.write_packets(jobs, layout.cache_dir, _progress_bar(sys.stderr))
    print("\n".join(str(path) for path in done.written))
    return report(done.problems, args) if done.problems else 0


def _refit(curriculum: Curriculum, session_id: str, minutes: int) -> list[Problem]:
    """The session as this print shows it: fitted to `minutes` (the command's `--fit`)
    instead of its own `fit`; fitting is a view, so nothing is written back."""
    session = replace(curriculum.sessions[session_id], fit=minutes)
    curriculum.sessions[session_id] = session
    return list(fit_problems(session, assemble_agenda(session, curriculum), "--fit"))


def run_certificates(args: argparse.Namespace, layout: Layout, problems: list[Problem]) -> int:
    """One PDF with a certificate of attendance per name of `--names` (or one blank), with
    the contact hours of the session as it runs (fitted to its own `fit`, or to `--fit`)."""
    target = Path(args.output) if args.output else layout.root / "certificates"
    curriculum, found = check_project(layout)
    names, named = certificate.read_names(Path(args.names), args.names) if args.names \
        else ([], [])
    problems = [*problems, *found, *named,
                *_certificate_problems(args, layout, curriculum, target)]
    if has_errors(problems):
        return report(problems, args, "no certificates written")
    report(problems, args)
    session = curriculum.sessions[args.session]
    view = certificate.certificate_view(curriculum, session, names, args.paper, args.meeting)
    html = certificate.build_certificates_html(curriculum, view, layout.packet_templates)
    print(f"curriculum: {len(view.names)} certificate(s) into {target}/", file=sys.stderr)
    with writing("--output", "the certificates"):
        print(certificate.write_certificates(html, target, session.id, args.meeting))
    return 0


def _certificate_problems(args: argparse.Namespace, layout: Layout, curriculum: Curriculum,
                          target: Path) -> list[Problem]:
    """What stops the certificates: the output folder, an unknown session, one that claims
    no credit, a meeting it does not have, a `--fit` it cannot take."""
    problems = certificate.output_problems(layout, target)
    problems += packet.unknown_sessions(curriculum, [args.session])
    if args.session not in curriculum.sessions:
        return problems
    if args.fit is not None:
        problems += _refit(curriculum, args.session, args.fit)
    session = curriculum.sessions[args.session]
    problems += certificate.credit_problems(session)
    return problems + certificate.meeting_problems(session, curriculum, args.meeting)


def _progress_bar(stream):
    """A bar redrawn in place on a terminal; one line per packet in a log."""
    def show(event: packet.Progress) -> None:
        filled = 24 * event.done // event.total
        how = f"rendered in {event.seconds:.1f} s" if event.rendered else "unchanged, from cache"
        line = (f"[{'#' * filled}{'.' * (24 - filled)}] {event.done}/{event.total}"
                f" {event.job.pdf.name} ({how})")
        if stream.isatty():
            stream.write(f"\r\033[K{line}" + ("\n" if event.done == event.total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return show


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
