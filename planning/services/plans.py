"""The weekly revisit schedule (VISIT-9): drafted from the visit tasks, submitted to the
sales manager of the rep's department by the deadline, approved or returned, revised."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.lib.words import word_list
from crm.selectors import person_name
from crm.services import notify
from planning.models import PlanAction, PlanEntry, PlanEvent, PlanStatus, VisitMethod, WeeklyPlan
from planning.selectors import (
    APPROVES,
    PLANS,
    plan_deadline,
    plan_may_decide,
    plan_reviewer_for,
    plannable_weeks,
    week_days,
)
from planning.services.common import _day, _owns
from visits.models import VisitTask


@transaction.atomic
def plan_open(*, rep, week_start: dt.date, now: dt.datetime) -> WeeklyPlan:
    """The rep's schedule for a week, made as a draft the first time and filled with the
    rep's open visit tasks due that week. One per rep and week (a unique constraint)."""
    if not rep.has_perm(PLANS):
        raise PermissionDenied
    existing = WeeklyPlan.objects.filter(rep=rep, week_start=week_start).first()
    if existing is not None:
        return existing
    if week_start not in plannable_weeks(today=timezone.localdate(now)):
        raise ValidationError(
            _("You can plan this week and the next ones only; %(date)s is not one of them.")
            % {"date": _day(week_start)},
            "week",
        )
    try:
        with transaction.atomic():
            plan = WeeklyPlan.objects.create(rep=rep, week_start=week_start, created_at=now)
    except IntegrityError:  # opened at the same moment in another tab
        return WeeklyPlan.objects.get(rep=rep, week_start=week_start)
    plan_fill_from_tasks(plan=plan, by=rep)
    return plan


def _tasks_due(*, plan: WeeklyPlan) -> list:
    end = plan.week_start + dt.timedelta(days=7)
    qs = VisitTask.objects.filter(
        assignee_id=plan.rep_id,
        status="open",
        due_on__gte=plan.week_start,
        due_on__lt=end,
    ).exclude(pk__in=plan.entries.filter(task_id__isnull=False).values("task_id"))
    return list(qs.select_related("rule").order_by("due_on", "pk"))


def _task_method(task) -> str:
    method = getattr(task, "planned_method", "") or ""
    return method if method in VisitMethod.values else VisitMethod.PHONE


def _task_purpose(task) -> str:
    """What the task says the visit is for (its own purpose, else its rule's)."""
    text = getattr(task, "purpose_text", "") or getattr(task, "purpose", "")
    if not text:
        rule = getattr(task, "rule", None)
        text = getattr(rule, "purpose", "") if rule is not None else ""
    return str(text or _("Follow-up visit due"))[:300]


@transaction.atomic
def plan_fill_from_tasks(*, plan: WeeklyPlan, by) -> int:
    """Add the rep's open visit tasks due in the plan's week that it does not hold yet.

    Only tasks on customers the rep owns (VISIT-9: only own customers). Each entry keeps
    its task's id, so filling again adds nothing twice.
    """
    if by.pk != plan.rep_id:
        raise PermissionDenied
    plan = WeeklyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError(_("This schedule is with the sales manager; it cannot change now."))
    tasks = _tasks_due(plan=plan)
    owned = _owns(rep=plan.rep, customer_ids=[t.customer_id for t in tasks])
    added = 0
    for task in tasks:
        if task.customer_id not in owned:
            continue
        # One by one: a handful a week, and each gets its history row.
        PlanEntry.objects.create(
            plan=plan,
            customer_id=task.customer_id,
            planned_on=task.due_on,
            method=_task_method(task),
            purpose=_task_purpose(task),
            task_id=task.pk,
        )
        added += 1
    return added


def _entry_check(*, plan: WeeklyPlan, customer, planned_on: dt.date, method: str, purpose: str):
    errors = {}
    if customer is None or not _owns(rep=plan.rep, customer_ids=[customer.pk]):
        errors["customer"] = _("Choose one of your own customers.")
    if planned_on not in week_days(plan.week_start):
        errors["planned_on"] = _("Choose a day of the planned week (%(start)s – %(end)s).") % {
            "start": _day(plan.week_start),
            "end": _day(plan.week_start + dt.timedelta(days=6)),
        }
    if method not in VisitMethod.values:
        errors["method"] = _("Choose how you will visit.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the visit is for.")
    if errors:
        raise ValidationError(errors)


def _editable(*, plan: WeeklyPlan, by) -> WeeklyPlan:
    if by.pk != plan.rep_id:
        raise PermissionDenied
    plan = WeeklyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable:
        raise ValidationError(_("This schedule is with the sales manager; it cannot change now."))
    return plan


