"""The book at a date D as the simulator's arrays, and the default rates estimated from the
book's own history before D. Read only; one aggregate statement each, whatever the size.

Groups are programme × credit band. The band comes from the business's credit score as the
book holds it (see `credit_band`); a guarantee without a score is in the band "미상".

Estimates (the window is the 36 months up to D, so that rates follow the recent book):
- monthly default rate of a group = accidents in the window ÷ guarantee-months the group was
  live in the window; a group with little history is pulled towards its programme's rate,
  and a programme's towards the whole book's, by a prior of `PRIOR_GUARANTEE_MONTHS`
  guarantee-months (a credibility weight: 100 guarantee-years count as much as the pool);
- normalisation share = normalisations ÷ (normalisations + subrogations) in the window;
- subrogation lag = mean whole months from an accident to the subrogation that followed it,
  for subrogations in the window;
- recovery rate = recoveries ÷ subrogated amounts over the whole history up to D (recoveries
  come years after the payment, so a window would undercount them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from ledger import chart
from ledger.selectors import base_assets
from ledger.services import account_id
from programs.funding import funding_by_program
from programs.models import Program

from .simulate import Book

WINDOW_MONTHS = 36
PRIOR_GUARANTEE_MONTHS = 1_200
# When the window holds no accident followed by a subrogation to measure the lag from: the
# quarter a bank usually waits before it claims (a note says the figure was not estimated).
DEFAULT_LAG_MONTHS = 3
NO_PROGRAM = "일반보증"
BANDS = ("우량", "보통", "주의", "미상")


def credit_band(score: int | None) -> str:
    """Four bands of a 0–1000 personal credit score (NICE/KCB scale): 우량 ≥ 840 (grades 1–3),
    보통 700–839 (grades 4–6), 주의 < 700 (grades 7–10), 미상 when none is recorded."""
    if score is None:
        return "미상"
    if score >= 840:
        return "우량"
    if score >= 700:
        return "보통"
    return "주의"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end, rounded up (a part month counts), at least 1."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day > start.day:
        months += 1
    return max(months, 1)


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


@dataclass
class GroupEstimate:
    program_code: str
    band: str
    guarantees: int
    exposure_krw: int
    accidents: int
    guarantee_months: int
    default_rate_monthly: float


@dataclass
class Estimates:
    date: dt.date
    window_start: dt.date
    groups: list[GroupEstimate]
    normalisation_share: float
    lag_months: int
    recovery_rate: float
    accidents: int = 0
    subrogations: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class BookAtDate:
    """The simulator's `Book` plus the labels it needs to say what it computed."""

    book: Book
    program_codes: list[str]
    program_names: list[str]
    group_keys: list[tuple[str, str]]  # (programme code or 일반보증, band) per group index
    exposure_krw: int


_LIVE_SQL = """
WITH exposure AS (
    SELECT guarantee_id, SUM(amount_krw) AS krw
      FROM ledger_posting
     WHERE account_id = %(exposure)s AND entry_date <= %(day)s AND guarantee_id IS NOT NULL
     GROUP BY guarantee_id
    HAVING SUM(amount_krw) > 0
), accident AS (
    SELECT guarantee_id, SUM(amount_krw) AS krw
      FROM ledger_posting
     WHERE account_id = %(accident)s AND entry_date <= %(day)s AND guarantee_id IS NOT NULL
     GROUP BY guarantee_id
    HAVING SUM(amount_krw) > 0
)
SELECT g.id, exposure.krw, g.matures_on, g.program_id, b.credit_score,
       (SELECT MAX(e.date) FROM guarantees_guaranteeevent e
         WHERE e.guarantee_id = g.id AND e.kind = 'accident' AND e.date <= %(day)s
           AND accident.krw IS NOT NULL) AS accident_on
  FROM exposure
  JOIN guarantees_guarantee g ON g.id = exposure.guarantee_id
  JOIN guarantees_business b ON b.id = g.business_id
  LEFT JOIN accident ON accident.guarantee_id = g.id
"""

