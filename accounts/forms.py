from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """로그인: 아이디(또는 이메일)와 비밀번호."""

    username = forms.CharField(
        label="아이디 또는 이메일",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="비밀번호",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "아이디(이메일) 또는 비밀번호가 올바르지 않습니다.",
        "inactive": "사용이 중지된 계정입니다. 재단에 문의해 주세요.",
    }
