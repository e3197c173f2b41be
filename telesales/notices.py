"""The notices of telesales, worded when read (WORK-4, crm/notices.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.notices import NoticeKind

NOTICES = (
    NoticeKind(
        "telesales.visit_requested",
        lambda p: (
            _("Please visit %(organisation)s and sign the visit.")
            % {"organisation": p["organisation"]}
        ),
        rule="TEL-4",
        label=gettext_lazy("A telesales rep asks me to visit a customer"),
    ),
)
