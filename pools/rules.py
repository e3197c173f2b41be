"""The pool's rules in plain words (WORK-4, crm/rules.py): what a page says where a rule
decided something; the rule's ID stays in the "why" detail."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _handoff_words(params: dict) -> str:
    """POOL-16 with the days and times that applied; where a page names the rule without
    them (the flagged pairs' page), what it means in general."""
    if "days" not in params or "times" not in params:
        return gettext("two reps pass customers to each other through the pool too often")
    return (
        gettext(
            "the same rep claimed customers the other released within %(days)s days, more "
            "than %(times)s times"
        )
        % params
    )


RULE_WORDS = {
    "POOL-1": _("no confirmed deal within the first-contact period"),
    "POOL-2": _("the first deal makes its rep the owner"),
    "POOL-3": _("no sale for three months"),
    "POOL-4": _("a referral belongs to the rep it was handed to"),
    "POOL-5": _("a customer claimed from the pool"),
    "POOL-6": _("released to the pool by its owner"),
    "POOL-7": _("owners are warned before a customer returns to the pool"),
    "POOL-8": _("every change of owner is kept"),
    "POOL-9": _("each pool has its own members and admins"),
    "POOL-10": _("each pool sets its own periods, by tier"),
    "HAND-1": _("a leaver hands over every customer and card first"),
    "HAND-2": _("a transfer to another rep"),
    "HAND-3": _("a leaver's customers redistributed"),
    "POOL-11": _("a protected customer does not return to the pool"),
    "POOL-12": _("contact details are hidden until someone claims the customer"),
    "POOL-13": _("returned to the pool by the sales manager"),
    "POOL-14": _("the last day the owner keeps the customer"),
    "POOL-15": _("a change of the rules shows its effect on the nightly run before it is saved"),
    "POOL-16": lambda p: _handoff_words(p),
    "POOL-17": _("the sales manager rules after a first deal or a duplicate"),
}
