"""Template filters of the applicant journey."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def plain(value):
    """A rate without trailing zeros: 0.800 → 0.8, 100.00 → 100, 0.750 → 0.75."""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return value
