"""Plans and reports: the weekly revisit schedule (VISIT-9), the weekly report (VISIT-10),
the daily report and monthly targets (REPORT-1).

Each is a rep's paper that goes up for review: a submit → review workflow with its history.
Weeks are named by their Monday (`week_start`); months by their first day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 14, "decimal_places": 2}


class VisitMethod(models.TextChoices):
    """How a planned visit is made (the same codes as the visits app's records)."""

    PHONE = "phone", _("Phone")
    HOME = "home", _("Home visit")
    STORE = "store", _("At the store")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class WeeklyPlan(models.Model):
    """VISIT-9: a rep's revisit schedule (回访排期表) for one week, sent to the sales manager."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="weekly_plans",
    )
    week_start = models.DateField(_("week of"), help_text=_("The Monday of the planned week."))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"))
    # The sales manager of the rep's department when it was last submitted.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    # The rule and the parameters behind the late flag, so the page can say why.
    lateness = models.JSONField(_("why late"), default=dict, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weekly revisit schedule")
        verbose_name_plural = _("weekly revisit schedules")
        ordering = ["-week_start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "week_start"], name="weeklyplan_one_per_week")
        ]
        indexes = [models.Index(fields=["status", "week_start"], name="weeklyplan_queue_idx")]
        permissions = [("approve_weeklyplan", _("Can approve or return weekly revisit schedules"))]

    def __str__(self) -> str:
        return f"{self.rep_id} {self.week_start:%Y-%m-%d}"

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanEntry(models.Model):
    """One planned visit: which customer, which day, how, and why."""

    plan = models.ForeignKey(
        WeeklyPlan, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="entries"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_on = models.DateField(_("planned for"))
    method = models.CharField(_("visit method"), max_length=10, choices=VisitMethod.choices)
    purpose = models.CharField(_("visit purpose"), max_length=300)
    # The visit task (visits app) this entry was filled from, if any. A plain id, not a
    # foreign key: plans outlive tasks and the two apps migrate independently.
    task_id = models.PositiveBigIntegerField(_("from visit task"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "task_id"],
                condition=Q(task_id__isnull=False),
                name="planentry_task_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.planned_on:%Y-%m-%d} {self.customer_id}"


class PlanAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for approval")
    RESUBMITTED = "resubmitted", _("Submitted again")
    RETURNED = "returned", _("Returned to the rep")
    APPROVED = "approved", _("Approved")


class PlanEvent(models.Model):
    """The plan's history of submissions and decisions. Append-only.

    A submission keeps a copy of the entries as submitted, so a returned and revised plan
    still shows what the manager saw the first time.
    """

    plan = models.ForeignKey(
        WeeklyPlan, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=PlanAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)
    late = models.BooleanField(_("late"), default=False)
    entries = models.JSONField(_("entries as submitted"), default=list, blank=True)

    class Meta:
        verbose_name = _("schedule history entry")
        verbose_name_plural = _("schedule history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    REVIEWED = "reviewed", _("Reviewed")


class ReportBase(models.Model):
    """What daily and weekly reports share: the figures frozen at submission and the review."""

    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The figures as they stood when the rep submitted (empty while a draft: the page
    # computes them from the records).
    deals_count = models.PositiveIntegerField(_("deals with confirmed payments"), null=True)
    confirmed_amount = models.DecimalField(_("confirmed amount"), null=True, **MONEY)
    new_customers_count = models.PositiveIntegerField(_("new customers"), null=True)
    visits_count = models.PositiveIntegerField(_("visits recorded"), null=True)
    # The deals and new customers listed when it was submitted (the figures' details).
    compiled = models.JSONField(_("compiled lists"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    guidance = models.TextField(_("supervisor's guidance"), blank=True)

    class Meta:
        abstract = True


class WeeklyReport(ReportBase):
    """VISIT-10: a rep's weekly report (周报) on last week, reviewed by the supervisor."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="weekly_reports",
    )
    week_start = models.DateField(_("week of"), help_text=_("The Monday of the reported week."))
    summary = models.TextField(_("summary of the week"), blank=True)
    problems = models.TextField(_("problems met"), blank=True)
    next_focus = models.TextField(_("next week's focus"), blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    lateness = models.JSONField(_("why late"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week_start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "week_start"], name="weeklyreport_one_per_week"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="weeklyreport_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "week_start"], name="weeklyreport_queue_idx")]
        permissions = [("review_reports", _("Can review reps' daily and weekly reports"))]

    def __str__(self) -> str:
        return f"{self.rep_id} {self.week_start:%Y-%m-%d}"


class DailyReport(ReportBase):
    """REPORT-1: a rep's day: visits, new customers, deals, and a short note."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="daily_reports",
    )
    day = models.DateField(_("day"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "day"], name="dailyreport_one_per_day"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="dailyreport_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "day"], name="dailyreport_queue_idx")]

    def __str__(self) -> str:
        return f"{self.rep_id} {self.day:%Y-%m-%d}"


class MonthlyTarget(models.Model):
    """REPORT-1: what a rep should reach in a month, set by their supervisor or manager."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="monthly_targets",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    new_customers = models.PositiveIntegerField(_("new customers"), default=0)
    sales_amount = models.DecimalField(_("confirmed sales (yuan)"), default=0, **MONEY)
    visits = models.PositiveIntegerField(_("visits done"), default=0)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        ordering = ["-month", "rep_id"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "month"], name="monthlytarget_one_per_month"),
            models.CheckConstraint(
                condition=Q(sales_amount__gte=0), name="monthlytarget_sales_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rep_id} {self.month:%Y-%m}"
