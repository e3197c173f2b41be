"""The notices of revisit schedules and reports, worded when read (WORK-4, crm/notices.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.notices import NoticeKind, day, moment

NOTICES = (
    NoticeKind(
        "planning.plan_submitted",
        lambda p: (
            _("%(rep)s submitted the revisit schedule for the week of %(date)s.")
            % {"rep": p["rep"], "date": day(p["week"])}
        ),
        rule="VISIT-9",
        label=gettext_lazy("A revisit schedule was submitted for my approval"),
    ),
    NoticeKind(
        "planning.plan_approved",
        lambda p: (
            _("Your revisit schedule for the week of %(date)s was approved.")
            % {"date": day(p["week"])}
        ),
        rule="VISIT-9",
        label=gettext_lazy("My revisit schedule was approved"),
    ),
    NoticeKind(
        "planning.plan_returned",
        lambda p: (
            _("Your revisit schedule for the week of %(date)s was returned: %(comment)s")
            % {"date": day(p["week"]), "comment": p["comment"]}
        ),
        rule="VISIT-9",
        label=gettext_lazy("My revisit schedule was returned"),
    ),
    NoticeKind(
        "planning.weekly_reviewed",
        lambda p: (
            _("%(name)s reviewed your weekly report for the week of %(date)s.")
            % {"name": p["name"], "date": day(p["week"])}
        ),
        rule="VISIT-10",
        label=gettext_lazy("My weekly report was reviewed"),
    ),
    NoticeKind(
        "planning.daily_reviewed",
        lambda p: (
            _("%(name)s reviewed your daily report of %(date)s.")
            % {"name": p["name"], "date": day(p["day"])}
        ),
        rule="REPORT-1",
        label=gettext_lazy("My daily report was reviewed"),
    ),
    NoticeKind(
        "planning.weekly_report_ready",
        lambda p: (
            _(
                "Your weekly report on the week of %(date)s is ready to complete; "
                "it is due by %(due)s."
            )
            % {"date": day(p["week"]), "due": moment(p["due"])}
        ),
        rule="VISIT-10",
        label=gettext_lazy("My weekly report is ready to complete"),
    ),
)
