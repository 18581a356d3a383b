"""Issue 19 row 10 in Chromium: the reviewer records the survey appointment (a wrong time is
refused at the field, in Korean), changes it once; the applicant sees the appointment on a
desktop and on a phone (390 × 844). Screenshots in /tmp/survey-appointment."""

from __future__ import annotations

import pytest

from branches.models import OrgUnit
from guarantees.models import ApplicationStatus
from guarantees.review import services
from tests.browser import login, watch_csp

from .factories import BusinessFactory, ProgramFactory, make_application
from .test_browser import _launch, _logout

SHOTS = "/tmp/survey-appointment"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reviewer_records_the_appointment_and_the_applicant_sees_it(live_server, make_user):
    import os

    from playwright.sync_api import expect, sync_playwright

    os.makedirs(SHOTS, exist_ok=True)
    OrgUnit.objects.filter(code="NAMDONG").update(phone="032-111-2222")
    applicant = make_user("applicant")
    reviewer = make_user("reviewer", "NAMDONG", last_name="김", first_name="심사")
    reviewer.mobile = "010-3333-4444"
    reviewer.save(update_fields=["mobile"])
    program = ProgramFactory(name="골목상권 활성화 특례보증(시험)")
    app = make_application(
        applicant=applicant,
        program=program,
        business=BusinessFactory(owner=applicant, credit_score=600),
        tracking_no="ICGF-T-0100",
    )
    services.application_verify_documents(application=app, actor=reviewer)
    first = services.next_visit_slot()
    base = live_server.url

    with sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        csp_violations = watch_csp(page)
        login(page, base, reviewer)
        page.goto(f"{base}/guarantees/staff/review/applications/{app.pk}/")
        page.wait_for_load_state("networkidle")
        # outside office hours: refused at the field, nothing moves
        page.fill("#id_visit_date", f"{first:%Y-%m-%d}")
        page.fill("#id_visit_time", "07:30")
        page.click("button:has-text('현장조사 시작')")
        expect(page.locator("#workspace")).to_contain_text(
            "방문 시각은 업무 시간(09:00~18:00) 안이어야 합니다."
        )
        page.screenshot(path=f"{SHOTS}/1-refused.png", full_page=True)
        page.fill("#id_visit_time", "10:30")
        page.click("button:has-text('현장조사 시작')")
        expect(page.locator("#workspace")).to_contain_text("방문 일정을 신청인에게 알렸습니다")
        expect(page.locator("#survey-appointment")).to_contain_text("10:30")
        # the change: a reason is asked for, the earlier date stays as 변경됨
        later = first.replace(hour=15)
        page.fill("#reschedule_visit_date", f"{later:%Y-%m-%d}")
        page.fill("#reschedule_visit_time", "15:00")
        page.fill("#reschedule_reason", "신청인 요청으로 오후 방문")
        page.click("button:has-text('일정 변경')")
        expect(page.locator("#workspace")).to_contain_text("현장조사 일정을 바꾸고")
        expect(page.locator("#survey-appointment")).to_contain_text("15:00")
        page.screenshot(path=f"{SHOTS}/2-reviewer-recorded.png", full_page=True)
        _logout(page)

        login(page, base, applicant)
        page.goto(f"{base}/guarantees/apply/{app.pk}/")
        box = page.locator("#survey-appointment")
        expect(box).to_contain_text("현장조사 방문 일정")
        expect(box).to_contain_text("15:00")
        expect(box).to_contain_text("김심사")
        expect(box).to_contain_text("010-3333-4444")
        expect(box).to_contain_text("남동지점 032-111-2222")
        expect(box).to_contain_text("신청인 요청으로 오후 방문")
        expect(box).to_contain_text("변경됨")
        page.screenshot(path=f"{SHOTS}/3-applicant-desktop.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        page.wait_for_load_state("networkidle")
        expect(page.locator("#survey-appointment")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the phone page scrolls sideways ({width}px)"
        page.locator("#survey-appointment").screenshot(path=f"{SHOTS}/4-applicant-phone.png")
        page.screenshot(path=f"{SHOTS}/5-applicant-phone-page.png", full_page=True)
        browser.close()

    app.refresh_from_db()
    assert app.status == ApplicationStatus.FIELD_SURVEY
    assert app.survey_appointments.count() == 2
    assert csp_violations == []
