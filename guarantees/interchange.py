"""The CSV interchange format of a guarantee book (DESIGN.md, "Interchange"): file names and
their columns, in order. Pure Python: the demo-book generator writes it, `import_book` reads it.
"""

COLUMNS: dict[str, tuple[str, ...]] = {
    "branches": ("branch_code", "name", "districts"),
    "programs": (
        "program_code",
        "name",
        "funding_krw",
        "multiple",
        "per_business_limit_krw",
        "guarantee_ratio_pct",
        "fee_rate_pct",
    ),
    "base_assets": (
        "date",
        "kind",
        "category",
        "contributor",
        "program_code",
        "amount_krw",
        "memo",
    ),
    "guarantees": (
        "guarantee_no",
        "business_no",
        "business_name",
        "branch_code",
        "program_code",
        "bank",
        "issued_on",
        "matures_on",
        "loan_amount_krw",
        "guarantee_ratio_pct",
        "fee_rate_pct",
    ),
    "events": ("guarantee_no", "date", "event", "amount_krw", "new_matures_on", "memo"),
    # optional: 이차보전 paid for a guarantee over a period (issue 13, part 7)
    "subsidies": (
        "program_code",
        "guarantee_no",
        "period_start",
        "period_end",
        "amount_krw",
        "paid_on",
    ),
}
