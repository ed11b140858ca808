"""Organisation and time: commands, blocs, units, yearly membership, campaigns, people, roles."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.fields import LineField, ParagraphField

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Command(models.Model):
    """A superior command (e.g. the General Staff) that owns blocs and whose officers review."""

    name = LineField(_("name"), max_length=200, unique=True)
    short_name = LineField(_("short name"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("superior command")
        verbose_name_plural = _("superior commands")

    def __str__(self) -> str:
        return self.name


class Bloc(models.Model):
    command = models.ForeignKey(
        Command, on_delete=models.PROTECT, related_name="blocs", verbose_name=_("superior command")
    )
    name = LineField(_("name"), max_length=200)
    document_code = LineField(
        _("document code"),
        max_length=20,
        help_text=_("Used in document numbers, e.g. KTĐ4 in “12/DS-KTĐ4”."),
    )
    place = LineField(
        _("place"), max_length=100, help_text=_("Where the bloc's documents are issued.")
    )
    description = ParagraphField(_("description"), blank=True, max_length=2000)

    class Meta:
        ordering = ["command__name", "name"]
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        constraints = [
            models.UniqueConstraint(fields=["command", "name"], name="bloc_unique_name_per_command")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    name = LineField(_("name"), max_length=200, unique=True)
    short_name = LineField(_("short name"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    LEADER = "leader", _("Bloc leader")
    DEPUTY = "deputy", _("Bloc deputy")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A unit's place in a bloc for one year; the leader and deputy rotate yearly."""

    bloc = models.ForeignKey(
        Bloc, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("bloc")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    role = models.CharField(
        _("role in the bloc"),
        max_length=10,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )

    class Meta:
        ordering = ["-year", "bloc__name", "role", "unit__name"]
        verbose_name = _("bloc membership")
        verbose_name_plural = _("bloc memberships")
        constraints = [
            # A unit belongs to one bloc in a given year (so it is never twice in a bloc either).
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="membership_one_bloc_per_unit_year",
                violation_error_message=_("This unit is already a member of a bloc that year."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role="leader"),
                name="membership_one_leader_per_bloc_year",
                violation_error_message=_("The bloc already has a leader that year."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role="deputy"),
                name="membership_one_deputy_per_bloc_year",
                violation_error_message=_("The bloc already has a deputy that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="membership_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.bloc} ({self.year})"


class CampaignKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly campaign")
    THEMATIC = "thematic", _("Thematic campaign")


class Campaign(models.Model):
    bloc = models.ForeignKey(
        Bloc, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("bloc")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CampaignKind.choices, default=CampaignKind.YEARLY
    )
    name = LineField(_("name"), max_length=255)
    theme = LineField(_("theme"), max_length=500)
    focus_areas = ParagraphField(_("focus areas"), blank=True, max_length=4000)
    key_activities = ParagraphField(_("key activities"), blank=True, max_length=4000)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    launch_place = LineField(_("launch conference place"), max_length=255, blank=True)
    launch_date = models.DateField(_("launch conference date"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "bloc__name", "start_date"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year", "name"],
                name="campaign_unique_name_per_bloc_year",
                violation_error_message=_(
                    "The bloc already has a campaign of that name that year."
                ),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(kind="yearly"),
                name="campaign_one_yearly_per_bloc_year",
                violation_error_message=_(
                    "The bloc already has its yearly campaign for that year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="campaign_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Rank(models.TextChoices):
    PRIVATE = "binh_nhi", _("Private")
    PRIVATE_FIRST_CLASS = "binh_nhat", _("Private first class")
    CORPORAL = "ha_si", _("Corporal")
    SERGEANT = "trung_si", _("Sergeant")
    SENIOR_SERGEANT = "thuong_si", _("Senior sergeant")
    SECOND_LIEUTENANT = "thieu_uy", _("Second lieutenant")
    LIEUTENANT = "trung_uy", _("Lieutenant")
    SENIOR_LIEUTENANT = "thuong_uy", _("Senior lieutenant")
    CAPTAIN = "dai_uy", _("Captain")
    MAJOR = "thieu_ta", _("Major")
    LIEUTENANT_COLONEL = "trung_ta", _("Lieutenant colonel")
    COLONEL = "thuong_ta", _("Colonel")
    SENIOR_COLONEL = "dai_ta", _("Senior colonel")
    MAJOR_GENERAL = "thieu_tuong", _("Major general")
    LIEUTENANT_GENERAL = "trung_tuong", _("Lieutenant general")
    COLONEL_GENERAL = "thuong_tuong", _("Colonel general")
    GENERAL = "dai_tuong", _("General")
    # Not ranks: the categories of the Law on Professional Servicemen, Defence Workers and
    # Public Employees (2015), which replaced “công chức” and “công nhân viên quốc phòng”.
    DEFENCE_WORKER = "cong_nhan", _("Defence worker")
    DEFENCE_EMPLOYEE = "vien_chuc", _("Defence public employee")


def rank_labels(language: str | None = None) -> dict[str, str]:
    """Every rank's name in ``language`` (the active one by default), by its code."""
    return _rank_labels(language or translation.get_language() or settings.LANGUAGE_CODE)


@functools.cache
def _rank_labels(language: str) -> dict[str, str]:
    # Built once a language: a list of a thousand people does not translate thirty labels a
    # row, as get_FOO_display does.
    with translation.override(language):
        return {code: str(label) for code, label in Rank.choices}


def rank_label(rank: str, language: str | None = None) -> str:
    """A rank's name in ``language`` (the active one by default)."""
    return rank_labels(language).get(rank, rank)


def person_label(rank: str, full_name: str) -> str:
    """A person as the portal names them, "Thượng úy Nguyễn Văn An" (``str(person)``)."""
    return f"{rank_label(rank)} {full_name}"


class Person(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    full_name = LineField(_("full name"), max_length=200)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    position = LineField(_("position"), max_length=200)
    # Optional on the form (people entered before they were asked for); the people import
    # requires the date of birth, which tells namesakes apart.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    service_start = models.DateField(
        _("entered service"),
        null=True,
        blank=True,
        help_text=_("The day of enlistment (nhập ngũ) or of recruitment."),
    )
    service_end = models.DateField(
        _("left service"),
        null=True,
        blank=True,
        help_text=_("Empty while the person serves."),
    )
    is_commander = models.BooleanField(
        _("commands the unit"),
        default=False,
        help_text=_("Shown as the unit's commander on the bloc roster."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("portal account"),
    )

    class Meta:
        ordering = ["unit__name", "full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_commander=True),
                name="person_one_commander_per_unit",
                violation_error_message=_("This unit already has a commander."),
            ),
            models.CheckConstraint(
                condition=Q(service_start__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(service_start__gt=F("date_of_birth")),
                name="person_serves_after_birth",
                violation_error_message=_("Service cannot start before the date of birth."),
            ),
            models.CheckConstraint(
                condition=Q(service_end__isnull=True)
                | Q(service_start__isnull=True)
                | Q(service_end__gte=F("service_start")),
                name="person_leaves_after_entering",
                violation_error_message=_("Service cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return person_label(self.rank, self.full_name)

    def get_rank_display(self) -> str:
        return rank_label(self.rank)


class RoleKind(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECRETARIAT = "secretariat", _("Bloc secretariat")
    COMMANDER = "commander", _("Unit commander")
    REVIEWER = "reviewer", _("Political officer (reviewer)")
    SUPERIOR = "superior", _("Superior command (read-only)")


UNIT_ROLES = (RoleKind.SECRETARIAT, RoleKind.COMMANDER)
COMMAND_ROLES = (RoleKind.REVIEWER, RoleKind.SUPERIOR)


class Role(models.Model):
    """What a user may do, and where.

    Secretariat staff belong to a unit: they manage a bloc in the years their unit leads it.
    Commanders act for their unit. Reviewers and superiors see the blocs of their command.
    A role whose scope is not assigned yet grants nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=12, choices=RoleKind.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("unit"),
    )
    command = models.ForeignKey(
        Command,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("superior command"),
    )

    class Meta:
        ordering = ["user__username", "kind"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=UNIT_ROLES, command__isnull=True)
                    | Q(kind__in=COMMAND_ROLES, unit__isnull=True)
                    | Q(kind=RoleKind.ADMIN, unit__isnull=True, command__isnull=True)
                ),
                name="role_scope_matches_kind",
                violation_error_message=_(
                    "Secretariat and commander roles are scoped to a unit; reviewer and superior "
                    "roles to a command; administrators to nothing."
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.command or "—"
        return f"{self.user} · {self.get_kind_display()} · {scope}"


class UnitStrength(models.Model):
    """A unit's strength (quân số) in a year: what quotas on people are counted on."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="strengths", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    strength = models.PositiveIntegerField(_("strength"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["unit__name", "-year"]
        verbose_name = _("unit strength")
        verbose_name_plural = _("unit strengths")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="strength_once_per_unit_and_year",
                violation_error_message=_("The unit's strength for that year is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.strength} ({self.year})"
