"""The pool's rules in plain words (crm/rules.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# poolB: POOL-11…14, 16, 17.
RULE_WORDS = {
    "POOL-11": lambda p: _("a protected customer does not return to the pool"),
    "POOL-12": gettext_lazy("contact details are hidden until someone claims the customer"),
    "POOL-13": gettext_lazy("returned to the pool by the sales manager"),
    "POOL-14": gettext_lazy("the last day the owner keeps the customer"),
    "POOL-16": lambda p: (
        _(
            "the same rep claimed customers the other released within %(days)s days, more "
            "than %(times)s times"
        )
        % p
    ),
    "POOL-17": gettext_lazy("the sales manager rules after a first deal or a duplicate"),
}
