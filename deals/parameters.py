"""Rule parameters of deals, tiers and credit (DEAL-2…4); an admin can change each."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "deal.tier_window_months",
        "DEAL-2",
        12,
        _("Tiers count confirmed payments within this many months."),
    ),
    Param(
        "deal.tier_vip_min",
        "DEAL-2",
        Decimal("100000"),
        _("Confirmed amount in the window for VIP or special VIP, yuan."),
    ),
    Param(
        "deal.tier_a_min", "DEAL-2", Decimal("50000"), _("Confirmed amount in the window for A.")
    ),
    Param(
        "deal.tier_b_min", "DEAL-2", Decimal("30000"), _("Confirmed amount in the window for B.")
    ),
    Param(
        "deal.tier_longterm_months",
        "DEAL-2",
        6,
        _("Long-term cooperation: confirmed payments in at least this many months of the window."),
    ),
    Param(
        "deal.payment_due_days",
        "DEAL-3",
        30,
        _("An unpaid deal balance is overdue this many days after the deal."),
    ),
    Param(
        "deal.credit_watch_overdue",
        "DEAL-3",
        Decimal("0.01"),
        _("Overdue receivable from which credit is 'watch', yuan."),
    ),
    Param(
        "deal.credit_poor_overdue",
        "DEAL-3",
        Decimal("20000"),
        _("Overdue receivable from which credit is 'poor', yuan."),
    ),
    Param(
        "deal.credit_watch_refunds",
        "DEAL-3",
        2,
        _("Refunded or cancelled payments in the window from which credit is 'watch'."),
    ),
    Param(
        "deal.credit_poor_refunds",
        "DEAL-3",
        4,
        _("Refunded or cancelled payments in the window from which credit is 'poor'."),
    ),
    Param(
        "deal.review_days_top",
        "DEAL-4",
        90,
        _("Days between credit reviews for VIP, special VIP and A customers."),
    ),
    Param(
        "deal.review_days_other",
        "DEAL-4",
        180,
        _("Days between credit reviews for other customers."),
    ),
)
