"""The rules of telesales in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "TEL-1": _("what a valid call records"),
    "TEL-2": _("the daily call report"),
    "TEL-3": _("the weekly call plan and Friday's review"),
    "TEL-4": _("A or B only after a field rep's signed visit"),
    "TEL-5": _("how telesales are paid"),
}
