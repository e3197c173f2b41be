"""Aggregates behind the analysis pages (REPORT-2), rebuilt by the nightly job.

The pages never aggregate the big tables (customers, payments, ownership changes) while a
manager waits: `analysis.services.analysis_refresh` turns them into the small tables below
at night, set-based, and the pages sum those. Team and region are plain ids (0: none) so
one unique constraint covers every row, also on SQLite where NULLs never collide.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fact(models.Model):
    """One figure of one metric for one day (or month), team, region and key.

    `day` is the day itself for daily metrics, the first of the month for monthly ones
    (see `analysis.metrics`). `key` is what the metric is broken down by: a source, a
    tier, a product, a campaign or event id, a rule… ("" when nothing).
    """

    metric = models.CharField(_("metric"), max_length=40)
    day = models.DateField(_("day"))
    team_id = models.IntegerField(_("team"), default=0)
    region_id = models.IntegerField(_("region"), default=0)
    key = models.CharField(_("key"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("analysis figure")
        verbose_name_plural = _("analysis figures")
        constraints = [
            # Idempotence: a second run of the job cannot add a row twice.
            models.UniqueConstraint(
                fields=["metric", "day", "team_id", "region_id", "key"], name="fact_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day} {self.key}: {self.value}"


class CustomerMonth(models.Model):
    """A customer's confirmed payments (DEAL-1) in one month: loyalty and profitability.

    `team_id` is the team of the customer's owner when the job ran, `campaign_id` the
    campaign of the customer's first survey, `first_month` the month of their first
    confirmed payment ever.
    """

    month = models.DateField(_("month"))
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    team_id = models.IntegerField(_("team"), default=0)
    region_id = models.IntegerField(_("region"), default=0)
    campaign_id = models.IntegerField(_("campaign"), default=0)
    amount = models.DecimalField(_("confirmed amount"), max_digits=16, decimal_places=2)
    first_month = models.DateField(_("month of the first purchase"))

    class Meta:
        verbose_name = _("customer month")
        verbose_name_plural = _("customer months")
        constraints = [
            models.UniqueConstraint(fields=["month", "customer"], name="customermonth_unique")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.month:%Y-%m}: {self.amount}"


class AnalysisRun(models.Model):
    """One run of the nightly job: when the figures on the pages were computed."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows = models.JSONField(_("rows written"), default=dict, blank=True)
    timings = models.JSONField(_("seconds per step"), default=dict, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ["-started_at", "-pk"]
        permissions = [
            ("view_analysis", _("Can open the analysis of the teams they lead")),
            ("view_all_analysis", _("Can open the analysis of every team")),
            ("refresh_analysis", _("Can recompute the analysis now")),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
