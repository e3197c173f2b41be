"""Rule parameters of after-sales service (SVC-1), editable by admins."""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "service.answer_days",
        "SVC-1",
        0,
        _(
            "Days the first receiver has to answer or route a case before it shows as overdue "
            "(0: the same day)."
        ),
    ),
    Param(
        "service.expected_max_days",
        "SVC-1",
        30,
        _("Most days ahead the answer date told to a customer may be when a case is routed."),
    ),
)
