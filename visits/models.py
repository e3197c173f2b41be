"""Follow-up visits (VISIT-1…12): rules as rows, generated deadlines, append-only records."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Visitor(models.TextChoices):
    """Who makes a visit: the customer's rep, or the service doctor who holds the card."""

    REP = "rep", _("Rep")
    DOCTOR = "doctor", _("Service doctor")


class Audience(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    NON_BUYER = "non_buyer", _("Non-buyer")


class VisitRule(models.Model):
    """One visit of a follow-up schedule (VISIT-1…3): who visits whom, N days after the card
    (or after the first purchase, VISIT-12), and why. Defaults ship by data migration."""

    visitor = models.CharField(_("who visits"), max_length=10, choices=Visitor.choices)
    audience = models.CharField(_("whom"), max_length=10, choices=Audience.choices)
    days = models.PositiveSmallIntegerField(
        _("days after the card"),
        help_text=_("The visit is due this many days after the card (or the first purchase)."),
    )
    purpose_zh_hans = models.CharField(_("purpose (Chinese)"), max_length=200)
    purpose_en = models.CharField(_("purpose (English)"), max_length=200)
    rule_code = models.CharField(
        _("rule ID"), max_length=20, blank=True, help_text=_("The written rule, e.g. VISIT-1.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive rules make no new visits.")
    )
    applies_from = models.DateField(
        _("applies to cards from"),
        null=True,
        blank=True,
        help_text=_(
            "Cards and purchases dated before this day do not get this visit (empty: all)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit rule")
        verbose_name_plural = _("visit rules")
        ordering = ["visitor", "audience", "days", "pk"]

    def __str__(self) -> str:
        return f"{self.get_visitor_display()} · {self.get_audience_display()} · +{self.days}"

    @property
    def purpose(self) -> str:
        """The purpose in the active language (Chinese unless English is active)."""
        if (get_language() or "").startswith("en"):
            return self.purpose_en or self.purpose_zh_hans
        return self.purpose_zh_hans or self.purpose_en


class Holiday(models.Model):
    """VISIT-11: a day of the company's holiday calendar; visits due on it come earlier."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    SUPERSEDED = "superseded", _("Superseded")
    CANCELLED = "cancelled", _("Cancelled")


class TaskSource(models.TextChoices):
    CARD = "card", _("Archive card")
    PURCHASE = "purchase", _("First purchase")
    ADHOC = "adhoc", _("Planned visit")


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    HOME = "home", _("Home visit")
    STORE = "store", _("Store visit")
    OTHER = "other", _("Other")


# VISIT-8: the methods that count as an in-person appointment.
IN_PERSON_METHODS = (VisitMethod.HOME, VisitMethod.STORE)


class VisitTask(models.Model):
    """A visit someone owes a customer by a date: generated from a rule, or planned (VISIT-4).

    Rule tasks keep the rule's days and the date they were counted from, so a page can say
    why the visit is due even after an admin changes the rule.
    """

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="visit_tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_tasks",
        help_text=_("Empty for a doctor's visit until a doctor holds the card."),
    )
    visitor = models.CharField(_("who visits"), max_length=10, choices=Visitor.choices)
    source = models.CharField(_("made from"), max_length=10, choices=TaskSource.choices)
    rule = models.ForeignKey(
        VisitRule,
        verbose_name=_("visit rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    card = models.ForeignKey(
        "customers.ArchiveCard",
        verbose_name=_("card"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_tasks",
    )
    anchor_on = models.DateField(_("counted from"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("days"), null=True, blank=True)
    due_on = models.DateField(_("due"))
    moved_from = models.DateField(
        _("moved from"),
        null=True,
        blank=True,
        help_text=_("The original due date when a holiday brought the visit forward."),
    )
    purpose = models.CharField(_("visit purpose"), max_length=300, blank=True)
    planned_method = models.CharField(
        _("planned method"), max_length=10, choices=VisitMethod.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_late = models.BooleanField(_("done late"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The rule and parameters that closed it automatically (superseded, cancelled).
    closed_why = models.JSONField(_("why closed"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the visit was made by a rule."),
    )
    from_record = models.ForeignKey(
        "visits.VisitRecord",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit task")
        verbose_name_plural = _("visit tasks")
        ordering = ["due_on", "pk"]
        constraints = [
            # Generation is idempotent: one task per card and rule, one per purchase and rule.
            models.UniqueConstraint(
                fields=["card", "rule"],
                condition=models.Q(source="card"),
                name="visit_task_once_per_card_rule",
            ),
            models.UniqueConstraint(
                fields=["customer", "rule"],
                condition=models.Q(source="purchase"),
                name="visit_task_once_per_purchase_rule",
            ),
            models.CheckConstraint(
                condition=(models.Q(source="adhoc", rule__isnull=True))
                | (~models.Q(source="adhoc") & models.Q(rule__isnull=False)),
                name="visit_task_rule_unless_adhoc",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_at__isnull=False),
                name="visit_task_done_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="visit_task_mine_idx"),
            models.Index(fields=["status", "due_on"], name="visit_task_due_idx"),
            models.Index(fields=["customer", "status"], name="visit_task_customer_idx"),
        ]
        permissions = [
            ("view_visit_board", _("Can see the daily board of reps' visits")),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.due_on:%Y-%m-%d}"

    @property
    def purpose_text(self) -> str:
        if self.rule_id is not None and not self.purpose:
            return self.rule.purpose
        return self.purpose


class AppendOnlyError(Exception):
    """Visit records are never edited or deleted (VISIT-6): a correction is a new entry."""


class VisitRecord(models.Model):
    """One visit as it happened (VISIT-5, VISIT-6). Append-only: a correction is a new record
    that points at the one it corrects."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="visit_records",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        on_delete=models.PROTECT,
        related_name="visit_records",
    )
    visited_at = models.DateTimeField(_("time of the visit"))
    method = models.CharField(_("visit method"), max_length=10, choices=VisitMethod.choices)
    met_whom = models.CharField(_("who was met"), max_length=200)
    discussed = models.TextField(_("what was discussed"))
    needs = models.TextField(_("customer's needs"), blank=True)
    service_opinion = models.TextField(_("opinion of the service"), blank=True)
    problems = models.TextField(_("problems and suggestions"), blank=True)
    next_step = models.TextField(_("next step"))
    next_on = models.DateField(_("next visit on"), null=True, blank=True)
    task = models.ForeignKey(
        VisitTask,
        verbose_name=_("visit task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    # CARD-7: the card check-out this visit was recorded on.
    checkout = models.ForeignKey(
        "customers.CardCheckout",
        verbose_name=_("card check-out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_records",
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("visit record")
        verbose_name_plural = _("visit records")
        ordering = ["-visited_at", "-pk"]
        constraints = [
            # A record is corrected once; a later correction corrects the correction.
            models.UniqueConstraint(fields=["corrects"], name="visit_record_corrected_once"),
        ]
        indexes = [
            models.Index(fields=["customer", "-visited_at"], name="visit_record_customer_idx"),
            models.Index(fields=["author", "-visited_at"], name="visit_record_author_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.visited_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("visit records are append-only; add a correction")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("visit records are append-only; add a correction")
