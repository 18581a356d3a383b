"""The chart of accounts: codes used by services (the rows are created by migration 0003).

Signs: debit positive, credit negative. Base assets are credit-normal (contributions are
credits; accumulated loss is a debit on `base.loss`), so base assets = −Σ postings.
Guarantee exposure is an off-balance memo pair: issuing debits `memo.exposure` and credits
`memo.exposure_contra`; repayment, termination and subrogation reverse it.

The rows themselves are created by migration 0003_chart_of_accounts.
"""

from .models import BaseAssetCategory

CASH = "cash"
RECOURSE_CLAIMS = "recourse_claims"
FEES_RECEIVABLE = "fees_receivable"
EXPOSURE = "memo.exposure"
EXPOSURE_CONTRA = "memo.exposure_contra"
ACCIDENT_MEMO = "memo.accident"
ACCIDENT_CONTRA = "memo.accident_contra"
# 이차보전: paid by the contributor for a guarantee's loan interest; money that passes the
# foundation by, kept as an off-balance memo pair with programme, guarantee and contributor.
SUBSIDY_PAID = "memo.subsidy_paid"
SUBSIDY_PAID_CONTRA = "memo.subsidy_paid_contra"
# 이차보전 청구: approved by the foundation, owed by the contributor until it pays (Dr payable
# at approval, reversed at payment, when the payment itself is booked to memo.subsidy_paid).
SUBSIDY_PAYABLE = "memo.subsidy_payable"
SUBSIDY_PAYABLE_CONTRA = "memo.subsidy_payable_contra"
ACCUMULATED_LOSS = "base.loss"
PROFIT_AND_LOSS = "pl.summary"
FEE_INCOME = "income.fees"
INTEREST_INCOME = "income.interest"
CLAIM_WRITE_OFF_EXPENSE = "expense.claim_write_off"
CLAIM_SALE_LOSS = "expense.claim_sale_loss"


def base_asset_account(category: str) -> str:
    """The contribution account of a contributor category (`city` → `base.city`)."""
    return f"base.{BaseAssetCategory(category).value}"
