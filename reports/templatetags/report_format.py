"""Filters for the council report's tables, as seed 001 prints them: 백만원 rounded half up once,
decreases with △, rates with one decimal, "-" where there is nothing to compare."""

from decimal import Decimal

from django import template

from common import money

register = template.Library()

DASH = "-"


@register.filter
def mil(value):
    """Whole won → 백만원 with thousands separators; △ for a decrease."""
    if value is None:
        return DASH
    return money.format_million(int(value))


@register.filter
def cnt(value):
    """A count with thousands separators; △ for a decrease."""
    if value is None:
        return DASH
    return money.format_delta(int(value))


@register.filter
def rate(value, places=1):
    """A percentage or multiplier with fixed decimals (one by default); △ for a decrease."""
    if value is None:
        return DASH
    return money.format_delta(Decimal(value), places=int(places))


@register.filter
def dash0(value):
    """Zero printed as "-" (seed 001's 처리현황 table)."""
    return DASH if not value else value


@register.filter
def get(sequence, index):
    return sequence[index]
