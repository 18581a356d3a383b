"""Timing helpers and the one table `make bench` prints."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Row:
    """One line of the table: our time vs the reference's, and whether the target holds."""

    name: str
    ours_s: float
    reference_s: float
    target: float | None = None  # maximal ratio ours ÷ reference (None: no ratio target)
    limit_s: float | None = None  # maximal absolute time of ours (None: none)
    unit: str = "s"  # "s" or "rows/s" (throughput rows print rows/s, ratio is still time)
    rows: int | None = None  # rows processed, for throughput
    notes: str = ""
    problems: list[str] = field(default_factory=list)  # other failed checks (query counts …)
    extra: dict = field(default_factory=dict)  # measurements the orchestrator combines

    @property
    def ratio(self) -> float:
        return self.ours_s / self.reference_s if self.reference_s > 0 else float("inf")

    @property
    def ok(self) -> bool:
        if self.problems:
            return False
        if self.target is not None and self.ratio > self.target:
            return False
        return not (self.limit_s is not None and self.ours_s > self.limit_s)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Row:
        return cls(**data)


def alternate(
    ours: Callable[[], object],
    reference: Callable[[], object],
    *,
    runs: int,
    warmup: int = 1,
) -> tuple[float, float, object, object]:
    """Median seconds of `runs` calls of each, alternating ours/reference after `warmup`
    calls of each; returns (ours median, reference median, ours' last result, reference's)."""
    ours_result = reference_result = None
    for _ in range(warmup):
        ours_result = ours()
        reference_result = reference()
    ours_times, reference_times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        ours_result = ours()
        ours_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        reference_result = reference()
        reference_times.append(time.perf_counter() - started)
    return (
        statistics.median(ours_times),
        statistics.median(reference_times),
        ours_result,
        reference_result,
    )


def _time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def _cell(row: Row, seconds: float) -> str:
    if row.unit == "rows/s" and row.rows:
        return f"{row.rows / seconds:,.0f} rows/s ({_time(seconds)})"
    return _time(seconds)


def table(rows: list[Row]) -> str:
    """The table as text (one line per row, then the notes)."""
    header = ("row", "ours", "reference", "ratio", "target", "result")
    lines = []
    for row in rows:
        target = []
        if row.target is not None:
            target.append(f"≤ {row.target:g}×")
        if row.limit_s is not None:
            target.append(f"≤ {_time(row.limit_s)}")
        lines.append(
            (
                row.name,
                _cell(row, row.ours_s),
                _cell(row, row.reference_s),
                f"{row.ratio:.2f}",
                ", ".join(target) or "-",
                "ok" if row.ok else "MISSED",
            )
        )
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(len(header))]

    def fmt(cells) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [fmt(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [fmt(line) for line in lines]
    notes = [f"- {row.name}: {row.notes}" for row in rows if row.notes]
    notes += [f"- {row.name}: MISSED: {p}" for row in rows for p in row.problems]
    if notes:
        out += ["", *notes]
    return "\n".join(out)
