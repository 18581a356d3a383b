"""Issue 19 row 10: the field survey's appointment. The reviewer records it when the survey
starts (date, time within office hours, who comes with the contact the organisation data has,
whom to call to change it); the applicant sees it on the application page and in the e-mail;
a change is kept (the earlier appointment shows as 변경됨) and told again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from branches.models import OrgUnit
from guarantees.models import ApplicationStatus as S
from guarantees.models import SurveyAppointment
from guarantees.review import services
from guarantees.workflow import WorkflowError

from .factories import BusinessFactory, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_survey(applicant, reviewer, program):
    """An application whose documents are verified and whose survey is due (credit 600)."""
    OrgUnit.objects.filter(code="NAMDONG").update(phone="032-111-2222")
    app = make_application(
        applicant=applicant, program=program, business=BusinessFactory(credit_score=600)
    )
    services.application_verify_documents(application=app, actor=reviewer)
    app.refresh_from_db()
    assert app.status == S.DOCS_VERIFIED
    return app


def slot(days=1, hour=10, minute=0):
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_starting_the_survey_records_the_appointment_and_tells_the_applicant(
    at_survey, reviewer, applicant, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.example/"
    reviewer.mobile = "010-3333-4444"
    reviewer.save(update_fields=["mobile"])
    mail.outbox.clear()
    when = slot(hour=14, minute=30)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.survey_start(application=at_survey, actor=reviewer, visit_at=when)

    at_survey.refresh_from_db()
    assert at_survey.status == S.FIELD_SURVEY
    assert appointment.visit_at == when and appointment.visitor == reviewer
    assert appointment.visitor_contact == "010-3333-4444"
    assert appointment.change_contact == "남동지점 032-111-2222"
    [message] = [m for m in mail.outbox if applicant.email in m.to]
    local = timezone.localtime(when)
    assert f"방문 일시 {local:%Y-%m-%d} 14:30" in message.body
    assert "010-3333-4444" in message.body and "남동지점 032-111-2222" in message.body
    assert f"/guarantees/apply/{at_survey.pk}/" in message.body
    assert f"https://portal.example/guarantees/apply/{at_survey.pk}/" in message.body
    # the timeline (ApplicationEvent) says the appointment too
    assert "14:30" in at_survey.events.get(action="start_survey").reason


def test_a_visitor_without_a_phone_is_reached_through_the_branch(at_survey, reviewer):
    appointment = services.survey_start(application=at_survey, actor=reviewer, visit_at=slot())
    assert appointment.visitor_contact == "032-111-2222"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (None, "방문 날짜와 시각을 입력해 주세요"),
        (timezone.now() - dt.timedelta(hours=1), "방문 일시가 이미 지났습니다"),
        (slot(hour=8, minute=30), "업무 시간(09:00~18:00)"),
        (slot(hour=18), "업무 시간(09:00~18:00)"),
    ],
    ids=["missing", "past", "before-9", "at-18"],
)
def test_a_wrong_appointment_is_refused_and_nothing_moves(at_survey, reviewer, when, message):
    with pytest.raises(services.AppointmentInvalid, match=re.escape(message)):
        services.survey_start(application=at_survey, actor=reviewer, visit_at=when)
    at_survey.refresh_from_db()
    assert at_survey.status == S.DOCS_VERIFIED
    assert not SurveyAppointment.objects.filter(application=at_survey).exists()


def test_the_visitor_is_staff_of_the_branch(at_survey, reviewer, make_user):
    other = make_user("reviewer", "BUPYEONG")
    with pytest.raises(services.AppointmentInvalid, match="이 지점의 심사역 또는 지점장"):
        services.survey_start(application=at_survey, actor=reviewer, visit_at=slot(), visitor=other)


def test_a_reschedule_keeps_the_earlier_appointment_and_tells_the_applicant(
    at_survey, reviewer, applicant, django_capture_on_commit_callbacks
):
    first = services.survey_start(application=at_survey, actor=reviewer, visit_at=slot())
    mail.outbox.clear()
    with pytest.raises(WorkflowError, match="변경 사유"):
        services.survey_reschedule(
            application=at_survey, actor=reviewer, visit_at=slot(days=2), reason=" "
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.survey_reschedule(
            application=at_survey,
            actor=reviewer,
            visit_at=slot(days=3, hour=15),
            reason="신청인 요청",
        )
    assert list(at_survey.survey_appointments.all()) == [first, second]
    [message] = mail.outbox
    assert "현장조사 일정이 변경되었습니다" in message.body and "신청인 요청" in message.body
    assert f"{timezone.localtime(second.visit_at):%Y-%m-%d} 15:00" in message.body

    services.survey_record(application=at_survey, actor=reviewer, findings="정상 영업")
    with pytest.raises(WorkflowError, match="일정을 바꿀 수 없습니다"):
        services.survey_reschedule(
            application=at_survey, actor=reviewer, visit_at=slot(days=4), reason="늦게 바꿈"
        )


def _url(app, name):
    return reverse(f"guarantees:review:{name}", args=[app.pk])


def test_the_form_shows_korean_errors_at_the_fields(client, at_survey, reviewer):
    client.force_login(reviewer)
    response = client.post(_url(at_survey, "survey_start"), {"visitor": reviewer.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "방문 날짜를 입력해 주세요." in page and "방문 시각을 입력해 주세요." in page
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        _url(at_survey, "survey_start"),
        {"visit_date": yesterday.isoformat(), "visit_time": "10:00", "visitor": reviewer.pk},
    )
    assert "방문 일시가 이미 지났습니다." in response.content.decode()
    response = client.post(
        _url(at_survey, "survey_start"),
        {"visit_date": f"{slot():%Y-%m-%d}", "visit_time": "19:00", "visitor": reviewer.pk},
    )
    assert "방문 시각은 업무 시간(09:00~18:00) 안이어야 합니다." in response.content.decode()
    at_survey.refresh_from_db()
    assert at_survey.status == S.DOCS_VERIFIED


def test_the_applicant_page_shows_the_appointment_and_the_change(
    client, at_survey, reviewer, applicant
):
    services.survey_start(application=at_survey, actor=reviewer, visit_at=slot(hour=11))
    services.survey_reschedule(
        application=at_survey, actor=reviewer, visit_at=slot(days=2, hour=16), reason="차량 문제"
    )
    client.force_login(applicant)
    page = client.get(reverse("guarantees:applicant:status", args=[at_survey.pk])).content.decode()
    assert "현장조사 방문 일정" in page
    assert "16:00" in page and reviewer.get_full_name() in page
    assert "남동지점 032-111-2222" in page and "차량 문제" in page
    assert "변경됨" in page
