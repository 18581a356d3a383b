"""A deterministic synthetic guarantee book of an Incheon-size foundation (2015–2020), in the
CSV interchange format of DESIGN.md — pure Python, no Django, so seed_demo, import_book's
tests and benchmarks can all use it.

    from demo.demobook import generate_book, BookScale
    book = generate_book(scale="incheon", seed=20201231)
    book.branches, book.programs, book.base_assets, book.guarantees, book.events
    book.write_csv("var/book")

How the council figures (DOMAIN.md) come out *exactly*, to the won:

* Every figure is planned first, in whole won: DOMAIN.md's for 2019–2020 (× 1,000,000, so
  rounding half up to 백만원 can only give the seed's number) and an invented but plausible
  plan for 2015–2018 (`plan.py`). Base assets are a table built to the seed's year-end and
  category totals (`baseassets.py`).
* The book is then simulated one year at a time (`simulate.py`). Counts are quotas — exactly
  n accidents, n renewals, n early repayments … — and amounts are first drawn to land *near*
  the target (a seeded random draw tilted toward small or large exposures), then moved
  within each row's physical bounds so the total is exact (`fitting.py`). Each year's
  figures are fixed by knobs nothing later in that year depends on (the partial repayment at
  renewal for supply, a loan's last instalment of the year for the balance, write-offs for
  the recourse-claim balance).
* `figures.summarise` recomputes every figure from the rows alone (the test oracle), and
  `validate.check_book` replays the rows and lists anything physically impossible.

Scales: "incheon" (≈ 145,000 guarantees, the figures above, ~5 s), "national" (the same plan
× 7: ≈ 1,000,000 guarantees, base assets × 7 so the multiplier stays ≈ 8, ~1 min) and "tiny"
(the plan ÷ 400: ≈ 370 guarantees for fast tests, consistent but only near its plan — the
misses are listed in `book.misses` — and carrying Incheon's full base assets, which the
ledger's tests book). Guarantees are general guarantees (empty program_code); programmes
are listed for import. Loss rows of base_assets have an empty category.

Same seed ⇒ the same rows and byte-identical CSV files (string-seeded `random.Random`
streams per stage and year; no set or hash order anywhere).
"""

from __future__ import annotations

from .baseassets import base_asset_rows
from .book import COLUMNS, Book, EventRows, GuaranteeRows, read_csv
from .plan import BookScale
from .reference import BRANCHES, PROGRAM_MULTIPLE, PROGRAMS
from .simulate import BookBuilder

__all__ = ["COLUMNS", "Book", "BookScale", "generate_book", "read_csv"]


def generate_book(
    scale: str | BookScale = BookScale.INCHEON, seed: int = 20201231, strict: bool | None = None
) -> Book:
    """Generate the book. `strict` (default: every scale but tiny) raises `FitError` when a
    planned figure cannot be met; otherwise the shortfalls are listed in `book.misses`."""
    scale = BookScale(scale)
    builder = BookBuilder(scale, seed, strict).build()
    base_assets = base_asset_rows(seed, scale.base_asset_factor)
    # programs.csv's funding is the check the importer makes: the contributions booked to the
    # programme in base_assets.csv (a programme's funding is the journal's, not a typed figure).
    booked: dict[str, int] = {}
    for _date, kind, _category, _who, code, amount, _memo in base_assets:
        if kind == "contribution" and code:
            booked[code] = booked.get(code, 0) + amount
    return Book(
        scale=scale.value,
        seed=seed,
        branches=[(code, name, ";".join(districts)) for code, name, districts in BRANCHES],
        programs=[
            (code, name, booked.get(code, 0), PROGRAM_MULTIPLE, limit, ratio, fee)
            for code, name, limit, ratio, fee in PROGRAMS
        ],
        base_assets=base_assets,
        guarantees=GuaranteeRows(builder),
        events=EventRows(builder),
        misses=list(builder.misses),
    )
