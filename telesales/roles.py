"""What each role may do in telesales (added to the roles of crm/roles.py).

Scope (who sees whose records) is decided in telesales/selectors/scope.py; these only say
which pages and actions a role has at all.
"""

_SEES = (
    "telesales.view_call",
    "telesales.view_prospect",
    "telesales.view_callreport",
    "telesales.view_callplan",
    "telesales.view_pay_statement",
)
# Sets the weekly call plans and reviews them on Friday (TEL-3); grades and converts.
_LEADS = (
    *_SEES,
    "telesales.change_prospect",
    "telesales.grade_prospect",
    "telesales.convert_prospect",
    "telesales.add_callplan",
    "telesales.change_callplan",
)

PERMISSIONS = {
    "telesales": (
        *_SEES,
        "telesales.add_call",
        "telesales.change_prospect",
        "telesales.grade_prospect",
        "telesales.add_callreport",
    ),
    # Field reps visit prospects and sign them (TEL-4).
    "rep": ("telesales.sign_prospect_visit",),
    "supervisor": _LEADS,
    "sales_manager": (*_LEADS, "telesales.view_all_telesales"),
    "general_manager": (*_SEES, "telesales.view_all_telesales"),
    # RULES.md: finance keeps the commission statements.
    "finance": ("telesales.view_pay_statement", "telesales.view_all_telesales"),
    "admin": (
        "telesales.view_all_telesales",
        "telesales.view_call",
        "telesales.view_prospect",
        "telesales.view_callreport",
        "telesales.view_callplan",
    ),
}
