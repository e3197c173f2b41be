"""Telesales (TEL-1…5): calls, the prospects they find, daily reports, weekly call plans.

A prospect is an organisation found by phone. Every call to it, by whoever, is linked to
the one prospect record (matched by organisation name, then phone). A field rep visits
and signs it before it may be graded A or B (TEL-4); a graded prospect may become a CRM
customer (source "telesales"), whose confirmed payments pay the telesales rep 1% (TEL-5).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ITStatus(models.TextChoices):
    """TEL-1: how the organisation runs its computers (what the company sells to)."""

    NONE = "none", _("No computers")
    NO_STAFF = "no_staff", _("Computers, nobody in charge of IT")
    PART_TIME = "part_time", _("Someone looks after IT part-time")
    IN_HOUSE = "in_house", _("IT department of its own")
    OUTSOURCED = "outsourced", _("IT outsourced")


class CallOutcome(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    VISIT = "visit", _("Wants a visit")
    CALL_BACK = "call_back", _("Call back later")
    REFUSED = "refused", _("Not interested")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


# Nobody was talked to: such a call collected nothing and is never valid (TEL-1).
UNREACHED_OUTCOMES = (CallOutcome.NO_ANSWER, CallOutcome.WRONG_NUMBER)


class Grade(models.TextChoices):
    A = "a", _("A")
    B = "b", _("B")
    C = "c", _("C")


class Prospect(models.Model):
    """An organisation found by telesales, with its archive (TEL-1, TEL-4)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("telesales rep"),
        on_delete=models.PROTECT,
        related_name="telesales_prospects",
        help_text=_("The telesales rep who first called it."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    # The organisation as matched: no spaces, full-width folded, case-folded (unique).
    org_key = models.CharField(max_length=200, unique=True, editable=False)
    contact_surname = models.CharField(_("contact's surname"), max_length=20, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    it_status = models.CharField(
        _("IT status"), max_length=20, choices=ITStatus.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    needs = models.TextField(_("needs and intent"), blank=True)
    created_at = models.DateTimeField(_("first called"))
    updated_at = models.DateTimeField(_("last changed"))
    last_called_at = models.DateTimeField(_("last called"), null=True, blank=True)
    # TEL-4: grading, only after the field rep's signed visit on a complete archive.
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices, blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # TEL-4: the field rep asked to visit, and their signed visit.
    visit_rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("field rep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="telesales_visits",
    )
    visit_requested_at = models.DateTimeField(_("visit requested at"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visit_note = models.TextField(_("visit note"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # Converted into a CRM customer (source telesales): its confirmed payments count (TEL-5).
    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="telesales_prospect",
    )
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["org_key"])

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="prospect_owner_idx"),
            models.Index(fields=["-created_at", "-id"], name="prospect_newest_idx"),
            models.Index(fields=["owner", "grade", "graded_at"], name="prospect_grade_idx"),
            models.Index(fields=["visit_rep", "signed_at"], name="prospect_visit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__isnull=True) | Q(headcount__gte=1),
                name="prospect_headcount_positive",
            ),
            # TEL-4 in the database too: no A or B without a signed visit.
            models.CheckConstraint(
                condition=~Q(grade__in=["a", "b"]) | Q(signed_at__isnull=False),
                name="prospect_ab_needs_signed_visit",
            ),
        ]
        permissions = [
            ("view_all_telesales", _("Can see every telesales rep's calls, prospects and pay")),
            ("grade_prospect", _("Can grade prospects")),
            ("sign_prospect_visit", _("Can sign a visit to a telesales prospect")),
            ("convert_prospect", _("Can turn a graded prospect into a customer")),
            ("view_pay_statement", _("Can see telesales pay statements")),
        ]

    def __str__(self) -> str:
        return self.organisation


class Call(models.Model):
    """One telephone call as the rep logged it (TEL-1). Never edited: a record of the call."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("telesales rep"),
        on_delete=models.PROTECT,
        related_name="telesales_calls",
    )
    called_at = models.DateTimeField(_("called at"))
    prospect = models.ForeignKey(
        Prospect,
        verbose_name=_("prospect"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contact_surname = models.CharField(_("contact's surname"), max_length=20, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    it_status = models.CharField(
        _("IT status"), max_length=20, choices=ITStatus.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    # TEL-1, judged when the call is logged: valid, or the reasons it is not.
    is_valid = models.BooleanField(_("valid"), default=False)
    invalid_reasons = models.JSONField(_("why not valid"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-called_at", "-pk"]
        indexes = [
            models.Index(fields=["rep", "called_at"], name="call_rep_day_idx"),
            models.Index(fields=["called_at"], name="call_day_idx"),
            models.Index(fields=["phone"], name="call_phone_idx"),
            models.Index(fields=["prospect", "called_at"], name="call_prospect_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__isnull=True) | Q(headcount__gte=1),
                name="call_headcount_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.phone} {self.called_at:%Y-%m-%d %H:%M}"


class ReportKind(models.TextChoices):
    """TEL-2: the two daily reports."""

    CALLS = "calls", _("Daily call report")
    RECORDS = "records", _("Customer record report")


class CallReport(models.Model):
    """TEL-2: a daily report a telesales rep submits; the figures as they were then."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("telesales rep"),
        on_delete=models.PROTECT,
        related_name="telesales_reports",
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("telesales daily report")
        verbose_name_plural = _("telesales daily reports")
        ordering = ["-day", "rep_id", "kind"]
        indexes = [models.Index(fields=["day"], name="callreport_day_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["rep", "day", "kind"], name="callreport_once_per_rep_day_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rep} {self.day} {self.kind}"


class CallPlan(models.Model):
    """TEL-3: a supervisor's weekly call plan for one telesales rep, and its Friday review."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("telesales rep"),
        on_delete=models.PROTECT,
        related_name="telesales_plans",
    )
    week_start = models.DateField(_("week of"), help_text=_("The Monday of the week."))
    target_calls = models.PositiveIntegerField(_("calls"))
    target_valid_calls = models.PositiveIntegerField(_("valid calls"))
    target_companies = models.PositiveIntegerField(_("companies called"))
    target_a = models.PositiveIntegerField(_("A prospects"))
    target_b = models.PositiveIntegerField(_("B prospects"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # The week's figures as the supervisor saw them when reviewing.
    review_figures = models.JSONField(_("figures reviewed"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weekly call plan")
        verbose_name_plural = _("weekly call plans")
        ordering = ["-week_start", "rep_id"]
        indexes = [models.Index(fields=["week_start"], name="callplan_week_idx")]
        constraints = [
            models.UniqueConstraint(fields=["rep", "week_start"], name="callplan_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.rep} {self.week_start}"
