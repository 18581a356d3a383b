"""Applicant services: drafts, limits, documents, submission, withdrawal, supplement, signing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from guarantees.applicant import services
from guarantees.models import Agreement, ApplicationEvent, ApplicationStatus

from . import staff_steps
from .conftest import make_business

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_start_draft_resumes_the_same_draft(draft, business, covid, verified_applicant):
    again = services.application_start_draft(
        user=verified_applicant, business=business, program=covid
    )
    assert again.pk == draft.pk
    assert draft.branch.code == "NAMDONG"


def test_start_draft_refuses_an_ineligible_programme(business, programs, verified_applicant):
    with pytest.raises(services.ApplicationError, match="지원 자격을 충족하지 않아"):
        services.application_start_draft(
            user=verified_applicant, business=business, program=programs["UNDERGROUND"]
        )


def test_save_draft_refuses_an_amount_over_the_per_business_limit(draft, verified_applicant):
    with pytest.raises(services.ApplicationIncomplete, match="업체당 한도를 넘습니다"):
        services.application_save_draft(
            application_id=draft.pk,
            actor=verified_applicant,
            amount_krw=30_000_000,
            purpose="",
            bank=None,
            term_months=None,
        )


def test_amount_over_remaining_capacity_is_refused(draft, covid):
    covid.capacity_override_krw = 10_000_000
    covid.save()
    draft.program.refresh_from_db()
    problems = services.amount_problems(application=draft, amount_krw=15_000_000)
    assert any("남은 보증 한도" in p for p in problems)


def test_submit_gives_a_sequence_tracking_number_an_event_and_an_email(
    complete_draft, verified_applicant, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.example"
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            application_id=complete_draft.pk, actor=verified_applicant
        )
    assert application.status == S.SUBMITTED
    assert application.tracking_no.startswith("ICGF-2")
    assert len(application.tracking_no) == len("ICGF-2026-000123")
    event = ApplicationEvent.objects.get(application=application, action="submit")
    assert event.from_status == S.DRAFT and event.to_status == S.SUBMITTED
    assert len(mail.outbox) == 1 and application.tracking_no in mail.outbox[0].subject
    status = f"https://portal.example/guarantees/apply/{application.pk}/"
    assert status in mail.outbox[0].body  # absolute, from settings.SITE_URL (issue 19)


def test_tracking_numbers_are_distinct(programs, make_user, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from guarantees.applicant import uploads

    from .conftest import upload

    numbers = set()
    for i, brn in enumerate(["220-81-62517", "101-81-62518", "123-45-67891"]):
        user = make_user("applicant", email_verified_at=timezone.now())
        from guarantees.validators import brn_check_digit

        digits = brn.replace("-", "")[:9]
        number = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}{brn_check_digit(digits)}"
        biz = make_business(user, brn=number, name=f"가게{i}")
        app = services.application_start_draft(user=user, business=biz, program=programs["COVID19"])
        services.application_save_draft(
            application_id=app.pk,
            actor=user,
            amount_krw=5_000_000,
            purpose="운영자금",
            bank=programs["COVID19"].banks.first(),
            term_months=60,
        )
        for required in programs["COVID19"].documents.all():
            services.application_attach_document(
                application_id=app.pk,
                actor=user,
                required_document=required,
                checked=uploads.check_upload(upload()),
            )
        numbers.add(services.application_submit(application_id=app.pk, actor=user).tracking_no)
    assert len(numbers) == 3


def test_submit_without_a_mandatory_document_names_it(draft, covid, verified_applicant):
    services.application_save_draft(
        application_id=draft.pk,
        actor=verified_applicant,
        amount_krw=10_000_000,
        purpose="운영자금",
        bank=covid.banks.first(),
        term_months=60,
    )
    with pytest.raises(services.ApplicationIncomplete) as caught:
        services.application_submit(application_id=draft.pk, actor=verified_applicant)
    assert ("doc_BIZ_REG", "필수 서류 ‘사업자등록증명’을 올려 주세요.") in caught.value.errors
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.tracking_no is None


def test_submit_needs_a_verified_email(complete_draft, verified_applicant):
    verified_applicant.email_verified_at = None
    verified_applicant.save()
    with pytest.raises(services.ApplicationIncomplete, match="이메일 인증"):
        services.application_submit(application_id=complete_draft.pk, actor=verified_applicant)


def test_a_second_submit_is_refused_with_its_tracking_number(submitted, verified_applicant):
    with pytest.raises(services.ApplicationError, match="이미 제출된 신청입니다"):
        services.application_submit(application_id=submitted.pk, actor=verified_applicant)
    assert ApplicationEvent.objects.filter(application=submitted, action="submit").count() == 1


def test_another_applicant_cannot_submit_or_withdraw(submitted, other_applicant):
    with pytest.raises(services.ApplicationError):
        services.application_withdraw(application_id=submitted.pk, actor=other_applicant)


def test_withdraw_before_a_decision(submitted, verified_applicant):
    services.application_withdraw(application_id=submitted.pk, actor=verified_applicant)
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN


def test_withdraw_after_approval_is_refused(submitted, verified_applicant, reviewer):
    staff_steps.approve(submitted.pk, reviewer)
    with pytest.raises(services.ApplicationError, match="결정이 내려진 뒤"):
        services.application_withdraw(application_id=submitted.pk, actor=verified_applicant)


def test_supplement_answer_returns_to_the_step_that_asked(submitted, verified_applicant, reviewer):
    from guarantees.applicant import uploads

    from .conftest import PNG_BYTES, upload

    staff_steps.verify(submitted.pk, reviewer)
    staff_steps.request_supplement(submitted.pk, reviewer, "임대차계약서 전체 면을 올려 주세요.")
    answer = services.application_answer_supplement(
        application_id=submitted.pk,
        actor=verified_applicant,
        note="전체 면을 다시 올립니다.",
        files=[uploads.check_upload(upload("lease.png", PNG_BYTES, "image/png"))],
    )
    submitted.refresh_from_db()
    assert submitted.status == S.DOCS_VERIFIED
    assert answer.documents.get().kind == "png"
    assert answer.request_event.reason.startswith("임대차계약서")


def test_agreement_needs_the_password_and_every_consent(submitted, verified_applicant, reviewer):
    staff_steps.approve(submitted.pk, reviewer)
    all_consents = dict.fromkeys(services.REQUIRED_CONSENTS, True)
    with pytest.raises(services.ApplicationIncomplete, match="비밀번호가 맞지 않습니다"):
        services.agreement_sign(
            application_id=submitted.pk,
            actor=verified_applicant,
            password="wrong",
            consents=all_consents,
            ip_address="127.0.0.1",
            user_agent="t",
        )
    with pytest.raises(services.ApplicationIncomplete, match="동의해야"):
        services.agreement_sign(
            application_id=submitted.pk,
            actor=verified_applicant,
            password="pw-for-tests-1",
            consents={"terms": True},
            ip_address="127.0.0.1",
            user_agent="t",
        )
    agreement = services.agreement_sign(
        application_id=submitted.pk,
        actor=verified_applicant,
        password="pw-for-tests-1",
        consents=all_consents,
        ip_address="127.0.0.1",
        user_agent="Mozilla/5.0 test",
    )
    submitted.refresh_from_db()
    assert submitted.status == S.AGREEMENT_SIGNED
    assert agreement.terms["guaranteed_amount_krw"] == 15_000_000
    # 15,000,000 × 0.8% × 5 years = 600,000원, up front
    assert agreement.terms["fee_krw"] == 600_000
    assert agreement.terms_sha256 == services.terms_digest(agreement.terms)
    assert agreement.ip_address == "127.0.0.1"


def test_a_signed_agreement_cannot_be_changed_or_deleted(submitted, verified_applicant, reviewer):
    staff_steps.approve(submitted.pk, reviewer)
    agreement = services.agreement_sign(
        application_id=submitted.pk,
        actor=verified_applicant,
        password="pw-for-tests-1",
        consents=dict.fromkeys(services.REQUIRED_CONSENTS, True),
        ip_address=None,
        user_agent="",
    )
    with pytest.raises(Exception, match="Cannot update or delete"), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(terms_sha256="0" * 64)
    with pytest.raises(Exception, match="Cannot update or delete"), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).delete()


def test_issuing_posts_balanced_exposure(submitted, verified_applicant, reviewer):
    from ledger.models import JournalEntry

    staff_steps.approve(submitted.pk, reviewer)
    services.agreement_sign(
        application_id=submitted.pk,
        actor=verified_applicant,
        password="pw-for-tests-1",
        consents=dict.fromkeys(services.REQUIRED_CONSENTS, True),
        ip_address=None,
        user_agent="",
    )
    guarantee = staff_steps.issue(submitted.pk, reviewer)
    entry = JournalEntry.objects.get(idempotency_key=f"guarantee_issue:{guarantee.guarantee_no}")
    assert sum(p.amount_krw for p in entry.postings.all()) == 0
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_business_number_is_unique(business, make_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_business(make_user("applicant"))


def test_signing_after_the_deadline_is_refused(submitted, verified_applicant, reviewer):
    import datetime as dt

    from guarantees.models import Application

    staff_steps.approve(submitted.pk, reviewer)
    Application.objects.filter(pk=submitted.pk).update(
        decided_at=submitted.created_at - dt.timedelta(days=60)
    )
    with pytest.raises(services.ApplicationError, match="약정 기한"):
        services.agreement_sign(
            application_id=submitted.pk,
            actor=verified_applicant,
            password="pw-for-tests-1",
            consents=dict.fromkeys(services.REQUIRED_CONSENTS, True),
            ip_address=None,
            user_agent="",
        )


def test_the_terms_digest_is_stable_and_order_independent():
    a = {"b": 1, "a": "보증", "c": ["x"]}
    b = {"c": ["x"], "a": "보증", "b": 1}
    assert services.terms_digest(a) == services.terms_digest(b)
    assert len(services.terms_digest(a)) == 64


def test_used_limit_counts_other_live_applications(submitted, business, covid, verified_applicant):
    from guarantees.models import Application

    second = Application.objects.create(
        business=business, applicant=verified_applicant, program=covid, branch=submitted.branch
    )
    problems = services.amount_problems(application=second, amount_krw=10_000_000)
    assert problems and "이미 1,500만원" in problems[0] and "500만원까지" in problems[0]


def test_annual_fee_rule_charges_one_year(submitted, covid, reviewer):
    from guarantees.applicant.selectors import agreement_terms
    from programs.models import FeePayment

    staff_steps.approve(submitted.pk, reviewer)
    covid.fee_payment = FeePayment.ANNUAL
    covid.save()
    submitted.refresh_from_db()
    terms = agreement_terms(submitted)
    # 15,000,000 × 0.8% = 120,000원 a year
    assert terms["fee_krw"] == 120_000 and "매년" in terms["fee_rule"]
    assert terms["subsidy"] == ["1년차 이자 전액", "2~5년차 1.5%p"]
    assert terms["fee_rate_pct"] == "0.8" and terms["guarantee_ratio_pct"] == "100"
