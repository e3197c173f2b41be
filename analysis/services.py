"""The nightly job of the analysis (REPORT-2): the big tables become small aggregates.

`analysis_refresh` rebuilds every figure from the records, set-based: per metric one
INSERT … SELECT … GROUP BY, in one transaction that first deletes the old figures. Pages
keep reading the old figures until it commits (PostgreSQL), a second run writes the same
rows again, and the unique constraints refuse a row twice.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Lag,
    TruncDate,
    TruncMonth,
    TruncWeek,
)
from django.utils import timezone

from analysis import metrics as m
from analysis.models import AnalysisRun, CustomerMonth, Fact
from crm.lib.sql import insert_select, quote
from crm.parameters import param
from customers.models import Attendance, Customer, ExportLog, Survey
from deals.models import CustomerTier, DealLine, Payment, PaymentStatus
from pools.models import OwnershipChange
from visits.models import VisitTask

AMOUNT = DecimalField(max_digits=18, decimal_places=2)
# Ownership reasons by which a customer leaves the pool: every gain of an owner from
# nobody, but a first contact (a new customer, never in the pool).
FIRST_CONTACT = "first_contact"


def _tz():
    return timezone.get_default_timezone()


def _team(path: str):
    """The team id of the user at `path` (0: none), e.g. "rep" → the rep's team."""
    return Coalesce(F(f"{path}__staff__team_id"), Value(0), output_field=IntegerField())


def _region(path: str = ""):
    prefix = f"{path}__" if path else ""
    return Coalesce(F(f"{prefix}region_id"), Value(0), output_field=IntegerField())


def _as_key(expression):
    return Cast(Coalesce(expression, Value(0), output_field=IntegerField()), CharField())


FACT_COLUMNS = ("day", "team_id", "region_id", "key", "value")


def _insert_facts(*, metric: str, rows: QuerySet) -> int:
    """INSERT the grouped `rows` (annotated _day, _team, _region, _key, _value) as `metric`."""
    return insert_select(
        model=Fact,
        columns=FACT_COLUMNS,
        select=rows.order_by().values_list("_day", "_team", "_region", "_key", "_value"),
        constants={"metric": metric},
    )


def _grouped(qs: QuerySet, *, day, team, region, key, value) -> QuerySet:
    return (
        qs.order_by()
        .annotate(_day=day, _team=team, _region=region, _key=key)
        .values("_day", "_team", "_region", "_key")
        .annotate(_value=value)
    )


def _local_day(field: str):
    return TruncDate(field, tzinfo=_tz())


def _week(day):
    """The WEEK grain (analysis.metrics): the later of the day's Monday and its month's 1st."""
    if isinstance(day, str):
        day = F(day)
    return Greatest(TruncWeek(day), TruncMonth(day), output_field=DateField())


# --- the builders, one per metric (or a few metrics of one table) -----------------------


def _customers() -> int:
    qs = Customer.objects.all()
    made = _insert_facts(
        metric=m.NEW_CUSTOMERS,
        rows=_grouped(
            qs,
            day=_week(_local_day("created_at")),
            team=Coalesce(
                F("first_collector__staff__team_id"),
                F("created_by__staff__team_id"),
                Value(0),
                output_field=IntegerField(),
            ),
            region=_region(),
            key=Value(""),
            value=Count("pk"),
        ),
    )
    month = TruncMonth(_local_day("created_at"))
    owner_team = _team("ownership__owner")
    for metric, key in (
        (m.PROFILE_SOURCE, F("source")),
        (m.PROFILE_KIND, F("kind")),
        (m.PROFILE_TIER, Coalesce(F("tier__tier"), Value(""), output_field=CharField())),
    ):
        made += _insert_facts(
            metric=metric,
            rows=_grouped(
                qs, day=month, team=owner_team, region=_region(), key=key, value=Count("pk")
            ),
        )
    return made


def _surveys() -> int:
    surveys = Survey.objects.all()
    common = {"team": _team("collector"), "region": _region("customer"), "value": Count("pk")}
    made = _insert_facts(
        metric=m.SURVEYS,
        rows=_grouped(surveys, day=_week(_local_day("signed_at")), key=Value(""), **common),
    )
    month = TruncMonth(_local_day("signed_at"))
    campaign = _as_key(F("campaign_id"))
    made += _insert_facts(
        metric=m.SURVEYS_CAMPAIGN,
        rows=_grouped(surveys, day=month, key=campaign, **common),
    )
    # A customer's first survey: none signed before it (an anti-join, not a subquery a row).
    earlier = Survey.objects.filter(customer=OuterRef("customer")).filter(
        Q(signed_at__lt=OuterRef("signed_at"))
        | Q(signed_at=OuterRef("signed_at"), pk__lt=OuterRef("pk"))
    )
    firsts = surveys.filter(~Exists(earlier), campaign__isnull=False)
    made += _insert_facts(
        metric=m.CAMPAIGN_CUSTOMERS,
        rows=_grouped(firsts, day=month, key=campaign, **common),
    )
    return made


