"""보증 상품 안내 (the programme catalogue): what each open programme offers and, for a signed-in
business, whether each rule is met — before anything is filled in. It lives with the
applications because that is where it leads (a draft per programme)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.history_views import history_page
from accounts.models import FOUNDATION_ROLES
from guarantees.models import Application, ApplicationStatus
from guarantees.rounds.services import open_round, round_problem
from programs.eligibility import evaluate, is_eligible
from programs.models import EligibilityRule, Program, ProgramStatus
from programs.selectors import open_programs


def _signed_in_business(request):
    user = request.user
    if not user.is_authenticated:
        return None
    return user.businesses.select_related("industry", "district").first()


def _drafts(business) -> dict[int, object]:
    """The business's draft per programme, so "신청하기" becomes "이어서 작성하기"."""
    if business is None:
        return {}
    drafts = Application.objects.filter(business=business, status=ApplicationStatus.DRAFT)
    return {draft.program_id: draft for draft in drafts}


@require_GET
def catalogue(request):
    """보증 상품 안내: open programmes, what they offer, what is left, and — for a signed-in
    business — whether each rule is met, before anything is filled in."""
    business = _signed_in_business(request)
    facts = business.facts() if business else None
    drafts = _drafts(business)
    rows = []
    for program in open_programs():
        results = evaluate(program, facts) if facts is not None else None
        rows.append(
            {
                "program": program,
                "results": results,
                "eligible": is_eligible(results) if results is not None else None,
                "draft": drafts.get(program.pk),
                "round_problem": round_problem(program),  # 공고(회차) 밖: why, before applying
            }
        )
    # Programmes the business qualifies for first (stable: code order within each group).
    rows.sort(key=lambda row: row["eligible"] is False)
    template = "programs/catalogue.html#cards" if request.htmx else "programs/catalogue.html"
    return render(request, template, {"rows": rows, "business": business})


@require_GET
def detail(request, code: str):
    program = get_object_or_404(
        Program.objects.exclude(status=ProgramStatus.DRAFT).prefetch_related(
            "rules", "subsidy_steps", "documents", "banks"
        ),
        code=code,
    )
    business = _signed_in_business(request)
    results = evaluate(program, business.facts()) if business else None
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "business": business,
            "results": results,
            "eligible": is_eligible(results) if results is not None else None,
            "draft": _drafts(business).get(program.pk),
            "is_open": open_programs().filter(pk=program.pk).exists(),
            "can_see_history": request.user.is_authenticated
            and request.user.has_role(*FOUNDATION_ROLES),
            # 공고(회차)로 받는 상품: the open round, or why none is (before applying)
            "open_round": open_round(program),
            "round_problem": round_problem(program),
        },
    )


def _program_back(request, program, kind):
    if program.status == ProgramStatus.DRAFT:  # a draft has no public page yet
        return reverse("programs:catalogue"), "보증 상품 안내"
    return reverse("programs:detail", args=[program.code]), program.name


# 상품 변경 이력: the programme's terms and its eligibility rules, for the foundation's staff.
program_history = history_page(
    models=Program,
    roles=FOUNDATION_ROLES,
    related=(EligibilityRule,),
    get_object=lambda request, code: get_object_or_404(Program, code=code),
    back=_program_back,
)
