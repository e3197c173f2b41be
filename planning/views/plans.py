"""The weekly revisit schedule pages (VISIT-9): the rep drafts and submits, the sales manager
approves or returns. Thin: scoped lookup → form → one service call → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from planning import services
from planning.forms import DecisionForm, PlanEntryForm
from planning.models import PlanStatus
from planning.selectors import (
    PLANS,
    plan_deadline,
    plan_entries,
    plan_events,
    plan_get_for,
    plan_may_decide,
    plannable_weeks,
    plans_for,
)
from planning.views.common import PAGE_SIZE, parse_week, refuse

STATUS_FILTERS = PlanStatus.values


@require_GET
def plan_list(request):
    qs = plans_for(user=request.user)
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/plan_list.html",
        {
            "page": page,
            "status": status,
            "statuses": PlanStatus.choices,
            "others": any(p.rep_id != request.user.pk for p in page.object_list),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(PLANS)
def plan_week(request, week: str):
    """The rep's schedule of a week: opened (drafted and filled from the visit tasks) on a
    POST, found on a GET."""
    week_start = parse_week(week)
    existing = plans_for(user=request.user).filter(rep=request.user, week_start=week_start)
    found = existing.first()
    if found is not None:
        return redirect("planning:plan_detail", pk=found.pk)
    now = timezone.now()
    if week_start not in plannable_weeks(today=timezone.localdate(now)):
        raise Http404
    if request.method == "POST":
        try:
            plan = services.plan_open(rep=request.user, week_start=week_start, now=now)
        except ValidationError as exc:
            refuse(request, exc)
            return redirect("planning:home")
        return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/plan_start.html",
        {"week_start": week_start, "deadline": plan_deadline(week_start=week_start)},
    )


def _detail(request, plan, *, decision_form=None, status: int = 200):
    mine = plan.rep_id == request.user.pk
    deadline = plan_deadline(week_start=plan.week_start)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "entries": plan_entries(plan=plan),
            "events": plan_events(plan=plan),
            "mine": mine,
            "may_edit": mine and plan.is_editable,
            "may_decide": plan_may_decide(user=request.user, plan=plan),
            "decision_form": decision_form or DecisionForm(),
            "deadline": deadline,
            "overdue": plan.first_submitted_at is None and deadline.is_late(timezone.now()),
        },
        status=status,
    )


@require_GET
def plan_detail(request, pk: int):
    return _detail(request, plan_get_for(user=request.user, pk=pk))


def _own_editable(request, pk: int):
    plan = plan_get_for(user=request.user, pk=pk)
    if plan.rep_id != request.user.pk:
        raise PermissionDenied
    return plan


@require_http_methods(["GET", "POST"])
def plan_entry_add(request, pk: int):
    plan = _own_editable(request, pk)
    q = request.GET.get("q", "")[:100]
    form = PlanEntryForm(
        request.POST or None,
        rep=request.user,
        week_start=plan.week_start,
        q=q,
        initial={"planned_on": plan.week_start.isoformat()},
    )
    if request.method == "POST" and plan.is_editable and form.is_valid():
        try:
            services.plan_entry_add(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is in the schedule.") % {"name": form.cleaned_data["customer"].name},
            )
            if "another" in request.POST:
                return redirect("planning:plan_entry_add", pk=plan.pk)
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request, "planning/plan_entry.html", {"plan": plan, "form": form, "q": q, "entry": None}
    )


@require_http_methods(["GET", "POST"])
def plan_entry_edit(request, pk: int, entry_pk: int):
    plan = _own_editable(request, pk)
    entry = get_object_or_404(plan.entries.select_related("customer"), pk=entry_pk)
    q = request.GET.get("q", "")[:100]
    form = PlanEntryForm(
        request.POST or None,
        rep=request.user,
        week_start=plan.week_start,
        q=q,
        keep=entry.customer_id,
        initial={
            "customer": entry.customer_id,
            "planned_on": entry.planned_on.isoformat(),
            "method": entry.method,
            "purpose": entry.purpose,
        },
    )
    if request.method == "POST" and plan.is_editable and form.is_valid():
        try:
            services.plan_entry_change(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The visit was changed."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request, "planning/plan_entry.html", {"plan": plan, "form": form, "q": q, "entry": entry}
    )


@require_POST
def plan_entry_remove(request, pk: int, entry_pk: int):
    plan = _own_editable(request, pk)
    entry = get_object_or_404(plan.entries, pk=entry_pk)
    try:
        services.plan_entry_remove(entry=entry, by=request.user)
    except ValidationError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The visit was removed from the schedule."))
    return redirect("planning:plan_detail", pk=plan.pk)


@require_POST
def plan_fill(request, pk: int):
    plan = _own_editable(request, pk)
    try:
        added = services.plan_fill_from_tasks(plan=plan, by=request.user)
    except ValidationError as exc:
        refuse(request, exc)
    else:
        if added:
            messages.success(
                request, _("%(count)s open visit tasks were added.") % {"count": added}
            )
        else:
            messages.info(request, _("No other open visit task is due that week."))
    return redirect("planning:plan_detail", pk=plan.pk)


@require_POST
def plan_submit(request, pk: int):
    plan = _own_editable(request, pk)
    now = timezone.now()
    try:
        plan = services.plan_submit(plan=plan, by=request.user, now=now)
    except ValidationError as exc:
        refuse(request, exc)
        return redirect("planning:plan_detail", pk=pk)
    if plan.submitted_late and plan.first_submitted_at == now:
        messages.warning(
            request,
            _(
                "The schedule went to the sales manager, after the deadline: it is recorded "
                "as late."
            ),
        )
    else:
        messages.success(request, _("The schedule went to the sales manager."))
    return redirect("planning:plan_detail", pk=plan.pk)


@require_POST
def plan_decide(request, pk: int):
    plan = plan_get_for(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision")
    if not form.is_valid() or decision not in {"approve", "return"}:
        if decision not in {"approve", "return"}:
            form.add_error(None, _("Choose to approve or return the schedule."))
        return _detail(request, plan, decision_form=form)
    comment = form.cleaned_data["comment"]
    now = timezone.now()
    try:
        if decision == "approve":
            services.plan_approve(plan=plan, by=request.user, now=now, comment=comment)
            messages.success(request, _("The schedule is approved."))
        else:
            services.plan_return(plan=plan, by=request.user, now=now, comment=comment)
            messages.success(request, _("The schedule went back to the rep with your comment."))
    except ValidationError as exc:
        errors_onto(form, exc)
        return _detail(request, plan, decision_form=form)
    return redirect("planning:review_queue")
