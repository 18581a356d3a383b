"""The simulator against a closed form, and its monotone properties (pure numpy, no database).

The degenerate scenario: n guarantees of equal size e, base assets B, one monthly default
rate p, no normalisation, recovery, re-guarantee, amortisation, new supply or contributions,
payment in the month of default. After k defaults the multiplier is (n − k)e ÷ (B − ke),
rising with k, so a path breaches the limit L at some month-end within H exactly when its
defaults by H reach k* = the least k with (n − k)e > L(B − ke) (or B − ke ≤ 0). Each
guarantee defaults within H with q = 1 − (1 − p)^H, independently: the breach probability is
P(Binomial(n, q) ≥ k*).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guarantees.risk.simulate import Book, Scenario, simulate


def equal_book(n: int, size_krw: int, start_multiplier: float, *, months_left: int = 120) -> Book:
    return Book(
        exposure_krw=np.full(n, size_krw, dtype=np.int64),
        remaining_months=np.full(n, months_left, dtype=np.int32),
        group=np.zeros(n, dtype=np.int32),
        program=np.full(n, -1, dtype=np.int32),
        in_accident_months=np.full(n, -1, dtype=np.int32),
        base_krw=round(n * size_krw / start_multiplier),
        program_funding_krw=np.zeros(0, dtype=np.int64),
        program_multiple=np.zeros(0),
    )


def degenerate(months: int, p: float, limit: float = 10.0, **changes) -> Scenario:
    settings = {
        "normalisation_share": 0.0,
        "recovery_rate": 0.0,
        "amortisation": False,
        "lag_months": 0,
        "limit": limit,
        **changes,
    }
    return Scenario(months=months, default_rate_monthly=np.array([p]), **settings)


def threshold_defaults(book: Book, limit: float) -> int:
    n, e, base = book.size, int(book.exposure_krw[0]), book.base_krw
    for k in range(n + 1):
        if base - k * e <= 0 or (n - k) * e > limit * (base - k * e):
            return k
    return n + 1


def binomial_tail(n: int, q: float, k: int) -> float:
    return sum(math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(k, n + 1))


@pytest.mark.parametrize(
    ("p", "start", "months"),
    [(0.001, 9.5, 12), (0.002, 9.0, 12), (0.003, 8.0, 24), (0.0005, 9.9, 6)],
)
def test_breach_probability_is_the_binomial_tail(p, start, months):
    book = equal_book(200, 100_000_000, start)
    k_star = threshold_defaults(book, 10.0)
    expected = binomial_tail(200, 1 - (1 - p) ** months, k_star)

    summary = simulate(book, degenerate(months, p), paths=20_000, seed=7)

    error = math.sqrt(expected * (1 - expected) / summary.paths)
    assert abs(summary.breach_probability - expected) <= 3 * error, (k_star, expected)


def test_defaults_within_the_horizon_follow_the_binomial_mean():
    book = equal_book(500, 10_000_000, 5.0)
    summary = simulate(book, degenerate(12, 0.01), paths=4_000, seed=3)
    q = 1 - 0.99**12
    # Every default is paid at once and nothing comes back: the loss is k × e.
    assert summary.expected_loss_krw == pytest.approx(500 * q * 10_000_000, rel=0.02)


def test_the_same_seed_gives_the_same_answer_and_chunks_do_not_matter_to_the_workers():
    book = equal_book(300, 50_000_000, 9.0)
    first = simulate(book, degenerate(12, 0.002), paths=3_000, seed=11, chunk_paths=1_000)
    again = simulate(book, degenerate(12, 0.002), paths=3_000, seed=11, chunk_paths=1_000)
    other = simulate(book, degenerate(12, 0.002), paths=3_000, seed=12, chunk_paths=1_000)
    assert first.breach_probability == again.breach_probability
    np.testing.assert_array_equal(first.month_quantiles, again.month_quantiles)
    assert first.month_quantiles.tolist() != other.month_quantiles.tolist()


def test_a_base_wiped_out_is_a_breach_and_not_a_nan():
    book = equal_book(10, 100_000_000, 9.0)  # base ≈ 1.1 guarantees
    summary = simulate(book, degenerate(12, 0.5), paths=500, seed=1)
    assert summary.breach_probability == 1.0
    assert not np.isnan(summary.month_quantiles).any()
    assert np.isinf(summary.month_quantiles[-1, -1])


@settings(max_examples=8, deadline=None)
@given(
    p=st.floats(min_value=0.0005, max_value=0.01),
    more=st.floats(min_value=1.2, max_value=3.0),
    start=st.floats(min_value=8.5, max_value=9.8),
)
def test_more_defaults_never_lower_the_breach_probability(p, more, start):
    book = equal_book(200, 100_000_000, start)
    low = simulate(book, degenerate(12, p), paths=4_000, seed=5)
    high = simulate(book, degenerate(12, min(p * more, 1.0)), paths=4_000, seed=5)
    noise = 3 * math.hypot(low.breach_standard_error, high.breach_standard_error)
    assert high.breach_probability >= low.breach_probability - noise


@settings(max_examples=8, deadline=None)
@given(
    p=st.floats(min_value=0.0005, max_value=0.01),
    contribution=st.integers(min_value=1, max_value=2_000_000_000),
)
def test_more_contributions_never_raise_the_breach_probability(p, contribution):
    # The draws do not depend on contributions, so with one seed the comparison is exact.
    book = equal_book(200, 100_000_000, 9.5)
    without = simulate(book, degenerate(12, p), paths=2_000, seed=9)
    with_more = simulate(
        book, degenerate(12, p, contributions_krw_monthly=contribution), paths=2_000, seed=9
    )
    assert with_more.breach_probability <= without.breach_probability
    assert (with_more.month_quantiles <= without.month_quantiles).all()


def test_a_sure_default_paid_at_once_leaves_no_exposure_and_takes_its_amount_from_base():
    # Every guarantee defaults in month 1 and is paid at once: from the first month-end the
    # exposure is 0 and base assets are B − n·e exactly, with or without amortisation.
    for amortisation in (False, True):
        book = equal_book(10, 100_000_000, 0.1)  # base 100억, exposure 10억
        summary = simulate(book, degenerate(6, 1.0, amortisation=amortisation), paths=50, seed=2)
        assert summary.expected_loss_krw == 1_000_000_000
        # (floating point: within a hundredth of a won of exposure on base assets of 90억)
        np.testing.assert_allclose(summary.month_quantiles, 0.0, atol=1e-12)


def test_an_amortising_book_without_defaults_falls_by_its_instalments():
    # One guarantee of 120 with 12 months left and base 100: month-end m shows (12 − m)·10 / 100.
    book = equal_book(1, 120, 1.2, months_left=12)
    summary = simulate(book, degenerate(12, 0.0, amortisation=True), paths=10, seed=1)
    expected = [(12 - m) * 10 / book.base_krw for m in range(1, 13)]
    np.testing.assert_allclose(summary.month_quantiles[:, 3], expected)


def test_a_guarantee_in_accident_stays_frozen_until_paid():
    book = equal_book(1, 100_000_000, 0.5)
    book = Book(**{**book.__dict__, "in_accident_months": np.array([1], dtype=np.int32)})
    summary = simulate(book, degenerate(6, 0.0, amortisation=True, lag_months=4), paths=10, seed=1)
    base = book.base_krw
    # paid after 4 − 1 = 3 months: exposure 1억 at month-ends 1–2, 0 from 3; base falls by 1억.
    np.testing.assert_allclose(summary.month_quantiles[:2, 3], 100_000_000 / base)
    np.testing.assert_allclose(summary.month_quantiles[2:, 3], 0.0)
    assert summary.expected_loss_krw == 100_000_000
