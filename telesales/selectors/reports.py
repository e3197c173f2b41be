"""Reads for the daily reports (TEL-2) and the weekly call plans (TEL-3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from crm.parameters import param
from telesales.models import CallPlan, CallReport, Grade, Prospect, ReportKind
from telesales.selectors.calls import call_figures, call_figures_by_rep
from telesales.selectors.scope import call_plans_for, call_reports_for, telesales_reps_for
from telesales.services.calls import day_bounds

HistoricalProspect = Prospect.history.model


# Daily reports (TEL-2) -----------------------------------------------------------------


def record_report_rows(*, rep, day: dt.date) -> QuerySet:
    """TEL-2, the customer record report: every prospect the rep recorded or updated that
    day, as it stood after the rep's last change of the day (the archive's history), with
    `is_new` when the rep recorded it that day. One query.
    """
    start, end = day_bounds(day)
    of_day = HistoricalProspect.objects.filter(
        history_user=rep, history_date__gte=start, history_date__lt=end
    )
    latest = of_day.order_by().values("id").annotate(last=Max("history_id")).values("last")
    created = of_day.filter(id=OuterRef("id"), history_type="+")
    return (
        HistoricalProspect.objects.filter(history_id__in=latest)
        .annotate(is_new=Exists(created))
        .order_by("organisation", "id")
    )


def record_figures(*, rep, day: dt.date) -> dict:
    start, end = day_bounds(day)
    row = (
        HistoricalProspect.objects.filter(
            history_user=rep, history_date__gte=start, history_date__lt=end
        )
        .order_by()
        .aggregate(
            prospects=Count("id", distinct=True),
            new=Count("id", distinct=True, filter=Q(history_type="+")),
        )
    )
    return {"prospects": row["prospects"], "new": row["new"]}


def report_figures(*, rep, day: dt.date, kind: str) -> dict:
    """The figures a report holds when it is submitted (kept on the report)."""
    if kind == ReportKind.CALLS:
        start, end = day_bounds(day)
        return call_figures(rep=rep, start=start, end=end)
    return record_figures(rep=rep, day=day)


def reports_of_day(*, rep, day: dt.date) -> dict[str, CallReport]:
    return {r.kind: r for r in CallReport.objects.filter(rep=rep, day=day)}


def report_list_for(*, user, day: dt.date | None = None, rep=None) -> QuerySet[CallReport]:
    qs = call_reports_for(user=user)
    if day is not None:
        qs = qs.filter(day=day)
    if rep is not None:
        qs = qs.filter(rep=rep)
    return qs.select_related("rep").order_by("-day", "rep__last_name", "rep_id", "kind")


def reports_missing_for(*, user, day: dt.date) -> list:
    """The telesales reps `user` sees who have not submitted both reports of `day`."""
    done = (
        CallReport.objects.filter(rep=OuterRef("pk"), day=day)
        .order_by()
        .values("rep")
        .annotate(n=Count("pk"))
        .filter(n__gte=len(ReportKind.values))
    )
    return list(telesales_reps_for(user=user).exclude(Exists(done)))


# Weekly call plans (TEL-3) ---------------------------------------------------------------


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_review_day(*, week_start: dt.date) -> dt.date:
    """TEL-3: the day the supervisor reviews the week (Friday by default)."""
    weekday = min(max(int(param("telesales.review_weekday")), 1), 7)
    return week_start + dt.timedelta(days=weekday - 1)


def week_figures_by_rep(*, rep_ids: Iterable[int], week_start: dt.date) -> dict[int, dict]:
    """What each rep did in the week: calls, valid calls, companies called (distinct
    prospects) and A/B prospects gained (graded in the week). Two grouped queries."""
    ids = list(rep_ids)
    start = day_bounds(week_start)[0]
    end = day_bounds(week_start + dt.timedelta(days=6))[1]
    calls = call_figures_by_rep(rep_ids=ids, start=start, end=end)
    graded = (
        Prospect.objects.filter(
            owner_id__in=ids, grade__in=[Grade.A, Grade.B], graded_at__gte=start, graded_at__lt=end
        )
        .order_by()
        .values("owner_id")
        .annotate(a=Count("pk", filter=Q(grade=Grade.A)), b=Count("pk", filter=Q(grade=Grade.B)))
    )
    by_owner = {row["owner_id"]: row for row in graded}
    figures = {}
    for rep_id in ids:
        c = calls.get(rep_id, {})
        g = by_owner.get(rep_id, {})
        figures[rep_id] = {
            "calls": c.get("calls", 0),
            "valid": c.get("valid", 0),
            "companies": c.get("companies", 0),
            "a": g.get("a", 0),
            "b": g.get("b", 0),
        }
    return figures


@dataclass(frozen=True)
class PlanRow:
    rep: object
    plan: CallPlan | None
    figures: dict

    def against(self) -> list[tuple[str, int, int | None]]:
        """(key, done, target) for each planned figure."""
        p = self.plan
        return [
            ("calls", self.figures["calls"], p.target_calls if p else None),
            ("valid", self.figures["valid"], p.target_valid_calls if p else None),
            ("companies", self.figures["companies"], p.target_companies if p else None),
            ("a", self.figures["a"], p.target_a if p else None),
            ("b", self.figures["b"], p.target_b if p else None),
        ]


def plan_rows_for(*, user, week_start: dt.date, reps: list | None = None) -> list[PlanRow]:
    """Each telesales rep `user` sees, with the week's plan and figures. Three queries."""
    reps = list(telesales_reps_for(user=user)) if reps is None else reps
    plans = {
        p.rep_id: p
        for p in call_plans_for(user=user)
        .filter(week_start=week_start, rep__in=[r.pk for r in reps])
        .select_related("reviewed_by", "set_by")
    }
    figures = week_figures_by_rep(rep_ids=[r.pk for r in reps], week_start=week_start)
    return [PlanRow(rep=r, plan=plans.get(r.pk), figures=figures[r.pk]) for r in reps]


def plan_get(*, rep, week_start: dt.date) -> CallPlan | None:
    return (
        CallPlan.objects.filter(rep=rep, week_start=week_start)
        .select_related("set_by", "reviewed_by")
        .first()
    )


def plan_defaults(*, rep, week_start: dt.date) -> dict:
    """What a new plan proposes: the rep's latest earlier plan, else the parameters."""
    last = CallPlan.objects.filter(rep=rep, week_start__lt=week_start).order_by("-week_start")
    last = last.first()
    if last is not None:
        return {
            "target_calls": last.target_calls,
            "target_valid_calls": last.target_valid_calls,
            "target_companies": last.target_companies,
            "target_a": last.target_a,
            "target_b": last.target_b,
        }
    return {
        "target_calls": param("telesales.plan_calls"),
        "target_valid_calls": param("telesales.plan_valid_calls"),
        "target_companies": param("telesales.plan_companies"),
        "target_a": param("telesales.plan_a"),
        "target_b": param("telesales.plan_b"),
    }
