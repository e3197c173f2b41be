"""SVC-1, first-contact responsibility (首问负责制): a case and its timeline.

Whoever first receives a customer's call, visit, question or complaint logs a case and owns
it until it is answered or routed to a department with the date the customer was told.
There is no "rejected" state: the database accepts only open, routed and answered, and an
answered case must carry its answer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CaseChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit")
    MESSAGE = "message", _("Message or letter")


class CaseKind(models.TextChoices):
    QUESTION = "question", _("Question")
    REQUEST = "request", _("Service request")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    """No "rejected": nobody may refuse a case (SVC-1)."""

    OPEN = "open", _("With the first receiver")
    ROUTED = "routed", _("Routed to a department")
    CLOSED = "closed", _("Answered")


OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.ROUTED)


class Case(models.Model):
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    # A caller who is not a customer (yet) is named by name and phone.
    caller_name = models.CharField(_("caller's name"), max_length=100, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=30, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=CaseChannel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what the customer said"), blank=True)
    product = models.CharField(_("product"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="service_cases_received",
    )
    received_at = models.DateTimeField(_("received at"))
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    department = models.ForeignKey(
        "service.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    expected_on = models.DateField(
        _("expected answer date"),
        help_text=_("The date the customer was told, or the default answer date until routed."),
    )
    # What set the expected date: the default (rule + parameter) or the routing.
    expected_params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service case")
        verbose_name_plural = _("service cases")
        ordering = ["-received_at", "-pk"]
        permissions = [("view_all_cases", _("Can see and step into every service case"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CaseStatus]),
                name="case_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED)
                | (~Q(answer="") & Q(answered_at__isnull=False) & Q(answered_by__isnull=False)),
                name="case_closed_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.ROUTED) | Q(department__isnull=False),
                name="case_routed_has_department",
            ),
            models.CheckConstraint(
                condition=Q(customer__isnull=False) | (~Q(caller_name="") & ~Q(caller_phone="")),
                name="case_names_who",
            ),
        ]
        indexes = [
            models.Index(
                fields=["expected_on"],
                name="case_open_due_idx",
                condition=~Q(status="closed"),
            ),
            models.Index(fields=["received_by", "status", "-received_at"], name="case_mine_idx"),
            models.Index(fields=["department", "status", "expected_on"], name="case_queue_idx"),
            models.Index(fields=["customer", "-received_at"], name="case_customer_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def who(self) -> str:
        return self.customer.name if self.customer_id else self.caller_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Routed")
    COMPLAINT = "complaint", _("Complaint form opened")
    ANSWERED = "answered", _("Answered")


class CaseEvent(models.Model):
    """The case's timeline: who received, routed (from whom, to which department, when, with
    which date and why) and answered it. Append-only."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CaseEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    from_department = models.ForeignKey(
        "service.Department",
        verbose_name=_("from department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        "service.Department",
        verbose_name=_("to department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_on = models.DateField(_("expected answer date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    rule = models.CharField(_("rule ID"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["case", "at"], name="caseevent_case_idx"),
            models.Index(fields=["by", "case"], name="caseevent_by_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=CaseEventKind.ROUTED)
                | Q(to_department__isnull=False, expected_on__isnull=False),
                name="caseevent_routed_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
