"""The rules of visits in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "VISIT-1": _("a buyer's follow-up visits by the rep"),
    "VISIT-2": _("a non-buyer's follow-up visits by the rep"),
    "VISIT-3": _("a buyer's visits by the service doctor"),
    "VISIT-4": _("a visit planned by the rep or the manager"),
    "VISIT-5": _("visits by phone and in person"),
    "VISIT-6": _("what every visit records"),
    "VISIT-7": _("visits due and overdue are seen every day"),
    "VISIT-8": _("calls in batches and an in-person appointment every week"),
    "VISIT-11": _("visits due on a holiday are brought forward"),
    "VISIT-12": _("when a customer buys, the buyer schedule starts"),
}
