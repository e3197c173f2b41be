"""The notices of the customer pool, worded when read (WORK-4, crm/notices.py)."""

from django.utils.translation import gettext as _

from crm.notices import NoticeKind, day

NOTICES = (
    NoticeKind(
        "pools.expiry_warning",
        lambda p: (
            _(
                "%(name)s returns to the pool after %(date)s unless a deal is confirmed. "
                "Close a deal or write the release note."
            )
            % {"name": p["customer"], "date": day(p["expires"])}
        ),
        rule="POOL-7",
    ),
)
