"""The nightly job behind the analysis (REPORT-2): set-based, idempotent, on schedule."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from analysis import metrics as m
from analysis.models import AnalysisRun, CustomerMonth, Fact
from analysis.services import analysis_refresh
from crm.schedules import NIGHT
from tests.analysis.factories import customer, sell

pytestmark = pytest.mark.rule("REPORT-2")


def figures() -> set[tuple]:
    return set(Fact.objects.values_list("metric", "day", "team_id", "region_id", "key", "value"))


def test_a_second_run_writes_the_same_figures(shop, frozen_now):
    before = figures()
    months = set(CustomerMonth.objects.values_list("month", "customer_id", "amount"))
    analysis_refresh(now=frozen_now)
    assert figures() == before
    assert set(CustomerMonth.objects.values_list("month", "customer_id", "amount")) == months
    assert AnalysisRun.objects.count() == 2


def test_a_figure_cannot_be_written_twice(shop):
    row = Fact.objects.filter(metric=m.SALES).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Fact.objects.create(
            metric=row.metric,
            day=row.day,
            team_id=row.team_id,
            region_id=row.region_id,
            key=row.key,
            value=1,
        )


def test_the_job_costs_the_same_queries_for_ten_times_the_customers(
    people, frozen_now, django_assert_num_queries
):
    """Set-based: one statement per metric, however many customers there are."""

    def add(count: int, start: int) -> None:
        for i in range(start, start + count):
            made = customer(f"客户{i}", created="2026-10-01", owner=people.rep, source="event")
            sell(
                customer=made,
                rep=people.rep,
                finance=people.finance,
                lines=[("保健礼盒", 1, "100")],
                payments=[("100", "2026-10-02")],
            )

    add(2, 0)
    analysis_refresh(now=frozen_now)  # reads the rule parameters into the cache
    with CaptureQueriesContext(connection) as few:
        analysis_refresh(now=frozen_now)
    add(18, 2)
    with django_assert_num_queries(len(few)):
        analysis_refresh(now=frozen_now)
    payments = sum(Fact.objects.filter(metric=m.PAYMENTS).values_list("value", flat=True))
    assert payments == 20


def test_the_job_runs_at_night_after_the_pool_and_the_tiers():
    step = NIGHT.index("analysis.tasks.refresh_nightly")
    assert step > NIGHT.index("deals.tasks.tiers_nightly")
    assert step > NIGHT.index("pools.tasks.expiry_nightly")


def test_the_task_runs_the_job(people, frozen_now):
    from analysis.tasks import refresh_nightly

    rows = refresh_nightly()
    assert set(rows) >= {"customers", "sales", "pool", "tiers", "visits"}
    assert AnalysisRun.objects.get().started_at == frozen_now


def test_the_demo_computes_the_figures_once(people, frozen_now):
    from analysis.demo import demo_load

    assert demo_load(now=frozen_now).startswith("Analysis figures computed")
    assert demo_load(now=frozen_now) == ""
    assert AnalysisRun.objects.count() == 1
