"""Sealed records and approved access (SEAL-1, INTAKE-6, CARD-9)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccessRequest(models.Model):
    """A request to read one sealed survey, or one card outside a visit.

    Approved by a general manager for one person, one record, a limited time.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    survey = models.ForeignKey(
        "customers.Survey",
        verbose_name=_("survey"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    card = models.ForeignKey(
        "customers.ArchiveCard",
        verbose_name=_("archive card"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested"))
    status = models.CharField(
        _("status"), max_length=10, choices=AccessStatus.choices, default=AccessStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(survey__isnull=False, card__isnull=True)
                    | models.Q(survey__isnull=True, card__isnull=False)
                ),
                name="access_request_one_record",
            )
        ]
        permissions = [
            ("approve_access", _("Can approve access to sealed records")),
            ("view_read_log", _("Can see the log of sealed reads")),
        ]

    def __str__(self) -> str:
        return f"{self.requester}: {self.survey or self.card}"


class ReadLog(models.Model):
    """Every read of a sealed record: who, when, which record, under which approval."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read"))
    access_request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("approval"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reads",
    )
    survey = models.ForeignKey(
        "customers.Survey",
        verbose_name=_("survey"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    card = models.ForeignKey(
        "customers.ArchiveCard",
        verbose_name=_("archive card"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "approval" for a read under SEAL-1, "visit" for a card read during its checkout (CARD-7).
    basis = models.CharField(_("basis"), max_length=20, default="approval")

    class Meta:
        verbose_name = _("sealed read")
        verbose_name_plural = _("sealed reads")
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.reader} {self.read_at:%Y-%m-%d %H:%M}"
