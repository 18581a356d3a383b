"""Date arithmetic on proleptic ordinals (ints are cheaper than `date` objects in the hot loops
of the generator; rows get real dates only when they are read)."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache, lru_cache


@cache
def year_start(year: int) -> int:
    return dt.date(year, 1, 1).toordinal()


@cache
def year_end(year: int) -> int:
    return dt.date(year, 12, 31).toordinal()


@cache
def year_of(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


@cache
def to_date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


@lru_cache(maxsize=1 << 16)
def add_years(ordinal: int, years: int) -> int:
    """Same day `years` later; 29 February becomes 28 February (a loan's anniversary)."""
    day = dt.date.fromordinal(ordinal)
    try:
        return day.replace(year=day.year + years).toordinal()
    except ValueError:
        return day.replace(year=day.year + years, day=28).toordinal()


def working_day(ordinal: int) -> int:
    """Move a Saturday back to Friday and a Sunday on to Monday, staying in the same year
    (banks issue and foundations book on working days)."""
    weekday = ordinal % 7  # proleptic ordinal 1 (0001-01-01) was a Monday → 1 % 7 == 1
    year = year_of(ordinal)
    if weekday == 6:  # Saturday
        candidate = ordinal - 1
    elif weekday == 0:  # Sunday
        candidate = ordinal + 1
    else:
        return ordinal
    if year_of(candidate) != year:
        candidate = ordinal + 2 if weekday == 6 else ordinal - 2
    return candidate


def random_day(rng: random.Random, first: int, last: int) -> int:
    """A uniformly random ordinal in [first, last]."""
    return first + int(rng.random() * (last - first + 1))