# Guarantee-months live in the window and accidents per programme × score, in one pass: a
# guarantee is live from its issue to its first termination or subrogation, or its maturity.
_HISTORY_SQL = """
WITH ended AS (
    SELECT guarantee_id, MIN(date) AS on_
      FROM guarantees_guaranteeevent
     WHERE kind IN ('termination', 'subrogation') AND date <= %(day)s
     GROUP BY guarantee_id
), accidents AS (
    SELECT guarantee_id, COUNT(*) AS n
      FROM guarantees_guaranteeevent
     WHERE kind = 'accident' AND date > %(start)s AND date <= %(day)s
     GROUP BY guarantee_id
), spans AS (
    SELECT g.program_id, b.credit_score,
           GREATEST(LEAST(COALESCE(ended.on_, g.matures_on), g.matures_on, %(day)s)
                    - GREATEST(g.issued_on, %(start)s), 0) AS days,
           COALESCE(accidents.n, 0) AS accidents
      FROM guarantees_guarantee g
      JOIN guarantees_business b ON b.id = g.business_id
      LEFT JOIN ended ON ended.guarantee_id = g.id
      LEFT JOIN accidents ON accidents.guarantee_id = g.id
     WHERE g.issued_on <= %(day)s AND g.matures_on > %(start)s
       AND (ended.on_ IS NULL OR ended.on_ > %(start)s)
)
SELECT program_id, credit_score, SUM(days), SUM(accidents)
  FROM spans GROUP BY program_id, credit_score
"""

_FLOWS_SQL = """
SELECT
  (SELECT COUNT(*) FROM guarantees_guaranteeevent
    WHERE kind = 'normalization' AND date > %(start)s AND date <= %(day)s),
  (SELECT COUNT(*) FROM guarantees_guaranteeevent
    WHERE kind = 'subrogation' AND date > %(start)s AND date <= %(day)s),
  (SELECT AVG((s.date - a.on_) / 30.4375) FROM guarantees_guaranteeevent s
     CROSS JOIN LATERAL (SELECT MAX(e.date) AS on_ FROM guarantees_guaranteeevent e
                          WHERE e.guarantee_id = s.guarantee_id AND e.kind = 'accident'
                            AND e.date <= s.date) a
    WHERE s.kind = 'subrogation' AND s.date > %(start)s AND s.date <= %(day)s
      AND a.on_ IS NOT NULL),
  (SELECT COALESCE(SUM(amount_krw), 0) FROM guarantees_guaranteeevent
    WHERE kind = 'subrogation' AND date <= %(day)s),
  (SELECT COALESCE(SUM(amount_krw), 0) FROM guarantees_guaranteeevent
    WHERE kind = 'recovery' AND date <= %(day)s)
"""


def _programs() -> dict[int, Program]:
    return {p.id: p for p in Program.objects.order_by("code")}


def book_at(day: dt.date, *, group_keys: list[tuple[str, str]] | None = None) -> BookAtDate:
    """The live guarantees at `day` (exposure > 0 in the journal) as arrays."""
    programs = _programs()
    with connection.cursor() as cursor:
        cursor.execute(
            _LIVE_SQL,
            {
                "exposure": account_id(chart.EXPOSURE),
                "accident": account_id(chart.ACCIDENT_MEMO),
                "day": day,
            },
        )
        rows = cursor.fetchall()
    used = sorted({row[3] for row in rows if row[3] is not None}, key=lambda i: programs[i].code)
    position = {program_id: i for i, program_id in enumerate(used)}
    keys = list(group_keys or [])
    group_index = {key: i for i, key in enumerate(keys)}
    n = len(rows)
    exposure = np.empty(n, dtype=np.int64)
    remaining = np.empty(n, dtype=np.int32)
    group = np.empty(n, dtype=np.int32)
    program = np.empty(n, dtype=np.int32)
    in_accident = np.empty(n, dtype=np.int32)
    for i, (_id, krw, matures_on, program_id, score, accident_on) in enumerate(rows):
        exposure[i] = krw
        remaining[i] = months_between(day, matures_on) if matures_on > day else 1
        code = programs[program_id].code if program_id is not None else NO_PROGRAM
        key = (code, credit_band(score))
        if key not in group_index:
            group_index[key] = len(keys)
            keys.append(key)
        group[i] = group_index[key]
        program[i] = position.get(program_id, -1)
        in_accident[i] = -1 if accident_on is None else months_between(accident_on, day) - 1
    funding = funding_by_program(at=day, program_ids=used)
    multiples = [float(programs[i].multiple) for i in used]
    fixed = [
        -1 if programs[i].capacity_override_krw is None else programs[i].capacity_override_krw
        for i in used
    ]
    return BookAtDate(
        book=Book(
            exposure_krw=exposure,
            remaining_months=remaining,
            group=group,
            program=program,
            in_accident_months=in_accident,
            base_krw=base_assets(day),
            program_funding_krw=np.array([funding.get(i, 0) for i in used], dtype=np.int64),
            program_multiple=np.array(multiples, dtype=np.float64),
            program_capacity_fixed_krw=np.array(fixed, dtype=np.float64),
        ),
        program_codes=[programs[i].code for i in used],
        program_names=[programs[i].name for i in used],
        group_keys=keys,
        exposure_krw=int(exposure.sum()),
    )


