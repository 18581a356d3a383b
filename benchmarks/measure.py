"""The child process of `make bench`: one part measured against the book in DATABASE_URL.

python -m benchmarks.measure figures|report|pages|admin --runs N --warmup N --out FILE.json
python -m benchmarks.measure loading --scale S --scratch URL --template URL --out FILE
python -m benchmarks.measure demo-applications      (after seed_demo: the staff demo)
python -m benchmarks.measure render-html HTML PDF   (the report's reference, alone)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as served: no debug query log, no toolbar
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.measure")
    parser.add_argument("part")
    parser.add_argument("args", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--scale", default="tiny")
    parser.add_argument("--scratch")
    parser.add_argument("--template")
    parser.add_argument("--target", action="append", default=[], help="NAME=RATIO")
    parser.add_argument("--out")
    options = parser.parse_args(argv)
    targets = {k: float(v) for k, v in (t.split("=", 1) for t in options.target)}
    _django()

    if options.part == "render-html":
        from .report import render_html_file

        render_html_file(*options.args)
        return 0
    if options.part == "demo-applications":
        from demo.review import seed_review_demo

        seed_review_demo()
        return 0

    runs, warmup = options.runs, options.warmup
    if options.part == "figures":
        from .figures import multiplier_row, summary_row

        rows = [
            multiplier_row(
                runs=runs,
                warmup=warmup,
                date=dt.date(options.year, 12, 31),
                target=targets.get("multiplier", 1.5),
            ),
            summary_row(
                runs=runs, warmup=warmup, year=options.year, target=targets.get("summary", 1.5)
            ),
        ]
    elif options.part == "report":
        from .report import report_row

        rows = [
            report_row(
                runs=runs, warmup=warmup, year=options.year, target=targets.get("report", 1.3)
            )
        ]
    elif options.part == "pages":
        from .pages import page_rows

        rows = page_rows(runs=runs, warmup=warmup, limit_s=targets.get("page_ms", 200) / 1000)
    elif options.part == "admin":
        from .admin_pages import admin_rows

        rows = admin_rows(runs=runs, warmup=warmup, limit_s=targets.get("admin_ms", 1000) / 1000)
    elif options.part == "loading":
        from .loading import loading_rows

        rows = loading_rows(
            runs=runs,
            warmup=warmup,
            scale=options.scale,
            scratch_url=options.scratch,
            template_url=options.template,
        )
    elif options.part == "bank":
        from .bank_reconciliation import reconciliation_row

        rows = [reconciliation_row(runs=runs, warmup=warmup)]
    elif options.part == "stress":
        from .stress import stress_row

        rows = [stress_row(runs=runs, warmup=warmup, year=options.year)]
    else:
        parser.error(f"unknown part {options.part!r}")
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump([row.to_json() for row in rows], handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