@transaction.atomic
def plan_entry_add(
    *, plan: WeeklyPlan, by, customer, planned_on: dt.date, method: str, purpose: str
) -> PlanEntry:
    """The rep adds a visit: one of their own customers, a day of that week, how, why."""
    plan = _editable(plan=plan, by=by)
    _entry_check(
        plan=plan, customer=customer, planned_on=planned_on, method=method, purpose=purpose
    )
    entry = PlanEntry(
        plan=plan, customer=customer, planned_on=planned_on, method=method, purpose=purpose.strip()
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def plan_entry_change(
    *, entry: PlanEntry, by, customer, planned_on: dt.date, method: str, purpose: str
) -> PlanEntry:
    plan = _editable(plan=entry.plan, by=by)
    _entry_check(
        plan=plan, customer=customer, planned_on=planned_on, method=method, purpose=purpose
    )
    entry.customer = customer
    entry.planned_on = planned_on
    entry.method = method
    entry.purpose = purpose.strip()
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def plan_entry_remove(*, entry: PlanEntry, by) -> None:
    _editable(plan=entry.plan, by=by)
    entry.delete()


def _snapshot(plan: WeeklyPlan) -> list[dict]:
    return [
        {
            "customer": e.customer_id,
            "name": e.customer.name,
            "planned_on": e.planned_on.isoformat(),
            "method": e.method,
            "purpose": e.purpose,
        }
        for e in plan.entries.select_related("customer").order_by("planned_on", "pk")
    ]


@transaction.atomic
def plan_submit(*, plan: WeeklyPlan, by, now: dt.datetime) -> WeeklyPlan:
    """VISIT-9: the rep sends the schedule to the sales manager of their department.

    Needs at least one visit, every customer still the rep's own, and a sales manager to
    send it to. The first submission after the deadline (the day and time an admin sets,
    default Sunday 23:59 before the week) is recorded as late with the rule and its
    parameters; a resubmission after a return is judged by the first one.
    """
    plan = _editable(plan=plan, by=by)
    entries = list(plan.entries.select_related("customer"))
    if not entries:
        raise ValidationError(_("Add at least one visit before you submit the schedule."), "empty")
    owned = _owns(rep=plan.rep, customer_ids=[e.customer_id for e in entries])
    lost = sorted({e.customer.name for e in entries if e.customer_id not in owned})
    if lost:
        raise ValidationError(
            _("These customers are no longer yours; remove them first: %(names)s")
            % {"names": word_list(lost)},
            "not_owned",
        )
    reviewer = plan_reviewer_for(rep=plan.rep)
    if reviewer is None:
        raise ValidationError(
            _(
                "Nobody can approve your schedule: your team has no sales manager above it. "
                "Ask an administrator to set the leader of your department."
            ),
            "no_manager",
        )
    first = plan.first_submitted_at is None
    late = False
    if first:
        deadline = plan_deadline(week_start=plan.week_start)
        plan.lateness = deadline.lateness(now)
        plan.submitted_late = late = bool(plan.lateness)
        plan.first_submitted_at = now
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = now
    plan.reviewer = reviewer
    plan.decided_at = None
    plan.decided_by = None
    plan._change_reason = "VISIT-9"
    plan.save()
    event = PlanEvent.objects.create(
        plan=plan,
        action=PlanAction.SUBMITTED if first else PlanAction.RESUBMITTED,
        by=by,
        at=now,
        late=late,
        entries=_snapshot(plan),
    )

    notify(
        user=reviewer,
        key=f"planning-plan-submitted:{plan.pk}:{event.pk}",
        kind="planning.plan_submitted",
        params={"rep": person_name(plan.rep), "week": plan.week_start.isoformat()},
        url=reverse("planning:plan_detail", args=[plan.pk]),
        rule="VISIT-9",
        now=now,
    )
    return plan


def _decidable(*, plan: WeeklyPlan, by) -> WeeklyPlan:
    if not by.has_perm(APPROVES):
        raise PermissionDenied
    plan = WeeklyPlan.objects.select_for_update().select_related("rep").get(pk=plan.pk)
    if not plan_may_decide(user=by, plan=plan):
        raise ValidationError(
            _("This schedule is not waiting for your decision (it may have been decided)."),
            "state",
        )
    return plan


@transaction.atomic
def plan_approve(*, plan: WeeklyPlan, by, now: dt.datetime, comment: str = "") -> WeeklyPlan:
    """VISIT-9: the sales manager approves the schedule."""
    plan = _decidable(plan=plan, by=by)
    plan.status = PlanStatus.APPROVED
    plan.decided_at = now
    plan.decided_by = by
    plan._change_reason = "VISIT-9"
    plan.save()
    event = PlanEvent.objects.create(
        plan=plan, action=PlanAction.APPROVED, by=by, at=now, comment=comment.strip()
    )
    notify(
        user=plan.rep,
        key=f"planning-plan-approved:{plan.pk}:{event.pk}",
        kind="planning.plan_approved",
        params={"week": plan.week_start.isoformat()},
        url=reverse("planning:plan_detail", args=[plan.pk]),
        rule="VISIT-9",
        now=now,
    )
    return plan


@transaction.atomic
def plan_return(*, plan: WeeklyPlan, by, now: dt.datetime, comment: str) -> WeeklyPlan:
    """VISIT-9: the sales manager returns the schedule with a comment; the rep revises it."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the rep should change.")})
    plan = _decidable(plan=plan, by=by)
    plan.status = PlanStatus.RETURNED
    plan.decided_at = now
    plan.decided_by = by
    plan._change_reason = "VISIT-9"
    plan.save()
    event = PlanEvent.objects.create(
        plan=plan, action=PlanAction.RETURNED, by=by, at=now, comment=comment.strip()
    )
    notify(
        user=plan.rep,
        key=f"planning-plan-returned:{plan.pk}:{event.pk}",
        kind="planning.plan_returned",
        params={"week": plan.week_start.isoformat(), "comment": comment.strip()[:300]},
        url=reverse("planning:plan_detail", args=[plan.pk]),
        rule="VISIT-9",
        now=now,
    )
    return plan
