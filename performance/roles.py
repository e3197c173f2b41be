"""What each role may do with points and commission (added to crm/roles.py's roles)."""

_OWN_POINTS = "performance.view_own_points"
_OWN_COMMISSION = "performance.view_own_commission"
# Supervisors (their team), sales managers (their department) and admins record and void
# point events (PERF-2) and see the points of the people they lead.
_LEADS = (
    "performance.view_team_points",
    "performance.add_pointevent",
    "performance.void_pointevent",
)

PERMISSIONS = {
    "rep": (_OWN_POINTS, _OWN_COMMISSION),
    "telesales": (_OWN_POINTS,),
    "supervisor": (_OWN_POINTS, _OWN_COMMISSION, *_LEADS),
    "sales_manager": (_OWN_POINTS, _OWN_COMMISSION, *_LEADS),
    "service_doctor": (_OWN_POINTS,),
    "service_manager": (_OWN_POINTS,),
    "finance": (
        _OWN_POINTS,
        "performance.view_all_commission",
        "performance.pay_commission",
    ),
    "general_manager": (
        _OWN_POINTS,
        "performance.view_team_points",
        "performance.view_all_commission",
    ),
    "admin": (
        _OWN_POINTS,
        *_LEADS,
        # The catalogue (PERF-2) is edited in Django admin; the rest is read-only there.
        "performance.view_pointitem",
        "performance.add_pointitem",
        "performance.change_pointitem",
        "performance.view_historicalpointitem",
        "performance.view_pointevent",
        "performance.view_pointstatement",
        "performance.view_closedmonth",
        "performance.view_commissionstatement",
        "performance.view_commissionline",
    ),
}
