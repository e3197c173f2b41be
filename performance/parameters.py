"""Rule parameters of performance points (PERF-1) and commission; an admin can change each.

A closed month keeps the values it was closed with (on each statement), so a change here
only affects the open month and months closed later.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "performance.start_points",
        "PERF-1",
        100,
        _("Points every employee starts a month with."),
    ),
    Param(
        "performance.bonus_above",
        "PERF-1",
        120,
        _("Points above which (not at) a month earns the bonus."),
    ),
    Param(
        "performance.bonus_amount",
        "PERF-1",
        Decimal("200"),
        _("Bonus for a month that ends above the bonus threshold, yuan."),
    ),
    Param(
        "performance.penalty_below",
        "PERF-1",
        80,
        _("Points below which (not at) a month costs the penalty."),
    ),
    Param(
        "performance.penalty_amount",
        "PERF-1",
        Decimal("200"),
        _("Penalty for a month that ends below the penalty threshold, yuan."),
    ),
    Param(
        "performance.commission_rate",
        "DEAL-1",
        Decimal("0.03"),
        _(
            "Commission on each finance-confirmed payment, as a fraction (0.03 is 3%); "
            "a refund or cancellation takes it back."
        ),
    ),
)
