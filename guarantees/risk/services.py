"""The stress test as one call: the book at D, the estimates, the scenario, the simulation,
and the figures in the shape of `stress_test --json`."""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import asdict

import numpy as np

from ledger.models import MultiplierThreshold

from .book import BookAtDate, Estimates, book_at, estimate, fill_group_counts
from .simulate import QUANTILES, Scenario, Summary, simulate

# Without a threshold row: seed 001's appropriate level (적정 운용배수, banks' 10.5 % rule).
DEFAULT_LIMIT = 10.0


def limit_at(day: dt.date) -> float:
    threshold = MultiplierThreshold.objects.filter(effective_from__lte=day).first()
    return float(threshold.limit) if threshold else DEFAULT_LIMIT


def build_scenario(
    at: BookAtDate, estimates: Estimates, *, months: int, limit: float, overrides: dict
) -> Scenario:
    """The scenario: the estimates, each replaced by the option given for it."""
    rate_by_key = {(g.program_code, g.band): g.default_rate_monthly for g in estimates.groups}
    pooled = _pooled_rate(estimates)
    if overrides.get("default_rate_monthly") is not None:
        rates = np.full(len(at.group_keys), overrides["default_rate_monthly"])
    else:
        rates = np.array([rate_by_key.get(key, pooled) for key in at.group_keys])
    share = overrides.get("reguarantee_share")
    # Per programme and one for general guarantees (programmes hold no share of their own yet).
    reguarantee = np.full(at.book.programs + 1, share if share is not None else 0.0)
    lag = overrides.get("lag_months")

    def given(name, estimated):
        value = overrides.get(name)
        return estimated if value is None else value

    return Scenario(
        months=months,
        default_rate_monthly=rates,
        normalisation_share=given("normalisation_share", estimates.normalisation_share),
        recovery_rate=given("recovery_rate", estimates.recovery_rate),
        reguarantee_share=reguarantee,
        amortisation=overrides.get("amortisation", True),
        lag_months=estimates.lag_months if lag is None else lag,
        new_supply_krw_monthly=overrides.get("new_supply_krw_monthly") or 0,
        contributions_krw_monthly=overrides.get("contributions_krw_monthly") or 0,
        limit=limit,
    )


def _pooled_rate(estimates: Estimates) -> float:
    months = sum(g.guarantee_months for g in estimates.groups)
    return estimates.accidents / months if months else 0.0


def _month_end(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    first_of_next = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _finite(value: float) -> float | None:
    return None if math.isinf(value) else round(value, 4)


def described(*, at: BookAtDate, estimates: Estimates, scenario: Scenario) -> dict:
    """What a run read and assumed: the start, the scenario, the estimates, the programmes."""
    base = at.book.base_krw
    return {
        "start": {
            "guarantees": at.book.size,
            "outstanding_krw": at.exposure_krw,
            "base_assets_krw": base,
            "multiplier": round(at.exposure_krw / base, 4) if base > 0 else None,
        },
        "programs": [
            {"program_code": code, "funding_krw": int(at.book.program_funding_krw[i])}
            for i, code in enumerate(at.program_codes)
        ],
        "scenario": {
            "normalisation_share": scenario.normalisation_share,
            "recovery_rate": scenario.recovery_rate,
            "recovery_months": scenario.recovery_months,
            "amortisation": scenario.amortisation,
            "subrogation_lag_months": scenario.lag_months,
            "new_supply_krw_monthly": scenario.new_supply_krw_monthly,
            "contributions_krw_monthly": scenario.contributions_krw_monthly,
            "reguarantee_share": float(scenario.reguarantee_share[-1])
            if scenario.reguarantee_share is not None
            else 0.0,
            "default_rates": [
                {"program_code": code, "band": band, "default_rate_monthly": float(rate)}
                for (code, band), rate in zip(
                    at.group_keys, scenario.default_rate_monthly, strict=True
                )
            ],
        },
        "estimates": {
            "window_start": estimates.window_start.isoformat(),
            "accidents": estimates.accidents,
            "subrogations": estimates.subrogations,
            "normalisation_share": estimates.normalisation_share,
            "subrogation_lag_months": estimates.lag_months,
            "recovery_rate": estimates.recovery_rate,
            "groups": [asdict(g) for g in estimates.groups],
            "notes": estimates.notes,
        },
    }


def month_rows(day: dt.date, summary: Summary) -> list[dict]:
    """The quantiles of the multiplier at each month-end (None where base assets ran out)."""
    return [
        {
            "month_end": _month_end(day, k + 1).isoformat(),
            "quantiles": {
                f"p{round(q * 100):02d}": _finite(float(v))
                for q, v in zip(QUANTILES, row, strict=True)
            },
        }
        for k, row in enumerate(summary.month_quantiles)
    ]


def outcome(*, day: dt.date, months: int, limit: float, summary: Summary, shown: dict) -> dict:
    """The JSON of `stress_test` (and what the run page shows)."""
    return {
        "date": day.isoformat(),
        "months_ahead": months,
        "paths": summary.paths,
        "limit": limit,
        "start": shown["start"],
        "breach_probability": summary.breach_probability,
        "breach_standard_error": summary.breach_standard_error,
        "expected_loss_krw": summary.expected_loss_krw,
        "loss_p99_krw": summary.loss_p99_krw,
        "months": month_rows(day, summary),
        "programs": [
            {**program, "breach_probability": float(summary.program_breach_probability[i])}
            for i, program in enumerate(shown["programs"])
        ],
        "scenario": shown["scenario"],
        "estimates": shown["estimates"],
    }


def stress_test(
    *, day: dt.date, months: int, paths: int, seed: int, overrides: dict, chunk_paths: int = 1000
) -> dict:
    """Read the book at `day`, estimate, simulate in this process, and report."""
    started = time.perf_counter()
    at = book_at(day)
    estimates = estimate(day)
    fill_group_counts(estimates, at)
    scenario = build_scenario(
        at, estimates, months=months, limit=limit_at(day), overrides=overrides
    )
    read = time.perf_counter()
    summary = simulate(at.book, scenario, paths=paths, seed=seed, chunk_paths=chunk_paths)
    shown = described(at=at, estimates=estimates, scenario=scenario)
    result = outcome(day=day, months=months, limit=scenario.limit, summary=summary, shown=shown)
    result["seed"] = seed
    result["seconds"] = {
        "book": round(read - started, 3),
        "simulation": round(time.perf_counter() - read, 3),
    }
    return result
