"""`make bench`: every benchmark of the project, each printing its ratio against its floor."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_bench  # noqa: E402


def main() -> None:
    check_bench.main()


if __name__ == "__main__":
    main()
