"""Role checks for views. Anonymous users go to the login page; a signed-in user without the
role gets 403 (they may know the page exists, but not what is on it)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                raise PermissionDenied("이 화면을 볼 권한이 없습니다.")
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator


def post_only(check_object=None):
    """Accept POST only — but answer 405 only AFTER access is settled.

    The portal's one order for POST-only views: anonymous → login page, wrong role → 403,
    someone else's (or a missing) object → 404, and only then a wrong method → 405. So a
    405 never tells a visitor that an object exists. Put this decorator BELOW
    `role_required`/`login_required`; `check_object(request, *args, **kwargs)` is the view's
    own lookup (it raises Http404 for an object the user may not see) and runs only for a
    request with the wrong method (the POST path looks the object up itself).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                if check_object is not None:
                    check_object(request, *args, **kwargs)
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        wrapped.post_only = True
        return wrapped

    return decorator
