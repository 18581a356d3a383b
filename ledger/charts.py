"""Server-rendered SVG charts (no JavaScript, no CDN): the multiplier trend and bars.

Functions return plain numbers and strings for templates/ledger/_trend.svg.html; geometry
lives here so that the template stays declarative.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28


def trend_chart(
    points: list[tuple[dt.date, Decimal]],
    *,
    warning: Decimal | None = None,
    limit: Decimal | None = None,
) -> dict | None:
    """A line of (date, multiplier) with the warning and limit levels as horizontal lines."""
    if not points:
        return None
    top_value = max([v for _, v in points] + [limit or 0, warning or 0, Decimal(1)])
    top_value = Decimal(int(top_value) + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    span = max(last - first, 1)

    def x(day: dt.date) -> float:
        return round(
            LEFT + plot_w * ((day.toordinal() - first) / span if len(points) > 1 else 0.5), 1
        )

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float(1 - value / top_value), 1)

    ticks = [Decimal(v) for v in range(0, int(top_value) + 1, max(int(top_value) // 5, 1))]
    levels = []
    for name, value in (("warning", warning), ("limit", limit)):
        if value is not None:
            levels.append({"name": name, "value": value, "y": y(value)})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "polyline": " ".join(f"{x(d)},{y(v)}" for d, v in points),
        "dots": [{"x": x(d), "y": y(v), "date": d, "value": v} for d, v in points],
        "ticks": [{"y": y(t), "value": t} for t in ticks],
        "levels": levels,
        "first": points[0][0],
        "last": points[-1][0],
    }


def bar_width(used: int, capacity: int, *, width: int = 100) -> float:
    """The filled width (0…width) of a utilisation bar."""
    if capacity <= 0:
        return 0
    return round(min(used / capacity, 1) * width, 1)
