"""Points pages (PERF-1, PERF-2): my points, a statement, record, void, the team overview.
Thin: scoped lookup → form → one service call → redirect."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from crm.selectors import person_name
from performance.forms import MonthForm, PointEventForm, VoidForm
from performance.months import current_month, month_add
from performance.selectors.points import (
    RECORD_PERMISSION,
    TEAM_PERMISSION,
    point_event_get_for,
    points_employee_get_for,
    points_may_void,
    points_statement_for,
    points_statements_past,
    previous_open_month,
    team_points_members,
    team_points_month,
)
from performance.services.points import point_event_record, point_event_void
from performance.views import month_or_404

OWN_PERMISSION = "performance.view_own_points"
PAGE_SIZE = 12
TEAM_PAGE_SIZE = 30


def statement_url(*, employee_id: int, month: dt.date) -> str:
    return reverse(
        "performance:points_statement",
        kwargs={"user_id": employee_id, "year": month.year, "month": month.month},
    )


@require_GET
@role_required(OWN_PERMISSION)
def my_points(request):
    now = timezone.now()
    me = request.user
    this_month = points_statement_for(employee=me, month=current_month(now))
    previous = previous_open_month(now=now)
    last_month = points_statement_for(employee=me, month=previous) if previous else None
    page = Paginator(points_statements_past(employee=me), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/points_mine.html",
        {
            "statement": this_month,
            "last_month": last_month,
            "page": page,
            "may_record": me.has_perm(RECORD_PERMISSION),
            "may_see_team": me.has_perm(TEAM_PERMISSION),
        },
    )


@require_GET
def points_statement(request, user_id: int, year: int, month: int):
    now = timezone.now()
    employee = points_employee_get_for(user=request.user, pk=user_id)
    if employee.pk == request.user.pk and not request.user.has_perm(OWN_PERMISSION):
        raise Http404
    day = month_or_404(year, month, now=now)
    statement = points_statement_for(employee=employee, month=day)
    may_void = not statement.closed and points_may_void(user=request.user, employee=employee)
    return render(
        request,
        "performance/points_statement.html",
        {
            "statement": statement,
            "mine": employee.pk == request.user.pk,
            "may_void": may_void,
            "void_form": VoidForm(),
            "may_record": may_void and request.user.has_perm(RECORD_PERMISSION),
            "previous_month": month_add(day, -1),
            "next_month": month_add(day, 1) if day < current_month(now) else None,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(RECORD_PERMISSION)
def point_record(request):
    now = timezone.now()
    initial = {"date": timezone.localdate(now), "employee": request.GET.get("employee")}
    form = PointEventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = point_event_record(
                employee=data["employee"],
                item=data["item"],
                date=data["date"],
                note=data["note"],
                by=request.user,
                now=now,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("Recorded for %(name)s: %(item)s, %(points)+d points.")
                % {
                    "name": person_name(event.employee),
                    "item": event.item_name,
                    "points": event.points,
                },
            )
            return redirect(statement_url(employee_id=event.employee_id, month=event.date))
    return render(request, "performance/points_record.html", {"form": form})


@require_POST
def point_void(request, pk: int):
    event = point_event_get_for(user=request.user, pk=pk)
    back = statement_url(employee_id=event.employee_id, month=event.date)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this event is voided."))
        return redirect(back)
    try:
        point_event_void(
            event_id=event.pk,
            reason=form.cleaned_data["reason"],
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event is voided and no longer counts."))
    return redirect(back)


@require_GET
@role_required(TEAM_PERMISSION)
def team_points(request):
    now = timezone.now()
    month = MonthForm(request.GET).month_or(current_month(now))
    if month > current_month(now):
        month = current_month(now)
    page = Paginator(team_points_members(user=request.user), TEAM_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/points_team.html",
        {
            "month": month,
            "team": team_points_month(profiles=page.object_list, month=month),
            "page": page,
            "previous_month": month_add(month, -1),
            "next_month": month_add(month, 1) if month < current_month(now) else None,
            "may_record": request.user.has_perm(RECORD_PERMISSION),
        },
    )
