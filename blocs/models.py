"""Organisation and time: commands, blocs, units, yearly membership, campaigns, people, roles."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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
    DEFENCE_OFFICIAL = "cong_chuc", _("Defence official")
    DEFENCE_WORKER = "cnv", _("Defence worker")


class Person(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    full_name = LineField(_("full name"), max_length=200)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    position = LineField(_("position"), max_length=200)
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
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} {self.full_name}"


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


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# A job in one of these states still expects a worker to move it on.
JOB_ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)


class Job(models.Model):
    """A background document job: its state, progress and result, for the page to show."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    bloc = models.ForeignKey(
        Bloc, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("bloc")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Batch jobs count what they produce (certificates, pages) for "n of N" and the estimate.
    items_total = models.PositiveIntegerField(_("items"), default=0)
    items_done = models.PositiveIntegerField(_("items done"), default=0)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("download name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life (queued, started, a chunk counted, progress reported): a waiting or
    # running job silent for longer than PORTAL_JOB_STALL_SECONDS has lost its task.
    last_progress_at = models.DateTimeField(_("last progress"), default=timezone.now)
    # Times the watchdog queued the job again since it last made progress.
    requeues = models.PositiveSmallIntegerField(_("queued again"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_percent")
        ]
        indexes = [
            # The watchdog's and the health check's question, asked every minute.
            models.Index(
                fields=["last_progress_at"],
                condition=Q(status__in=JOB_ACTIVE),
                name="job_active_progress",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.bloc} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status not in JOB_ACTIVE

    @property
    def kind_label(self) -> str:
        from emulation_portal.lib.jobs import get_kind

        try:
            return str(get_kind(self.kind).label)
        except KeyError:
            return self.kind

    @property
    def duration(self) -> timedelta | None:
        """Time taken by a finished job (the last attempt)."""
        if self.started_at and self.finished_at and self.is_finished:
            return self.finished_at - self.started_at
        return None

    def remaining_estimate(self, now: datetime) -> timedelta | None:
        """Time left for a running batch, from its pace so far."""
        if self.status != JobStatus.RUNNING or not self.started_at or not self.items_done:
            return None
        elapsed = now - self.started_at
        return elapsed * (self.items_total - self.items_done) / self.items_done


class JobChunk(models.Model):
    """One chunk of a batch job: rendered once by whichever worker takes it, kept until the
    job assembles its result."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    items = models.PositiveIntegerField()
    file = models.FileField(upload_to="jobs/chunks/", blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="job_chunk_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.job_id} #{self.index}"


class DocumentCounter(models.Model):
    """The last number issued for a series of documents of a bloc in a year."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "series"], name="document_counter_unique_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"
