"""`make bench`: every benchmark of the project, each printing its ratio against its floor.

    make bench                      check, packets, serve edits, then the site at 50/200/500
    make bench BENCH="--quick"      the site at 50 and 200 modules only, one run each

The serve benchmark (an edit under `mkdocs serve` against a full build) runs on 200 modules.

The site benchmark dominates: one plain Material build of 500 modules takes minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_bench  # noqa: E402
import packet_bench  # noqa: E402
import serve_bench  # noqa: E402
import site_bench  # noqa: E402


def main(argv: list[str]) -> None:
    check_bench.main()
    packet_bench.main()
    serve_bench.main([])
    site_bench.main(["--sizes", "50", "200", "--runs", "1"] if "--quick" in argv else [])


if __name__ == "__main__":
    main(sys.argv[1:])
