"""디딤돌센터 courses (issue 13 part 5): attendance, completion by the course's rule, the
eligibility rule "completed course C within N months" shown like every other rule, and the
completion certificate PDF (read back with pdftotext)."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest

from programs.courses import services
from programs.courses.certificate import completion_certificate_pdf
from programs.courses.services import CourseError
from programs.eligibility import evaluate
from programs.models import EligibilityRule, RuleField, RuleOperator
from tests.guarantees.applicant.conftest import make_business

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2021, 2, 26), dt.date(2021, 2, 27), dt.date(2021, 3, 5), dt.date(2021, 3, 6)]


@pytest.fixture
def academy(counsellor):
    return services.course_create(
        code="STARTUP-2021A",
        name="2021 상반기 소상공인 창업 아카데미",
        sessions=[(day, f"{i + 1}강") for i, day in enumerate(DAYS)],
        completion_pct=Decimal("80"),
        organiser="디딤돌센터 · 구로구 공동 개최",
        actor=counsellor,
    )


def _attend(course, present_by_session, actor):
    for session, present in zip(
        course.sessions.order_by("number"), present_by_session, strict=True
    ):
        services.attendance_record(session=session, present_ids=present, actor=actor)


def test_completion_follows_the_courses_attendance_rule(academy, make_user, counsellor):
    full, three = make_user("applicant", first_name="민지", last_name="김"), make_user("applicant")
    a = services.enrolment_add(course=academy, participant=full, actor=counsellor)
    b = services.enrolment_add(course=academy, participant=three, actor=counsellor)
    with pytest.raises(CourseError, match="이미 이 과정에 수강 신청") as caught:
        services.enrolment_add(course=academy, participant=full, actor=counsellor)
    assert caught.value.code == "enrolled_twice"
    sessions = list(academy.sessions.order_by("number"))
    services.attendance_record(session=sessions[0], present_ids={a.pk, b.pk}, actor=counsellor)
    with pytest.raises(
        CourseError, match="출석을 기록하지 않은 회차가 있습니다: 2회차, 3회차, 4회차"
    ):
        services.course_complete(course=academy, actor=counsellor)
    _attend(academy, [{a.pk, b.pk}, {a.pk, b.pk}, {a.pk, b.pk}, {a.pk}], counsellor)  # b: 3/4
    completed = services.course_complete(course=academy, actor=counsellor)
    assert [e.pk for e in completed] == [a.pk]
    a.refresh_from_db(), b.refresh_from_db()
    assert a.completed_on == DAYS[-1] and a.certificate_no == "STARTUP-2021A-2021-0001"
    assert b.completed_on is None  # 75 % < 80 %
    assert services.completion_rule_met(attended=3, sessions=4, completion_pct=Decimal("75"))
    with pytest.raises(CourseError, match="이미 수료 판정"):
        services.course_complete(course=academy, actor=counsellor)


def test_the_rule_completed_course_within_n_months(academy, programs, make_user, counsellor):
    owner = make_user("applicant")
    business = make_business(owner)
    program = programs["COVID19"]
    EligibilityRule.objects.create(
        program=program,
        field=RuleField.COURSE_COMPLETED,
        operator=RuleOperator.COMPLETED_WITHIN,
        value="STARTUP-2021A:12",
        explanation="최근 12개월 안에 창업 아카데미를 수료했을 것",
        sort_order=99,
    )

    def course_result(on):
        results = evaluate(program, business.facts(on=on))
        return next(r for r in results if r.explanation.startswith("최근 12개월"))

    before = course_result(dt.date(2021, 4, 1))
    assert not before.passed
    assert before.reason == (
        "‘2021 상반기 소상공인 창업 아카데미’를 수료한 기록이 없습니다 (기준: 최근 12개월 안에 수료)."
    )
    enrolment = services.enrolment_add(course=academy, participant=owner, actor=counsellor)
    _attend(academy, [{enrolment.pk}] * 4, counsellor)
    services.course_complete(course=academy, actor=counsellor)
    within = course_result(dt.date(2022, 3, 6))
    assert within.passed and "2021. 3. 6.에 수료했습니다" in within.reason
    late = course_result(dt.date(2022, 3, 7))
    assert not late.passed and "12개월이 지났습니다" in late.reason


def test_the_completion_certificate_is_a_pdf_with_the_name_course_and_number(
    academy, make_user, counsellor, tmp_path
):
    owner = make_user("applicant", first_name="민지", last_name="김")
    enrolment = services.enrolment_add(course=academy, participant=owner, actor=counsellor)
    _attend(academy, [{enrolment.pk}, {enrolment.pk}, {enrolment.pk}, set()], counsellor)
    assert not services.course_complete(course=academy, actor=counsellor)  # 3/4 < 80 %
    with pytest.raises(ValueError, match="수료하지 않은"):
        completion_certificate_pdf(enrolment)

    course = services.course_create(
        code="LEADERS-2021",
        name="리더스 아카데미",
        sessions=[(dt.date(2021, 4, 4), "마케팅"), (dt.date(2021, 4, 11), "노무")],
        completion_pct=Decimal("50"),
        actor=counsellor,
    )
    enrolment = services.enrolment_add(course=course, participant=owner, actor=counsellor)
    _attend(course, [{enrolment.pk}, set()], counsellor)
    services.course_complete(course=course, actor=counsellor)
    enrolment.refresh_from_db()
    pdf = completion_certificate_pdf(enrolment)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "수료증" in text and "김민지" in text and "리더스 아카데미" in text
    assert "LEADERS-2021-2021-0001" in text and "2회 중 1회" in text
    assert "2021년 4월 11일" in text


def test_a_course_without_sessions_or_with_a_bad_rate_is_refused(counsellor):
    with pytest.raises(CourseError, match="교육 회차를 하나 이상") as caught:
        services.course_create(
            code="X", name="빈 과정", sessions=[], completion_pct=Decimal("120"), actor=counsellor
        )
    assert "100% 이하" in str(caught.value)


def test_the_course_pages_for_the_counsellor_and_the_applicant(
    client, counsellor, make_user, other_applicant
):
    from django.urls import reverse

    client.force_login(counsellor)
    response = client.post(
        reverse("courses:list"),
        {
            "code": "LEADERS-2021",
            "name": "리더스 아카데미",
            "capacity": "60",
            "completion_pct": "50",
            "sessions": "2021-04-04 마케팅 기법\n2021.04.11 노무",
        },
    )
    assert response.status_code == 400
    assert "2번째 줄: 날짜 ‘2021.04.11’를 읽을 수 없습니다" in response.content.decode()
    response = client.post(
        reverse("courses:list"),
        {
            "code": "LEADERS-2021",
            "name": "리더스 아카데미",
            "capacity": "60",
            "completion_pct": "50",
            "sessions": "2021-04-04 마케팅 기법\n2021-04-11 노무",
        },
    )
    assert response.status_code == 302
    url = reverse("courses:detail", args=["LEADERS-2021"])
    owner = make_user("applicant", first_name="민지", last_name="김")
    assert client.post(url, {"action": "enrol", "email": "nobody@test.icgf.kr"}).status_code == 400
    assert client.post(url, {"action": "enrol", "email": owner.email}).status_code == 302
    enrolment = owner.enrolments.get()
    for session in enrolment.course.sessions.all():
        client.post(url, {"action": "attendance", "session": session.pk, "present": [enrolment.pk]})
    assert client.post(url, {"action": "complete"}).status_code == 302
    assert "수료 (2021. 4. 11.)" in client.get(url).content.decode()

    client.force_login(owner)
    mine = client.get(reverse("courses:mine")).content.decode()
    assert "리더스 아카데미" in mine and "출석 2/2회" in mine and "수료증 내려받기" in mine
    pdf = client.get(reverse("courses:certificate", args=[enrolment.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.force_login(other_applicant)
    assert client.get(reverse("courses:certificate", args=[enrolment.pk])).status_code == 404
