"""The visit pages: my day, the week, the phone round, logging and correcting a visit,
planning one, a customer's records, and the daily board (VISIT-1…8).

Thin views: a scoped lookup (404 outside the user's scope), a form that validates, one
service call, a redirect with a message that says what happened and why.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from crm.lib.forms import errors_onto
from crm.lib.lists import SortOption, capped_total, paging_links, sorted_page, sorting_from
from crm.lib.scoping import role_required
from crm.selectors import person_name
from customers.models import CardCheckout
from customers.selectors.scope import customer_get_for
from visits.forms import VisitPlanForm, VisitRecordForm
from visits.models import VisitRecord, VisitTask
from visits.selectors import (
    MY_TASK_LISTS,
    board_person_get_for,
    board_person_tasks,
    board_rows_for,
    call_round_for,
    customer_open_tasks,
    customer_records,
    customer_visit_panel,
    my_day_for,
    my_task_get_for_log,
    my_task_list,
    my_week_for,
    visit_record_get_for,
    week_start,
)
from visits.services import (
    plan_assignees,
    visit_record_correct,
    visit_record_log,
    visit_task_plan,
)

PAGE_SIZE = 25
LOGS = "visits.add_visitrecord"
PLANS = "visits.add_visittask"
BOARD = "visits.view_visit_board"


def _page(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# My day, the week, my lists ---------------------------------------------------------------


@require_GET
@role_required(LOGS)
def my_day(request):
    day = my_day_for(user=request.user, now=timezone.now())
    return render(request, "visits/my_day.html", {"day": day})


@require_GET
@role_required(LOGS)
def my_week(request):
    today = timezone.localdate()
    try:
        start = week_start(parse_date(request.GET.get("start") or "") or today)
    except ValueError:  # a well-formed but impossible date, e.g. 2026-02-30
        start = week_start(today)
    return render(
        request,
        "visits/week.html",
        {
            "days": my_week_for(user=request.user, start=start),
            "start": start,
            "today": today,
            "previous": start - dt.timedelta(days=7),
            "next": start + dt.timedelta(days=7),
        },
    )


# WORK-2: my visits sorted by due date (the index visit_task_mine_idx), soonest or latest
# first, paged by seek.
TASK_SORTS = (SortOption("due", gettext_lazy("Due"), ("due_on", "id")),)
TASK_DEFAULT_SORT = "due"


@require_GET
@role_required(LOGS)
def my_tasks(request):
    show = request.GET.get("show", "open")
    if show not in MY_TASK_LISTS:
        show = "open"
    today = timezone.localdate()
    qs = my_task_list(user=request.user, today=today, show=show)
    sorting = sorting_from(request.GET, options=TASK_SORTS, default=TASK_DEFAULT_SORT)
    page = sorted_page(qs=qs, sorting=sorting, query=request.GET, size=PAGE_SIZE)
    return render(
        request,
        "visits/task_list.html",
        {
            "page": page,
            "show": show,
            "today": today,
            "lists": MY_TASK_LISTS,
            "sorting": sorting,
            "total": capped_total(qs),
            **paging_links(page=page, query=request.GET),
        },
    )


@require_GET
@role_required(LOGS)
def call_round(request):
    page = _page(request, call_round_for(user=request.user, now=timezone.now()))
    return render(request, "visits/call_round.html", {"page": page})


# Logging a visit (VISIT-5, VISIT-6, CARD-7) -------------------------------------------------


def _logged_messages(request, record: VisitRecord) -> None:
    task = record.task
    if task is not None:
        if task.done_late:
            messages.warning(
                request,
                _("Visit logged. The visit due on %(due)s is closed, late.")
                % {"due": _day(task.due_on)},
            )
        else:
            messages.success(
                request,
                _("Visit logged. The visit due on %(due)s is closed.") % {"due": _day(task.due_on)},
            )
    else:
        messages.success(request, _("Visit logged."))
    if record.checkout_id:
        messages.info(request, _("Recorded on the archive card you checked out."))
    follow_up = record.follow_ups.first()
    if follow_up is not None:
        if follow_up.moved_from:
            messages.info(
                request,
                _(
                    "Next visit planned for %(due)s: %(day)s is a holiday, so it comes "
                    "the working day before."
                )
                % {"due": _day(follow_up.due_on), "day": _day(follow_up.moved_from)},
            )
        else:
            messages.info(
                request, _("Next visit planned for %(due)s.") % {"due": _day(follow_up.due_on)}
            )


def _log(request, *, customer, task: VisitTask | None, back: str):
    form = VisitRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = visit_record_log(
                customer=customer,
                by=request.user,
                now=timezone.now(),
                values=form.values(),
                task=task,
                next_on=form.cleaned_data.get("next_on"),
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            _logged_messages(request, record)
            return redirect(back)
    checkout = (
        CardCheckout.objects.filter(
            holder=request.user, returned_at__isnull=True, card__customer=customer
        )
        .select_related("card__attendance__event")
        .first()
    )
    return render(
        request,
        "visits/log.html",
        {"form": form, "customer": customer, "task": task, "checkout": checkout, "back": back},
    )


@require_http_methods(["GET", "POST"])
@role_required(LOGS)
def task_log(request, pk: int):
    task = my_task_get_for_log(user=request.user, pk=pk)
    return _log(request, customer=task.customer, task=task, back=reverse("visits:my_day"))


@require_http_methods(["GET", "POST"])
@role_required(LOGS)
def customer_log(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    return _log(
        request,
        customer=customer,
        task=None,
        back=reverse("customers:customer_detail", args=[customer.pk]),
    )


@require_http_methods(["GET", "POST"])
@role_required(PLANS)
def customer_plan(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    form = VisitPlanForm(
        request.POST or None,
        assignees=plan_assignees(user=request.user, customer=customer),
        me=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = visit_task_plan(
                customer=customer, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            text = _("Visit planned for %(due)s with %(name)s.") % {
                "due": _day(task.due_on),
                "name": person_name(task.assignee),
            }
            if task.moved_from:
                text += " " + _("%(day)s is a holiday, so it comes the working day before.") % {
                    "day": _day(task.moved_from)
                }
            messages.success(request, text)
            return redirect(reverse("customers:customer_detail", args=[customer.pk]))
    return render(request, "visits/plan.html", {"form": form, "customer": customer})


@require_GET
def customer_panel(request, pk: int):
    """The customer page's visits panel, loaded after the page (htmx)."""
    customer = customer_get_for(user=request.user, pk=pk)
    return render(
        request,
        "visits/_customer_panel_body.html",
        {"customer": customer, "panel": customer_visit_panel(customer=customer)},
    )


