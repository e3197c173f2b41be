"""Weekly call plans and the Friday review (TEL-3)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from telesales.forms import CallPlanForm, ReviewForm, parse_day
from telesales.selectors.reports import (
    PlanRow,
    plan_defaults,
    plan_get,
    plan_rows_for,
    week_figures_by_rep,
    week_review_day,
    week_start_of,
)
from telesales.selectors.scope import require, telesales_rep_get_for, telesales_reps_for
from telesales.services.reports import PLAN_TARGETS, call_plan_review, call_plan_set

PAGE_SIZE = 25
SETS = "telesales.add_callplan"


def _to_week(week: dt.date):
    return redirect(f"{reverse('telesales:plan_list')}?week={week.isoformat()}")


def _week(value: str | None) -> dt.date:
    return week_start_of(parse_day(value) or timezone.localdate())


@require_GET
def plan_list(request):
    """The week's plan of every rep the user sees, against what they did so far."""
    require(request.user, "telesales.view_callplan")
    week = _week(request.GET.get("week"))
    page = Paginator(telesales_reps_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = plan_rows_for(user=request.user, week_start=week, reps=list(page.object_list))
    review_day = week_review_day(week_start=week)
    return render(
        request,
        "telesales/plans/list.html",
        {
            "page": page,
            "rows": rows,
            "week": week,
            "week_end": week + dt.timedelta(days=6),
            "previous_week": week - dt.timedelta(days=7),
            "next_week": week + dt.timedelta(days=7),
            "review_day": review_day,
            "reviewable": timezone.localdate() >= review_day,
            "may_set": request.user.has_perm(SETS),
        },
    )


def _plan_page(request, *, rep, week: dt.date, form=None, review_form=None):
    plan = plan_get(rep=rep, week_start=week)
    figures = week_figures_by_rep(rep_ids=[rep.pk], week_start=week)[rep.pk]
    may_set = request.user.has_perm(SETS) and rep.pk != request.user.pk
    today = timezone.localdate()
    review_day = week_review_day(week_start=week)
    open_week = week + dt.timedelta(days=6) >= today
    if form is None and may_set and open_week and not (plan and plan.reviewed_at):
        initial = (
            {name: getattr(plan, name) for name in PLAN_TARGETS}
            if plan
            else plan_defaults(rep=rep, week_start=week)
        )
        form = CallPlanForm(initial=initial)
    if review_form is None and may_set and plan and today >= review_day:
        review_form = ReviewForm(initial={"review_comment": plan.review_comment})
    return render(
        request,
        "telesales/plans/edit.html",
        {
            "rep": rep,
            "week": week,
            "week_end": week + dt.timedelta(days=6),
            "plan": plan,
            "row": PlanRow(rep=rep, plan=plan, figures=figures),
            "form": form,
            "review_form": review_form,
            "review_day": review_day,
            "reviewable": today >= review_day,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, user_id: int, week: dt.date):
    """A rep's week: the plan (set by the supervisor) and, from Friday, the review."""
    require(request.user, "telesales.view_callplan")
    rep = telesales_rep_get_for(user=request.user, pk=user_id)
    week = week_start_of(week)
    if request.method == "POST":
        require(request.user, SETS)
        form = CallPlanForm(request.POST)
        if form.is_valid():
            try:
                call_plan_set(
                    rep=rep,
                    week_start=week,
                    targets=form.cleaned_data,
                    by=request.user,
                    now=timezone.now(),
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("The weekly call plan is set."))
                return _to_week(week)
        return _plan_page(request, rep=rep, week=week, form=form)
    return _plan_page(request, rep=rep, week=week)


@require_POST
def plan_review(request, user_id: int, week: dt.date):
    require(request.user, SETS)
    rep = telesales_rep_get_for(user=request.user, pk=user_id)
    week = week_start_of(week)
    plan = plan_get(rep=rep, week_start=week)
    if plan is None:
        messages.error(request, _("Set the week's plan first: the review compares against it."))
        return redirect("telesales:plan_edit", user_id=rep.pk, week=week)
    review_form = ReviewForm(request.POST)
    if review_form.is_valid():
        try:
            call_plan_review(
                plan=plan,
                comment=review_form.cleaned_data["review_comment"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            errors_onto(review_form, exc)
        else:
            messages.success(request, _("The week is reviewed."))
            return _to_week(week)
    return _plan_page(request, rep=rep, week=week, review_form=review_form)
