"""Permissions the roles get on deals and payments (DEAL-1…5): who sells records deals and
payments for their customers, finance confirms them, the sales manager overrides credit."""

# Records deals and payments for their customers (DEAL-1: finance confirms them).
_DEALS = ("deals.view_deal", "deals.add_deal", "deals.add_payment")

PERMISSIONS = {
    "rep": _DEALS,
    "supervisor": _DEALS,
    "sales_manager": (*_DEALS, "deals.override_credit"),
    "finance": ("deals.view_deal", "deals.view_payment", "deals.confirm_payment"),
    "general_manager": ("deals.view_deal",),
    "admin": ("deals.view_deal", "deals.view_payment", "deals.view_customertier"),
}
