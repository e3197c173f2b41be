"""The Monday job (VISIT-10): every rep's draft report on last week, set-based."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from crm.lib.sql import insert_select
from crm.models import Notification, StaffStatus
from planning.models import ReportStatus, WeeklyReport
from planning.selectors import report_deadline, week_start_of


def _who_report():
    """Active people who plan and report (reps), not gone."""

    perm = Permission.objects.filter(
        content_type__app_label="planning", codename="add_weeklyreport"
    ).first()
    User = get_user_model()
    if perm is None:
        return User.objects.none()
    # Two id lists, each by its own index, rather than one OR across both many-to-many joins.
    via_role = User.groups.through.objects.filter(group__permissions=perm).values("user_id")
    direct = User.user_permissions.through.objects.filter(permission=perm).values("user_id")
    return User.objects.filter(Q(pk__in=via_role) | Q(pk__in=direct), is_active=True).exclude(
        staff__status=StaffStatus.LEFT
    )


@transaction.atomic
def weekly_reports_create(*, now: dt.datetime) -> dict[str, int]:
    """VISIT-10: make every rep's draft report on last week and tell them, set-based.

    Runs on Monday morning (and harmlessly every morning after: a rep who joined later,
    or a Monday the worker was down, is caught up). One INSERT … SELECT makes the missing
    drafts; one INSERT … SELECT adds the notices (one per rep and week, by key). A second
    run inserts nothing.
    """
    week = week_start_of(timezone.localdate(now)) - dt.timedelta(days=7)
    missing = _who_report().filter(
        ~Exists(WeeklyReport.objects.filter(rep=OuterRef("pk"), week_start=week))
    )
    created = insert_select(
        model=WeeklyReport,
        columns=["rep"],
        select=missing.order_by().values_list("pk"),
        constants={"week_start": week, "created_at": now, "status": ReportStatus.DRAFT},
        ignore_conflicts=True,
        fill_defaults=True,
    )
    deadline = report_deadline(week_start=week)
    drafts = WeeklyReport.objects.filter(week_start=week, status=ReportStatus.DRAFT)
    notified = insert_select(
        model=Notification,
        columns=["user"],
        select=drafts.order_by().values_list("rep_id"),
        constants={
            "key": f"planning-weekly-report:{week.isoformat()}",
            "kind": "planning.weekly_report_ready",
            "url": reverse("planning:report_week", args=[week.isoformat()]),
            "rule": "VISIT-10",
            "params": {
                **deadline.params,
                "week": week.isoformat(),
                "due": deadline.due.isoformat(),
            },
            "created_at": now,
        },
        ignore_conflicts=True,
        fill_defaults=True,
    )
    return {"created": created, "notified": notified}
