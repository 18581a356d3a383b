"""디딤돌센터 courses: the counsellor's pages (courses, one course's register: enrolment,
attendance per session, completion) and the applicant's (my courses, certificate PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access_log import logs_personal_data
from accounts.models import Role, User
from accounts.permissions import role_required

from . import services
from .certificate import completion_certificate_pdf
from .forms import CourseForm, EnrolForm
from .models import Attendance, Course, Enrolment
from .selectors import attendance_counts

counsellor_only = role_required(Role.COUNSELLOR)
applicant_only = role_required(Role.APPLICANT)


@require_http_methods(["GET", "POST"])
@counsellor_only
def course_list(request):
    form = CourseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                course = services.course_create(
                    code=data["code"],
                    name=data["name"],
                    sessions=data["sessions"],
                    completion_pct=data["completion_pct"],
                    capacity=data["capacity"],
                    organiser=data["organiser"],
                    actor=request.user,
                )
            except services.CourseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"‘{course.name}’ 과정을 열었습니다.")
                return redirect("courses:detail", code=course.code)
        status = 400
    courses = Course.objects.prefetch_related("sessions", "enrolments")
    return render(
        request, "programs/courses/list.html", {"courses": courses, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@counsellor_only
@logs_personal_data(data="교육 과정 수강생 명단", object_type="교육 과정", object_id="code")
def course_detail(request, code: str):
    course = get_object_or_404(Course, code=code)
    enrol_form = EnrolForm(request.POST if request.POST.get("action") == "enrol" else None)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "enrol":
                if enrol_form.is_valid():
                    person = User.objects.filter(
                        email__iexact=enrol_form.cleaned_data["email"], groups__name=Role.APPLICANT
                    ).first()
                    if person is None:
                        enrol_form.add_error("email", "이 이메일로 가입한 신청인 계정이 없습니다.")
                    else:
                        services.enrolment_add(
                            course=course, participant=person, actor=request.user
                        )
                        messages.success(request, f"{person} 님을 수강생으로 등록했습니다.")
                        return redirect("courses:detail", code=course.code)
            elif action == "attendance":
                session = course.sessions.filter(pk=request.POST.get("session") or 0).first()
                if session is None:
                    raise services.CourseError("출석을 기록할 회차를 골라 주세요.")
                present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
                n = services.attendance_record(
                    session=session, present_ids=present, actor=request.user
                )
                messages.success(request, f"{session.number}회차 출석 {n}명을 기록했습니다.")
                return redirect("courses:detail", code=course.code)
            elif action == "complete":
                done = services.course_complete(course=course, actor=request.user)
                messages.success(request, f"수료 판정을 마쳤습니다: 수료 {len(done)}명.")
                return redirect("courses:detail", code=course.code)
            else:
                error = "알 수 없는 처리입니다. 화면의 버튼으로 다시 해 주세요."
        except services.CourseError as exc:
            error = str(exc)
    sessions = list(course.sessions.all())
    enrolments = list(course.enrolments.select_related("participant"))
    present = set(
        Attendance.objects.filter(session__course=course, present=True).values_list(
            "enrolment_id", "session_id"
        )
    )
    counts = attendance_counts(course)
    rows = [
        {
            "enrolment": e,
            "attended": counts.get(e.pk, 0),
            "cells": [(s, (e.pk, s.pk) in present) for s in sessions],
        }
        for e in enrolments
    ]
    return render(
        request,
        "programs/courses/detail.html",
        {
            "course": course,
            "sessions": sessions,
            "rows": rows,
            "enrol_form": enrol_form,
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@applicant_only
def my_courses(request):
    enrolments = Enrolment.objects.filter(participant=request.user).select_related("course")
    rows = []
    for enrolment in enrolments:
        course = enrolment.course
        rows.append(
            {
                "enrolment": enrolment,
                "sessions": course.sessions.count(),
                "attended": attendance_counts(course).get(enrolment.pk, 0),
            }
        )
    return render(request, "programs/courses/mine.html", {"rows": rows})


@require_GET
@applicant_only
def certificate(request, pk: int):
    enrolment = (
        Enrolment.objects.filter(pk=pk, participant=request.user, completed_on__isnull=False)
        .select_related("course", "participant")
        .first()
    )
    if enrolment is None:
        raise Http404("수료증이 없습니다.")
    response = HttpResponse(completion_certificate_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{enrolment.certificate_no}.pdf"'
    )
    return response
