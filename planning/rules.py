"""The rules of planning in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "VISIT-9": _("next week's revisit schedule goes to the sales manager by Sunday"),
    "VISIT-10": _("every Monday's weekly report on last week"),
    "REPORT-1": _("daily and weekly reports, reviewed by the supervisor"),
}
