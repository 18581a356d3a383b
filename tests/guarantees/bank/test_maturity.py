"""기한경과: the sweep lists guarantees past maturity once, closes them by the policy through the
book's termination, and every settlement path takes them off the list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from guarantees.bank import services
from guarantees.bank.maturity import (
    MaturityError,
    overdue_maturity_decide,
    sweep_overdue_maturities,
)
from guarantees.book.selectors import guarantee_balances, outstanding_guarantees
from guarantees.book.services import (
    BookError,
    Termination,
    book_request_create,
    book_request_decide,
    guarantee_event_record,
    guarantee_terminations_record,
)
from guarantees.models import (
    BookRequest,
    BookRequestStatus,
    GuaranteeEvent,
    GuaranteeStatus,
    MaturityPolicy,
    OverdueMaturity,
)
from ledger.models import JournalEntry

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2021, 3, 2)
MATURES = dt.date(2026, 3, 2)
GRACE = 90  # the default policy (migration 0009)
CLOSING_DAY = MATURES + dt.timedelta(days=GRACE)  # 2026-05-31


@pytest.fixture
def matured(make_bank_guarantee):
    def make(**kwargs):
        kwargs.setdefault("issued_on", ISSUED)
        kwargs.setdefault("matures_on", MATURES)
        return make_bank_guarantee(imported=True, **kwargs)

    return make


def _exposure(guarantee) -> int:
    return guarantee_balances(guarantee_id=guarantee.id)["exposure_krw"]


def _rows():
    return list(
        OverdueMaturity.objects.order_by("id").values_list(
            "guarantee_id", "matures_on", "listed_on", "resolved_on", "closed_by_policy"
        )
    )


def test_the_default_policy_is_90_days_then_closed():
    policy = MaturityPolicy.objects.get()
    assert (policy.grace_days, policy.close_after_grace) == (90, True)


def test_a_guarantee_past_maturity_is_listed_once_and_a_second_sweep_changes_nothing(matured):
    guarantee = matured()
    day = MATURES + dt.timedelta(days=1)

    first = sweep_overdue_maturities(on=day)
    rows = _rows()
    second = sweep_overdue_maturities(on=day)
    third = sweep_overdue_maturities(on=day + dt.timedelta(days=5))

    assert (first.listed, first.closed, first.open) == (1, 0, 1)
    assert rows == [(guarantee.id, MATURES, day, None, False)]
    assert (second.listed, second.closed, second.resolved) == (0, 0, 0)
    assert (third.listed, third.closed) == (0, 0)
    assert _rows() == rows


def test_it_lists_nothing_on_the_maturity_day_itself(matured):
    matured()

    assert sweep_overdue_maturities(on=MATURES).listed == 0


def test_it_does_not_list_a_guarantee_in_default_terminated_or_with_an_extension_pending(
    matured, make_user
):
    in_default = matured()
    guarantee_event_record(
        guarantee_id=in_default.id, kind="accident", date=MATURES, amount_krw=1_000_000
    )
    terminated = matured()
    guarantee_event_record(guarantee_id=terminated.id, kind="termination", date=MATURES)
    extension = matured()
    book_request_create(
        guarantee_id=extension.id,
        kind="extension",
        date=MATURES,
        amount_krw=_exposure(extension),
        new_matures_on=dt.date(2027, 3, 2),
        actor=make_user("reviewer", "NAMDONG"),
    )
    not_yet = matured(matures_on=dt.date(2026, 12, 31))

    result = sweep_overdue_maturities(on=dt.date(2026, 4, 1))

    assert result.listed == 0
    assert not OverdueMaturity.objects.filter(
        guarantee__in=[in_default, terminated, extension, not_yet]
    ).exists()


def test_within_the_grace_the_guarantee_stays_listed_and_open(matured):
    guarantee = matured()

    result = sweep_overdue_maturities(on=CLOSING_DAY - dt.timedelta(days=1))

    assert (result.listed, result.closed) == (1, 0)
    guarantee.refresh_from_db()
    assert guarantee.status == GuaranteeStatus.ACTIVE
    assert _exposure(guarantee) == guarantee.guaranteed_amount_krw


def test_after_the_grace_it_is_closed_dated_maturity_plus_grace_releasing_the_exposure(matured):
    guarantee = matured()
    amount = guarantee.guaranteed_amount_krw
    later = CLOSING_DAY + dt.timedelta(days=40)  # a late (catch-up) run

    result = sweep_overdue_maturities(on=later)

    guarantee.refresh_from_db()
    assert (result.listed, result.closed, result.released_krw, result.open) == (1, 1, amount, 0)
    assert guarantee.status == GuaranteeStatus.TERMINATED
    event = GuaranteeEvent.objects.get(guarantee=guarantee, kind="termination")
    assert (event.date, event.amount_krw) == (CLOSING_DAY, amount)
    assert event.journal_entry.idempotency_key == f"guarantee_event:{event.pk}"
    assert _exposure(guarantee) == 0
    # the exposure is gone from the day the grace ended, not from the day the job ran
    day_before = CLOSING_DAY - dt.timedelta(days=1)
    assert outstanding_guarantees(at=day_before) == {"count": 1, "amount_krw": amount}
    assert outstanding_guarantees(at=CLOSING_DAY) == {"count": 0, "amount_krw": 0}
    row = OverdueMaturity.objects.get(guarantee=guarantee)
    assert (row.resolved_on, row.closed_by_policy, row.event_id) == (CLOSING_DAY, True, event.pk)
    # and again: nothing more
    again = sweep_overdue_maturities(on=later)
    assert (again.listed, again.closed, again.resolved) == (0, 0, 0)
    assert GuaranteeEvent.objects.filter(guarantee=guarantee).count() == 1


def test_a_policy_closing_books_what_a_termination_by_the_book_service_books(matured):
    by_policy, by_hand = matured(), matured()

    guarantee_event_record(guarantee_id=by_hand.id, kind="termination", date=CLOSING_DAY)
    sweep_overdue_maturities(on=CLOSING_DAY)

    def booked(guarantee):
        event = GuaranteeEvent.objects.get(guarantee=guarantee)
        entry = event.journal_entry
        lines = sorted(
            (p.account.code, p.amount_krw, p.branch_id, p.program_id, p.guarantee_id is not None)
            for p in entry.postings.select_related("account")
        )
        guarantee.refresh_from_db()
        return (
            event.kind,
            event.date,
            event.amount_krw,
            entry.kind,
            entry.date,
            lines,
            guarantee.status,
        )

    assert booked(by_policy) == booked(by_hand)


def test_a_journal_entry_after_the_closing_day_dates_the_closing_after_it(matured):
    guarantee = matured()
    repaid_on = CLOSING_DAY + dt.timedelta(days=3)
    guarantee_event_record(
        guarantee_id=guarantee.id, kind="repayment", date=repaid_on, amount_krw=1_000
    )

    assert sweep_overdue_maturities(on=CLOSING_DAY).closed == 0  # waits for that day
    sweep_overdue_maturities(on=repaid_on)

    event = GuaranteeEvent.objects.get(guarantee=guarantee, kind="termination")
    assert event.date == repaid_on


def test_with_close_after_grace_off_it_only_lists(matured):
    MaturityPolicy.objects.create(
        effective_from=dt.date(2026, 1, 1), grace_days=30, close_after_grace=False, reason="시험"
    )
    under_new_policy = matured()  # matures 2026-03-02: the new policy is in force
    under_old_policy = matured(matures_on=dt.date(2025, 12, 1))

    result = sweep_overdue_maturities(on=dt.date(2026, 11, 1))

    assert (result.listed, result.closed) == (2, 1)
    under_new_policy.refresh_from_db()
    under_old_policy.refresh_from_db()
    assert under_new_policy.status == GuaranteeStatus.ACTIVE
    assert under_old_policy.status == GuaranteeStatus.TERMINATED


def test_the_policy_in_force_on_the_maturity_day_sets_the_grace(matured):
    MaturityPolicy.objects.create(effective_from=dt.date(2026, 1, 1), grace_days=30, reason="시험")
    guarantee = matured()

    sweep_overdue_maturities(on=dt.date(2026, 11, 1))

    event = GuaranteeEvent.objects.get(guarantee=guarantee, kind="termination")
    assert event.date == MATURES + dt.timedelta(days=30)


def test_a_pending_staff_request_keeps_the_policy_from_closing(matured, make_user):
    guarantee = matured()
    book_request_create(
        guarantee_id=guarantee.id,
        kind="repayment",
        date=MATURES,
        amount_krw=1_000,
        actor=make_user("reviewer", "NAMDONG"),
    )

    result = sweep_overdue_maturities(on=CLOSING_DAY)

    assert (result.listed, result.closed) == (1, 0)


def test_a_bank_settlement_after_listing_resolves_the_row_with_its_event(matured, ibk_source):
    guarantee = matured()
    sweep_overdue_maturities(on=MATURES + dt.timedelta(days=10))

    report = services.maturity_settlement_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        settled_on=MATURES + dt.timedelta(days=12),
        outcome="repaid",
    )

    row = OverdueMaturity.objects.get(guarantee=guarantee)
    assert (row.resolved_on, row.event_id, row.closed_by_policy) == (
        MATURES + dt.timedelta(days=12),
        report.event_id,
        False,
    )


def test_a_default_report_resolves_the_row_and_a_normalisation_lists_it_again(matured, ibk_source):
    guarantee = matured()
    sweep_overdue_maturities(on=MATURES + dt.timedelta(days=10))
    services.default_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        default_on=MATURES + dt.timedelta(days=11),
        overdue_principal_krw=1_000_000,
        reason="연체 3개월",
    )
    assert OverdueMaturity.objects.get(guarantee=guarantee).resolved_on is not None
    assert sweep_overdue_maturities(on=CLOSING_DAY).closed == 0  # in default: not closed

    guarantee_event_record(
        guarantee_id=guarantee.id,
        kind="normalization",
        date=MATURES + dt.timedelta(days=20),
        amount_krw=850_000,
    )
    result = sweep_overdue_maturities(on=MATURES + dt.timedelta(days=21))

    assert result.listed == 1
    row = OverdueMaturity.objects.get(guarantee=guarantee)
    assert (row.resolved_on, row.event_id) == (None, None)


def test_an_approved_extension_resolves_the_row(matured, ibk_source, make_user):
    guarantee = matured()
    sweep_overdue_maturities(on=MATURES + dt.timedelta(days=10))
    report = services.maturity_settlement_report(
        source=ibk_source,
        guarantee_no=guarantee.guarantee_no,
        settled_on=MATURES + dt.timedelta(days=10),
        outcome="extended",
        new_matures_on=dt.date(2027, 3, 2),
    )
    assert sweep_overdue_maturities(on=CLOSING_DAY).closed == 0  # the branch decides first

    book_request_decide(
        request_id=report.book_request_id,
        approve=True,
        actor=make_user("branch_manager", "NAMDONG"),
    )

    row = OverdueMaturity.objects.get(guarantee=guarantee)
    assert row.resolved_on == MATURES + dt.timedelta(days=10)
    assert sweep_overdue_maturities(on=CLOSING_DAY).listed == 0  # the new maturity is ahead


def test_the_bulk_termination_refuses_a_guarantee_that_is_not_active(matured):
    fine, in_default = matured(), matured()
    guarantee_event_record(
        guarantee_id=in_default.id, kind="accident", date=MATURES, amount_krw=1_000
    )
    entries = JournalEntry.objects.count()

    with pytest.raises(BookError, match="정상 상태가 아니어서"):
        guarantee_terminations_record(
            terminations=[
                Termination(guarantee_id=fine.id, date=CLOSING_DAY),
                Termination(guarantee_id=in_default.id, date=CLOSING_DAY),
            ],
            memo="시험",
        )

    assert JournalEntry.objects.count() == entries
    fine.refresh_from_db()
    assert fine.status == GuaranteeStatus.ACTIVE


def test_the_bulk_termination_refuses_a_date_before_issue(matured):
    guarantee = matured()

    with pytest.raises(BookError, match="발급일"):
        guarantee_terminations_record(
            terminations=[Termination(guarantee_id=guarantee.id, date=ISSUED - dt.timedelta(1))],
            memo="시험",
        )


# ----------------------------------------------------------------------------- decisions


def _listed(matured):
    guarantee = matured()
    sweep_overdue_maturities(on=MATURES + dt.timedelta(days=5))
    return OverdueMaturity.objects.get(guarantee=guarantee)


def test_a_note_is_kept_and_books_nothing(matured, make_user):
    row = _listed(matured)

    decision = overdue_maturity_decide(
        overdue_id=row.id,
        kind="bank_contacted",
        note="은행에 상환 여부 문의",
        actor=make_user("reviewer", "NAMDONG"),
    )

    assert decision.book_request is None
    assert not BookRequest.objects.exists()
    assert list(row.decisions.values_list("kind", flat=True)) == ["bank_contacted"]


def test_an_extension_decision_opens_a_request_that_a_second_person_approves(matured, make_user):
    row = _listed(matured)
    reviewer = make_user("reviewer", "NAMDONG")

    decision = overdue_maturity_decide(
        overdue_id=row.id,
        kind="extension_requested",
        note="은행이 1년 연장 통보",
        actor=reviewer,
        date=MATURES + dt.timedelta(days=6),
        new_matures_on=dt.date(2027, 3, 2),
    )
    request = decision.book_request
    assert (request.kind, request.status, request.new_matures_on) == (
        "extension",
        BookRequestStatus.PENDING,
        dt.date(2027, 3, 2),
    )
    assert sweep_overdue_maturities(on=CLOSING_DAY).closed == 0

    with pytest.raises(BookError, match="4-eyes"):
        book_request_decide(request_id=request.id, approve=True, actor=reviewer)
    book_request_decide(
        request_id=request.id, approve=True, actor=make_user("branch_manager", "NAMDONG")
    )

    row.refresh_from_db()
    assert row.resolved_on == MATURES + dt.timedelta(days=6)
    row.guarantee.refresh_from_db()
    assert row.guarantee.matures_on == dt.date(2027, 3, 2)


def test_a_default_decision_needs_the_amount_and_opens_an_accident_request(matured, make_user):
    row = _listed(matured)
    reviewer = make_user("reviewer", "NAMDONG")

    with pytest.raises(MaturityError, match="사고 금액"):
        overdue_maturity_decide(
            overdue_id=row.id, kind="default_reported", note="연체 통보", actor=reviewer
        )
    decision = overdue_maturity_decide(
        overdue_id=row.id,
        kind="default_reported",
        note="연체 통보",
        actor=reviewer,
        amount_krw=2_000_000,
    )

    assert (decision.book_request.kind, decision.book_request.amount_krw) == ("accident", 2_000_000)


@pytest.mark.parametrize(
    ("kind", "note", "extra", "message"),
    [
        ("bank_contacted", "  ", {}, "처리 내용"),
        ("nonsense", "메모", {}, "알 수 없는 처리 구분"),
        ("extension_requested", "연장", {"new_matures_on": MATURES}, "새 만기일"),
        ("termination_requested", "해지", {"date": dt.date(2099, 1, 1)}, "오늘"),
    ],
)
def test_it_refuses_a_bad_decision(matured, make_user, kind, note, extra, message):
    row = _listed(matured)

    with pytest.raises(MaturityError, match=message):
        overdue_maturity_decide(
            overdue_id=row.id, kind=kind, note=note, actor=make_user("reviewer", "NAMDONG"), **extra
        )

    assert not row.decisions.exists() and not BookRequest.objects.exists()


def test_it_refuses_a_second_request_while_one_is_pending_and_a_resolved_row(matured, make_user):
    row = _listed(matured)
    reviewer = make_user("reviewer", "NAMDONG")
    overdue_maturity_decide(
        overdue_id=row.id, kind="termination_requested", note="상환 확인", actor=reviewer
    )
    with pytest.raises(MaturityError, match="승인을 기다리는"):
        overdue_maturity_decide(
            overdue_id=row.id, kind="termination_requested", note="다시", actor=reviewer
        )

    book_request_decide(
        request_id=row.decisions.get().book_request_id,
        approve=True,
        actor=make_user("branch_manager", "NAMDONG"),
    )
    with pytest.raises(MaturityError, match="해소되었습니다"):
        overdue_maturity_decide(
            overdue_id=row.id, kind="bank_contacted", note="메모", actor=reviewer
        )


# ----------------------------------------------------------------------------- job, command


def test_the_command_runs_the_sweep_for_the_day_given(matured, capsys):
    from django.core.management import call_command

    guarantee = matured()

    call_command("sweep_maturities", "--on", CLOSING_DAY.isoformat(), "--json")

    out = json.loads(capsys.readouterr().out)
    assert out == {
        "on": CLOSING_DAY.isoformat(),
        "resolved": 0,
        "listed": 1,
        "closed": 1,
        "released_krw": guarantee.guaranteed_amount_krw,
        "open": 0,
    }


def test_the_command_refuses_a_bad_date():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sweep_maturities", "--on", "2026-13-01")


def test_the_nightly_task_is_scheduled_and_runs_the_same_sweep(matured, settings):
    from guarantees.bank.tasks import maturity_sweep

    entry = settings.CELERY_BEAT_SCHEDULE["guarantees-maturity-sweep-nightly"]
    assert entry["task"] == maturity_sweep.name == "guarantees.bank.maturity_sweep"
    matured()

    first = maturity_sweep(CLOSING_DAY.isoformat())
    second = maturity_sweep(CLOSING_DAY.isoformat())

    assert (first["listed"], first["closed"]) == (1, 1)
    assert (second["listed"], second["closed"]) == (0, 0)
