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


urlpatterns = [*project_urlpatterns, path("bench/minimal/", minimal, name="bench_minimal")]
