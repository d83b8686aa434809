"""`make bench`: every ratio of the project measured in one run, printed side by side, each
with its target and the load average while it was measured (issue 20).

    make bench                      check, packets, serve edits, site at 50 and 500 modules
    make bench BENCH="--quick"      the same, but the site at 20 and 100 modules (a quarter of
                                    an hour, not most of an hour)

Every benchmark returns `Ratio`s (bench/ratios.py). Serve edits (bench/serve_bench.py) run on
200 modules in both modes: their targets are set there, and on a smaller curriculum a rebuild's
fixed cost weighs more (50 modules missed both). The site benchmark dominates: Zensical and the
plugin each build 500 modules (some 2,500 pages) six times, cold (three alternating pairs with
`navigation.prune`, three without). The exit status is 1 when a target is not met.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ratios import table  # noqa: E402

import check_bench  # noqa: E402
import packet_bench  # noqa: E402
import serve_bench  # noqa: E402
import site_bench  # noqa: E402


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    rows = [check_bench.main(), *packet_bench.main(),
            *serve_bench.ratios(),
            *site_bench.ratios([20, 100] if quick else None)]
    print("\nmake bench: every ratio of this run (ours / theirs, load = 1-minute load average)")
    print(table(rows))
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
