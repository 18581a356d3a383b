"""The simulation's state: a guarantee while it lives, and the log of its events."""

from __future__ import annotations

from array import array
from decimal import Decimal

from .days import add_years

EVENT_KINDS = (
    "repayment",
    "extension",
    "accident",
    "normalization",
    "subrogation",
    "termination",
    "recovery",
    "write_off",
)
# The order also ranks events of one guarantee on the same day (repay, then renew, …).
(REPAYMENT, EXTENSION, ACCIDENT, NORMALIZATION, SUBROGATION, TERMINATION, RECOVERY, WRITE_OFF) = (
    range(8)
)

MEMOS = (
    "",
    "분할상환",
    "일부상환(기한연장)",
    "기한연장",
    "만기 상환",
    "중도 상환",
    "연체(보증사고)",
    "휴업·폐업(보증사고)",
    "연체 해소(정상화)",
    "대위변제",
    "구상채권 회수",
    "구상채권 상각",
    "분할상환 완료",
    "일부 상각(원금감면)",
)
(
    M_NONE,
    M_INSTALMENT,
    M_PARTIAL,
    M_EXTENSION,
    M_MATURITY,
    M_PREPAID,
    M_OVERDUE,
    M_CLOSED_DOWN,
    M_CURED,
    M_SUBROGATED,
    M_RECOVERED,
    M_WRITTEN_OFF,
    M_LAST_INSTALMENT,
    M_PARTIAL_WRITE_OFF,
) = range(len(MEMOS))

# A guarantee's state: live, live with an open accident, repaid, or paid by the foundation.
ACTIVE, IN_ACCIDENT, CLOSED, SUBROGATED = range(4)


class Guarantee:
    """One guarantee's state while the book is simulated (rows are made from it later)."""

    __slots__ = (
        "acc_amount",
        "acc_date",
        "amount",
        "bank",
        "bullet",
        "business",
        "claim",
        "claim_last",
        "claim_opened",
        "fee",
        "first_maturity",
        "grace",
        "idx",
        "issued",
        "k",
        "knob",
        "last_date",
        "last_ev",
        "level",
        "loan",
        "maturity",
        "next_due",
        "no",
        "ratio",
        "state",
        "term",
        "touched",
        "year",
    )

    def __init__(
        self,
        idx: int,
        year: int,
        issued: int,
        business: int,
        bank: str,
        loan: int,
        ratio: Decimal,
        fee: Decimal,
        bullet: bool,
        term: int,
        grace: int,
    ):
        self.idx, self.year, self.issued, self.business, self.bank = (
            idx,
            year,
            issued,
            business,
            bank,
        )
        self.no = ""
        self.loan, self.ratio, self.fee = loan, ratio, fee
        self.amount = loan * int(ratio) // 100  # ratios are whole percents here
        self.bullet, self.term, self.grace = bullet, term, grace
        self.first_maturity = self.maturity = 0
        self.level = self.amount
        self.state = ACTIVE
        self.k = grace + 1  # next anniversary that carries an instalment
        self.next_due = None if bullet or self.k >= term else add_years(issued, self.k)
        self.acc_date = self.acc_amount = 0
        self.claim = self.claim_opened = self.claim_last = 0
        self.touched = 0  # last year with an accident, resolution or extension
        self.knob = -1  # index of the latest scheduled instalment event
        self.last_ev = -1
        self.last_date = issued

    def level_at(self, day: int) -> int:
        """Exposure on `day` after scheduled instalments, without booking them."""
        level, k, due = self.level, self.k, self.next_due
        while due is not None and due <= day:
            level -= level // (self.term - k + 1)
            k += 1
            due = add_years(self.issued, k) if k < self.term else None
        return level


class EventLog:
    """Events as parallel arrays (a national book has millions of them)."""

    def __init__(self) -> None:
        self.g = array("i")
        self.date = array("i")
        self.kind = array("b")
        self.amount = array("q")
        self.new_maturity = array("i")
        self.memo = array("b")

    def __len__(self) -> int:
        return len(self.g)

    def add(
        self, g: Guarantee, day: int, kind: int, amount: int, memo: int, new_maturity: int = 0
    ) -> int:
        index = len(self.g)
        self.g.append(g.idx)
        self.date.append(day)
        self.kind.append(kind)
        self.amount.append(amount)
        self.new_maturity.append(new_maturity)
        self.memo.append(memo)
        g.last_ev, g.last_date = index, day
        return index
