"""The API app's rules in plain words (WORK-4, crm/rules.py)."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "API-3": _("each user has a private calendar feed of their visits and appointments"),
}
