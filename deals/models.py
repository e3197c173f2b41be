"""Deals, payments, tiers and credit (DEAL-1…4).

Money is Decimal (14 digits, 2 places). Only confirmed payments count for anything (DEAL-1).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class DealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CANCELLED = "cancelled", _("Cancelled")


class Deal(models.Model):
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="deals",
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        related_name="deals_closed",
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DealStatus.choices, default=DealStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=1000, blank=True)
    # Denormalised sum of the lines, kept by the services (lines are written with the deal).
    total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="deal_customer_idx"),
            # WORK-2: the list of deals, newest or largest first, paged by seek.
            models.Index(fields=["-created_at", "-id"], name="deal_newest_idx"),
            models.Index(fields=["-total", "-id"], name="deal_total_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="deal_total_not_negative")
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class DealLine(models.Model):
    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.CharField(_("product"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deal line")
        verbose_name_plural = _("deal lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="dealline_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="dealline_price_positive"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dealline_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.product

    def save(self, *args, **kwargs):
        self.amount = Decimal(self.quantity) * self.unit_price
        super().save(*args, **kwargs)


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    CARD = "card", _("Bank card")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")


class Payment(models.Model):
    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), on_delete=models.PROTECT, related_name="payments"
    )
    # Denormalised from the deal so per-customer sums are one indexed aggregate.
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("method"), max_length=12, choices=PaymentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    status = models.CharField(
        _("status"), max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refunded or cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("refunded or cancelled at"), null=True, blank=True)
    reason = models.TextField(_("refund or cancellation reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-received_on", "-pk"]
        permissions = [("confirm_payment", _("Can confirm, refund and cancel payments"))]
        indexes = [
            models.Index(fields=["status", "recorded_at"], name="payment_status_idx"),
            models.Index(fields=["customer", "status", "received_on"], name="payment_cust_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.amount}"


class Tier(models.TextChoices):
    VIP = "vip", _("VIP")
    SPECIAL_VIP = "special_vip", _("Special VIP")
    A = "a", _("A")
    B = "b", _("B")
    C = "c", _("C")


class CreditGrade(models.TextChoices):
    GOOD = "good", _("Good")
    WATCH = "watch", _("Watch")
    POOR = "poor", _("Poor")


class CustomerTier(models.Model):
    """A customer's tier (DEAL-2) and credit (DEAL-3/4), with the rule that produced them."""

    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="tier",
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices, default=Tier.C)
    confirmed_total = models.DecimalField(_("confirmed in the window"), default=ZERO, **MONEY)
    active_months = models.PositiveSmallIntegerField(_("months with payments"), default=0)
    window_start = models.DateField(_("window from"), null=True, blank=True)
    window_end = models.DateField(_("window to"), null=True, blank=True)
    rule = models.CharField(_("rule ID"), max_length=20, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("last computed at"), null=True, blank=True)
    # Credit (DEAL-3)
    computed_grade = models.CharField(
        _("computed credit grade"),
        max_length=8,
        choices=CreditGrade.choices,
        default=CreditGrade.GOOD,
    )
    overdue_amount = models.DecimalField(_("overdue receivable"), default=ZERO, **MONEY)
    grade_params = models.JSONField(_("credit parameters"), default=dict, blank=True)
    override_grade = models.CharField(
        _("credit override"), max_length=8, choices=CreditGrade.choices, blank=True
    )
    override_reason = models.TextField(_("override reason"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_at = models.DateTimeField(_("overridden at"), null=True, blank=True)
    # Reviews (DEAL-4)
    last_review_on = models.DateField(_("last credit review"), null=True, blank=True)
    next_review_on = models.DateField(_("next credit review"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer tier")
        verbose_name_plural = _("customer tiers")
        permissions = [("override_credit", _("Can override credit grades and record reviews"))]
        indexes = [models.Index(fields=["next_review_on"], name="tier_next_review_idx")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.tier}"

    @property
    def grade(self) -> str:
        """The grade in force: a manager's override wins over the computed one."""
        return self.override_grade or self.computed_grade

    def get_grade_display(self) -> str:
        return CreditGrade(self.grade).label


class CreditReview(models.Model):
    """DEAL-4: a manager's periodic credit review (visit note + grade confirmation)."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="credit_reviews",
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField(_("credit grade"), max_length=8, choices=CreditGrade.choices)
    note = models.TextField(_("visit note"))
    next_review_on = models.DateField(_("next review"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit review")
        verbose_name_plural = _("credit reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.reviewed_on}"
