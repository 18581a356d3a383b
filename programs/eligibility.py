"""Eligibility: evaluate a business's facts against a programme's rules, one result per rule.

The applicant sees every rule with "충족" or "미충족" and the reason, before filling anything
in; the same function guards submission and approval, so the page and the rule never disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from common.korean import with_particle

from .models import EligibilityRule, Program, RuleField, RuleOperator


@dataclass(frozen=True)
class RuleResult:
    rule_id: int | None
    explanation: str
    passed: bool
    reason: str


_NUMERIC_OPERATORS = {
    RuleOperator.LT: (lambda a, b: a < b, "미만"),
    RuleOperator.LTE: (lambda a, b: a <= b, "이하"),
    RuleOperator.GT: (lambda a, b: a > b, "초과"),
    RuleOperator.GTE: (lambda a, b: a >= b, "이상"),
}


def _as_number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "해당" if value else "해당 없음"
    if isinstance(value, int | Decimal) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def evaluate_rule(rule: EligibilityRule, facts: Mapping[str, Any]) -> RuleResult:
    """One rule against the facts. A missing fact fails the rule with a reason that says so."""
    label = RuleField(rule.field).label
    actual = facts.get(rule.field)
    operator = RuleOperator(rule.operator)

    def result(passed: bool, reason: str) -> RuleResult:
        return RuleResult(rule.pk, rule.explanation, passed, reason)

    if operator == RuleOperator.COMPLETED_WITHIN or rule.field == RuleField.COURSE_COMPLETED:
        return result(*_course_completed(rule, facts))

    if operator in (RuleOperator.IS_TRUE, RuleOperator.IS_FALSE):
        wanted = operator == RuleOperator.IS_TRUE
        if actual is None:
            return result(False, f"{label} 정보가 없습니다. 사업자 정보를 입력해 주세요.")
        passed = bool(actual) is wanted
        return result(passed, f"{label}: {_shown(bool(actual))}")

    if actual is None or actual == "":
        return result(False, f"{label} 정보가 없습니다. 사업자 정보를 입력해 주세요.")

    if operator in _NUMERIC_OPERATORS:
        compare, word = _NUMERIC_OPERATORS[operator]
        left, right = _as_number(actual), _as_number(rule.value)
        if left is None or right is None:
            return result(False, f"{label} 값을 비교할 수 없습니다.")
        passed = compare(left, right)
        return result(passed, f"{label} {_shown(actual)} (기준: {_shown(right)} {word})")

    choices = [part.strip() for part in rule.value.split(",") if part.strip()]
    if operator == RuleOperator.EQ:
        passed = str(actual) == rule.value
    elif operator == RuleOperator.NE:
        passed = str(actual) != rule.value
    elif operator == RuleOperator.IN:
        passed = str(actual) in choices
    else:  # NOT_IN
        passed = str(actual) not in choices
    if rule.field == RuleField.INDUSTRY:  # people read the name, not the KSIC code
        return result(passed, f"업종: {_industry_name(actual)}")
    return result(passed, f"{label}: {_shown(actual)}")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if calendar.isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return dt.date(year, month, min(day.day, last[month - 1]))


def _course_completed(rule: EligibilityRule, facts: Mapping[str, Any]) -> tuple[bool, str]:
    """ "completed course C within N months" (value "C:N"): the business owner's latest
    completion of course C, on or after the facts' date less N months."""
    from .models import Course

    codes_text, _, months_text = rule.value.partition(":")
    codes = [c.strip() for c in codes_text.split(",") if c.strip()]  # any of these runs
    months = int(months_text) if months_text.strip().isdigit() else None
    names = list(
        Course.objects.filter(code__in=codes).order_by("code").values_list("name", flat=True)
    )
    if months is None or not names:
        return False, "조건의 교육 과정 또는 기간이 올바르지 않습니다. 재단에 문의해 주세요."
    on = facts.get("facts_on") or dt.date.today()
    done = facts.get("course_completions") or {}
    completed = max((done[c] for c in codes if c in done), default=None)
    label = with_particle(f"‘{' 또는 '.join(dict.fromkeys(names))}’", "을")
    if completed is None:
        return False, f"{label} 수료한 기록이 없습니다 (기준: 최근 {months}개월 안에 수료)."
    since = _add_months(on, -months)
    when = f"{completed.year}. {completed.month}. {completed.day}."
    if completed < since:
        return False, f"{label} {when}에 수료해 {months}개월이 지났습니다."
    return True, f"{label} {when}에 수료했습니다 (기준: 최근 {months}개월 안에 수료)."


def _industry_name(code: Any) -> str:
    from .models import Industry

    name = Industry.objects.filter(code=str(code)).values_list("name", flat=True).first()
    return f"{name} ({code})" if name else str(code)


def evaluate(program: Program, facts: Mapping[str, Any]) -> list[RuleResult]:
    """Every rule of `program` (in order) plus the foundation-wide restricted-industry rule."""
    results = []
    if facts.get("industry_restricted"):
        results.append(
            RuleResult(
                None,
                "보증제한업종이 아닐 것",
                False,
                f"{with_particle(facts.get('industry_name', '해당 업종'), '은')} 보증제한업종입니다.",
            )
        )
    results.extend(evaluate_rule(rule, facts) for rule in program.rules.all())
    return results


def is_eligible(results: list[RuleResult]) -> bool:
    return all(result.passed for result in results)