def _sales() -> int:
    confirmed = Payment.objects.filter(status=PaymentStatus.CONFIRMED)
    rep_team, region = _team("deal__rep"), _region("customer")
    made = 0
    for metric, day, key, value in (
        (m.SALES, _week("received_on"), Value(""), Sum("amount")),
        (m.PAYMENTS, _week("received_on"), Value(""), Count("pk")),
        (m.SALES_SOURCE, TruncMonth("received_on"), F("customer__source"), Sum("amount")),
    ):
        made += _insert_facts(
            metric=metric,
            rows=_grouped(confirmed, day=day, team=rep_team, region=region, key=key, value=value),
        )
    # Each confirmed payment is split over its deal's products in proportion to the lines'
    # amounts, so the products add up to the confirmed sales (give or take a fen).
    lines = DealLine.objects.filter(
        deal__payments__status=PaymentStatus.CONFIRMED, deal__total__gt=0
    )
    made += _insert_facts(
        metric=m.SALES_PRODUCT,
        rows=_grouped(
            lines,
            day=TruncMonth("deal__payments__received_on"),
            team=_team("deal__rep"),
            region=_region("deal__customer"),
            key=F("product"),
            value=Sum(
                F("deal__payments__amount") * F("amount") / F("deal__total"), output_field=AMOUNT
            ),
        ),
    )
    return made


def _customer_months() -> int:
    """CustomerMonth: each customer's confirmed payments per month, with the month of their
    first purchase and the campaign of their first survey, in one INSERT … SELECT."""

    rows = (
        Payment.objects.filter(status=PaymentStatus.CONFIRMED)
        .order_by()
        .annotate(
            _month=TruncMonth("received_on"),
            _team=_team("customer__ownership__owner"),
            _region=_region("customer"),
        )
        .values("_month", "customer_id", "_team", "_region")
        .annotate(_amount=Sum("amount"))
    )
    sql, params = rows.query.sql_with_params()
    month, customer = f"sub.{quote('_month')}", f"sub.{quote('customer_id')}"
    survey = quote(Survey._meta.db_table)
    # The campaign of the customer's first survey, and the month of their first purchase.
    first_campaign = (
        f"COALESCE((SELECT s.{quote('campaign_id')} FROM {survey} s "
        f"WHERE s.{quote('customer_id')} = {customer} "
        f"ORDER BY s.{quote('signed_at')}, s.{quote('id')} LIMIT 1), 0)"
    )
    # A window over the grouped rows: SQL over the queryset's SQL, which the ORM cannot say.
    select = (
        f"SELECT {month}, {customer}, sub.{quote('_team')}, sub.{quote('_region')}, "
        f"{first_campaign}, sub.{quote('_amount')}, MIN({month}) OVER (PARTITION BY {customer}) "
        f"FROM ({sql}) AS sub"
    )
    return insert_select(
        model=CustomerMonth,
        columns=(
            "month",
            "customer",
            "team_id",
            "region_id",
            "campaign_id",
            "amount",
            "first_month",
        ),
        select=(select, params),
    )


def _pool_flows() -> int:
    changes = OwnershipChange.objects.all()
    made = _insert_facts(
        metric=m.POOL_IN,
        rows=_grouped(
            changes.filter(to_owner__isnull=True, from_owner__isnull=False),
            day=_week(_local_day("changed_at")),
            team=_team("from_owner"),
            region=_region("customer"),
            key=F("reason"),
            value=Count("pk"),
        ),
    )
    made += _insert_facts(
        metric=m.POOL_OUT,
        rows=_grouped(
            changes.filter(from_owner__isnull=True, to_owner__isnull=False).exclude(
                reason=FIRST_CONTACT
            ),
            day=_week(_local_day("changed_at")),
            team=_team("to_owner"),
            region=_region("customer"),
            key=F("reason"),
            value=Count("pk"),
        ),
    )
    return made


