"""The rep's overview, the review queue, and monthly targets with their progress."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crm.lib.dates import month_start, next_month_start
from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from planning import services
from planning.forms import MonthForm, TargetForm
from planning.models import DailyReport, WeeklyReport
from planning.selectors import (
    APPROVES,
    PLANS,
    REVIEWS,
    SETS_TARGETS,
    daily_reports_to_review_for,
    plan_deadline,
    plan_of_week,
    plans_to_approve_for,
    rep_get_for,
    reps_for,
    target_of,
    targets_progress,
    week_start_of,
    weekly_reports_to_review_for,
)
from planning.views.common import PAGE_SIZE

VIEWS_ALL = "planning.view_weeklyreport"


# Who opens the planning pages at all: reps, reviewers, approvers, the general manager.
USES = (PLANS, REVIEWS, APPROVES, VIEWS_ALL)


@require_GET
@role_required(*USES)
def home(request):
    """Reps: next week's schedule, last week's report, today's report, this month. Others:
    the way to the team's plans, reports and targets."""
    user = request.user
    today = timezone.localdate()
    this_week = week_start_of(today)
    next_week = this_week + dt.timedelta(days=7)
    last_week = this_week - dt.timedelta(days=7)
    context = {
        "next_week": next_week,
        "this_week": this_week,
        "last_week": last_week,
        "today": today,
        "plans": user.has_perm(PLANS),
        "reviews": user.has_perm(REVIEWS) or user.has_perm(APPROVES),
    }
    if context["plans"]:
        context.update(
            {
                "next_plan": plan_of_week(rep=user, week_start=next_week),
                "this_plan": plan_of_week(rep=user, week_start=this_week),
                "deadline": plan_deadline(week_start=next_week),
                "last_report": WeeklyReport.objects.filter(rep=user, week_start=last_week).first(),
                "today_report": DailyReport.objects.filter(rep=user, day=today).first(),
                "progress": targets_progress(reps=[user], month=month_start(today), today=today)[0],
            }
        )
    return render(request, "planning/home.html", context)


TABS = ("plans", "weekly", "daily")


@require_GET
@role_required(REVIEWS, APPROVES)
def review_queue(request):
    """Supervisors and sales managers: schedules to approve, reports to comment on."""
    user = request.user
    queues = {
        "plans": plans_to_approve_for(user=user),
        "weekly": weekly_reports_to_review_for(user=user),
        "daily": daily_reports_to_review_for(user=user),
    }
    counts = {key: qs.order_by().count() for key, qs in queues.items()}
    tab = request.GET.get("tab", "")
    if tab not in TABS:
        tab = next(
            (key for key in TABS if counts[key]), "plans" if user.has_perm(APPROVES) else "weekly"
        )
    page = Paginator(queues[tab], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/review_queue.html",
        {
            "tab": tab,
            "page": page,
            "counts": counts,
            "approves": user.has_perm(APPROVES),
            "reviews": user.has_perm(REVIEWS),
        },
    )


@require_GET
@role_required(*USES)
def targets(request):
    """REPORT-1: monthly targets and progress: one's own, or the reps in one's scope."""
    user = request.user
    today = timezone.localdate()
    month = month_start(MonthForm(request.GET).month_or(today))
    if user.has_perm(SETS_TARGETS) or user.has_perm(VIEWS_ALL):
        reps = reps_for(user=user).exclude(pk=user.pk)
    else:
        reps = reps_for(user=user).filter(pk=user.pk)
    page = Paginator(reps, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = targets_progress(reps=list(page.object_list), month=month, today=today)
    previous = month_start(month - dt.timedelta(days=1))
    return render(
        request,
        "planning/targets.html",
        {
            "month": month,
            "page": page,
            "rows": rows,
            "previous_month": previous.strftime("%Y-%m"),
            "next_month": next_month_start(month).strftime("%Y-%m"),
            "may_set": user.has_perm(SETS_TARGETS),
            "this_month": month == month_start(today),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(SETS_TARGETS)
def target_set(request, user_id: int, month: str):
    rep = rep_get_for(user=request.user, pk=user_id)
    if rep.pk == request.user.pk:
        raise PermissionDenied
    the_month = month_start(MonthForm({"month": month}).month_or(timezone.localdate()))
    current = target_of(rep=rep, month=the_month)
    form = TargetForm(
        request.POST or None,
        initial={
            "new_customers": current.new_customers if current else 0,
            "sales_amount": current.sales_amount if current else 0,
            "visits": current.visits if current else 0,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(
                rep=rep,
                month=the_month,
                values=services.TargetInput(**form.cleaned_data),
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The targets are set."))
            return redirect(f"{reverse('planning:targets')}?month={the_month:%Y-%m}")
    return render(
        request,
        "planning/target_form.html",
        {"rep": rep, "month": the_month, "form": form, "current": current},
    )
