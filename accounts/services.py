"""Accounts' one way in: an applicant's sign-up and e-mail verification (views call these;
they never write the user table themselves)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import Role, User


def applicant_signup(*, email: str, password: str, mobile: str, name: str) -> User:
    """A new applicant account (validated sign-up data), in the applicant group."""
    with transaction.atomic():
        user = User.objects.create_user(
            username=email, email=email, password=password, mobile=mobile, first_name=name
        )
        user.groups.add(Group.objects.get(name=Role.APPLICANT))
    return user


def email_verify(user: User) -> None:
    """Mark the address verified (once: a second click keeps the first time)."""
    User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=timezone.now()
    )
