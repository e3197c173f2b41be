"""Reads of the follow-up visits: my day, the week, the call round, the board, a customer's
visits. Each page reads a fixed number of queries, whatever the number of tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.parameters import param
from crm.roles import REP
from crm.selectors import teams_led_by, user_roles
from customers.models import Customer
from customers.selectors.scope import customer_scope_for
from visits.models import (
    IN_PERSON_METHODS,
    TaskStatus,
    Visitor,
    VisitRecord,
    VisitTask,
)

User = get_user_model()
UPCOMING_DAYS = 7  # "my day" looks a week ahead
SECTION_ROWS = 20  # rows per section of "my day"; the full lists page


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def _day_bounds(start: dt.date, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=days), dt.time.min))
    return begin, end


def _current_records() -> QuerySet[VisitRecord]:
    """Records that no later correction replaced (each visit counted once)."""
    return VisitRecord.objects.exclude(Exists(VisitRecord.objects.filter(corrects=OuterRef("pk"))))


# My tasks ---------------------------------------------------------------------------


def my_open_tasks(*, user) -> QuerySet[VisitTask]:
    return (
        VisitTask.objects.filter(assignee=user, status=TaskStatus.OPEN)
        .select_related("customer", "rule", "created_by")
        .order_by("due_on", "pk")
    )


MY_TASK_LISTS = ("overdue", "today", "upcoming", "open")


def my_task_list(*, user, today: dt.date, show: str) -> QuerySet[VisitTask]:
    qs = my_open_tasks(user=user)
    if show == "overdue":
        return qs.filter(due_on__lt=today)
    if show == "today":
        return qs.filter(due_on=today)
    if show == "upcoming":
        return qs.filter(due_on__gt=today, due_on__lte=today + dt.timedelta(days=UPCOMING_DAYS))
    return qs


def my_task_counts(*, user, today: dt.date) -> dict[str, int]:
    """Overdue, due today and due in the next week, in one query."""
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    return VisitTask.objects.filter(
        assignee=user, status=TaskStatus.OPEN, due_on__lte=horizon
    ).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        today=Count("pk", filter=Q(due_on=today)),
        upcoming=Count("pk", filter=Q(due_on__gt=today)),
    )


def _count(qs: QuerySet, by: str) -> Coalesce:
    """COUNT of `qs` (all its rows share `by`) as a scalar subquery, 0 when empty."""
    counted = qs.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), Value(0))


def in_person_this_week(*, user, today: dt.date) -> int:
    """VISIT-8: in-person visits logged this week (Monday to Sunday) plus in-person
    appointments booked for the rest of it, in one query."""
    monday = week_start(today)
    begin, end = _day_bounds(monday, 7)
    done = _current_records().filter(
        author=user, method__in=IN_PERSON_METHODS, visited_at__gte=begin, visited_at__lt=end
    )
    booked = VisitTask.objects.filter(
        assignee=user,
        status=TaskStatus.OPEN,
        planned_method__in=IN_PERSON_METHODS,
        due_on__gte=today,
        due_on__lt=monday + dt.timedelta(days=7),
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(done=_count(done, "author"), booked=_count(booked, "assignee"))
        .values("done", "booked")
        .first()
    )
    return (row["done"] + row["booked"]) if row else 0


# VISIT-8: the phone round -------------------------------------------------------------


def call_round_for(*, user, now: dt.datetime) -> QuerySet[Customer]:
    """The customers due for the phone round: owned by `user`, in follow-up (an open visit
    task), and not contacted for `visit.call_round_days` days (never contacted first)."""
    cutoff = now - dt.timedelta(days=param("visit.call_round_days"))
    last = (
        VisitRecord.objects.filter(customer=OuterRef("pk"))
        .order_by("-visited_at")
        .values("visited_at")[:1]
    )
    return (
        Customer.objects.filter(ownership__owner=user)
        .filter(Exists(VisitTask.objects.filter(customer=OuterRef("pk"), status=TaskStatus.OPEN)))
        .annotate(last_contact=Subquery(last))
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff))
        .order_by(F("last_contact").asc(nulls_first=True), "pk")
    )


@dataclass
class MyDay:
    today: dt.date
    overdue: list
    due_today: list
    upcoming: list
    counts: dict
    calls: list
    calls_more: bool
    in_person: int
    # VISIT-8 binds reps: 0 for whoever else opens My day (a doctor), who sees no target.
    in_person_target: int


def my_day_for(*, user, now: dt.datetime) -> MyDay:
    """Everything of "my day" in a fixed number of queries (six), whatever the tasks."""
    today = timezone.localdate(now)
    is_rep = REP in user_roles(user=user)
    counts = my_task_counts(user=user, today=today)
    calls = list(call_round_for(user=user, now=now)[: SECTION_ROWS + 1])
    return MyDay(
        today=today,
        overdue=list(my_task_list(user=user, today=today, show="overdue")[:SECTION_ROWS]),
        due_today=list(my_task_list(user=user, today=today, show="today")[:SECTION_ROWS]),
        upcoming=list(my_task_list(user=user, today=today, show="upcoming")[:SECTION_ROWS]),
        counts=counts,
        calls=calls[:SECTION_ROWS],
        calls_more=len(calls) > SECTION_ROWS,
        in_person=in_person_this_week(user=user, today=today) if is_rep else 0,
        in_person_target=param("visit.in_person_per_week") if is_rep else 0,
    )


def my_week_for(*, user, start: dt.date) -> list[dict]:
    """The seven days from Monday `start`: the visits due each day and those logged."""
    start = week_start(start)
    end = start + dt.timedelta(days=7)
    tasks = (
        VisitTask.objects.filter(assignee=user, due_on__gte=start, due_on__lt=end)
        .exclude(status__in=[TaskStatus.SUPERSEDED, TaskStatus.CANCELLED])
        .select_related("customer", "rule", "created_by")
        .order_by("due_on", "pk")
    )
    begin, finish = _day_bounds(start, 7)
    records = (
        _current_records()
        .filter(author=user, visited_at__gte=begin, visited_at__lt=finish)
        .select_related("customer")
        .order_by("visited_at", "pk")
    )
    days = [{"day": start + dt.timedelta(days=i), "tasks": [], "records": []} for i in range(7)]
    for task in tasks:
        days[(task.due_on - start).days]["tasks"].append(task)
    for record in records:
        days[(timezone.localdate(record.visited_at) - start).days]["records"].append(record)
    return days


def my_task_get_for_log(*, user, pk: int) -> VisitTask:
    """A task the user logs a visit against: their own, else 404."""
    return get_object_or_404(
        VisitTask.objects.select_related("customer", "rule", "customer__ownership"),
        pk=pk,
        assignee=user,
    )


# VISIT-7: the board -------------------------------------------------------------------


def board_people_for(*, user) -> QuerySet:
    """The reps whose visits `user` supervises: a doctor, the general manager and admins
    see every rep; a supervisor their teams'; a sales manager their department's."""
    reps = User.objects.filter(is_active=True, groups__name=REP).distinct()
    if not user.is_authenticated or not user.has_perm("visits.view_visit_board"):
        return reps.none()
    if user.has_perm("crm.view_all_teams") or user.has_perm("customers.keep_cards"):
        return reps
    if user.has_perm("crm.view_team_members"):
        return reps.filter(staff__team_id__in=teams_led_by(user=user)).exclude(pk=user.pk)
    return reps.none()


def board_rows_for(*, user, today: dt.date) -> QuerySet:
    """Per rep: rep visits due today, overdue, done today and of those late (one query)."""
    begin, end = _day_bounds(today)
    rep_task = Q(visit_tasks__visitor=Visitor.REP)
    open_task = rep_task & Q(visit_tasks__status=TaskStatus.OPEN)
    done_today = rep_task & Q(
        visit_tasks__status=TaskStatus.DONE,
        visit_tasks__done_at__gte=begin,
        visit_tasks__done_at__lt=end,
    )
    return (
        board_people_for(user=user)
        .annotate(
            due_today=Count("visit_tasks", filter=open_task & Q(visit_tasks__due_on=today)),
            overdue=Count("visit_tasks", filter=open_task & Q(visit_tasks__due_on__lt=today)),
            done_today=Count("visit_tasks", filter=done_today),
            # Of those, done after their due day: the doctor follows them up too.
            late_today=Count("visit_tasks", filter=done_today & Q(visit_tasks__done_late=True)),
        )
        .order_by("-overdue", "-due_today", "last_name", "first_name", "pk")
    )


def board_overdue_count(*, user, today: dt.date) -> dict[str, int]:
    """For the dashboard: overdue rep visits of the people on the board, and how many reps."""
    return VisitTask.objects.filter(
        assignee__in=board_people_for(user=user),
        visitor=Visitor.REP,
        status=TaskStatus.OPEN,
        due_on__lt=today,
    ).aggregate(visits=Count("pk"), reps=Count("assignee", distinct=True))


def board_person_get_for(*, user, pk: int):
    return get_object_or_404(board_people_for(user=user), pk=pk)


def board_person_tasks(*, person, today: dt.date) -> QuerySet[VisitTask]:
    """A rep's open visits due by today (overdue first) and those done today."""
    begin, end = _day_bounds(today)
    return (
        VisitTask.objects.filter(assignee=person, visitor=Visitor.REP)
        .filter(
            Q(status=TaskStatus.OPEN, due_on__lte=today)
            | Q(status=TaskStatus.DONE, done_at__gte=begin, done_at__lt=end)
        )
        .select_related("customer", "rule", "created_by")
        .order_by("-status", "due_on", "pk")  # open ("open" > "done") first
    )