@require_GET
def customer_record_list(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    page = _page(request, customer_records(customer=customer))
    tasks = customer_open_tasks(customer=customer)[:PAGE_SIZE]
    return render(
        request,
        "visits/customer_records.html",
        {"customer": customer, "page": page, "tasks": tasks, "today": timezone.localdate()},
    )


@require_GET
def record_detail(request, pk: int):
    record = visit_record_get_for(user=request.user, pk=pk)
    correction = (
        VisitRecord.objects.select_related("author").get(pk=record.corrected_by_id)
        if record.corrected_by_id
        else None
    )
    return render(
        request,
        "visits/record_detail.html",
        {
            "record": record,
            "correction": correction,
            "may_correct": record.author_id == request.user.pk and correction is None,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(LOGS)
def record_correct(request, pk: int):
    record = visit_record_get_for(user=request.user, pk=pk)
    if record.author_id != request.user.pk:
        raise PermissionDenied  # only the visitor corrects their own record
    initial = {
        name: getattr(record, name)
        for name in (
            "method",
            "met_whom",
            "discussed",
            "needs",
            "service_opinion",
            "problems",
            "next_step",
        )
    }
    initial["visited_at"] = timezone.localtime(record.visited_at)
    form = VisitRecordForm(request.POST or None, initial=initial, correction=True)
    if request.method == "POST" and form.is_valid():
        try:
            correction = visit_record_correct(
                record=record, by=request.user, now=timezone.now(), values=form.values()
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, _("Correction saved. The first version stays, marked as corrected.")
            )
            return redirect("visits:record_detail", pk=correction.pk)
    return render(request, "visits/record_correct.html", {"form": form, "record": record})


# VISIT-7: the board ----------------------------------------------------------------------


@require_GET
@role_required(BOARD)
def board(request):
    today = timezone.localdate()
    page = _page(request, board_rows_for(user=request.user, today=today), size=50)
    return render(request, "visits/board.html", {"page": page, "today": today})


@require_GET
@role_required(BOARD)
def board_person(request, pk: int):
    person = board_person_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    page = _page(request, board_person_tasks(person=person, today=today))
    return render(
        request, "visits/board_person.html", {"person": person, "page": page, "today": today}
    )
