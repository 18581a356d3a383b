"""Two small tools that make the book's totals exact without making its rows look fitted.

* `choose_tilted` picks n items out of many so that their values add up to *about* a target:
  a seeded random draw, tilted toward small or large values (weights value**alpha, sampled
  with the Gumbel top-k trick). The tilt is found by bisection on a sub-sample.
* `fit_total` then moves the chosen items' amounts within per-item bounds so that they add
  up to the target *to the won*, spreading the gap in proportion to each item's room, so no
  single row absorbs an odd remainder.

Floats are used only to decide *which* rows; money is always int.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Sequence


class FitError(ValueError):
    """A target cannot be met with the rows available."""


def fit_total(
    natural: Sequence[int], low: Sequence[int], high: Sequence[int], target: int
) -> list[int]:
    """Amounts within [low, high], as close to `natural` as possible, summing to `target`.

    The gap to the target is spread in proportion to each item's room in the needed
    direction (integer arithmetic; the last won go to the largest fractional shares).
    When the target is out of reach every item is pushed to its bound and the caller sees
    a sum different from the target.
    """
    values = [min(max(n, lo), hi) for n, lo, hi in zip(natural, low, high, strict=True)]
    gap = target - sum(values)
    if gap == 0:
        return values
    sign = 1 if gap > 0 else -1
    room = (
        [hi - v for v, hi in zip(values, high, strict=True)]
        if sign > 0
        else [v - lo for v, lo in zip(values, low, strict=True)]
    )
    total_room, need = sum(room), abs(gap)
    if need >= total_room:
        return list(high) if sign > 0 else list(low)
    moved = 0
    remainders = []
    for i, r in enumerate(room):
        if r:
            share, rest = divmod(r * need, total_room)
            values[i] += sign * share
            moved += share
            remainders.append((-rest, i))
    # Each item's exact share is fractional; the won left over go to the largest fractions,
    # which by construction still have room for one more.
    remainders.sort()
    for _, i in remainders[: need - moved]:
        values[i] += sign
    return values


def choose_tilted(
    rng: random.Random, values: Sequence[int], n: int, target_total: float, sample_size: int = 4000
) -> list[int]:
    """Indices of n items whose values sum to about `target_total` (random, tilted).

    Weights are value**alpha; alpha < 0 favours small values, > 0 large ones. The sum of a
    weighted draw without replacement is not a closed formula, so alpha is found by
    bisection on the same draw over a random sub-sample of the items.
    """
    size = len(values)
    if n >= size:
        return list(range(size))
    if n <= 0:
        return []
    logs = [math.log(v) if v > 0 else 0.0 for v in values]
    # Gumbel noise: the top-n of alpha*log(v) + g is a weighted draw without replacement.
    noise = [-math.log(-math.log(rng.random() or 1e-300)) for _ in range(size)]
    if size > sample_size:
        sample = sorted(rng.sample(range(size), sample_size))
    else:
        sample = list(range(size))
    k = max(1, round(n * len(sample) / size))
    wanted_mean = target_total / n

    def sample_mean(alpha: float) -> float:
        top = heapq.nlargest(k, sample, key=lambda i: alpha * logs[i] + noise[i])
        return sum(values[i] for i in top) / k

    lo_alpha, hi_alpha = -8.0, 8.0
    for _ in range(22):  # alpha to ±0.000004: far finer than the draw's own noise
        mid = (lo_alpha + hi_alpha) / 2
        if sample_mean(mid) < wanted_mean:
            lo_alpha = mid
        else:
            hi_alpha = mid
    alpha = (lo_alpha + hi_alpha) / 2
    chosen = heapq.nlargest(n, range(size), key=lambda i: alpha * logs[i] + noise[i])
    return sorted(chosen)


def reach_total(
    chosen: list[int], pool_size: int, high: Sequence[int], low: Sequence[int], target: int
) -> list[int]:
    """Swap chosen items for others until target ∈ [Σlow, Σhigh] of the chosen, if possible.

    `high` / `low` are indexed like the candidates (0 … pool_size−1). Swaps trade the
    chosen item furthest from the target's side for the best unchosen one.
    """
    chosen_set = set(chosen)
    others = [i for i in range(pool_size) if i not in chosen_set]
    result = list(chosen)
    sum_high = sum(high[i] for i in result)
    if sum_high < target:
        result.sort(key=lambda i: high[i])
        others.sort(key=lambda i: -high[i])
        for pos, (mine, theirs) in enumerate(zip(list(result), others, strict=False)):
            if sum_high >= target or high[theirs] <= high[mine]:
                break
            result[pos] = theirs
            sum_high += high[theirs] - high[mine]
        return sorted(result)
    sum_low = sum(low[i] for i in result)
    if sum_low > target:
        result.sort(key=lambda i: -low[i])
        others.sort(key=lambda i: low[i])
        for pos, (mine, theirs) in enumerate(zip(list(result), others, strict=False)):
            if sum_low <= target or low[theirs] >= low[mine]:
                break
            result[pos] = theirs
            sum_low += low[theirs] - low[mine]
        return sorted(result)
    return sorted(result)
