from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from .forms import LoginForm
from .homes import HOME_URL_NAMES


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
