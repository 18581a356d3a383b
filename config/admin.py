"""The Django admin behind the portal's own login and second factor.

django-otp's OTPAdminSite grants the admin only to a session verified by a device. Its login
form is replaced by the portal's login page, so that there is one way in, with one lockout
(django-axes) and one two-factor step.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    site_title = "보증 포털 관리"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def each_context(self, request):
        from common.foundation import foundation

        context = super().each_context(request)
        context["site_header"] = f"{foundation().name} 포털 관리"
        return context

    def login(self, request, extra_context=None):
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        return redirect_to_login(target)
