"""Template filters for money: {{ amount|won }}, {{ amount|million }}, {{ amount|eok }} …"""

from django import template

from common import money

register = template.Library()


@register.filter
def won(value):
    return "" if value is None else money.format_won(int(value))


@register.filter
def man(value):
    return "" if value is None else money.format_man(int(value))


@register.filter
def million(value):
    return "" if value is None else money.format_million(int(value))


@register.filter
def eok(value):
    return "" if value is None else money.format_eok(int(value))


@register.filter
def korean_amount(value):
    return "" if value is None else money.format_korean_amount(int(value))


@register.filter
def korean_total(value):
    return "" if value is None else money.format_korean_total(int(value))


@register.filter
def delta(value, places=None):
    return "" if value is None else money.format_delta(value, places)


@register.filter
def pct(value):
    """A rate without trailing zeros: Decimal('0.800') → '0.8', Decimal('100.00') → '100'."""
    if value is None or value == "":
        return ""
    return money.format_rate(value)


@register.filter
def share_pct(value, places=1):
    """A share in [0, 1] as a percentage: 0.6851 → '68.5%' (a probability, a ratio)."""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:.{int(places)}f}%"
