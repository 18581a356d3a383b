from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from .forms import LoginForm
from .homes import HOME_URL_NAMES
from .lockout import axes_username
from .twofactor import needs_second_factor, totp_device


class LoginView(auth_views.LoginView):
    """로그인, step one. django-axes counts failures (AxesStandaloneBackend refuses a locked
    account; AxesMiddleware answers with the lockout page). Staff go on to the second factor;
    their failure count is cleared only once the code is right, so that a known password does
    not buy fresh code guesses."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if needs_second_factor(user):
            page = "accounts:otp_verify" if totp_device(user) else "accounts:otp_setup"
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse(page)}?{query}")
        axes_reset(username=axes_username(None, {"username": user.get_username()}))
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): the header's 로그아웃 button is a small form."""


@require_GET
@login_required
def home(request):
    """Send each user to the page their role works from."""
    role = request.user.primary_role
    if role is None:
        return redirect("accounts:no_role")
    return redirect(HOME_URL_NAMES[role])


@require_GET
@login_required
def no_role(request):
    from django.shortcuts import render

    return render(request, "accounts/no_role.html", status=403)
