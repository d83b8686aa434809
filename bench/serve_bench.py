"""Serve benchmark: an edit under `mkdocs serve` against a full build of the same curriculum.

One run on a generated curriculum (bench/generate.py, 200 modules): a first `mkdocs build`
fills the packet and page caches (untimed, as an author's machine has them); then MkDocs' own
serve (bench/serve_driver.py) builds the site and, as its live-reload loop would after each
edit, rebuilds it. Three times over, alternating: a full `mkdocs build` in a fresh process of
what serve has just built (caches warm), then

- an edit to one module's overview.md (a module no session runs: no packet of it changes);
- a change of that module's title (it reaches the catalog, lists, paths and navigation).

Last, once: an edit to the overview of the module the most sessions run, whose participant
packets change and are rendered again (reported, no target: WeasyPrint's time, not the site's).

Targets (issue 20): overview edit <= 0.15x the full build, title change <= 0.3x, each the
median of its three pairs' ratios (an edit against the full build just before it).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
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
ROUNDS = 3
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


def measure(modules: int, rounds: int = ROUNDS) -> dict[str, list[float]]:
    """Seconds of each step, by name: `rounds` alternating pairs of a full build and an edit
    of each kind with a target, then the edit whose packets change, once."""
    seconds: dict[str, list[float]] = {name: [] for name in ("full build", "serve start",
                                                             *(name for name, _ in EDITS))}
    with tempfile.TemporaryDirectory(prefix=f"serve-bench-{modules}-") as tmp:
        root = Path(tmp)
        generate(root, modules)
        shutil.copytree(REPO / "theme", root / "theme")
        quiet, in_session = edited_modules(root)
        config = root / "mkdocs.yml"
        timed_build(config, root / "site")  # fills the packet cache

        def script(served: Served) -> None:
            seconds["serve start"].append(time.perf_counter() - started)
            for _ in range(rounds):  # the full build sees what serve has just built
                seconds["full build"].append(timed_build(config, root / "site"))
                _append(quiet / "overview.md", "\nOne more sentence, edited while serving.\n")
                seconds["overview edit"].append(served.rebuild())
                _retitle(quiet / "module.yml")
                seconds["title change"].append(served.rebuild())
            _append(in_session / "overview.md", "\nOne more sentence, edited while serving.\n")
            seconds["overview edit, packets"].append(served.rebuild())

        started = time.perf_counter()
        run_serve(config, script)
    return seconds


def paired(seconds: dict[str, list[float]], name: str) -> float:
    """The median of the edit's ratios to the full build just before it (of the last full
    build, for an edit made once)."""
    full = seconds["full build"]
    return statistics.median(s / f for s, f in zip(seconds[name], full[-len(seconds[name]):],
                                                   strict=True))


def report(seconds: dict[str, list[float]]) -> str:
    full = seconds["full build"]
    lines = [f"serve: full build (mkdocs build, caches warm) {_seconds(full)},"
             f" serve's first build {_seconds(seconds['serve start'])}"]
    for name, target in EDITS:
        goal = f"target <= {target}x" if target else "no target: its PDFs are rendered"
        lines.append(f"serve: {name} {_seconds(seconds[name])}, {paired(seconds, name):.3f}x"
                     f" a full build ({goal})")
    return "\n".join(lines)


def _seconds(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values) + " s"


def ratios(modules: int = MODULES) -> list[Ratio]:
    """The edits as rows of `make bench`'s table: medians, and the median of the pairs."""
    seconds = measure(modules)
    print(report(seconds))
    full = statistics.median(seconds["full build"])
    return [Ratio(f"serve: {name}, {modules} modules, vs a full build",
                  statistics.median(seconds[name]), full, target, paired=paired(seconds, name),
                  note=f"ratio: median of {ROUNDS} alternating pairs" if target else
                  "once, against the last full build; no target: its PDFs are rendered again")
            for name, target in EDITS]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=MODULES, help="size of the curriculum")
    args = parser.parse_args(argv)
    print(report(measure(args.modules)))


if __name__ == "__main__":
    main()
