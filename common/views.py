"""The foundation's logo for the page header: public (every page shows it), cached, and only
ever an image (common/logo.py reads and checks it)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from .foundation import foundation
from .logo import CONTENT_TYPES, logo_image


@require_GET
def foundation_logo(request):
    image = logo_image(foundation())
    if image is None:
        raise Http404("재단 로고가 없습니다.")
    data, kind = image
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    # The header asks for it with ?v=<profile updated_at>, so a new logo is a new URL.
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
