"""Rule parameters of telesales (TEL-1, TEL-3, TEL-5); an admin can change each."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "telesales.valid_once_a_day",
        "TEL-1",
        True,
        _("Only the first valid call of the day to an organisation counts as valid."),
    ),
    Param(
        "telesales.review_weekday",
        "TEL-3",
        5,
        _("Day of the week from which the supervisor reviews the week (1 Monday … 7 Sunday)."),
    ),
    Param(
        "telesales.plan_calls",
        "TEL-3",
        600,
        _("Calls a week proposed for a new weekly call plan."),
    ),
    Param(
        "telesales.plan_valid_calls",
        "TEL-3",
        250,
        _("Valid calls a week proposed for a new weekly call plan."),
    ),
    Param(
        "telesales.plan_companies",
        "TEL-3",
        300,
        _("Companies called a week proposed for a new weekly call plan."),
    ),
    Param(
        "telesales.plan_a",
        "TEL-3",
        1,
        _("A prospects a week proposed for a new weekly call plan."),
    ),
    Param(
        "telesales.plan_b",
        "TEL-3",
        3,
        _("B prospects a week proposed for a new weekly call plan."),
    ),
    Param("telesales.pay_base", "TEL-5", Decimal("1000"), _("Monthly base pay, yuan.")),
    Param(
        "telesales.pay_per_valid_call",
        "TEL-5",
        Decimal("0.5"),
        _("Pay per valid call, yuan."),
    ),
    Param("telesales.pay_per_a", "TEL-5", Decimal("100"), _("Pay per A prospect, yuan.")),
    Param("telesales.pay_per_b", "TEL-5", Decimal("50"), _("Pay per B prospect, yuan.")),
    Param(
        "telesales.pay_collection_percent",
        "TEL-5",
        Decimal("1"),
        _("Percent of the payments collected (confirmed by finance) on the rep's prospects."),
    ),
)
