"""The legacy-book importer shared by `import_book` and `seed_demo` (DESIGN.md "Interchange").

Two phases:

1. **validate** every row of every table (file, row, column, reason — all problems, not the
   first) and replay each guarantee's events in date order, so that an exposure or a recourse
   claim that would go negative, or an event before the guarantee exists, is a problem too;
2. **load** — only when there is no problem — everything in the caller's single transaction:
   businesses, guarantees, their events and journal entries, written with PostgreSQL COPY
   (ids taken from the tables' sequences up front, so that postings can reference entries).

Idempotent: a guarantee already present (same `guarantee_no`) is not booked again, an event
already present (same guarantee, date, kind, amount and new maturity — counted, so that two
identical rows are two events) is skipped, and base-asset rows carry the same idempotency keys
as `ledger.services.contribution_record` / `loss_closing_record`. Importing the same files twice
changes nothing.

Rows are tuples in the interchange column order; cells may be strings (CSV) or typed values
(`datetime.date`, `int`, `Decimal`: the demo generator). Row numbers are file line numbers:
the header is line 1, the first data row line 2.

Journal conventions (chart.py): issuance Dr memo.exposure / Cr memo.exposure_contra;
repayment and termination the reverse; extension re-books the renewed amount (+ and − on
memo.exposure: supply without a change of balance); accident Dr memo.accident / Cr its contra,
normalisation the reverse; subrogation Dr recourse_claims / Cr cash, releases the exposure
left and closes the accident memo left; recovery Dr cash / Cr recourse_claims; write-off
Dr expense.claim_write_off / Cr recourse_claims. Every posting carries guarantee, branch and
programme.
"""
