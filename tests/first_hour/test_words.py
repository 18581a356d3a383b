"""What a person reads: one empty label on every select (issue 19, row 11)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_model_form_select_says_choose_not_dashes(programs):
    from guarantees.consultations.forms import ConsultationForm

    html = str(ConsultationForm())
    assert "---------" not in html
    assert '<option value="" selected>선택하세요</option>' in html


def test_a_label_a_form_names_itself_is_kept(programs):
    from guarantees.review.forms import QueueFilterForm

    assert "전체" in str(QueueFilterForm())


def test_no_portal_form_shows_dashes(programs):
    """Every form class the apps define, rendered unbound, has no "---------" choice."""
    import inspect

    from django import forms

    import accounts.access_log_views
    import guarantees.book.forms
    import guarantees.consultations.forms
    import guarantees.review.forms
    import reports.forms

    checked = 0
    for module in (
        accounts.access_log_views,
        guarantees.book.forms,
        guarantees.consultations.forms,
        guarantees.review.forms,
        reports.forms,
    ):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            try:
                form = cls()
            except TypeError:
                continue  # needs arguments (an application, a user): covered by its views
            html = str(form)
            assert "---------" not in html, cls
            checked += 1
    assert checked >= 5
