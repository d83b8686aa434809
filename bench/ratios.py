"""One row per measured ratio, printed side by side at the end of `make bench`.

Every benchmark returns `Ratio`s; `bench/run.py` prints them all in one table, each with what
was measured on both sides, its target, whether this run met it, and the machine's load
average when the measurement ended (a shared 2-core machine: a number without its load says
little).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def load_average() -> float:
    """The 1-minute load average now."""
    return os.getloadavg()[0]


@dataclass
class Ratio:
    name: str
    """What is compared, against what (`check vs yaml.load`)."""
    ours: float
    theirs: float
    target: float | None
    """The ratio this row must not exceed; None for a row reported beside the others."""
    unit: str = "s"
    note: str = ""
    paired: float | None = None
    """The ratio when it is not ours / theirs: the median of alternating pairs' ratios, which
    holds up better on a busy machine than the ratio of the two medians."""
    load: float = field(default_factory=load_average)

    @property
    def value(self) -> float:
        if self.paired is not None:
            return self.paired
        return self.ours / self.theirs if self.theirs else float("inf")

    @property
    def met(self) -> bool:
        return self.target is None or self.value <= self.target

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "-"
        return "met" if self.met else "NOT MET"


def table(ratios: list[Ratio]) -> str:
    """The ratios as aligned lines: what, ours, theirs, ratio, target, verdict, load."""
    width = max((len(r.name) for r in ratios), default=10)
    lines = [f"{'measure':<{width}} {'ours':>9} {'theirs':>9} {'ratio':>7} {'target':>9}"
             f"  {'verdict':<7} {'load':>5}  note"]
    for r in ratios:
        target = "none" if r.target is None else f"<= {r.target:.2f}x"
        lines.append(f"{r.name:<{width}} {r.ours:>8.2f}{r.unit:1} {r.theirs:>8.2f}{r.unit:1}"
                     f" {r.value:>6.3f}x {target:>9}  {r.verdict:<7} {r.load:>5.1f}"
                     f"  {r.note}".rstrip())
    return "\n".join(lines)
