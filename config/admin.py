"""The Django admin behind the portal's own login and second factor.

django-otp's OTPAdminSite grants the admin only to a session verified by a device. Its login
form is replaced by the portal's login page, so that there is one way in, with one lockout
(django-axes) and one two-factor step.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.admin import OTPAdminSite


def _refuse_signed_in_non_admin(request) -> None:
    """Signed in but not admin staff: the answer is "not for you" (the Korean 403 page), not
    the portal's login, which sends a signed-in user home (issue 18 row 10: the loop)."""
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied("관리자 화면은 시스템 관리자만 쓸 수 있습니다.")


class PortalAdminSite(OTPAdminSite):
    site_title = "보증 포털 관리"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def each_context(self, request):
        from common.foundation import foundation

        context = super().each_context(request)
        context["site_header"] = f"{foundation().name} 포털 관리"
        return context

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            _refuse_signed_in_non_admin(request)
            return inner(request, *args, **kwargs)

        guarded.__dict__.update(getattr(inner, "__dict__", {}))
        return guarded

    def login(self, request, extra_context=None):
        _refuse_signed_in_non_admin(request)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        return redirect_to_login(target)
