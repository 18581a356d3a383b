"""개인정보 접근기록: one decorator on every view that shows or hands out personal data.

`@logs_personal_data(...)` writes a `PersonalDataAccess` row for each response that carried
the data — a rendered page (200, or a 400/409 form page that re-shows it) or a file — and
none for redirects, 403/404/405 and errors. The row is written before the response leaves:
if the log cannot be written, the data is not shown (the request fails).

Who is logged: staff (개인정보취급자 — PIPA's safeguards concern the people who handle other
people's data). An applicant reading their own application, documents or certificate is not
logged: it is the data subject exercising their own access, and logging it would fill the
audit office's review with noise.

`tests/accounts/test_access_log.py` walks the URL resolver: every staff detail, download and
export URL must carry this decorator and write exactly one row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from common.net import client_ip  # the one client-address helper (re-exported)

from .models import AccessAction, PersonalDataAccess

# Statuses whose body carries the data: pages (also a form re-shown with its error) and files.
_SHOWN = {200, 206, 400, 409}


def record_access(
    request, *, action: str, data: str, object_type: str, object_id: object = ""
) -> PersonalDataAccess:
    user = request.user
    role = user.primary_role
    return PersonalDataAccess.objects.create(
        user=user,
        username=user.get_username(),
        role=role.value if role else "",
        action=action,
        data=data,
        object_type=object_type,
        object_id=str(object_id)[:64],
        ip_address=client_ip(request),
        path=request.get_full_path()[:500],
    )


def logs_personal_data(
    *,
    action: str = AccessAction.VIEW,
    data: str,
    object_type: str,
    object_id: str | Callable | None = None,
):
    """Log each response of the view that showed `data` to a staff member.

    `object_id`: the URL keyword naming the object (e.g. "pk"), or a function
    (request, kwargs) → id, or None for pages about many records (lists, exports: the query
    string is kept in `path`).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            user = request.user
            if response.status_code in _SHOWN and user.is_authenticated and user.is_staff_member:
                if callable(object_id):
                    ident = object_id(request, kwargs)
                else:
                    ident = kwargs.get(object_id, "") if object_id else ""
                record_access(
                    request, action=action, data=data, object_type=object_type, object_id=ident
                )
            return response

        wrapped.personal_data = {"action": action, "data": data, "object_type": object_type}
        return wrapped

    return decorator
