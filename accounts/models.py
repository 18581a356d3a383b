"""People: one user model for applicants and staff; roles are groups with permissions."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """역할. Each is a Group of the same name (created by migration 0002_roles)."""

    APPLICANT = "applicant", _("신청인(소상공인)")
    REVIEWER = "reviewer", _("심사역")
    BRANCH_MANAGER = "branch_manager", _("지점장")
    HQ_SALES = "hq_sales", _("영업본부")
    AUDITOR = "auditor", _("감사실")
    STRATEGY = "strategy", _("전략기획부")
    COUNSELLOR = "counsellor", _("디딤돌센터 상담사")
    EXECUTIVE = "executive", _("임원")
    BANK_OFFICER = "bank_officer", _("은행 담당자")  # one partner bank (guarantees.BankOfficer)
    # one city or district (guarantees.ContributorOfficer): sees only the programmes it funds
    CONTRIBUTOR_OFFICER = "contributor_officer", _("출연기관 담당자")
    SYSADMIN = "sysadmin", _("시스템 관리자")


# Everyone who signs in with a second factor and whose views of personal data are logged:
# the foundation's staff and the partner banks' officers.
STAFF_ROLES = frozenset(Role) - {Role.APPLICANT}
# The foundation's own people (a bank officer is an outsider who sees one bank's guarantees).
FOUNDATION_ROLES = STAFF_ROLES - {Role.BANK_OFFICER, Role.CONTRIBUTOR_OFFICER}
# Roles whose work is tied to one branch: they see that branch's applications only.
BRANCH_ROLES = frozenset({Role.REVIEWER, Role.BRANCH_MANAGER})


class User(AbstractUser):
    """사용자. Email is the login for applicants; staff also log in by username."""

    email = models.EmailField(_("이메일"), unique=True)
    mobile = models.CharField(_("휴대전화"), max_length=20, blank=True)
    email_verified_at = models.DateTimeField(_("이메일 인증 시각"), null=True, blank=True)
    org_unit = models.ForeignKey(
        "branches.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("소속"),
    )
    staff_title = models.CharField(_("직위"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Korean order: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def roles(self) -> set[str]:
        if not hasattr(self, "_role_cache"):
            names = {group.name for group in self.groups.all()}
            self._role_cache = {role for role in Role if role.value in names}
        return self._role_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def primary_role(self) -> Role | None:
        """The role whose home page the user lands on (the first, in Role's order)."""
        for role in Role:
            if role in self.roles:
                return role
        return None

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def branch(self):
        """The branch a reviewer or branch manager works for (None for HQ units)."""
        unit = self.org_unit
        return unit if unit is not None and unit.is_branch else None


class AccessAction(models.TextChoices):
    """What a staff member did with personal data."""

    VIEW = "view", _("조회")  # a page that shows it
    DOWNLOAD = "download", _("다운로드")  # an applicant's file
    EXPORT = "export", _("내보내기")  # a CSV of many records


class PersonalDataAccess(models.Model):
    """개인정보 접근기록 (개인정보의 안전성 확보조치 기준 제8조): who looked at or took which
    personal data, when, from where. Written by `accounts.access_log.logs_personal_data`;
    append-only — PostgreSQL refuses UPDATE and DELETE (migration 0003)."""

    at = models.DateTimeField(_("일시"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("접근자")
    )
    # Snapshots: the log must still read right after a rename or a role change.
    username = models.CharField(_("접근자 아이디"), max_length=150)
    role = models.CharField(_("역할"), max_length=30, blank=True)
    action = models.CharField(_("행위"), max_length=10, choices=AccessAction.choices)
    data = models.CharField(_("접근한 정보"), max_length=100)  # 신청서 상세, 제출서류 다운로드…
    object_type = models.CharField(_("대상 종류"), max_length=30)  # 신청서, 제출서류, 보증…
    object_id = models.CharField(_("대상 번호"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("접속 IP"), null=True, blank=True)
    path = models.CharField(_("요청 주소"), max_length=500)

    class Meta:
        verbose_name = _("개인정보 접근기록")
        verbose_name_plural = _("개인정보 접근기록")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "at"], name="access_user_at"),
            models.Index(fields=["object_type", "object_id"], name="access_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.data} {self.object_id}"

    @property
    def role_label(self) -> str:
        """The role in Korean, as people read it ('reviewer' → '심사역'); an unknown code as is."""
        try:
            return Role(self.role).label if self.role else "-"
        except ValueError:
            return self.role
