"""Rule parameters of plans and reports (VISIT-9, VISIT-10), editable by admins."""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "planning.plan_deadline_weekday",
        "VISIT-9",
        7,
        _(
            "Day of the week before the planned week by which the revisit schedule is due "
            "(1 Monday … 7 Sunday)."
        ),
    ),
    Param(
        "planning.plan_deadline_time",
        "VISIT-9",
        "23:59",
        _("Time (HH:MM) on that day by which the revisit schedule is due; later is late."),
    ),
    Param(
        "planning.plan_weeks_ahead",
        "VISIT-9",
        1,
        _("How many weeks ahead a rep may plan (1: next week only)."),
    ),
    Param(
        "planning.report_deadline_weekday",
        "VISIT-10",
        1,
        _(
            "Day of the week after the reported week by which the weekly report is due "
            "(1 Monday … 7 Sunday)."
        ),
    ),
    Param(
        "planning.report_deadline_time",
        "VISIT-10",
        "18:00",
        _("Time (HH:MM) on that day by which the weekly report is due; later is late."),
    ),
)
