"""`curriculum check` on a generated curriculum against plain CSafeLoader parsing of its YAML.

Both run in this process, alternating, so machine noise hits them alike; the median ratio is
printed. The target from the core issue: at most 2.0x.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ratios import Ratio  # noqa: E402

from mkdocs_curriculum.config import read_layout  # noqa: E402
from mkdocs_curriculum.validate import check_project  # noqa: E402

from generate import generate  # noqa: E402

MODULES = 500
ROUNDS = 7
TARGET = 2.0


def plain_load(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def timed(action) -> float:
    gc.collect()  # neither side pays for the cycles the other one left (check pauses the collector)
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(modules: int = MODULES) -> Ratio:
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder), modules)
        files = sorted(root.glob("modules/*/module.yml")) + sorted(root.glob("curriculum/**/*.yml"))
        layout = read_layout(root / "mkdocs.yml")[0]
        _, problems = check_project(layout)
        assert not [p for p in problems if p.is_error], problems[:5]
        ratios, ours, theirs = [], [], []
        for _ in range(ROUNDS):
            base = timed(lambda: plain_load(files))
            mine = timed(lambda: check_project(layout))
            ratios.append(mine / base)
            ours.append(mine)
            theirs.append(base)
    ratio = statistics.median(ratios)
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"check: {modules} modules ({len(files)} YAML files): curriculum check "
          f"{statistics.median(ours):.3f} s, yaml.load CSafeLoader "
          f"{statistics.median(theirs):.3f} s,"
          f" ratio {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    return Ratio(f"check: {modules} modules vs yaml.load (CSafeLoader)",
                 statistics.median(ours), statistics.median(theirs), TARGET, paired=ratio,
                 note=f"ratio: median of {ROUNDS} alternating pairs")


if __name__ == "__main__":
    main()
