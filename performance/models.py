"""Performance points (PERF-1, PERF-2) and commission statements (DEAL-1, HAND-1).

A point event copies its item's points, fine and name, so a later catalogue change never
rewrites what was recorded. A month is closed once (ClosedMonth, unique per month) by the
scheduled job, which freezes each employee's points statement and each rep's commission
statement with the rule and the parameters used; the open month is computed live.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 7, "decimal_places": 4}
ZERO = Decimal("0.00")


def _in_language(zh: str, en: str) -> str:
    """The Chinese name in a Chinese page, the English one otherwise (falling back)."""
    chinese = (get_language() or "").startswith("zh")
    return (zh if chinese else en) or zh or en


class PointItem(models.Model):
    """PERF-2: one line of the points and fines catalogue (admins edit it)."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short identifier that never changes, e.g. late-30."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    points = models.SmallIntegerField(
        _("points"), help_text=_("Negative for a deduction, positive for a reward.")
    )
    fine = models.DecimalField(
        _("fine (yuan)"),
        default=ZERO,
        help_text=_("Money deducted with the points; 0 for none. Rewards carry no fine."),
        **MONEY,
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active items can be recorded.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point item")
        verbose_name_plural = _("point items")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fine__gte=0), name="pointitem_fine_not_negative"),
            models.CheckConstraint(condition=~Q(points=0, fine=0), name="pointitem_points_or_fine"),
            models.CheckConstraint(
                condition=Q(points__lte=0) | Q(fine=0), name="pointitem_reward_without_fine"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.points:+d})"

    @property
    def name(self) -> str:
        return _in_language(self.name_zh, self.name_en)


class PointEvent(models.Model):
    """PERF-2: points (and a fine) recorded for an employee on a day. Never deleted: a
    mistaken one is voided with a reason and stops counting."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="point_events",
    )
    item = models.ForeignKey(
        PointItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="events"
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    # Copied from the item when recorded (a later catalogue change rewrites nothing).
    item_name_zh = models.CharField(_("item (Chinese)"), max_length=100)
    item_name_en = models.CharField(_("item (English)"), max_length=100)
    points = models.SmallIntegerField(_("points"))
    fine = models.DecimalField(_("fine (yuan)"), default=ZERO, **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point event")
        verbose_name_plural = _("point events")
        ordering = ["date", "pk"]
        permissions = [
            ("view_own_points", _("Can see their own points")),
            ("view_team_points", _("Can see the points of the people they lead")),
            ("void_pointevent", _("Can void point events of the people they lead")),
        ]
        indexes = [
            models.Index(fields=["employee", "date"], name="pointevent_employee_idx"),
            # The monthly close reads a month's events of everyone.
            models.Index(fields=["date"], name="pointevent_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, void_reason="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="pointevent_void_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.item_name} ({self.points:+d})"

    @property
    def item_name(self) -> str:
        return _in_language(self.item_name_zh, self.item_name_en)

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class ClosedMonth(models.Model):
    """A month the scheduled job closed: its statements are frozen. Once per month."""

    month = models.DateField(_("month"), unique=True, help_text=_("The month's first day."))
    closed_at = models.DateTimeField(_("closed at"))
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    points_statements = models.PositiveIntegerField(_("points statements"), default=0)
    commission_statements = models.PositiveIntegerField(_("commission statements"), default=0)

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.month.strftime("%Y-%m")


class PointStatement(models.Model):
    """PERF-1: an employee's points for a closed month, frozen with the parameters used."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="point_statements",
    )
    month = models.DateField(_("month"))
    start_points = models.SmallIntegerField(_("starting points"))
    points = models.IntegerField(_("points from events"))
    end_points = models.IntegerField(_("points at month end"))
    events_count = models.PositiveIntegerField(_("counted events"))
    bonus = models.DecimalField(
        _("bonus or penalty"), help_text=_("Positive: a bonus; negative: a penalty."), **MONEY
    )
    fines_total = models.DecimalField(_("fines"), **MONEY)
    rule = models.CharField(_("rule ID"), max_length=20)
    params = models.JSONField(_("rule parameters"), default=dict)
    closed_at = models.DateTimeField(_("closed at"))

    class Meta:
        verbose_name = _("points statement")
        verbose_name_plural = _("points statements")
        ordering = ["-month", "employee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "month"], name="pointstatement_once_per_month"
            )
        ]
        indexes = [models.Index(fields=["month"], name="pointstatement_month_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:%Y-%m}: {self.end_points}"


class CommissionStatement(models.Model):
    """A rep's commission for a closed month: the payments behind it are its lines."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="commission_statements",
    )
    month = models.DateField(_("month"))
    rate = models.DecimalField(_("commission rate"), **RATE)
    payments_total = models.DecimalField(_("confirmed payments"), **MONEY)
    reversed_total = models.DecimalField(_("refunded or cancelled payments"), **MONEY)
    commission = models.DecimalField(_("commission"), **MONEY)
    lines_count = models.PositiveIntegerField(_("lines"))
    rule = models.CharField(_("rule ID"), max_length=20)
    params = models.JSONField(_("rule parameters"), default=dict)
    closed_at = models.DateTimeField(_("closed at"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commission statement")
        verbose_name_plural = _("commission statements")
        ordering = ["-month", "rep_id"]
        permissions = [
            ("view_own_commission", _("Can see their own commission")),
            ("view_all_commission", _("Can see every commission statement")),
            ("pay_commission", _("Can mark commission statements paid")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rep", "month"], name="commission_once_per_month"),
            models.CheckConstraint(
                condition=Q(paid_at__isnull=True) | Q(paid_by__isnull=False),
                name="commission_paid_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["month", "paid_at"], name="commission_month_idx")]

    def __str__(self) -> str:
        return f"{self.rep_id} {self.month:%Y-%m}: {self.commission}"


class CommissionKind(models.TextChoices):
    CREDIT = "credit", _("Payment confirmed")
    REVERSAL = "reversal", _("Refunded or cancelled")


class CommissionLine(models.Model):
    """One payment behind a commission statement: its confirmation (credit) or its refund
    or cancellation (reversal). A payment is credited once and reversed at most once."""

    statement = models.ForeignKey(
        CommissionStatement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    payment = models.ForeignKey(
        "deals.Payment",
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        related_name="commission_lines",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CommissionKind.choices)
    amount = models.DecimalField(_("payment amount"), **MONEY)
    rate = models.DecimalField(_("commission rate"), **RATE)
    commission = models.DecimalField(_("commission"), **MONEY)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("commission line")
        verbose_name_plural = _("commission lines")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "kind"], name="commission_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.kind}: {self.commission}"
