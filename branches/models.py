"""The foundation's organisation: units as a tree, the branches and the 군·구 they serve,
audit groups, staff grades and authorised headcount, committees and executives (seed 001)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    BOARD = "board", _("이사장·이사회")
    HEADQUARTERS = "headquarters", _("본부")
    OFFICE = "office", _("실")
    CENTRE = "centre", _("센터")
    DEPARTMENT = "department", _("부")
    TEAM = "team", _("팀")
    BRANCH = "branch", _("지점")


class AuditGroup(models.Model):
    """지점 감사그룹: I (서인천·계양·부평, 감사실장), II (남동·연수·남부·중부, 부실장)."""

    code = models.CharField(_("그룹 코드"), max_length=10, unique=True)
    name = models.CharField(_("그룹명"), max_length=50)
    auditor_title = models.CharField(_("감사자"), max_length=50)

    class Meta:
        verbose_name = _("감사그룹")
        verbose_name_plural = _("감사그룹")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """조직 단위: headquarters, departments, office, centre, team or branch."""

    code = models.CharField(_("코드"), max_length=30, unique=True)
    name = models.CharField(_("명칭"), max_length=100)
    kind = models.CharField(_("구분"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("상위 조직"),
    )
    audit_group = models.ForeignKey(
        AuditGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name=_("감사그룹"),
    )
    opened_on = models.DateField(_("개설일"), null=True, blank=True)
    is_active = models.BooleanField(_("운영 중"), default=True)
    phone = models.CharField(_("대표전화"), max_length=20, blank=True)
    address = models.CharField(_("주소"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("표시 순서"), default=0)

    class Meta:
        verbose_name = _("조직")
        verbose_name_plural = _("조직")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audit_group__isnull=True) | models.Q(kind="branch"),
                name="orgunit_audit_group_only_for_branches",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind == UnitKind.BRANCH


class District(models.Model):
    """군·구: routes an application to the branch that serves the business's address."""

    sido = models.CharField(_("시·도"), max_length=20)
    name = models.CharField(_("군·구"), max_length=20)
    branch = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="districts",
        limit_choices_to={"kind": UnitKind.BRANCH},
        verbose_name=_("관할 지점"),
    )

    class Meta:
        verbose_name = _("관할 군·구")
        verbose_name_plural = _("관할 군·구")
        ordering = ["sido", "name"]
        constraints = [models.UniqueConstraint(fields=["sido", "name"], name="district_unique")]

    def __str__(self) -> str:
        return f"{self.sido} {self.name}"


class StaffGrade(models.TextChoices):
    """직급. Seed 001 reports grades 5 and 6 together."""

    GRADE_1 = "1", _("1급")
    GRADE_2 = "2", _("2급")
    GRADE_3 = "3", _("3급")
    GRADE_4 = "4", _("4급")
    GRADE_5_6 = "5-6", _("5~6급")
    OTHER = "other", _("기타")
    ALL = "all", _("전 직급")  # a unit's total where the source gives no breakdown by grade


class HeadcountQuota(models.Model):
    """정원/현원 at a date (the register the council report prints).

    Rows with no unit are foundation-wide figures by grade (seed 001's 합계 row); rows with a
    unit and grade "all" are a unit's total; a row with no unit, grade "all" and a note counts
    people outside any unit (휴직, on leave).
    """

    as_of = models.DateField(_("기준일"))
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headcounts",
        verbose_name=_("부서"),
        help_text=_("비워 두면 휴직 등 부서 외 인원"),
    )
    grade = models.CharField(_("직급"), max_length=10, choices=StaffGrade.choices)
    authorised = models.PositiveSmallIntegerField(_("정원"), default=0)
    current = models.PositiveSmallIntegerField(_("현원"), default=0)
    note = models.CharField(_("비고"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("정원·현원")
        verbose_name_plural = _("정원·현원")
        constraints = [
            models.UniqueConstraint(
                fields=["as_of", "unit", "grade"],
                name="headcount_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.as_of} {self.unit or '재단'} {self.get_grade_display()}"


class Committee(models.Model):
    """위원회: 인사위원회, 자금운용위원회, 보증심사위원회."""

    code = models.CharField(_("코드"), max_length=30, unique=True)
    name = models.CharField(_("위원회명"), max_length=100)
    legal_basis = models.CharField(_("설치근거"), max_length=100)
    chair_title = models.CharField(_("위원장"), max_length=50)
    function = models.CharField(_("기능"), max_length=200)
    size = models.PositiveSmallIntegerField(_("구성 인원"))
    external_members = models.PositiveSmallIntegerField(_("외부위원 수"))

    class Meta:
        verbose_name = _("위원회")
        verbose_name_plural = _("위원회")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(external_members__lte=models.F("size")),
                name="committee_external_le_size",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """위원: internal members hold a post; external members are named with their affiliation."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("위원회")
    )
    name = models.CharField(_("성명"), max_length=50)
    position = models.CharField(_("직위·소속"), max_length=100)
    is_external = models.BooleanField(_("외부위원"), default=False)
    is_chair = models.BooleanField(_("위원장"), default=False)

    class Meta:
        verbose_name = _("위원")
        verbose_name_plural = _("위원")
        ordering = ["committee", "-is_chair", "is_external", "name"]

    def __str__(self) -> str:
        return f"{self.committee}: {self.name}"


class Executive(models.Model):
    """간부현황: post, name, grade, birth year, date of appointment, career."""

    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="executives",
        verbose_name=_("소속 조직"),
    )
    post = models.CharField(_("직책"), max_length=60)
    name = models.CharField(_("성함"), max_length=30)
    grade = models.CharField(_("직급"), max_length=20)
    birth_year = models.PositiveSmallIntegerField(_("출생년도"))
    appointed_on = models.DateField(_("현보직 발령일"))
    career = models.CharField(_("주요 경력"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("표시 순서"))

    class Meta:
        verbose_name = _("간부")
        verbose_name_plural = _("간부현황")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return f"{self.post} {self.name}"
