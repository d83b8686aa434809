"""The `curriculum` command: each subcommand is one call into the core, formatted here.

Exit codes: 0 clean, 1 problems found, 2 usage (argparse's own convention).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import export, packet, scaffold
from .load import Layout
from .problems import Problem
from .schema import KINDS, json_schema
from .validate import check_project

FORMATS = ("text", "json", "github")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    layout = _layout(args, parser)
    return args.run(args, layout)


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
    packets.add_argument("--edition", choices=(*packet.EDITIONS, "both"), default="both",
                         help="which edition to print (default: both)")
    packets.add_argument("--paper", choices=tuple(packet.PAPERS), default="a4",
                         help="paper size: a4 or US letter (default: a4)")
    packets.set_defaults(run=run_packet)
    return parser


def _layout(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Layout:
    given = getattr(args, "config_file", None)
    config = Path(given or "mkdocs.yml")
    if config.is_file():
        try:
            return Layout.from_mkdocs(config)
        except Exception as err:  # a broken mkdocs.yml is a usage problem, not a crash
            parser.exit(2, f"curriculum: error: cannot read {config}: {err}\n")
    if given:
        parser.exit(2, f"curriculum: error: {config}: file not found\n")
    return Layout.at(Path.cwd())


def run_check(args: argparse.Namespace, layout: Layout) -> int:
    _, problems = check_project(layout)
    print_problems(problems, args.format)
    failing = [p for p in problems if p.is_error or args.strict]
    if args.format == "text":
        print(_summary(problems), file=sys.stderr)
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
    props = f"file={_escape(problem.path, True)},line={problem.line}"
    props += f",title={_escape(problem.field, True)}"
    return f"::{problem.severity} {props}::{message}"


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def run_schema(args: argparse.Namespace, layout: Layout) -> int:
    folder = Path(args.output) if args.output else layout.root / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        target = folder / f"{kind}.schema.json"
        target.write_text(json.dumps(json_schema(kind), indent=2) + "\n", encoding="utf-8")
        print(target)
    return 0


def run_new_module(args: argparse.Namespace, layout: Layout) -> int:
    created, problems = scaffold.new_module(layout, args.id, args.title)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"created {layout.rel(created)}/ — edit module.yml, then run: curriculum check")
    return 0


def run_export(args: argparse.Namespace, layout: Layout) -> int:
    """The generated Markdown tree and a mkdocs.yml without the plugin, for any engine."""
    target = Path(args.dir)
    refusal = export.export_refusal(layout, target)
    if refusal:
        print(f"curriculum: error: {refusal}", file=sys.stderr)
        return 1
    problems = export.export_site(layout, target)
    print_problems(problems, "text")
    if any(p.is_error for p in problems):
        print(_summary(problems) + "; nothing exported", file=sys.stderr)
        return 1
    print(f"exported to {target}/ — build it with: mkdocs build -f {target / 'mkdocs.yml'}")
    return 0


def run_packet(args: argparse.Namespace, layout: Layout) -> int:
    """Both editions (or one) of a session's packet, or of every session's with --all."""
    if bool(args.session) == args.all:
        print("curriculum: error: name one SESSION or give --all", file=sys.stderr)
        return 2
    places = packet.packet_places(layout)
    target = Path(args.output) if args.output else places.packets_dir
    curriculum, problems = check_project(layout)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    refusal = _packet_refusal(args, layout, target, curriculum, problems)
    if refusal:
        print(f"curriculum: error: {refusal}", file=sys.stderr)
        return 1
    sessions = list(curriculum.sessions) if args.all else [args.session]
    editions = packet.EDITIONS if args.edition == "both" else (args.edition,)
    try:
        jobs = packet.packet_jobs(curriculum, sessions, editions, args.paper,
                                  lambda _: target, places.theme_dir)
        print(f"curriculum: {len(jobs)} packet(s) into {target}/", file=sys.stderr)
        report = packet.write_packets(jobs, places.cache_dir, _progress_bar(sys.stderr))
    except packet.PacketError as err:
        print(f"curriculum: error: {err}", file=sys.stderr)
        return 1
    print("\n".join(str(path) for path in report.written))
    return 0


def _packet_refusal(args, layout, target, curriculum, problems) -> str | None:
    """Why no packet can be printed: the output folder, errors in the sources, the session."""
    refusal = packet.output_refusal(layout, target)
    if refusal:
        return refusal
    if any(p.is_error for p in problems):
        return f"{_summary(problems)}; fix them to print packets"
    return None if args.all else packet.unknown_session(curriculum, args.session)


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
