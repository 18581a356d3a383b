"""The bank channel's URLs (config/urls.py includes them at the root): the API under
/api/bank/v1/ — every view wrapped so that each call is logged in BankApiCall — and the
감사실 page of those calls."""

from __future__ import annotations

import time
from functools import wraps

from django.urls import URLPattern, include, path
from django.utils import timezone

from accounts.access_log import client_ip

from ..models import BankApiCall
from . import audit_views
from .api import api


def logged(view, name: str):
    """Who (bank, key), when, what (method, path, operation, guarantee), from where, answer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        started = time.monotonic()
        at = timezone.now()
        status, code = 500, "server_error"
        try:
            response = view(request, *args, **kwargs)
            status = response.status_code
            code = getattr(response, "problem_code", "")
            if getattr(request, "replayed", False):
                response["Idempotent-Replayed"] = "true"
            return response
        finally:
            key = getattr(request, "bank_api_key", None)
            BankApiCall.objects.create(
                at=at,
                bank=key.bank if key else None,
                api_key=key,
                key_prefix=key.prefix if key else "",
                method=request.method[:10],
                path=request.path[:500],
                operation=name[:60],
                guarantee_no=str(kwargs.get("guarantee_no", ""))[:30],
                idempotency_key=request.headers.get("Idempotency-Key", "")[:255],
                replayed=getattr(request, "replayed", False),
                status=status,
                problem_code=code[:60],
                ip_address=client_ip(request),
                user_agent=request.headers.get("User-Agent", "")[:300],
                duration_ms=int((time.monotonic() - started) * 1000),
            )

    return wrapped


# The schema and its docs page are public documentation, not a bank's call: not logged.
UNLOGGED = {"openapi-json", "openapi-view"}


def _logged_patterns(patterns):
    out = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in UNLOGGED:
            out.append(
                URLPattern(
                    pattern.pattern,
                    logged(pattern.callback, pattern.name or ""),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            out.append(pattern)
    return out


_patterns, _app, _namespace = api.urls

urlpatterns = [
    path("api/bank/v1/", include((_logged_patterns(_patterns), _app), namespace=_namespace)),
    path("bank/api-calls/", audit_views.api_calls, name="bank_api_calls"),
]
