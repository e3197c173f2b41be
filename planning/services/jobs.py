"""The Monday job (VISIT-10): every rep's draft report on last week, set-based."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.models import Notification, StaffStatus
from planning.models import ReportStatus, WeeklyReport
from planning.selectors import report_deadline, week_start_of
from planning.services.common import _day


def _insert_select(*, model, columns: list[str], select, constants: dict) -> int:
    """INSERT INTO model (columns…, constants…, other defaults…) SELECT … ON CONFLICT DO
    NOTHING: one statement on SQLite and PostgreSQL; rows a unique constraint already holds
    are skipped, so a second run (or two at once) inserts nothing twice.

    `select` is a values_list queryset giving `columns` in order. Every other non-null
    column without a value takes its field's default.
    """
    fields = {f.name: f for f in model._meta.concrete_fields}
    constants = dict(constants)
    for name, field in fields.items():
        if name in columns or name in constants or field.primary_key or field.null:
            continue
        default = field.get_default()  # "" for text fields without a default
        if default is not None:
            constants[name] = default
    sql, params = select.query.sql_with_params()
    names = [fields[c].column for c in columns] + [fields[c].column for c in constants]
    values = [fields[c].get_db_prep_save(v, connection) for c, v in constants.items()]
    quote = connection.ops.quote_name
    placeholders = "".join(", %s" for _v in values)
    # "WHERE 1=1": SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT.
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, names))}) "
        f"SELECT sub.*{placeholders} FROM ({sql}) AS sub WHERE 1=1 ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*values, *params))
        return max(cursor.rowcount, 0)


def _who_report():
    """Active people who plan and report (reps), not gone."""
    from django.contrib.auth import get_user_model

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
    created = _insert_select(
        model=WeeklyReport,
        columns=["rep"],
        select=missing.order_by().values_list("pk"),
        constants={"week_start": week, "created_at": now, "status": ReportStatus.DRAFT},
    )
    deadline = report_deadline(week_start=week)
    due = timezone.localtime(deadline.due)
    text = _(
        "Your weekly report on the week of %(date)s is ready to complete; "
        "it is due by %(due)s (VISIT-10)."
    ) % {"date": _day(week), "due": formats.date_format(due, "SHORT_DATETIME_FORMAT")}
    drafts = WeeklyReport.objects.filter(week_start=week, status=ReportStatus.DRAFT)
    notified = _insert_select(
        model=Notification,
        columns=["user"],
        select=drafts.order_by().values_list("rep_id"),
        constants={
            "key": f"planning-weekly-report:{week.isoformat()}",
            "text": text,
            "url": reverse("planning:report_week", args=[week.isoformat()]),
            "rule": "VISIT-10",
            "params": {**deadline.params, "week": week.isoformat()},
            "created_at": now,
        },
    )
    return {"created": created, "notified": notified}
