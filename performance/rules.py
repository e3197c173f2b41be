"""The rules of performance in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "PERF-1": _("the month's points, bonus and penalty"),
    "PERF-2": _("points and fines from the catalogue"),
}
