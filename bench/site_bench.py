"""Site benchmark: cold builds of the plugin against Zensical building the export of the same
curriculum, with and without `navigation.prune`; and how the plugin's time grows with size.

For each size a curriculum of N modules is generated from the sample (bench/generate.py),
packets off (the packet benchmark measures those). Its twin is `curriculum export` of it,
built by Zensical 0.0.73 (`.venv-zensical`, made by `make bench`). Cold on both sides: the
plugin's cache folder and Zensical's cache are removed before each build. Runs alternate
(plugin, Zensical, plugin, ...) so both see the same machine, three pairs by default; the
ratio is the median of the per-pair ratios.

Targets (issue 20): at most 0.5x Zensical at 500 modules with prune, at most 0.8x without;
seconds per module at 500 within 1.1x of those at 50 (with prune, the sample's setting).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ratios import Ratio, load_average  # noqa: E402

from mkdocs_curriculum.config import read_layout  # noqa: E402
from mkdocs_curriculum.export import export_site  # noqa: E402

from generate import REPO, generate  # noqa: E402

SIZES = (50, 500)
MKDOCS = Path(sys.executable).with_name("mkdocs")
ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"
PRUNE = "navigation.prune"
TARGETS = {True: 0.5, False: 0.8}
GROWTH = 1.1
RUNS = 3
"""Alternating pairs (plugin, Zensical) per size; a row's ratio is the median of theirs."""


@dataclass
class Result:
    modules: int
    prune: bool
    pages: int = 0
    plugin: list[float] = field(default_factory=list)
    zensical: list[float] = field(default_factory=list)
    load: float = 0.0
    """The 1-minute load average when its builds ended."""

    @property
    def ratio(self) -> float:
        return statistics.median(p / z for p, z in zip(self.plugin, self.zensical, strict=True))

    @property
    def per_module(self) -> float:
        return statistics.median(self.plugin) / self.modules


def make_projects(root: Path, modules: int) -> tuple[Path, Path]:
    """A generated project with the plugin (packets off), and its export; their folders."""
    project = root / "project"
    project.mkdir()
    generate(project, modules)
    shutil.copytree(REPO / "theme", project / "theme")
    config = project / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"] = ["search", {"curriculum": {"packets": False}}]
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    export = root / "export"
    problems = export_site(read_layout(config)[0], export)
    if any(p.is_error for p in problems):
        raise SystemExit("\n".join(p.format() for p in problems))
    return project, export


def set_prune(folder: Path, prune: bool) -> None:
    """`navigation.prune` on or off in the folder's mkdocs.yml."""
    config = folder / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    features = [f for f in data["theme"].get("features", []) if f != PRUNE]
    data["theme"]["features"] = ([PRUNE] if prune else []) + features
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def timed(command: list[str], cwd: Path, caches: list[Path]) -> float:
    """Seconds for one cold build in a fresh process (as users run it)."""
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("VIRTUAL_ENV", None)
    start = time.perf_counter()
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} in {cwd} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def timed_build(config: Path, site: Path) -> float:
    """Seconds for one `mkdocs build` of `config` into `site` in a fresh process, its caches
    kept (the serve benchmark's full build)."""
    return timed([MKDOCS, "build", "-q", "-f", config, "-d", site], config.parent, [])


def measure(root: Path, project: Path, export: Path, modules: int, prune: bool,
            runs: int) -> Result:
    set_prune(project, prune)
    set_prune(export, prune)
    result = Result(modules, prune)
    plugin = [MKDOCS, "build", "-q", "-d", root / "site"]
    zensical = [ZENSICAL, "build", "--clean"]
    for _ in range(runs):
        result.plugin.append(timed(plugin, project, [project / ".cache"]))
        result.zensical.append(timed(zensical, export, [export / ".cache", export / "site"]))
    result.pages = sum(1 for _ in (root / "site").rglob("index.html"))
    result.load = load_average()
    print(f"site bench: {modules} modules, prune {prune}: plugin "
          f"{statistics.median(result.plugin):.1f} s, Zensical "
          f"{statistics.median(result.zensical):.1f} s ({result.pages} pages)",
          file=sys.stderr, flush=True)
    return result


def run(sizes: list[int], runs: int) -> list[Result]:
    """Every size with prune; the largest without it too."""
    results = []
    for modules in sizes:
        with tempfile.TemporaryDirectory(prefix=f"site-bench-{modules}-") as tmp:
            root = Path(tmp)
            project, export = make_projects(root, modules)
            for prune in (True, False) if modules == max(sizes) else (True,):
                results.append(measure(root, project, export, modules, prune, runs))
    return results


def ratios(sizes: list[int] | None = None, runs: int = RUNS) -> list[Ratio]:
    if not ZENSICAL.is_file():
        raise SystemExit(f"{ZENSICAL} is missing: run `make bench`, which creates it")
    results = run(sorted(sizes or SIZES), runs)
    rows = [Ratio(f"site: cold build of {r.modules} modules vs Zensical on its export, "
                  f"{'prune' if r.prune else 'no prune'}", statistics.median(r.plugin),
                  statistics.median(r.zensical), TARGETS[r.prune], paired=r.ratio, load=r.load,
                  note=f"{r.pages} pages; ratio: median of {len(r.plugin)} alternating pairs")
            for r in results if r.modules == max(r.modules for r in results)]
    pruned = [r for r in results if r.prune]
    small, large = pruned[0], pruned[-1]
    rows.append(Ratio(f"site: s/module at {large.modules} vs at {small.modules} (prune)",
                      large.per_module, small.per_module, GROWTH,
                      load=max(small.load, large.load),
                      note="seconds per module, plugin alone: ratio of the medians"))
    return rows


def main(argv: list[str] | None = None) -> list[Ratio]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="numbers of modules (default: 50 500)")
    parser.add_argument("--runs", type=int, default=RUNS, help="alternating runs per size")
    args = parser.parse_args(argv)
    return ratios(args.sizes, args.runs)


if __name__ == "__main__":
    from ratios import table

    print(table(main()))
