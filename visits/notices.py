"""The reminders of follow-up visits, worded when read (WORK-4, crm/notices.py)."""

from django.utils.translation import gettext_lazy, ngettext

from crm.notices import NoticeKind, day

NOTICES = (
    NoticeKind(
        "visits.due_tomorrow",
        lambda p: (
            ngettext(
                "%(count)s follow-up visit is due tomorrow (%(date)s).",
                "%(count)s follow-up visits are due tomorrow (%(date)s).",
                p["count"],
            )
            % {"count": p["count"], "date": day(p["due_on"])}
        ),
        rule="VISIT-7",
        label=gettext_lazy("Follow-up visits due tomorrow"),
        channels=("inapp", "email"),
    ),
    NoticeKind(
        "visits.overdue",
        lambda p: (
            ngettext(
                "%(count)s follow-up visit is overdue. Visit or call the customer today.",
                "%(count)s follow-up visits are overdue. Visit or call the customers today.",
                p["count"],
            )
            % {"count": p["count"]}
        ),
        rule="VISIT-7",
        label=gettext_lazy("Overdue follow-up visits"),
        channels=("inapp", "email"),
    ),
)