# A customer's visits (the customer page) and records ------------------------------------


def customer_open_tasks(*, customer) -> QuerySet[VisitTask]:
    return (
        VisitTask.objects.filter(customer=customer, status=TaskStatus.OPEN)
        .select_related("assignee", "rule", "created_by")
        .order_by("due_on", "pk")
    )


def customer_records(*, customer) -> QuerySet[VisitRecord]:
    """Every record of the customer, newest first, each with the record correcting it."""
    correction = VisitRecord.objects.filter(corrects=OuterRef("pk"))
    return (
        VisitRecord.objects.filter(customer=customer)
        .select_related("author", "task", "corrects")
        .annotate(
            corrected_by_id=Subquery(correction.values("pk")[:1]),
            corrected_at=Subquery(correction.values("recorded_at")[:1]),
        )
        .order_by("-visited_at", "-pk")
    )


PANEL_ROWS = 10


def customer_closed_tasks(*, customer, limit: int = PANEL_ROWS) -> QuerySet[VisitTask]:
    """Visits closed without a visit (superseded by a purchase, cancelled when the customer
    returned to the pool), newest first: the customer page lists them, marked (WORK-1)."""
    return (
        VisitTask.objects.filter(
            customer=customer, status__in=(TaskStatus.SUPERSEDED, TaskStatus.CANCELLED)
        )
        .select_related("assignee", "rule", "created_by")
        .order_by("-closed_at", "-pk")[:limit]
    )


