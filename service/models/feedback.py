"""SVC-2: customer feedback on products and on the sales approach, and the improvement
reports managers write from its bad points (and from the period's complaints, SVC-3)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FeedbackAbout(models.TextChoices):
    PRODUCT = "product", _("A product")
    SALES_MODEL = "sales_model", _("The sales approach")


class FeedbackRating(models.TextChoices):
    GOOD = "good", _("Good point")
    BAD = "bad", _("Bad point")


class Feedback(models.Model):
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_feedback",
    )
    case = models.ForeignKey(
        "service.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    about = models.CharField(_("about"), max_length=12, choices=FeedbackAbout.choices)
    product = models.CharField(_("product"), max_length=200, blank=True)
    rating = models.CharField(_("good or bad"), max_length=4, choices=FeedbackRating.choices)
    text = models.TextField(_("what the customer said"))
    tags = models.ManyToManyField(
        "service.FeedbackTag", verbose_name=_("tags"), blank=True, related_name="feedback"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(about=FeedbackAbout.PRODUCT) | ~Q(product=""),
                name="feedback_product_named",
            )
        ]
        indexes = [
            models.Index(fields=["rating", "recorded_at"], name="feedback_rating_idx"),
            models.Index(fields=["recorded_by", "-recorded_at"], name="feedback_mine_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class ImprovementReport(models.Model):
    """改善措施报告: a manager's analysis of a period's bad points and complaints, with actions."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("findings"))
    feedback = models.ManyToManyField(
        Feedback, verbose_name=_("bad points"), blank=True, related_name="improvement_reports"
    )
    complaints = models.ManyToManyField(
        "service.Complaint",
        verbose_name=_("complaints"),
        blank=True,
        related_name="improvement_reports",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("improvement report")
        verbose_name_plural = _("improvement reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ImprovementAction(models.Model):
    report = models.ForeignKey(
        ImprovementReport,
        verbose_name=_("improvement report"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    text = models.CharField(_("action"), max_length=500)
    department = models.ForeignKey(
        "service.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text
