"""The rules of service in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "SVC-1": _("whoever first receives a customer answers or routes it"),
    "SVC-2": _("feedback is recorded and bad points improved"),
    "SVC-3": _("a complaint follows its form to the end"),
}
