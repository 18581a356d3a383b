"""4. 간부현황 (branches register)."""

from __future__ import annotations

from branches.models import Executive

TITLE = "간부현황"


def build(year: int) -> dict:
    return {
        "rows": [
            {
                "post": e.post,
                "name": e.name,
                "grade": e.grade,
                "birth_year": e.birth_year,
                "appointed_on": e.appointed_on,
                "career": e.career,
            }
            for e in Executive.objects.all()
        ]
    }