def estimate(day: dt.date) -> Estimates:
    """Default rates by programme × band, normalisation share, lag and recovery rate."""
    start = months_before(day, WINDOW_MONTHS)
    programs = _programs()
    params = {"day": day, "start": start}
    with connection.cursor() as cursor:
        cursor.execute(_HISTORY_SQL, params)
        history = cursor.fetchall()
        cursor.execute(_FLOWS_SQL, params)
        normalised, subrogated, lag, subrogated_krw, recovered_krw = cursor.fetchone()

    cells: dict[tuple[str, str], list[float]] = {}
    for program_id, score, days, accidents in history:
        code = programs[program_id].code if program_id is not None else NO_PROGRAM
        cell = cells.setdefault((code, credit_band(score)), [0.0, 0])
        cell[0] += float(days or 0) / 30.4375
        cell[1] += int(accidents or 0)
    months_all = sum(c[0] for c in cells.values())
    accidents_all = sum(c[1] for c in cells.values())
    pooled = accidents_all / months_all if months_all else 0.0
    by_program: dict[str, list[float]] = {}
    for (code, _band), (months, accidents) in cells.items():
        cell = by_program.setdefault(code, [0.0, 0])
        cell[0] += months
        cell[1] += accidents
    program_rate = {
        code: (accidents + PRIOR_GUARANTEE_MONTHS * pooled) / (months + PRIOR_GUARANTEE_MONTHS)
        for code, (months, accidents) in by_program.items()
    }
    groups = [
        GroupEstimate(
            program_code=code,
            band=band,
            guarantees=0,
            exposure_krw=0,
            accidents=accidents,
            guarantee_months=round(months),
            default_rate_monthly=min(
                1.0,
                (accidents + PRIOR_GUARANTEE_MONTHS * program_rate[code])
                / (months + PRIOR_GUARANTEE_MONTHS),
            ),
        )
        for (code, band), (months, accidents) in sorted(cells.items())
    ]
    resolved = (normalised or 0) + (subrogated or 0)
    notes = []
    if not accidents_all:
        notes.append(
            "기간 내 보증사고가 없어 부실률이 0으로 추정되었습니다. 시나리오에서 직접 정하세요."
        )
    if lag is None:
        notes.append(
            f"사고 후 대위변제까지의 기간을 추정할 이력이 없어 {DEFAULT_LAG_MONTHS}개월로 두었습니다."
        )
    return Estimates(
        date=day,
        window_start=start,
        groups=groups,
        normalisation_share=(normalised or 0) / resolved if resolved else 0.0,
        lag_months=round(float(lag)) if lag is not None else DEFAULT_LAG_MONTHS,
        recovery_rate=min(1.0, int(recovered_krw) / int(subrogated_krw)) if subrogated_krw else 0.0,
        accidents=accidents_all,
        subrogations=subrogated or 0,
        notes=notes,
    )


def fill_group_counts(estimates: Estimates, at: BookAtDate) -> None:
    """How many live guarantees and how much exposure each estimated group holds at D."""
    by_key = {(g.program_code, g.band): g for g in estimates.groups}
    counts = np.bincount(at.book.group, minlength=len(at.group_keys))
    amounts = np.bincount(
        at.book.group, weights=at.book.exposure_krw.astype(np.float64), minlength=len(at.group_keys)
    )
    for i, key in enumerate(at.group_keys):
        if key in by_key:
            by_key[key].guarantees = int(counts[i])
            by_key[key].exposure_krw = round(float(amounts[i]))
