"""변경 이력: the one staff page of a tracked record's history, beside the record (issue 15).

`history_page(...)` makes the view each app routes next to the thing it shows: who changed
it, when, and each field before → after in Korean (common/history.py reads pghistory's rows),
paginated, with the maker-checker proposals for it (proposed by, approved or rejected by).
Each app decides who may see the page (the same roles, and the same object scoping, as the
page that shows the thing); a page that shows a person's data adds @logs_personal_data.

A register row that was deleted keeps its history: its page still opens (the row is gone,
its events are not). Without a row id the page shows every row of the model (deletions
included), e.g. all budget lines.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.history import changes_of, history_events, proposals_of

from .permissions import role_required

PAGE_SIZE = 20


def history_page(
    *,
    models,
    roles,
    get_object: Callable | None = None,
    back: Callable | None = None,
    related: tuple = (),
):
    """The view of one record's history (`pk` in the URL), or of a whole model's (no `pk`).

    - `models`: the tracked model, or {URL `kind` slug: model} for one URL over several;
    - `roles`: who may open it (role_required: anonymous → login, other roles → 403);
    - `get_object(request, **kwargs)`: the record, for a URL that does not name it by `pk` or
      that scopes it to the user (raises Http404 for a record the user may not see);
    - `back(request, obj, kind)`: (url, label) of the page that shows the thing;
    - `related`: tracked models whose rows belong to the record (a programme's rules).
    """

    @require_GET
    @role_required(*roles)
    def view(request, kind: str | None = None, **kwargs):
        if isinstance(models, dict):
            model = models.get(kind)
            if model is None:
                raise Http404("변경 이력이 없는 항목입니다.")
        else:
            model = models
        obj = None
        if get_object is not None:
            obj = get_object(request, **kwargs)
            pk = obj.pk
        else:
            pk = kwargs.get("pk")
            if pk is not None:
                obj = model.objects.filter(pk=pk).first()
        events = history_events(model, pk, related=related)
        if pk is not None and obj is None and not events.exists():
            raise Http404("기록을 찾을 수 없습니다.")
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        several = pk is None or bool(related)
        label = str(model._meta.verbose_name)
        if obj is not None:
            title = f"{obj} 변경 이력"
        elif pk is not None:
            title = f"{label} #{pk} 변경 이력 (삭제됨)"
        else:
            title = f"{label} 전체 변경 이력"
        return render(
            request,
            "common/history.html",
            {
                "title": title,
                "model_label": label,
                "object": obj,
                "deleted": pk is not None and obj is None,
                "page": page,
                "changes": changes_of(page.object_list, model, subjects=several),
                "proposals": proposals_of(model, pk),
                "back": back(request, obj, kind) if back else None,
            },
        )

    return view
