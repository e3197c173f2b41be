"""The rules of deals in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "DEAL-1": _("a deal counts once finance confirms the payment"),
    "DEAL-2": _("tiers by the confirmed amount of the last months"),
    "DEAL-3": _("credit is graded from overdue receivables"),
    "DEAL-4": _("credit grades are reviewed on a schedule"),
    "DEAL-5": _("the customer profile keeps its history"),
}