def customer_visit_panel(*, customer) -> dict:
    """The customer page's visits panel, in two queries."""
    tasks = list(customer_open_tasks(customer=customer)[: PANEL_ROWS + 1])
    records = list(customer_records(customer=customer)[: PANEL_ROWS + 1])
    return {
        "tasks": tasks[:PANEL_ROWS],
        "more_tasks": len(tasks) > PANEL_ROWS,
        "records": records[:PANEL_ROWS],
        "more_records": len(records) > PANEL_ROWS,
    }


def visit_record_scope_for(*, user) -> QuerySet[VisitRecord]:
    """Records a user may open: their own, those of customers they may see, and those of
    the reps on their board."""
    if not user.is_authenticated or not user.is_active:
        return VisitRecord.objects.none()
    visible = Q(author=user) | Q(customer__in=customer_scope_for(user=user).values("pk"))
    if user.has_perm("visits.view_visit_board"):
        visible |= Q(author__in=board_people_for(user=user).values("pk"))
    return VisitRecord.objects.filter(visible)


def visit_record_get_for(*, user, pk: int) -> VisitRecord:
    correction = VisitRecord.objects.filter(corrects=OuterRef("pk"))
    qs = (
        visit_record_scope_for(user=user)
        .select_related("customer", "author", "task", "task__rule", "corrects", "checkout")
        .select_related("checkout__card", "checkout__card__attendance__event")
        .annotate(corrected_by_id=Subquery(correction.values("pk")[:1]))
    )
    return get_object_or_404(qs, pk=pk)
