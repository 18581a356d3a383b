"""Reads locust's CSV statistics and prints the table `make load` ends with; decides pass/fail.

Target (issue #7): p95 ≤ 300 ms over all requests and not one failed request or error; and
(issue 12) every bank API call's p95 ≤ 100 ms, row by row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

P95_TARGET_MS = 300
API_P95_TARGET_MS = 100
API_PREFIX = "/api/"


@dataclass
class Row:
    method: str
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    max: float
    rps: float


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def read_stats(path: Path) -> list[Row]:
    """locust --csv PREFIX writes PREFIX_stats.csv: one row per request name, then
    'Aggregated'."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            rows.append(
                Row(
                    method=record["Type"],
                    name=record["Name"],
                    requests=int(record["Request Count"]),
                    failures=int(record["Failure Count"]),
                    p50=_number(record["50%"]),
                    p95=_number(record["95%"]),
                    p99=_number(record["99%"]),
                    max=_number(record["Max Response Time"]),
                    rps=_number(record["Requests/s"]),
                )
            )
    return rows


def read_failures(path: Path) -> list[tuple[str, str, str, int]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [
            (r["Method"], r["Name"], r["Error"], int(r["Occurrences"])) for r in csv.DictReader(fh)
        ]


def read_exceptions(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [(int(r["Count"]), r["Message"]) for r in csv.DictReader(fh)]


def table(rows: list[Row]) -> str:
    width = max([len(f"{r.method} {r.name}") for r in rows] + [20])
    head = (
        f"{'request':<{width}}  {'count':>6} {'fail':>5} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'max':>6} {'req/s':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        label = "ALL REQUESTS" if r.name == "Aggregated" else f"{r.method} {r.name}"
        if r.name == "Aggregated":
            lines.append("-" * len(head))
        lines.append(
            f"{label:<{width}}  {r.requests:>6} {r.failures:>5} {r.p50:>6.0f} {r.p95:>6.0f} "
            f"{r.p99:>6.0f} {r.max:>6.0f} {r.rps:>6.1f}"
        )
    lines.append("(times in ms; locust rounds times above 100 ms to 2 significant digits)")
    return "\n".join(lines)


def verdict(rows: list[Row], exceptions: list[tuple[int, str]]) -> list[str]:
    """The reasons the run missed its target (empty: it met it)."""
    total = next((r for r in rows if r.name == "Aggregated"), None)
    if total is None or total.requests == 0:
        return ["no request was made"]
    problems = []
    if total.p95 > P95_TARGET_MS:
        slow = sorted((r for r in rows if r.name != "Aggregated"), key=lambda r: -r.p95)[:3]
        names = ", ".join(f"{r.method} {r.name} p95 {r.p95:.0f} ms" for r in slow)
        problems.append(f"p95 {total.p95:.0f} ms > {P95_TARGET_MS} ms (slowest: {names})")
    slow_api = [r for r in rows if r.name.startswith(API_PREFIX) and r.p95 > API_P95_TARGET_MS]
    if slow_api:
        names = ", ".join(f"{r.method} {r.name} p95 {r.p95:.0f} ms" for r in slow_api)
        problems.append(f"bank API p95 > {API_P95_TARGET_MS} ms: {names}")
    if total.failures:
        problems.append(f"{total.failures} failed request(s)")
    errors = sum(count for count, _ in exceptions)
    if errors:
        problems.append(f"{errors} error(s) in the simulated users' journeys")
    return problems
