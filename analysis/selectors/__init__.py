"""Reads of the analysis (REPORT-2): one report per page, all from the nightly figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from analysis import metrics as m
from analysis.models import AnalysisRun
from analysis.selectors.common import Names, by_key, count, facts_sum, money
from analysis.selectors.customers import (
    report_loyalty,
    report_profile,
    report_profitability,
    report_promotion,
    report_prospecting,
)
from analysis.selectors.flows import report_pool, report_tiers, report_visits
from analysis.selectors.sales import report_performance, report_products
from analysis.selectors.scope import Filters


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    summary: str
    build: Callable[..., object]
    trend: bool = False  # follows the week/month choice


# The seven P's of REPORT-2, then what managers asked for beside them.
PAGES: tuple[Page, ...] = (
    Page(
        "profile",
        _("Profile"),
        _("Customers by source, tier, kind and region."),
        report_profile,
    ),
    Page(
        "loyalty",
        _("Persistency and churn"),
        _("Repeat buyers, and customers who stopped buying or returned to the pool."),
        report_loyalty,
    ),
    Page(
        "profitability",
        _("Profitability"),
        _("Top customers by confirmed amount, and their share."),
        report_profitability,
    ),
    Page(
        "performance",
        _("Performance"),
        _("Sales by period, product, channel, region and team."),
        report_performance,
        trend=True,
    ),
    Page(
        "prospecting",
        _("Prospecting"),
        _("New customers and surveys per week or month."),
        report_prospecting,
        trend=True,
    ),
    Page("products", _("Product mix"), _("Each product's share of sales."), report_products),
    Page(
        "promotion",
        _("Promotion"),
        _("What each campaign and event brought."),
        report_promotion,
    ),
    Page(
        "visits",
        _("Visit compliance"),
        _("Follow-up visits due and done on time, per rep."),
        report_visits,
    ),
    Page(
        "pool",
        _("Pool flows"),
        _("Customers into and out of the pool."),
        report_pool,
        trend=True,
    ),
    Page(
        "tiers", _("Tier movements"), _("Customers moving up and down between tiers."), report_tiers
    ),
)
PAGE_BY_KEY = {page.key: page for page in PAGES}


# The figures change only when the nightly job runs: a report is kept until the next run.
REPORT_CACHE_SECONDS = 26 * 3600


def analysis_report(*, key: str, filters: Filters, names: Names, run: AnalysisRun | None = None):
    """The report of page `key`. Computed once per run of the nightly job, filters and
    language, then kept in the cache (the figures cannot change before the next run)."""
    build = PAGE_BY_KEY[key].build
    if run is None:
        return build(filters=filters, names=names)
    text = f"{run.pk}|{run.finished_at}|{key}|{get_language()}|{filters.cache_key()}"
    cache_key = "analysis:report:" + hashlib.sha256(text.encode()).hexdigest()
    report = cache.get(cache_key)
    if report is None:
        report = build(filters=filters, names=names)
        cache.set(cache_key, report, REPORT_CACHE_SECONDS)
    return report


def analysis_last_run() -> AnalysisRun | None:
    return AnalysisRun.objects.order_by("-started_at", "-pk").first()


def analysis_overview(*, filters: Filters) -> dict:
    """The overview's headline figures, in one query over the figures."""
    rows = by_key(
        facts_sum(
            filters, (m.NEW_CUSTOMERS, m.SURVEYS, m.SALES, m.PAYMENTS, m.POOL_IN, m.POOL_OUT)
        ),
        "metric",
    )
    return {
        "new_customers": count(rows.get((m.NEW_CUSTOMERS,))),
        "surveys": count(rows.get((m.SURVEYS,))),
        "sales": money(rows.get((m.SALES,))),
        "payments": count(rows.get((m.PAYMENTS,))),
        "pool_in": count(rows.get((m.POOL_IN,))),
        "pool_out": count(rows.get((m.POOL_OUT,))),
    }
