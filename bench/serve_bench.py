"""Serve benchmark: an edit under `mkdocs serve` against a full build of the same curriculum.

One run on a generated curriculum (bench/generate.py, 200 modules): a first `mkdocs build`
fills the packet cache (untimed, as an author's machine has it), then a full `mkdocs build` in
a fresh process is timed; then MkDocs' own serve (bench/serve_driver.py) builds the site and,
as its live-reload loop would after each edit, rebuilds it after:

- an edit to one module's overview.md (a module no session runs: no packet of it changes);
- a change of that module's title (it reaches the catalog, lists, paths and navigation);
- an edit to the overview of a module a session runs, whose participant packets change and
  are rendered again (reported, no target: WeasyPrint's time, not the site's).

Targets (issue 20): overview edit <= 0.15x the full build, title change <= 0.3x; the full
build is the shorter of the fresh `mkdocs build` and serve's own first build.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ratios import Ratio  # noqa: E402

from generate import MODULE_LINK, REPO, generate  # noqa: E402
from serve_driver import Served, run_serve  # noqa: E402
from site_bench import timed_build  # noqa: E402

MODULES = 200
OVERVIEW_TARGET = 0.15
TITLE_TARGET = 0.3
EDITS = (("overview edit", OVERVIEW_TARGET), ("title change", TITLE_TARGET),
         ("overview edit, packets", None))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _retitle(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"{line.rstrip()} (revised)\n" if line.startswith("title:") else line
             for line in lines]
    path.write_text("".join(lines), encoding="utf-8")


def edited_modules(root: Path) -> tuple[Path, Path]:
    """The folders of the first module no session runs (no packet of it changes when its
    overview does) and of the module the most sessions run (the most packets change)."""
    runs = Counter(m for path in (root / "curriculum" / "sessions").glob("*.yml")
                   for m in {m[2] for m in MODULE_LINK.finditer(path.read_text("utf-8"))})
    quiet = sorted(p for p in (root / "modules").iterdir() if p.name not in runs)
    if not quiet or not runs:
        raise SystemExit(f"{root}: the serve benchmark needs a module a session runs and one "
                         "none runs: generate more modules")
    return quiet[0], root / "modules" / runs.most_common(1)[0][0]


def measure(modules: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"serve-bench-{modules}-") as tmp:
        root = Path(tmp)
        generate(root, modules)
        shutil.copytree(REPO / "theme", root / "theme")
        quiet, in_session = edited_modules(root)
        config = root / "mkdocs.yml"
        timed_build(config, root / "site")  # fills the packet cache
        seconds = {"full build": timed_build(config, root / "site")}

        def script(served: Served) -> None:
            seconds["serve start"] = time.perf_counter() - started
            _append(quiet / "overview.md", "\nOne more sentence, edited while serving.\n")
            seconds["overview edit"] = served.rebuild()
            _retitle(quiet / "module.yml")
            seconds["title change"] = served.rebuild()
            _append(in_session / "overview.md", "\nOne more sentence, edited while serving.\n")
            seconds["overview edit, packets"] = served.rebuild()

        started = time.perf_counter()
        run_serve(config, script)
    return seconds


def full_build(seconds: dict[str, float]) -> float:
    """What the edits are held against: the shorter of the two full builds measured in this
    run (a fresh `mkdocs build`, serve's own first build), so that a slow moment of the
    machine during one of them cannot flatter the edits."""
    return min(seconds["full build"], seconds["serve start"])


def report(seconds: dict[str, float]) -> str:
    full = full_build(seconds)
    lines = [f"serve: full build {seconds['full build']:.1f} s (mkdocs build, packets cached),"
             f" serve's first build {seconds['serve start']:.1f} s; ratios against {full:.1f} s"]
    for name, target in EDITS:
        ratio = seconds[name] / full
        goal = f" (target <= {target}x)" if target else " (no target: its PDFs are rendered)"
        lines.append(f"serve: {name} {seconds[name]:.2f} s = {ratio:.3f}x a full build{goal}")
    return "\n".join(lines)


def ratios(modules: int = MODULES) -> list[Ratio]:
    """The edits as rows of `make bench`'s table, each against the full build of `report`."""
    seconds = measure(modules)
    print(report(seconds))
    full = full_build(seconds)
    return [Ratio(f"serve: {name}, {modules} modules, vs a full build", seconds[name], full,
                  target, note="" if target else "no target: its PDFs are rendered again")
            for name, target in EDITS]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=MODULES, help="size of the curriculum")
    args = parser.parse_args(argv)
    print(report(measure(args.modules)))


if __name__ == "__main__":
    main()
