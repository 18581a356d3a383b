"""The partner banks' channel (issue 12): the bank API (/api/bank/v1/), the bank desk in the
browser, monthly reconciliation and the maturity job. Everything a bank reports goes through
the book services (guarantees/book/services.py); see docs/bank-api.md."""
