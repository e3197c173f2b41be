"""SVC-3: a complaint on its complaint form, and each step's record.

By product: the quality test (投诉产品质量检测表), finance's compensation note (赔偿单),
production's remake. By person: verification, the discipline record, the apology. Each
step is its own record (one per complaint, by the database), made by whoever holds the
step's permission; `next_step` says what the complaint waits for.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 14, "decimal_places": 2}


class ComplaintCause(models.TextChoices):
    PRODUCT = "product", _("A product")
    PERSON = "person", _("A person")


class ComplaintState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TESTED = "tested", _("Quality tested")
    COMPENSATED = "compensated", _("Compensated")
    REMADE = "remade", _("Remade")
    VERIFIED = "verified", _("Verified")
    DISCIPLINED = "disciplined", _("Disciplined")
    APOLOGISED = "apologised", _("Apologised")
    CLOSED = "closed", _("Closed")


class ComplaintStep(models.TextChoices):
    QUALITY_TEST = "quality_test", _("Quality test")
    COMPENSATION = "compensation", _("Compensation note")
    REMAKE = "remake", _("Remake")
    VERIFICATION = "verification", _("Verification")
    DISCIPLINE = "discipline", _("Discipline")
    APOLOGY = "apology", _("Apology")
    CLOSE = "close", _("Closing")


class Complaint(models.Model):
    case = models.OneToOneField(
        "service.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="complaint",
    )
    cause = models.CharField(_("caused by"), max_length=10, choices=ComplaintCause.choices)
    product = models.CharField(_("product"), max_length=200, blank=True)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("what happened"))
    demand = models.TextField(_("what the customer asks for"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ComplaintState.choices, default=ComplaintState.REGISTERED
    )
    next_step = models.CharField(
        _("waiting for"), max_length=12, choices=ComplaintStep.choices, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("registered at"))
    outcome = models.TextField(_("outcome told to the customer"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-opened_at", "-pk"]
        permissions = [
            ("test_quality", _("Can record the quality test of a complaint")),
            ("compensate", _("Can issue the compensation note of a complaint")),
            ("record_remake", _("Can record the remake of a complained product")),
            ("verify_complaint", _("Can verify a complaint about a person")),
            ("discipline", _("Can record the discipline of an employee")),
            ("record_apology", _("Can record the apology to a customer")),
            ("close_complaint", _("Can close a complaint")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(cause=ComplaintCause.PRODUCT) | ~Q(product=""),
                name="complaint_product_named",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ComplaintState]),
                name="complaint_state_known",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=ComplaintState.CLOSED)
                    & Q(next_step="")
                    & ~Q(outcome="")
                    & Q(closed_at__isnull=False)
                )
                | (~Q(state=ComplaintState.CLOSED) & ~Q(next_step="")),
                name="complaint_closed_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["-opened_at", "-id"], name="complaint_opened_idx"),
            models.Index(fields=["next_step"], name="complaint_waiting_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class _Step(models.Model):
    """What every step records: who (holding the step's permission) and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        abstract = True


class QualityResult(models.TextChoices):
    DEFECT = "defect", _("Defect confirmed")
    NO_DEFECT = "no_defect", _("No defect found")


class QualityTest(_Step):
    """The quality test form (投诉产品质量检测表); `recorded_by` is the tester."""

    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="quality_test",
    )
    result = models.CharField(_("result"), max_length=10, choices=QualityResult.choices)
    findings = models.TextField(_("findings"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality test")
        verbose_name_plural = _("quality tests")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.result}"


class Compensation(_Step):
    """Finance's compensation note (赔偿单), in yuan with fen."""

    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="compensation",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compensation note")
        verbose_name_plural = _("compensation notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="compensation_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.amount}"


class Remake(_Step):
    """Production has remade the product (recorded done)."""

    complaint = models.OneToOneField(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="remake"
    )
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remake")
        verbose_name_plural = _("remakes")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.done_on}"


class Verification(_Step):
    """A complaint about a person, verified: what was found and whether it holds."""

    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="verification",
    )
    confirmed = models.BooleanField(_("complaint confirmed"))
    finding = models.TextField(_("finding"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.confirmed}"


class DisciplineRecord(_Step):
    complaint = models.OneToOneField(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="discipline",
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="service_discipline_records",
    )
    measure = models.TextField(_("measure"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.employee_id}"


class ApologyMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    LETTER = "letter", _("By letter")
    OTHER = "other", _("Other")


class Apology(_Step):
    complaint = models.OneToOneField(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="apology"
    )
    method = models.CharField(_("how"), max_length=10, choices=ApologyMethod.choices)
    apologised_on = models.DateField(_("when"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("apology")
        verbose_name_plural = _("apologies")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.method}"
