"""Forms of the course pages: every bad value is a Korean error on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError


class CourseForm(forms.Form):
    code = forms.SlugField(
        label="과정 코드",
        max_length=30,
        help_text="영문·숫자·하이픈 (예: STARTUP-2021A). 자격 조건에서 이 코드로 과정을 가리킵니다.",
        error_messages={
            "required": "과정 코드를 입력해 주세요.",
            "invalid": "과정 코드는 영문·숫자·하이픈으로 입력해 주세요.",
        },
    )
    name = forms.CharField(
        label="과정명", max_length=100, error_messages={"required": "과정명을 입력해 주세요."}
    )
    organiser = forms.CharField(label="주관·공동 개최", max_length=100, required=False)
    capacity = forms.IntegerField(
        label="정원",
        min_value=1,
        initial=40,
        error_messages={"required": "정원을 입력해 주세요.", "min_value": "정원은 1명 이상입니다."},
    )
    completion_pct = forms.DecimalField(
        label="수료 기준 출석률(%)",
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        initial=Decimal("80"),
        decimal_places=2,
        error_messages={
            "required": "수료 기준 출석률을 입력해 주세요.",
            "min_value": "출석률은 1% 이상입니다.",
            "max_value": "출석률은 100% 이하입니다.",
            "invalid": "출석률은 숫자로 입력해 주세요.",
        },
    )
    sessions = forms.CharField(
        label="교육 회차",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="한 줄에 한 회차: ‘2021-02-26 창업가 정신’",
        error_messages={"required": "교육 회차를 한 줄에 하나씩 입력해 주세요."},
    )

    def clean_sessions(self):
        found = []
        for number, line in enumerate(self.cleaned_data["sessions"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _, topic = line.partition(" ")
            try:
                held_on = dt.date.fromisoformat(day)
            except ValueError as exc:
                raise ValidationError(
                    f"{number}번째 줄: 날짜 ‘{day}’를 읽을 수 없습니다. YYYY-MM-DD로 입력해 주세요."
                ) from exc
            if not topic.strip():
                raise ValidationError(f"{number}번째 줄: 날짜 뒤에 주제를 적어 주세요.")
            found.append((held_on, topic.strip()[:200]))
        if not found:
            raise ValidationError("교육 회차를 한 줄에 하나씩 입력해 주세요.")
        return found


class EnrolForm(forms.Form):
    email = forms.EmailField(
        label="수강생 이메일(포털 계정)",
        error_messages={
            "required": "수강생의 포털 계정 이메일을 입력해 주세요.",
            "invalid": "이메일 형식이 아닙니다.",
        },
    )
