"""The project's URLs plus the minimal reference view of the page rows (benchmark only: the
portal itself never routes to it)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


@login_required
def minimal(request):
    """The floor of a signed-in page on our stack: middleware, session, user, a response."""
    return HttpResponse(f"<p>{request.user.get_username()}</p>")


@login_required
def admin_floor(request, app_label: str, model_name: str, pk: int | None = None):
    """The floor of an admin page (benchmarks/admin_pages.py): the same model's rows read with
    `values()` (one object by pk, or the changelist's first 100) and a minimal template."""
    from django.apps import apps
    from django.template import engines

    model = apps.get_model(app_label, model_name)
    rows = model._default_manager.all()
    rows = list(rows.filter(pk=pk).values() if pk is not None else rows.values()[:100])
    template = engines["django"].from_string(
        "<table>{% for row in rows %}<tr>{% for k, v in row.items %}<td>{{ k }}</td>"
        "<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>"
    )
    return HttpResponse(template.render({"rows": rows}, request))


urlpatterns = [
    *project_urlpatterns,
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/admin-floor/<str:app_label>/<str:model_name>/", admin_floor),
    path("bench/admin-floor/<str:app_label>/<str:model_name>/<int:pk>/", admin_floor),
]
