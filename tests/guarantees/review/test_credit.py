"""Issue 15 item 3: a verified credit grade decides the survey skip; the applicant's own
figure is only a declaration; staff can skip or require the survey by hand with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from common.history import change_history
from guarantees.applicant import uploads
from guarantees.models import (
    ApplicationStatus,
    CreditReport,
    FieldSurvey,
    SurveyDecision,
)
from guarantees.review import services
from guarantees.workflow import WorkflowError

from .factories import BusinessFactory, make_application, report_upload, verify_credit

S = ApplicationStatus
EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture
def declared_high(applicant, program):
    """An application whose applicant declared 950 (bar 700): no verified grade yet."""
    return make_application(
        applicant=applicant, program=program, business=BusinessFactory(credit_score=950)
    )


def _verify(app, reviewer):
    services.application_verify_documents(application=app, actor=reviewer)
    app.refresh_from_db()
    return app


# --- the rule uses only the verified figure ---------------------------------------------------


def test_a_declared_score_alone_never_skips_the_survey(declared_high, reviewer):
    app = _verify(declared_high, reviewer)
    assert app.status == S.DOCS_VERIFIED
    assert not FieldSurvey.objects.filter(application=app).exists()
    verdict = services.survey_verdict(app)
    assert verdict.required and verdict.code == "survey_not_verified"


def test_a_verified_score_below_the_bar_requires_the_survey_whatever_was_declared(
    declared_high, reviewer
):
    verify_credit(declared_high, reviewer, score=699)
    app = _verify(declared_high, reviewer)
    assert app.status == S.DOCS_VERIFIED
    assert services.survey_verdict(app).code == "survey_below_bar"


def test_a_verified_score_at_the_bar_skips_with_the_figure_in_the_reason(
    applicant, reviewer, program
):
    app = make_application(
        applicant=applicant, program=program, business=BusinessFactory(credit_score=None)
    )
    verify_credit(app, reviewer, score=700, bureau="kcb", on=dt.date(2026, 11, 30))
    app = _verify(app, reviewer)
    assert app.status == S.SCREENING
    survey = FieldSurvey.objects.get(application=app)
    assert survey.skipped and survey.surveyor is None
    assert "확인된 신용점수 700점 (코리아크레딧뷰로(KCB) 2026-11-30 조회)" in survey.findings
    assert app.events.get(action="skip_survey").reason == survey.findings


def test_the_latest_verified_grade_decides(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer, score=800)
    verify_credit(app, reviewer, score=640)  # a newer report: lower
    assert services.survey_verdict(app).code == "survey_below_bar"


# --- recording the verified grade -------------------------------------------------------------


def test_recording_keeps_the_report_file_and_the_history(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    report = verify_credit(app, reviewer, score=742, grade=4)
    assert (report.bureau, report.grade, report.score) == ("nice", 4, 742)
    assert report.recorded_by == reviewer and report.kind == "pdf"
    stored = uploads.absolute_path(report.storage_path)
    assert stored.read_bytes().startswith(b"%PDF-")
    history = change_history(report)
    assert history[0].kind == "추가" and reviewer.username in history[0].who
    assert ("신용점수", None, 742) in history[0].fields


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"score": 1001}, "0~1000점"),
        ({"grade": 11}, "1~10등급"),
        ({"bureau": "acme"}, "신용조회회사"),
        ({"report_date": timezone.localdate() + dt.timedelta(days=1)}, "오늘보다 늦을 수"),
    ],
)
def test_the_service_refuses_impossible_figures(applicant, reviewer, program, kwargs, message):
    app = make_application(applicant=applicant, program=program)
    args = {
        "bureau": "nice",
        "score": 700,
        "grade": None,
        "report_date": timezone.localdate(),
        **kwargs,
    }
    with pytest.raises(WorkflowError, match=message):
        services.credit_report_record(
            application=app,
            actor=reviewer,
            checked=uploads.check_upload(report_upload()),
            **args,
        )
    assert not CreditReport.objects.filter(application=app).exists()


def test_only_the_branch_records_and_only_until_screening(
    applicant, reviewer, other_branch_reviewer, branch_manager, program
):
    app = make_application(applicant=applicant, program=program)
    with pytest.raises(services.ReviewPermissionError):
        verify_credit(app, other_branch_reviewer)
    app.status = S.AWAITING_APPROVAL
    app.save(update_fields=["status"])
    with pytest.raises(WorkflowError, match="접수부터 보증심사까지") as caught:
        verify_credit(app, branch_manager)
    assert caught.value.code == "credit_report_status"


# --- deciding by hand -------------------------------------------------------------------------


def test_staff_require_a_survey_by_hand_over_a_good_score(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    verify_credit(app, reviewer, score=900)
    decision = services.survey_decide(
        application=app, actor=reviewer, decision="require", reason="사업성 미흡(매출 급감)"
    )
    assert decision.decided_by == reviewer and decision.decided_at is not None
    app = _verify(app, reviewer)
    assert app.status == S.DOCS_VERIFIED
    verdict = services.survey_verdict(app)
    assert verdict.code == "survey_required_by_staff" and "사업성 미흡" in verdict.reason


def test_staff_skip_a_survey_by_hand_after_the_documents_check(applicant, reviewer, program):
    app = _verify(make_application(applicant=applicant, program=program), reviewer)
    assert app.status == S.DOCS_VERIFIED  # no verified grade
    services.survey_decide(
        application=app, actor=reviewer, decision="skip", reason="최근 현장조사(3개월 이내) 이력"
    )
    app.refresh_from_db()
    assert app.status == S.SCREENING
    survey = FieldSurvey.objects.get(application=app)
    assert survey.skipped and survey.surveyor == reviewer
    assert "최근 현장조사(3개월 이내) 이력" in survey.findings
    assert app.events.get(action="skip_survey").actor == reviewer
    assert change_history(SurveyDecision.objects.get(application=app))[0].kind == "추가"


def test_a_decision_by_hand_needs_a_reason_and_an_open_step(applicant, reviewer, program):
    app = make_application(applicant=applicant, program=program)
    with pytest.raises(WorkflowError, match="판단 사유를 입력해 주세요"):
        services.survey_decide(application=app, actor=reviewer, decision="skip", reason="  ")
    with pytest.raises(WorkflowError, match="생략 또는 실시"):
        services.survey_decide(application=app, actor=reviewer, decision="maybe", reason="x")
    verify_credit(app, reviewer, score=100)
    app = _verify(app, reviewer)
    services.survey_start(application=app, actor=reviewer, visit_at=services.next_visit_slot())
    with pytest.raises(WorkflowError, match="현장조사를 시작하기 전까지만") as caught:
        services.survey_decide(application=app, actor=reviewer, decision="skip", reason="x")
    assert caught.value.code == "survey_decision_status"
    assert not SurveyDecision.objects.filter(application=app).exists()


def test_skipping_after_verification_follows_the_verified_grade(applicant, reviewer, program):
    app = _verify(make_application(applicant=applicant, program=program), reviewer)
    with pytest.raises(WorkflowError, match="확인된 신용등급이 없어") as caught:
        services.survey_skip(application=app, actor=reviewer)
    assert caught.value.code == "survey_not_verified"
    verify_credit(app, reviewer, score=720)  # the report arrives after the documents check
    services.survey_skip(application=app, actor=reviewer)
    app.refresh_from_db()
    assert app.status == S.SCREENING
    assert "720점" in FieldSurvey.objects.get(application=app).findings


# --- the reviewer's page ----------------------------------------------------------------------


def _url(app, name="application", **kwargs):
    return reverse(f"guarantees:review:{name}", kwargs={"pk": app.pk, **kwargs})


def test_the_page_shows_the_declaration_beside_the_verified_grade(client, declared_high, reviewer):
    client.force_login(reviewer)
    body = client.get(_url(declared_high)).content.decode()
    assert "신청인 신고" in body and "신용점수 950점" in body and "판단에 쓰지 않음" in body
    assert "확인된 신용등급" in body and "미확인" in body
    assert "확인된 신용등급이 없어 현장조사가 필요합니다" in body
    report = verify_credit(declared_high, reviewer, score=701, grade=3)
    body = client.get(_url(declared_high)).content.decode()
    assert "NICE평가정보 · 3등급 · 신용점수 701점" in body
    assert report.get_staff_url() in body
    assert "현장조사를 생략합니다" in body


def test_recording_through_the_form(client, declared_high, reviewer):
    client.force_login(reviewer)
    response = client.post(
        _url(declared_high, "credit"),
        {
            "bureau": "kcb",
            "score": "812",
            "grade": "",
            "report_date": timezone.localdate().isoformat(),
            "report": report_upload(),
        },
    )
    assert response.status_code == 302
    report = CreditReport.objects.get(application=declared_high)
    assert (report.bureau, report.score, report.grade) == ("kcb", 812, None)
    file_response = client.get(report.get_staff_url())
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "1200"}, "신용점수는 1000점 이하여야 합니다."),
        ({"score": ""}, "보고서의 신용점수를 입력해 주세요."),
        ({"grade": "0"}, "신용등급은 1~10등급이어야 합니다."),
        ({"bureau": ""}, "신용조회회사를 선택해 주세요."),
        ({"report_date": "2999-01-01"}, "조회 기준일이 오늘보다 늦을 수 없습니다."),
        ({"report": None}, "받은 신용조회 보고서 파일을 올려 주세요."),
        ({"report": "exe"}, "올릴 수 없는 형식입니다"),
    ],
)
def test_the_form_says_what_is_wrong(client, declared_high, reviewer, data, message):
    client.force_login(reviewer)
    post = {
        "bureau": "nice",
        "score": "750",
        "grade": "2",
        "report_date": timezone.localdate().isoformat(),
        "report": report_upload(),
    }
    post.update(data)
    if post["report"] is None:
        post.pop("report")
    elif post["report"] == "exe":
        post["report"] = report_upload("신용조회.pdf", EXE)
    response = client.post(_url(declared_high, "credit"), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CreditReport.objects.filter(application=declared_high).exists()


def test_deciding_by_hand_through_the_form(client, declared_high, reviewer):
    client.force_login(reviewer)
    response = client.post(_url(declared_high, "survey_decide"), {"decision": "require"})
    assert response.status_code == 400
    assert "판단 사유를 입력해 주세요." in response.content.decode()
    client.post(
        _url(declared_high, "survey_decide"),
        {"decision": "require", "reason": "저신용·사업성 미흡 우려"},
    )
    body = client.get(_url(declared_high)).content.decode()
    assert "담당자가 현장조사가 필요하다고 판단했습니다: 저신용·사업성 미흡 우려" in body


def test_another_branch_cannot_see_the_report(
    client, applicant, reviewer, other_branch_reviewer, program
):
    app = make_application(applicant=applicant, program=program)
    report = verify_credit(app, reviewer)
    client.force_login(other_branch_reviewer)
    assert client.get(report.get_staff_url()).status_code == 404