def _tier_moves() -> int:
    """Tier changes (DEAL-2) read from the tiers' history: each row whose tier differs from
    the customer's previous row (none before: the customer's first tier)."""

    history = CustomerTier.history.model
    inner = (
        history.objects.exclude(history_type="-")
        .order_by()
        .annotate(
            _prev=Window(
                Lag("tier"),
                partition_by=[F("customer_id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            ),
            _day=TruncMonth(_local_day("history_date")),
            _team=_team("customer__ownership__owner"),
            _region=_region("customer"),
        )
        .values("_day", "_team", "_region", "_prev", "tier")
    )
    sql, params = inner.query.sql_with_params()
    prev, tier = f"sub.{quote('_prev')}", f"sub.{quote('tier')}"
    dims = ", ".join(f"sub.{quote(a)}" for a in ("_day", "_team", "_region"))
    # Grouped by the window's result: SQL over the queryset's SQL, which the ORM cannot say.
    select = (
        f"SELECT {dims}, COALESCE({prev}, '') || '>' || {tier}, COUNT(*) "
        f"FROM ({sql}) AS sub WHERE {prev} IS NULL OR {prev} <> {tier} "
        f"GROUP BY {dims}, {prev}, {tier}"
    )
    return insert_select(
        model=Fact,
        columns=FACT_COLUMNS,
        select=(select, params),
        constants={"metric": m.TIER_MOVES},
    )


def _events() -> int:
    attendances = Attendance.objects.all()
    common = {
        "day": F("event__held_on"),
        "team": _team("rep"),
        "region": _region("customer"),
        "key": _as_key(F("event_id")),
    }
    made = _insert_facts(
        metric=m.EVENT_ATTENDEES, rows=_grouped(attendances, value=Count("pk"), **common)
    )
    made += _insert_facts(
        metric=m.EVENT_BUYERS,
        rows=_grouped(attendances.filter(bought=True), value=Count("pk"), **common),
    )
    days = param("analysis.event_sales_days")
    paid = attendances.filter(
        customer__payments__status=PaymentStatus.CONFIRMED,
        customer__payments__received_on__gte=F("event__held_on"),
        customer__payments__received_on__lte=F("event__held_on") + dt.timedelta(days=days),
    )
    made += _insert_facts(
        metric=m.EVENT_SALES,
        rows=_grouped(paid, value=Sum("customer__payments__amount"), **common),
    )
    return made


def _visits(*, today: dt.date) -> int:
    # Superseded (VISIT-12) and cancelled tasks were never owed.
    counted = VisitTask.objects.exclude(status__in=("superseded", "cancelled"))
    common = {
        "day": TruncMonth("due_on"),
        "team": _team("assignee"),
        "region": _region("customer"),
        "key": _as_key(F("assignee_id")),
        "value": Count("pk"),
    }
    done = Q(status="done", done_at__isnull=False)
    made = 0
    for metric, qs in (
        (m.VISIT_DUE, counted),
        (m.VISIT_ON_TIME, counted.filter(done, done_at__date__lte=F("due_on"))),
        (m.VISIT_LATE, counted.filter(done, done_at__date__gt=F("due_on"))),
        (m.VISIT_OVERDUE, counted.filter(status="open", due_on__lt=today)),
    ):
        made += _insert_facts(metric=metric, rows=_grouped(qs, **common))
    return made


def _lock() -> None:
    """One run at a time: a second waits for the first instead of failing on a duplicate."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x414E414C])


@transaction.atomic
def analysis_refresh(*, now: dt.datetime) -> AnalysisRun:
    """Rebuild every figure of the analysis pages from the records as they are at `now`."""
    started = time.perf_counter()
    _lock()
    today = timezone.localdate(now)
    steps = (
        ("customers", _customers),
        ("surveys", _surveys),
        ("sales", _sales),
        ("customer_months", _customer_months),
        ("pool", _pool_flows),
        ("tiers", _tier_moves),
        ("events", _events),
        ("visits", lambda: _visits(today=today)),
    )
    rows, timings = {}, {}
    with timezone.override(_tz()):
        # `__date` lookups (visits) read the day in the company's time zone.
        Fact.objects.all().delete()
        CustomerMonth.objects.all().delete()
        for name, step in steps:
            begun = time.perf_counter()
            rows[name] = step()
            timings[name] = round(time.perf_counter() - begun, 3)
    return AnalysisRun.objects.create(
        started_at=now,
        finished_at=timezone.now(),
        rows=rows,
        timings=timings,
        seconds=round(time.perf_counter() - started, 3),
    )


def analysis_export_record(*, user, report, filters) -> None:
    """SEAL-2: a download naming customers is logged with the customer exports."""

    ExportLog.objects.create(
        user=user,
        row_count=sum(len(table.rows) for table in report.tables),
        filters={
            "analysis": report.key,
            "start": f"{filters.start:%Y-%m}",
            "end": f"{filters.end:%Y-%m}",
            "team": filters.team_name,
            "region": filters.region_name,
        },
    )
