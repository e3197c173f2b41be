"""Rule parameters of the follow-up visits (VISIT-1…12), editable by admins.

The schedules themselves (who visits whom how many days after the card) are rows of
`VisitRule`, edited in admin; these are the other numbers of the rules.
"""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "visit.in_person_per_week",
        "VISIT-8",
        1,
        _("In-person appointments a rep books each week (target shown on My day)."),
    ),
    Param(
        "visit.call_round_days",
        "VISIT-8",
        2,
        _("Days between two calls of the phone round to a customer in follow-up."),
    ),
    Param(
        "visit.early_days",
        "VISIT-6",
        7,
        _("Days before its due date that a logged visit still closes a visit task."),
    ),
    Param(
        "visit.catch_up_days",
        "VISIT-1",
        7,
        _(
            "The nightly catch-up makes missing visit tasks for cards and first purchases "
            "of the last this many days."
        ),
    ),
)
