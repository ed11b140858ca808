"""Certificates (bằng khen, giấy khen): templates, issued certificates, printer profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType, Proposal
from blocs.models import Bloc
from emulation_portal.lib.fields import LineField


class CertificateTemplate(models.Model):
    """The text of each line of an award's certificate (see ``layout.LINES``)."""

    award = models.OneToOneField(
        AwardType,
        on_delete=models.CASCADE,
        related_name="certificate_template",
        verbose_name=_("award"),
    )
    texts = models.JSONField(_("lines"), default=dict)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["award__name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self) -> str:
        return str(self.award)


class SerialCounter(models.Model):
    """The last serial number issued in a year (serials are unique across the portal)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Certificate(models.Model):
    """An issued certificate: its serial, its public code and its text, frozen at first issue
    so that every reprint is the same certificate."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("award")
    )
    serial = models.CharField(_("serial number"), max_length=30, unique=True)
    code = models.CharField(_("verification code"), max_length=32, unique=True, editable=False)
    lines = models.JSONField(_("printed text"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.serial


class PrinterProfile(models.Model):
    """Where a printer puts the text on pre-printed blanks, as offsets in millimetres."""

    bloc = models.ForeignKey(
        Bloc, on_delete=models.CASCADE, related_name="printer_profiles", verbose_name=_("bloc")
    )
    name = LineField(_("printer"), max_length=100)
    offset_x_mm = models.DecimalField(
        _("move right (mm)"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Negative values move the text left."),
    )
    offset_y_mm = models.DecimalField(
        _("move down (mm)"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Negative values move the text up."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("printer profile")
        verbose_name_plural = _("printer profiles")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "name"], name="printer_profile_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
