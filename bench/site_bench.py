"""Site benchmark: the plugin's build against a plain Material build of the same prose.

For each size, a curriculum of N modules is generated from the sample (bench/generate.py).
Its twin is the same site as plain Markdown (`curriculum export`) built by plain Material:
theme `material` with no custom_dir or features, only the search plugin, and MkDocs' default
navigation (every page, following the folders). Runs alternate (plugin, twin, plugin, ...)
so that both see the same machine state; the report gives median seconds, the median of the
per-pair ratios and the plugin's seconds per module.

Targets (issue 5): at most 0.5x the twin at 500 modules, and seconds per module at 500
within 1.3x of those at 50. The twin at 500 modules renders ~2,300 pages that each carry the
whole navigation: expect several minutes per twin run there.
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
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs_curriculum.config import read_layout  # noqa: E402
from mkdocs_curriculum.export import export_site  # noqa: E402

from generate import REPO, generate  # noqa: E402

SIZES = (50, 200, 500)
MKDOCS = Path(sys.executable).with_name("mkdocs")


@dataclass
class Result:
    modules: int
    pages: int
    plugin: list[float]
    twin: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(p / t for p, t in zip(self.plugin, self.twin, strict=True))

    @property
    def per_module(self) -> float:
        return statistics.median(self.plugin) / self.modules


def make_project(root: Path, modules: int) -> tuple[Path, Path]:
    """A generated project with the plugin, and its plain twin; their mkdocs.yml files."""
    project = root / "project"
    project.mkdir()
    generate(project, modules)
    shutil.copytree(REPO / "theme", project / "theme")
    config = project / "mkdocs.yml"
    twin = root / "twin"
    problems = export_site(read_layout(config)[0], twin)
    if any(p.is_error for p in problems):
        raise SystemExit("\n".join(p.format() for p in problems))
    return config, _make_plain(twin / "mkdocs.yml")


def _make_plain(config: Path) -> Path:
    """The exported mkdocs.yml as plain Material: default nav, no theme overrides."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for key in ("nav", "not_in_nav"):
        data.pop(key, None)
    data["theme"] = {"name": "material"}
    data["plugins"] = ["search"]
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.rmtree(config.parent / "theme", ignore_errors=True)
    return config


def timed_build(config: Path, site: Path) -> float:
    """Seconds for one `mkdocs build` in a fresh process (as users run it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run([str(MKDOCS), "build", "-q", "-f", str(config), "-d", str(site)],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{done.stderr}")
    return elapsed


def measure(modules: int, runs: int) -> Result:
    with tempfile.TemporaryDirectory(prefix=f"site-bench-{modules}-") as tmp:
        root = Path(tmp)
        plugin_config, twin_config = make_project(root, modules)
        result = Result(modules, 0, [], [])
        for _ in range(runs):
            result.plugin.append(timed_build(plugin_config, root / "site"))
            result.twin.append(timed_build(twin_config, root / "twin-site"))
        result.pages = sum(1 for _ in (root / "site").rglob("index.html"))
    return result


def report(results: list[Result]) -> str:
    lines = [f"{'modules':>7} {'pages':>6} {'plugin s':>9} {'twin s':>9} {'ratio':>6}"
             f" {'s/module':>9}"]
    for r in results:
        lines.append(f"{r.modules:>7} {r.pages:>6} {statistics.median(r.plugin):>9.1f}"
                     f" {statistics.median(r.twin):>9.1f} {r.ratio:>5.2f}x {r.per_module:>9.4f}")
    first, last = results[0], results[-1]
    growth = last.per_module / first.per_module
    lines.append(f"site: ratio at {last.modules} modules {last.ratio:.2f}x (target <= 0.5x);"
                 f" s/module at {last.modules} is {growth:.2f}x that at {first.modules}"
                 " (target <= 1.3x)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="numbers of modules (default: 50 200 500)")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per size")
    args = parser.parse_args(argv)
    results = []
    for modules in args.sizes:
        results.append(measure(modules, args.runs))
        print(f"site bench: {modules} modules done", file=sys.stderr, flush=True)
    print(report(results))


if __name__ == "__main__":
    main()
