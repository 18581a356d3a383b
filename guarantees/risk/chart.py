"""The fan chart of a stress run, drawn on the server as SVG (no JavaScript): the band
between the 1st and 99th percentile of the month-end multiplier, the 5–95 and 25–75 bands
inside it, the median line, and the limit. Geometry here; the template only draws."""

from __future__ import annotations

import math

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 30
BANDS = (("p01", "p99", 0.15), ("p05", "p95", 0.25), ("p25", "p75", 0.45))


def fan_chart(result: dict) -> dict | None:
    months = result.get("months") or []
    if not months:
        return None
    start = result["start"].get("multiplier")
    limit = float(result["limit"])
    values = [v for m in months for v in m["quantiles"].values() if v is not None]
    top = max([*values, limit, start or 0, 1.0])
    top = float(math.ceil(top * 1.1))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(months)

    def x(k: int) -> float:  # k = 0 is the date itself, k = count the last month-end
        return round(LEFT + plot_w * k / count, 1)

    def y(value: float | None) -> float:
        value = top if value is None else min(value, top)  # base assets gone: off the top
        return round(TOP + plot_h * (1 - value / top), 1)

    def series(name: str) -> list[tuple[float, float]]:
        points = [(x(k + 1), y(m["quantiles"][name])) for k, m in enumerate(months)]
        return ([(x(0), y(start))] if start is not None else []) + points

    bands = []
    for low, high, opacity in BANDS:
        upper, lower = series(high), series(low)
        outline = upper + list(reversed(lower))
        bands.append(
            {
                "points": " ".join(f"{px},{py}" for px, py in outline),
                "opacity": opacity,
                "label": f"{low[1:]}~{high[1:]} 백분위",
            }
        )
    step = max(1, int(top) // 5)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "bands": bands,
        "median": " ".join(f"{px},{py}" for px, py in series("p50")),
        "limit": {"value": limit, "y": y(limit)},
        "ticks": [{"value": v, "y": y(v)} for v in range(0, int(top) + 1, step)],
        "first": result["date"],
        "last": months[-1]["month_end"],
        "labels": [
            {"x": x(k + 1), "text": m["month_end"][:7]}
            for k, m in enumerate(months)
            if (k + 1) % max(1, count // 6) == 0
        ],
    }
