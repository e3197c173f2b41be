"""The notices of telesales, worded when read (WORK-4, crm/notices.py)."""

from django.utils.translation import gettext as _

from crm.notices import NoticeKind

NOTICES = (
    NoticeKind(
        "telesales.visit_requested",
        lambda p: (
            _("Please visit %(organisation)s and sign the visit.")
            % {"organisation": p["organisation"]}
        ),
        rule="TEL-4",
    ),
)
